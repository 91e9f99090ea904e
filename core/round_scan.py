"""Reading a round's folder: whether a path names a round (`round_folder`), which files are reports, the cache
that makes reopening instant, the worker pool.

Contract: `read_folder` gives each file's metadata and `alignment_counts` each pair's section counts, exactly
what reading/outlining/aligning would give, from `core.cache` when the inputs are unchanged:
- files: one cache entry per folder and code version (a digest of READING_MODULES and this module) maps each path
  to its size, mtime and content key (the sha256 of its bytes with its suffix: the same bytes read as .txt and as .html
  differ), and each content key to its metadata. Unchanged size and mtime → no file is opened; otherwise the bytes
  are hashed, so a moved, copied or touched file is not read again. One entry rather than one per report: creating
  a file costs about as much as outlining a report.
- outlines: each report's outline is kept in `core.cache` when it is read (`outline.parse`'s `keep`), whatever its
  length, so aligning its pairs reads it back instead of outlining it again.
- pairs: one entry per pair, keyed by the two texts' sha256s, the digest of READING_MODULES and ALIGNING_MODULES
  and the rubric file.
  Pairs left to compute go to the workers as chains (a government's 2023→2024, 2024→2025, …: one task), so each
  report is read, outlined and made into features once rather than once per pair it is in; largest chains first.
Cold work runs in a pool of worker processes (`forkserver`: safe when the caller has threads); below
POOL_MIN_TASKS it stays in the calling process, where starting workers would cost more than it saves.
"""
from __future__ import annotations

import gc
import json
import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from fazhi.core import cache
from fazhi.core.digest import sha256
from fazhi.core.errors import NOT_A_FILE, FazhiError, failed_on
from fazhi.core.files import visible_files
from fazhi.core.patterns import lazy
from fazhi.core.versions import ALIGNING_MODULES, READING_MODULES, code_version

if TYPE_CHECKING:
    from fazhi.core.outline import Outline

#: The round file's name (core.round_file reads and writes it): a folder holding one is a round.
FILE_NAME = "round.toml"
#: Below this many files (or pairs) to compute, starting worker processes costs more than it saves.
POOL_MIN_TASKS = 8


def find_reports(folder: Path, unreadable: list[OSError] | None = None) -> list[Path]:
    """The report files under `folder`, in order; the folders that could not be listed are added to `unreadable`."""
    return list(_reports(folder, unreadable.append if unreadable is not None else None))


def has_report(folder: Path) -> bool:
    """Whether `folder` holds any report: stops at the first (a folder of 100,000 sessions is not listed twice)."""
    return next(_reports(folder), None) is not None


def round_folder(path: str | Path) -> Path | None:
    """The round a path names, if it names one: a folder holding a round file or any report, or a round file
    (its folder). A folder of session files alone is not a round."""
    p = Path(path)
    if p.is_file() and p.name == FILE_NAME:
        return p.parent
    if p.is_dir() and ((p / FILE_NAME).exists() or has_report(p)):
        return p
    return None


def _reports(folder: Path, on_error=None):
    from fazhi.core.formats import REPORT_SUFFIXES

    yield from visible_files(folder, REPORT_SUFFIXES, on_error)


def _outline_meta(path: str) -> dict:
    """What the round needs from one report: read and outlined (the expensive step the cache saves)."""
    from fazhi.core.outline import parse
    from fazhi.core.report import read

    try:
        outline = parse(read(path), keep=True)  # (kept for the alignment of its pairs: `_align_counts`)
    except FazhiError as e:
        return {"error": e.message}
    except Exception as e:  # a bug meeting an odd file must not sink a round of hundreds: name it, go on
        return {"error": failed_on(e)}
    sections = outline.walk()
    digest = sha256("\x1f".join(f"{s.level}\x1e{s.heading}\x1e{s.text}" for s in sections).encode()).hexdigest()
    return {"sha256": outline.sha256, "title": outline.title, "government": outline.government,
            "year": outline.year, "sections": digest[:32] if sections else None, "not_report": not_a_report(outline)}


#: A year's report on 法治政府建设 runs to thousands of characters: a file with less text than this is a page of links,
#: a fragment or a cover (gen22 F3: a column's list page read as 东坑镇 2018, the title of a link on it).
REPORT_MIN_CHARS = 300
#: A run of the text's characters (counted as far as REPORT_MIN_CHARS).
_WORD = lazy(r"\S+")
#: The title of another kind of official document (GB/T 9704's kinds): a notice, an announcement, a decision …
_OTHER_DOCUMENT = lazy(r"^.{0,30}关于.{2,80}的(?:通知|通告|公告|决定|意见|批复|复函|函|请示|决议|命令|纪要)$")


