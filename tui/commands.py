"""The command palette, the second keyboard: go to a section, go to an area, score an area ("行政执法 = 3"), see
progress, list all annotations — and Textual's own system commands, in the interface's language.

`ReviewCommands` searches the review (pair headings are short, so Textual's fuzzy matcher stays fast on CJK);
`LocalizedPalette` is Textual's palette with its placeholder and "no matches" in the reviewer's language.
"""
from __future__ import annotations

from functools import partial

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher
from textual.markup import escape
from textual.widgets.option_list import Option


class ReviewCommands(Provider):
    """Palette entries over the open review: the screen the palette was opened from provides
    `palette_entries(discover)` as (title, help, callback)."""

    def _entries(self, discover: bool):
        entries = getattr(self.screen, "palette_entries", None)
        return entries(discover) if entries else []

    # Titles (a report's headings) and help (a rubric's descriptions) are data: given as Content, never as markup
    # (Textual reads a str as markup: a heading's "[b]" was applied, its "[/x]" dropped every later entry: fuzz5 F11).
    async def discover(self) -> Hits:
        for title, help_text, callback in self._entries(discover=True):
            yield DiscoveryHit(Content(title), callback, text=title, help=_as_text(help_text))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._entries(discover=False):
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, _highlighted(matcher, title), callback, text=title, help=_as_text(help_text))


def _highlighted(matcher: Matcher, title: str) -> Content:
    """`matcher.highlight(title)` with the title as text (Textual's reads it as markup)."""
    content = Content(title)
    for offset in matcher.fuzzy_search.match(matcher.query, title)[1]:
        if not title[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


def _as_text(help_text: str | None) -> str | None:
    """Help as the palette shows it (it reads a str as markup): escaped, so that it is shown as written."""
    return escape(help_text) if help_text else help_text


class LocalizedPalette(CommandPalette):
    """Textual's command palette with its own words in the interface's language."""

    def __init__(self, no_matches: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self._no_matches_text = no_matches

    def _action_command_list(self, action: str) -> None:
        # a page of a list with no room for a line (a terminal four rows high) is none: Textual 8.2.8 looked up the
        # list's first line, never laid out, and the app ended with a KeyError (monkey53)
        if action.startswith("page_") and not self.query_one(CommandList).scrollable_content_region.height:
            return
        super()._action_command_list(action)

    # Textual builds the "No matches found" option inline in this (pinned: textual==8.2.8) method; the same steps
    # with our words.
    def _start_no_matches_countdown(self, search_value: str) -> None:
        self._stop_no_matches_countdown()

        def show() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(Align.center(Text(self._no_matches_text, style="not bold")), disabled=True,
                           id=self._NO_MATCHES))
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show)


def call(fn, *args):
    """A palette callback with its arguments bound."""
    return partial(fn, *args)
