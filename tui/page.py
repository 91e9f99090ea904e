"""The browser page of `fazhi serve`: textual-serve's template (`app_index.html`), changed by `workbench_page`, the
name form, and the Content-Security-Policy they are served with. Nothing from the data is ever put in them: the
server fills the template with the websocket address only (the reviewer's name in it percent-encoded).

What `workbench_page` changes, and why (each measured by benchmarks/bench_serve.py):
- HEAD: a title ("fazhi": the tab was named by its address); no fades (the terminal shows its first bytes at once,
  and the browser does not recompose the whole page for 0.3 s while the app draws); no picture behind the start and
  end notices (the load event never waits for it);
  and where the browser draws WebGL in software (no GPU: SwiftShader, llvmpipe, WARP), xterm.js is refused WebGL2
  and draws with its DOM renderer: its WebGL and canvas renderers first draw every glyph into an atlas, which in
  software took ~1 s of the first screen in headless Chromium, the DOM renderer's measuring ~0.25 s.
- EARLY_SOCKET: the app's websocket opens while textual.js (514 KB, ~0.15–0.25 s to run) loads, instead of after
  the page's load event: the app starts and draws meanwhile, and its first frames wait in the socket for the
  terminal. textual.js is deferred so the page's body, and this script at its end, come first. The terminal's
  size is worked out as xterm.js will work it out (its font metrics, its cell rounding, FitAddon's floor); a wrong
  guess costs one redraw, never a wrong screen, since textual.js sends the size it measures once the socket is
  its. When textual.js asks for its socket it is handed this one, with what the socket received so far.
  `?delay` and `?ping` (textual-serve's start button, its ping address) keep textual.js's own timing.
- WIDTHS: xterm.js's DOM renderer measures each character the first time it draws it (its WidthCache: the character
  32 times in a span, then its offsetWidth), in the middle of drawing the rows, so each measure lays out the page
  with the rows drawn so far again: ~540 measures and ~0.2 s of the workbench's first screen. Before xterm.js parses
  what the app sent, the characters it has not measured are measured in one layout (a span per style holding each
  of them once after a W, ligatures and CJK punctuation trimming off; each one's width read from a Range) and put
  in its cache where its own measure would have put them: a character as wide as W gets xterm.js's own width of W
  (its rounding), any other its exact width (xterm.js's is within 1/32 px of it). Only characters whose width does
  not depend on their neighbours are measured so (CJK, Latin, punctuation, symbols…; not marks, joiners, emoji or
  scripts shaped in context: those xterm.js measures alone, as before). The first screen is drawn ~0.1–0.2 s
  sooner. The cache is reached through xterm.js's private fields (`_core`, `_renderService`, `_widthCache`: the
  version textual-serve bundles, pinned in pyproject.toml); where any is missing (another renderer, another
  version), or the measuring fails, nothing is done, and xterm.js measures as before.
"""
from __future__ import annotations

from fazhi.tui.i18n import Strings

#: Same-origin everything. 'unsafe-inline' because textual-serve's template has an inline script and
#: onclick handlers and its bundle injects <style> elements; nothing from the data is ever put in the page.
CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; "
       "base-uri 'none'; form-action 'self'")

TEXTUAL_JS = '<script src="/static/js/textual.js"></script>'  # as textual-serve's template has it

HEAD = """<title>fazhi</title>
<style>
body .textual-terminal, body .intro-dialog, body .intro-dialog .shade { transition: none !important; }
.shade { background-image: none !important; }
/* each character in its cells, as measured (WIDTHS): Chrome's default trims the spacing of adjacent full-width
   punctuation ("》《" drew a cell short, and the row's rest moved left: walk18 F7) */
.xterm-rows { text-spacing-trim: space-all; text-autospace: no-autospace; font-variant-ligatures: none; }
</style>
<script>
(() => {
  const gl = document.createElement("canvas").getContext("webgl2");
  const info = gl && gl.getExtension("WEBGL_debug_renderer_info");
  const renderer = info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : "";
  if (gl) gl.getExtension("WEBGL_lose_context")?.loseContext();
  window.__fazhiDomRenderer = !gl;
  if (/SwiftShader|llvmpipe|softpipe|Software|Basic Render/i.test(renderer)) {
    window.__fazhiDomRenderer = true;
    const getContext = HTMLCanvasElement.prototype.getContext;
    HTMLCanvasElement.prototype.getContext = function (kind, ...rest) {
      return kind === "webgl2" ? null : getContext.call(this, kind, ...rest);
    };
  }
})();
</script>
"""