def not_a_report(outline: Outline) -> str | None:
    """Why a file of a round's folder is no annual report, or None: too little text, or no report's title read and
    the text opening with another kind of document's title (a notice to take the yearly law exam, in the town's
    folder; a report under a list of links to notices is none of these: reread22 F7)."""
    chars = 0
    for word in _WORD.finditer(outline.text):  # (counted in C, and only as far as the bound: 40 ms a 2.5 MB report)
        chars += word.end() - word.start()
        if chars >= REPORT_MIN_CHARS:
            break
    else:
        return f"{chars} characters of text"
    first = next((line.strip() for line in outline.text[:4000].splitlines() if line.strip()), "")
    if outline.title is None and _OTHER_DOCUMENT.search(first):
        return f"titled {first}"
    return None


def _describe(paths: list[str]) -> list[dict]:
    """`_outline_meta` of each path: one task of the worker pool (plain data crosses back)."""
    return [_outline_meta(path) for path in paths]


_CACHE_ENV = ("FAZHI_CACHE_DIR", "XDG_CACHE_HOME", "HOME")


def _with_env(env: dict[str, str | None], fn, *args):
    for key, value in env.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
    return fn(*args)


def run_tasks(fn, tasks: list, workers: int, on_done: Callable[[int, object], None]) -> None:
    """fn(*task) for every task, in a pool of `workers` processes (here when 1); on_done(index, result) here."""
    if workers <= 1 or len(tasks) <= 1:
        for i, task in enumerate(tasks):
            on_done(i, fn(*task))
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    # forkserver: safe when the caller has threads (the workbench scans from a worker thread).
    # The fork server keeps the environment it started with: each task carries the one the caches depend on.
    env = {k: os.environ.get(k) for k in _CACHE_ENV}
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["fazhi.core.round_scan", "fazhi.core.align"])  # imported once, before forking
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
    try:
        futures = {pool.submit(_with_env, env, fn, *task): i for i, task in enumerate(tasks)}
        for future in as_completed(futures):
            on_done(futures[future], future.result())
    finally:  # on Ctrl-C or an error, drop what has not started instead of waiting for all of it
        pool.shutdown(wait=True, cancel_futures=True)