EARLY_SOCKET = """<script>
(() => {
  const element = document.getElementById("terminal"), query = new URLSearchParams(location.search);
  if (!element || query.has("delay") || query.has("ping") || typeof OffscreenCanvas === "undefined") return;
  // The cell as xterm.js measures it (textual.js's font; the canvas's font metrics) and rounds it for its renderer.
  const context = new OffscreenCanvas(100, 100).getContext("2d");
  context.font = `${element.dataset.fontSize}px 'Roboto Mono', Monaco, 'Courier New', monospace`;
  const glyph = context.measureText("W"), ratio = window.devicePixelRatio || 1;
  if (!(glyph.width > 0) || !(glyph.fontBoundingBoxAscent >= 0)) return;
  const height = Math.ceil((glyph.fontBoundingBoxAscent + glyph.fontBoundingBoxDescent) * ratio) / ratio;
  const width = window.__fazhiDomRenderer ? glyph.width : Math.floor(glyph.width * ratio) / ratio;
  // FitAddon: the terminal's box (textual.js makes it 100vw x 100vh) in whole cells.
  const cols = Math.max(2, Math.floor(Math.floor(window.innerWidth) / width));
  const rows = Math.max(1, Math.floor(Math.floor(window.innerHeight) / height));
  const address = element.dataset.sessionWebsocketUrl, Native = window.WebSocket;
  const socket = new Native(`${address}?width=${cols}&height=${rows}`);
  window.__fazhiEarlySize = [cols, rows];  // for the benchmark: was the guess xterm.js's size?
  socket.binaryType = "arraybuffer";
  const held = [], hold = event => held.push(event), kinds = ["open", "message", "close", "error"];
  kinds.forEach(kind => socket.addEventListener(kind, hold));
  const copy = event => event.type === "message" ? new MessageEvent("message", {data: event.data})
    : event.type === "close" ? new CloseEvent("close", event) : new Event(event.type);
  window.WebSocket = function (url, protocols) {
    if (!String(url).startsWith(address + "?")) return new Native(url, protocols);
    window.WebSocket = Native;  // handed over once
    setTimeout(() => {  // textual.js has added its listeners: give them what came before them, in order
      kinds.forEach(kind => socket.removeEventListener(kind, hold));
      held.forEach(event => socket.dispatchEvent(copy(event)));
    });
    return socket;
  };
  window.WebSocket.prototype = Native.prototype;
})();
</script>
"""

WIDTHS = r"""<script>
(() => {
  // textual.js keeps its xterm.js Terminal in a property named `terminal`: catch it as it is set (chaining to a
  // catcher already there, and putting that back once caught), then measure ahead of each write.
  const before = Object.getOwnPropertyDescriptor(Object.prototype, "terminal");
  Object.defineProperty(Object.prototype, "terminal", {configurable: true, set(value) {
    if (before && before.set) before.set.call(this, value);
    else Object.defineProperty(this, "terminal", {value, writable: true, configurable: true, enumerable: true});
    if (!value || typeof value.write !== "function" || !value._core) return;
    if (before) Object.defineProperty(Object.prototype, "terminal", before); else delete Object.prototype.terminal;
    const write = value.write.bind(value), decoder = new TextDecoder();
    value.write = (data, callback) => {
      const text = typeof data === "string" ? data : decoder.decode(data, {stream: true});
      try {
        const renderer = value._core._renderService && value._core._renderService._renderer;
        const cache = renderer && renderer.value && renderer.value._widthCache;
        if (cache && cache._flat && cache._holey && cache._container && cache._measureElements.length > 1)
          measure(cache, text);
      } catch (error) {}  // xterm.js then measures as it always did
      return write(data, callback);
    };
  }});
  const UNMEASURED = -9999;  // what xterm.js's WidthCache holds for a character it has not measured
  // Characters whose width does not depend on their neighbours: Latin, Greek, Cyrillic, punctuation, symbols, box
  // drawing, CJK, kana, Hangul syllables, full-width forms. Not marks, joiners and other format characters, emoji,
  // regional indicators, or scripts shaped in context: xterm.js measures those alone, as before.
  const ALONE = /^(?![\p{M}\p{Cf}])[\u0020-\u007e\u00a0-\u02ff\u0370-\u052f\u1e00-\u1fff\u2010-\u2027\u2030-\u205e\u2070-\u2bff\u2e80-\u9fff\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff01-\uffef\u{20000}-\u{3ffff}]$/u;
  let tried = new Set(), triedFor = null;  // characters measured in vain (no width), per cache
  function measure(cache, text) {
    if (triedFor !== cache._holey) [tried, triedFor] = [new Set(), cache._holey];  // clear() makes a new Map
    const fresh = new Set();
    for (const ch of text) {
      if (fresh.has(ch) || tried.has(ch) || !ALONE.test(ch)) continue;
      const code = ch.codePointAt(0);
      if ((code < 256 ? cache._flat[code] === UNMEASURED : !cache._holey.has(ch)) || !cache._holey.has(ch + "B"))
        fresh.add(ch);
    }
    if (!fresh.size) return;
    // One span per style as WidthCache keys them (normal; bold, "B"), "W" first, both laid out at once.
    const chars = ["W", ...fresh], range = document.createRange();
    const spans = [0, 1].map(style => {
      const span = cache._measureElements[style].cloneNode(false);
      Object.assign(span.style,
                    {fontVariantLigatures: "none", textSpacingTrim: "space-all", textAutospace: "no-autospace"});
      span.textContent = chars.join("");
      cache._container.appendChild(span);
      return span;
    });
    spans.forEach((span, style) => {
      const suffix = style ? "B" : "";
      let at = 0, widthOfW = 0;
      for (const ch of chars) {
        range.setStart(span.firstChild, at);
        range.setEnd(span.firstChild, at + ch.length);
        at += ch.length;
        let width = range.getBoundingClientRect().width;
        if (!widthOfW) { widthOfW = width; continue; }
        if (!(width > 0)) { tried.add(ch); continue; }
        // As wide as W: the cell's own width, as xterm.js measured it for W (its rounding, not the layout's).
        if (width === widthOfW) width = cache.get("W", style === 1, false);
        const code = ch.codePointAt(0);
        if (!suffix && code < 256) cache._flat[code] = width; else cache._holey.set(ch + suffix, width);
      }
    });
    spans.forEach(span => span.remove());
  }
})();
</script>
"""