def read_folder(root: Path, files: list[Path], workers: int,
                progress: Callable[[int, int], None] | None = None) -> list[dict]:
    """Each file's metadata ({"sha256", "title", "government", "year", "sections"} or {"error"}), from the folder's
    cache entry where size and mtime (or else the bytes) are unchanged, otherwise read and outlined in worker
    processes. progress(files read, of which from the cache)."""
    read = cached = 0
    tick = progress or (lambda read, cached: None)
    version = code_version(*READING_MODULES, "round_scan")  # and what `_outline_meta` keeps of each
    # (a file name that is not UTF-8 holds lone surrogates, as Python reads names: kept as such, fuzz4 F3)
    key = sha256(f"{root.resolve()}\0{version}".encode("utf-8", "surrogateescape")).hexdigest()[:40]
    raw = cache.load("round-folder", key)
    known = json.loads(raw.decode("utf-8", "surrogatepass")) if raw else {"files": {}, "meta": {}}
    stats: dict[str, list] = {}
    metas: dict[str, dict] = {}  # content key → metadata
    content_keys: list[str | None] = [None] * len(files)
    errors: dict[int, dict] = {}
    todo: list[int] = []
    for i, path in enumerate(files):
        rel = path.relative_to(root).as_posix()
        try:
            st = path.stat()
            if not stat.S_ISREG(st.st_mode):  # a FIFO named .txt: reading it would never end
                errors[i] = {"error": NOT_A_FILE}
                continue
            entry = known["files"].get(rel)
            if entry and entry[:2] == [st.st_size, st.st_mtime_ns] and entry[2] in known["meta"]:
                content_keys[i] = entry[2]
            else:  # new, changed, moved or copied: the bytes decide, read as the suffix says (.txt or .html, .ofd)
                content_keys[i] = sha256(path.read_bytes()).hexdigest() + path.suffix.lower()
        except OSError as e:
            errors[i] = {"error": f"cannot read: {e.strerror or e}"}
            continue
        stats[rel] = [st.st_size, st.st_mtime_ns, content_keys[i]]
        if content_keys[i] in known["meta"]:
            metas[content_keys[i]] = known["meta"][content_keys[i]]
            read, cached = read + 1, cached + 1
        elif content_keys[i] not in metas:
            metas[content_keys[i]] = {}  # claimed: identical files are outlined once
            todo.append(i)
        else:
            read += 1
    tick(read, cached)

    # Files go to the workers in chunks: one report takes a millisecond or two, less than a task's overhead.
    size = max(1, len(todo) // (workers * 8))
    chunks = [todo[k:k + size] for k in range(0, len(todo), size)]

    def done(c: int, results: list[dict]) -> None:
        nonlocal read
        for i, meta in zip(chunks[c], results):
            metas[content_keys[i]] = meta
            read += 1
        tick(read, cached)

    run_tasks(_describe, [([str(files[i]) for i in chunk],) for chunk in chunks],
              workers if len(todo) >= POOL_MIN_TASKS else 1, done)
    if stats != known["files"] or metas.keys() != known["meta"].keys():
        cache.store("round-folder", key, json.dumps({"files": stats, "meta": metas},
                                                    ensure_ascii=False).encode("utf-8", "surrogatepass"))

    return [errors.get(i) or metas[content_keys[i]] for i in range(len(files))]


def _align_counts(paths: list[str], rubric_path: str | None) -> list[dict[str, int]]:
    """The section counts of each consecutive pair of `paths` (a government's reports, year after year): one task
    of the worker pool. Each report is read, outlined and made into features once, though it is in two pairs."""
    from fazhi.core.align import MAX_UNITS, Aligner
    from fazhi.core.outline import parse
    from fazhi.core.report import read
    from fazhi.core.rubric import load_rubric
    from fazhi.core.similarity import report_features

    rubric = load_rubric(rubric_path)
    # Without the cyclic garbage collector: the task makes no reference cycle, and its features, outlines and
    # similarities are some million long-lived objects that each collection walked again (4–5% of the task's time).
    # Whatever is garbage is freed as ever, when the last reference to it goes.
    collecting = gc.isenabled()
    gc.disable()
    try:
        # (the outlines the scan kept: `_outline_meta`)
        features = [report_features(parse(read(path), keep=True), rubric, MAX_UNITS) for path in paths]
        return [Aligner(fa.outline, fb.outline, rubric, features=(fa, fb)).solve(with_evidence=False).counts()
                for fa, fb in zip(features, features[1:])]
    finally:
        if collecting:
            gc.enable()


def _chains(pairs: list[tuple[str, str]]) -> list[list[int]]:
    """The pairs (path A, path B) as chains of indexes where each pair's A is the previous pair's B, in order."""
    chains: list[list[int]] = []
    open_at: dict[str, list[int]] = {}  # path B of a chain's last pair → that chain
    for i, (path_a, path_b) in enumerate(pairs):
        chain = open_at.pop(path_a, None)
        if chain is None:
            chain = []
            chains.append(chain)
        chain.append(i)
        open_at[path_b] = chain
    return chains


def alignment_counts(pairs: list[tuple[str, str, str, str]], workers: int, rubric_path: str | None = None,
                     progress: Callable[[int, int], None] | None = None,
                     cached_only: bool = False) -> list[dict[str, int] | None]:
    """{"matched", "moved", "added", "removed"} for each (sha256 A, path A, sha256 B, path B); progress(done, total).
    `cached_only`: those in the cache, None for the others (nothing is computed)."""
    from fazhi.core.rubric import load_rubric

    rubric_digest = sha256(Path(load_rubric(rubric_path).path).read_bytes()).hexdigest()[:8]
    version = code_version(*READING_MODULES, *ALIGNING_MODULES) + rubric_digest
    keys = [f"{sha_a}-{sha_b}-{version}" for sha_a, _, sha_b, _ in pairs]
    results: list[dict | None] = [json.loads(raw) if (raw := cache.load("round-align", k)) else None for k in keys]
    if cached_only:
        return results
    todo = [i for i, r in enumerate(results) if r is None]
    tick = progress or (lambda done, total: None)
    finished = len(pairs) - len(todo)
    tick(finished, len(pairs))

    def done(k: int, counts: dict[str, int]) -> None:
        nonlocal finished
        results[todo[k]] = counts
        cache.store("round-align", keys[todo[k]], json.dumps(counts).encode())
        finished += 1
        tick(finished, len(pairs))

    # A government's pairs form a chain (2023→2024, 2024→2025): one task each, so its reports are read once;
    # the largest chains first, so that no worker is left with a long one at the end.
    chains = _chains([(pairs[i][1], pairs[i][3]) for i in todo])
    chains.sort(key=lambda chain: -sum(_size(pairs[todo[k]][p]) for k in chain for p in (1, 3)))

    def chain_done(c: int, counts: list[dict[str, int]]) -> None:
        for k, each in zip(chains[c], counts):
            done(k, each)

    tasks = [([pairs[todo[chain[0]]][1]] + [pairs[todo[k]][3] for k in chain], rubric_path) for chain in chains]
    run_tasks(_align_counts, tasks, workers if len(todo) >= POOL_MIN_TASKS else 1, chain_done)
    return results


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0