#: A paste goes in as text: the escape sequences (CSI, and OSC where it ends) and control characters a terminal's copied
#: output holds are left out (as Alacritty, VTE and kitty leave them out), the rest in its order: a lone ESC goes alone
#: (read55 #12: an OSC that never ended took the rest of the paste with it, a lone ESC the letter after it). xterm.js
#: sends a paste as it is, and an ESC inside it ends Textual's bracketed paste early: what followed it arrived as key
#: presses, before the text ahead of it (serve54 #5: pasted words reordered, "^[31m" typed in; on the workbench, keys
#: that act). The cleaned text is pasted again by the same event, which xterm.js takes as it takes the browser's.
CLEAN_PASTE = r"""<script>
(() => {
  const CONTROL = /\x1b(?:\[[0-?]*[ -\/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\))?|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/g;
  document.addEventListener("paste", event => {
    const text = event.clipboardData ? event.clipboardData.getData("text/plain") : "";
    if (!text || text.search(CONTROL) < 0) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    const cleaned = new DataTransfer();
    cleaned.setData("text/plain", text.replace(CONTROL, ""));
    event.target.dispatchEvent(new ClipboardEvent("paste", {clipboardData: cleaned, bubbles: true, cancelable: true}));
  }, true);
})();
</script>
"""

#: Asked of a visitor to a network server who has not named themselves. Static: nothing is interpolated.
NAME_FORM = """<!DOCTYPE html>
<html lang="zh"><head><meta charset="utf-8"><title>fazhi</title></head>
<body style="background:#0c181f;color:#eee;font:18px sans-serif;display:flex;justify-content:center;padding-top:20vh">
<form method="get" action="/"><label>评审员 / Reviewer<br>
<input name="reviewer" required maxlength="64" autofocus style="font-size:18px;margin:8px 0"></label><br>
<button type="submit" style="font-size:18px">开始 / Start</button></form></body></html>
"""


#: The template's own words (its start and end notices) → the interface string that replaces each.
TEMPLATE_WORDS = {"<html>": "page_html", ">Start</button>": "page_start", ">Session ended.</div>": "page_ended",
                  ">Restart</button>": "page_restart"}


#: Keys go to the workbench from the start: xterm.js takes them in a hidden textarea that has no focus until the
#: page is clicked, so the first keys a reviewer typed did nothing. It is focused once it exists (not after a click
#: elsewhere: the reviewer's own focus is theirs).
FOCUS = """<script>
new MutationObserver((_, observer) => {
  const keys = document.querySelector(".xterm-helper-textarea");
  if (keys) { observer.disconnect(); if (document.activeElement === document.body) keys.focus(); }
}).observe(document.body, {childList: true, subtree: true});
</script>
"""


def workbench_page(template_page: str, t: Strings | None = None) -> str:
    """textual-serve's rendered page with HEAD, WIDTHS and CLEAN_PASTE, a deferred textual.js, EARLY_SOCKET and FOCUS
    (see the docstring, CLEAN_PASTE and FOCUS); its notices in the interface language of `t`."""
    page = template_page.replace(TEXTUAL_JS, TEXTUAL_JS.replace("<script ", "<script defer ", 1), 1)
    for words, key in TEMPLATE_WORDS.items() if t else ():
        page = page.replace(words, t(key), 1)
    return page.replace("</head>", HEAD + WIDTHS + CLEAN_PASTE + "</head>", 1).replace(
        "</body>", EARLY_SOCKET + FOCUS + "</body>", 1)
