"""The order of the stages: read pages, cut them into articles, brief every article, assemble."""
from __future__ import annotations

import gc
import itertools
import logging
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from .assemble import assemble, load_sections, period_label
from .errors import item_failed
from .ingest import read_pages
from .models import Article, Brief, Digest, Page, Skipped, Summary
from .segment import segment
from .summarize import summarize_article

log = logging.getLogger(__name__)

DEFAULT_TITLE = "工会新闻周报"


@dataclass(frozen=True)
class Options:
    """What the user can set for a run (defaults shown in ``--help``)."""

    page_date: date | None = None
    period: tuple[date, date] | None = None  # keep only pages dated within, both days included
    brief_chars: int = 150
    brief_sentences: int = 3
    engine: str = "numpy"
    title: str = DEFAULT_TITLE
    lead: int = 3
    sections: Path | None = None
    note: str | None = None  # the editor's note, Markdown
    issue_date: date | None = None
    max_bytes: int = 64 * 2**20  # larger input files are skipped
    paper: str | None = None  # the paper of pages whose pages.toml does not name one
    include_notices: bool = False  # notices in the digest, not only in the editor's report
    jobs: int = 0  # processes cutting and briefing pages; 0 for one a core


@dataclass
class Collected:
    """What the pages of a run gave: briefs, skipped items, and the date of every page read."""

    briefs: list[Brief] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)  # files and pages
    pages: dict[tuple[Path, int], date | None] = field(default_factory=dict)  # (file, part) → date
    set_aside: list[Skipped] = field(default_factory=list)  # page lines of no article (images, furniture…)
    repeats: dict[tuple[Path, int], int] = field(default_factory=dict)  # (file, part) → lines repeating another
    read: int = 0  # pages read, in the period or not
    dates: set[date] = field(default_factory=set)  # the dates of the pages read, in the period or not


# Pages are cut and briefed in a pool of processes when a run has more than this many: below it,
# starting the pool costs more than it saves.
POOL_AFTER = 4


@dataclass
class _PageResult:
    """What one page gives: its articles' briefs, its set-aside lines and repeats, its failures."""

    briefs: list[Brief] = field(default_factory=list)
    set_aside: list[Skipped] = field(default_factory=list)
    repeats: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    cut: bool = True
    messages: list[logging.LogRecord] = field(default_factory=list)  # logged in a pool's process


def cut_and_brief(page: Page, options: Options) -> _PageResult:
    """Cut a page into articles and brief them: the work of a page, on its own (any process may do it)."""
    out = _PageResult()
    try:
        articles, out.set_aside, repeats = segment(page)
    except Exception as exc:
        out.skipped.append(item_failed(page.source, "could not be cut into articles", exc,
                                       f"page {page.part}" if page.part else None))
        out.cut = False
        return out
    out.repeats = len(repeats)
    if not articles:
        log.warning("%s: no articles found on this page; check that it is a newspaper page", page.source)
        out.skipped.append(Skipped(page.source, "no articles found on the page"))
    for article in articles:
        try:
            out.briefs.append(brief(article, options))
        except Exception as exc:
            out.skipped.append(item_failed(article.source, "could not be briefed", exc, article.headline))
    return out


def _cut_and_brief_apart(page: Page, options: Options) -> _PageResult:
    """:func:`cut_and_brief` in a pool's process: what it logs comes back with the result, to be
    shown by the main process in the pages' order (and where the user's handlers are)."""
    root = logging.getLogger()
    kept = root.handlers
    catch = _Catch()
    root.handlers = [catch]
    try:
        result = cut_and_brief(page, options)
    finally:
        root.handlers = kept
    result.messages = catch.records
    return result


class _Catch(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        # A record crosses to the main process pickled: its text made now, a traceback as text.
        record.msg, record.args = record.getMessage(), None
        if record.exc_info:
            record.exc_text = record.exc_text or logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
        self.records.append(record)


def collect(paths: Iterable[str | Path], options: Options = Options(),
            progress: Callable[[Page], None] | None = None) -> Collected:
    """Read ``paths`` one page at a time: the briefs of every article on a page of the period.

    A page or an article that fails is set aside in ``skipped``, with the reason, and the rest goes
    on. Pages are independent until the digest is assembled: after the first few they are cut and
    briefed by ``options.jobs`` processes, and the result is the same as one process gives.
    """
    out = Collected()
    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
    roots = [Path(p) for p in paths]
    prefixes: dict[Path, str] = {}
    for item, result in _cut(_pages_of_period(paths, options, out, progress), options, out.skipped):
        out.pages[item.source, item.part] = item.date
        out.set_aside += result.set_aside
        out.repeats[item.source, item.part] = result.repeats
        out.briefs += _unique_ids(result.briefs, item.source, roots, prefixes)
    return out


def _cut(items: Iterator[Page | Skipped], options: Options, skipped: list[Skipped]) -> Iterator[tuple[Page, _PageResult]]:
    """Each page that could be cut, with its result, in input order; what was skipped, a page or an
    article, goes into ``skipped``, and what a pool's process logged is shown here."""
    for item, result in _in_order(items, options):
        if isinstance(item, Skipped):
            skipped.append(item)
            continue
        for record in result.messages:
            logging.getLogger(record.name).handle(record)
        skipped += result.skipped
        if result.cut:
            yield item, result


def _pages_of_period(paths, options: Options, out: Collected, progress) -> Iterator[Page | Skipped]:
    """The pages read, in order; a page outside the period becomes a skipped item."""
    for item in read_pages(paths, given_date=options.page_date, paper=options.paper, max_bytes=options.max_bytes):
        if isinstance(item, Page):
            out.read += 1
            if item.date:
                out.dates.add(item.date)
            if progress:
                progress(item)
            if options.period and not _in_period(item.date, options.period):
                reason = (f"dated {item.date}, outside {period_label(*options.period)}" if item.date
                          else "no date, so not placed in the period: give --page-date or a pages.toml entry")
                log.info("%s: %s", item.source, reason)
                item = Skipped(item.source, reason)
        yield item


def _in_order(items: Iterator[Page | Skipped], options: Options) -> Iterator[tuple[Page | Skipped, _PageResult | None]]:
    """Each item with the result of its page, in input order; in a run of more than
    :data:`POOL_AFTER` pages, the pages after the first go to a pool.

    The first page runs here, which also loads the models and dictionaries once: the pool's
    processes are forked afterwards and share them. A bounded number of pages is in flight, so
    memory does not grow with the run.
    """
    jobs = options.jobs or _cores()
    items, many = _read_ahead(items, POOL_AFTER)
    pool = None
    window: deque = deque()
    cut_here = 0
    try:
        for item in items:
            if isinstance(item, Page):
                if pool is None and jobs > 1 and many and cut_here:
                    # Forked once the first page is cut (0.02 s sooner than after the fourth in a
                    # 50-page week), with the heap frozen: the loaded tables are then neither
                    # copied into the pool's processes by the collector touching them, nor
                    # traversed again by it.
                    gc.freeze()
                    pool = _pool(jobs)
                if pool is not None:
                    window.append((item, pool.submit(_cut_and_brief_apart, item, options)))
                else:
                    window.append((item, cut_and_brief(item, options)))
                    cut_here += 1
            else:
                window.append((item, None))
            while window and (len(window) > 4 * jobs or not isinstance(window[0][1], Future)):
                yield _done(window.popleft())
        while window:
            yield _done(window.popleft())
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def _read_ahead(items: Iterator[Page | Skipped], pages: int) -> tuple[Iterator[Page | Skipped], bool]:
    """The items again, and whether they hold more than ``pages`` pages (read up to one more)."""
    items = iter(items)
    ahead = []
    for item in items:
        ahead.append(item)
        if sum(isinstance(i, Page) for i in ahead) > pages:
            return itertools.chain(ahead, items), True
    return iter(ahead), False


def _pool(jobs: int):
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    return ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork" if "fork" in methods else None),
                               initializer=_leave_interrupts_to_the_main_process)


def _leave_interrupts_to_the_main_process() -> None:
    # Ctrl-C reaches every process of the terminal's group: the main one ends the run with its one
    # line and shuts the pool down; a process of the pool would only add tracebacks.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _cores() -> int:
    """The cores this process may run on (a container or `taskset` may allow fewer than the machine has)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _done(entry):
    item, result = entry
    return item, result.result() if isinstance(result, Future) else result


def _unique_ids(briefs: list[Brief], source: Path, roots: list[Path], prefixes: dict[Path, str]) -> list[Brief]:
    """The articles with ids unique in the run, so that every link to a story lands on it.

    An id starts with its file's path in the input folder (``day1/01-03`` for ``day1/01.txt``),
    with more of the path, or a number, when another file had that name.
    """
    if source not in prefixes:
        taken = set(prefixes.values())
        parts = [p for p in source.with_suffix("").parts if p != source.anchor]
        depth = min((len(source.relative_to(r).parts) for r in roots if source.is_relative_to(r) and source != r),
                    default=1)
        names = ("/".join(parts[-n:]) for n in range(depth, len(parts) + 1))
        numbered = (f"{source.stem}~{n}" for n in itertools.count(2))
        prefixes[source] = next(name for name in itertools.chain(names, numbered) if name not in taken)
    # segment() starts every id with the file's stem; only the stem is replaced.
    return [replace(b, article=replace(b.article, id=prefixes[source] + b.article.id.removeprefix(source.stem)))
            for b in briefs]


def build_digest(paths: Iterable[str | Path], options: Options = Options(),
                 progress: Callable[[Page], None] | None = None) -> Digest:
    """One digest of every page read (of the period, when one is given)."""
    return digest_of(collect(paths, options, progress), options)


def digest_of(collected: Collected, options: Options, period: tuple[date, date] | None = None) -> Digest:
    """Assemble what was collected into a digest."""
    return assemble(collected.briefs, collected.skipped, pages=len(collected.pages), title=options.title,
                    sections=load_sections(options.sections), lead_count=options.lead,
                    period=period or options.period, issue_date=options.issue_date, note=options.note,
                    set_aside=collected.set_aside, repeated_lines=sum(collected.repeats.values()),
                    include_notices=options.include_notices)


def by_week(collected: Collected) -> dict[str, Collected]:
    """Split what was collected by ISO week of the page date (`2017-W34`); undated pages apart.

    A skipped item of a page goes with that page's week; one of no page read (an unreadable
    file) goes with every week, so that each digest says what could not be read.
    """
    weeks: dict[str, Collected] = {}
    file_weeks: dict[Path, set[str]] = {}
    for (path, part), d in collected.pages.items():
        week = weeks.setdefault(iso_week(d), Collected())
        week.pages[path, part] = d
        week.repeats[path, part] = collected.repeats.get((path, part), 0)
        file_weeks.setdefault(path, set()).add(iso_week(d))
    for b in collected.briefs:
        weeks[iso_week(b.article.page_date)].briefs.append(b)
    for s in collected.skipped:
        for week in sorted(file_weeks.get(s.source, weeks)):
            weeks[week].skipped.append(s)
    for s in collected.set_aside:
        for week in sorted(file_weeks.get(s.source, ())):
            weeks[week].set_aside.append(s)
    return dict(sorted(weeks.items()))


def week_period(name: str) -> tuple[date, date]:
    """The Monday and Sunday of ISO week ``2017-W34``."""
    year, week = name.split("-W")
    return date.fromisocalendar(int(year), int(week), 1), date.fromisocalendar(int(year), int(week), 7)


def iso_week(d: date | None) -> str:
    """The ISO week of a day, `2017-W34`, or `undated`."""
    if d is None:
        return "undated"
    year, week, _ = d.isocalendar()
    return f"{year}-W{week:02d}"


def _in_period(d: date | None, period: tuple[date, date]) -> bool:
    return d is not None and period[0] <= d <= period[1]


def brief(article: Article, options: Options = Options()) -> Brief:
    """The article with its summary; a contents box is listed, not summarized."""
    if article.kind == "toc":
        return Brief(article, Summary(()))
    summary = summarize_article(article, max_chars=options.brief_chars, sentences=options.brief_sentences,
                                engine=options.engine)
    return Brief(article, summary)


# --- the archive: pages added day by day, a week built from it ---------------------------------

@dataclass
class Added:
    """What ``add`` did with each page read: stored as new, replaced (its text changed), or already there."""

    new: int = 0
    changed: int = 0
    same: int = 0
    stories: int = 0  # stories of the new and changed pages
    undated: int = 0  # pages stored without a date: in no week until added again with one
    skipped: list[Skipped] = field(default_factory=list)
    weeks: set[str] = field(default_factory=set)  # ISO weeks of the new and changed pages, to build


def add_pages(paths: Iterable[str | Path], archive, options: Options = Options(), *, today: date,
              progress: Callable[[Page], None] | None = None) -> Added:
    """Read, cut and brief the pages into ``archive``; a page stored already is not cut again."""
    out = Added()
    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
    roots = [Path(p) for p in paths]
    prefixes: dict[Path, str] = {}

    def new_pages():
        for item in read_pages(paths, given_date=options.page_date, paper=options.paper, max_bytes=options.max_bytes):
            if isinstance(item, Page):
                if progress:
                    progress(item)
                if archive.page_state(item) == "same":
                    out.same += 1
                    continue
            yield item

    for item, result in _cut(new_pages(), options, out.skipped):
        briefs = _unique_ids(result.briefs, item.source, roots, prefixes)
        state = archive.store_page(item, briefs, today)
        setattr(out, state, getattr(out, state) + 1)
        out.stories += len(briefs)
        out.undated += item.date is None
        if item.date:
            out.weeks.add(iso_week(item.date))
    return out


@dataclass(frozen=True)
class Built:
    """A week's digest from the archive, and the stories it holds (recorded when it is sent)."""

    digest: Digest
    shown: tuple = ()  # archive.Stored of the stories in the digest
    sent_before: tuple = ()  # editing.Sent: stories left out or marked as sent in an earlier digest


def build_week(archive, week: str, options: Options = Options(), *, sent: str = "leave-out") -> Built:
    """The digest of ISO week ``week`` from the archive: the editor's decisions applied, stories
    sent in an earlier digest left out (``sent="leave-out"``) or listed as 已发 (``"mark"``)."""
    from .assemble import story_anchors
    from .editing import already_sent, apply_decisions, place, unique_ids

    start, end = week_period(week)
    stored = unique_ids(archive.stories(start, end))
    decisions = archive.decisions(s.uid for s in stored)
    kept = apply_decisions(stored, decisions)
    anchors = set().union(*(story_anchors(s.brief.article.body) for s in kept))
    earlier = already_sent(kept, archive.sent_matching((s.uid for s in kept), anchors, week))
    fresh = [s for s in kept if s.uid not in earlier]
    digest = assemble([s.brief for s in fresh], [], pages=archive.page_count(start, end), title=options.title,
                      sections=load_sections(options.sections), lead_count=options.lead, period=(start, end),
                      issue_date=options.issue_date, note=options.note)
    marked = [earlier[s.uid] for s in kept if s.uid in earlier] if sent == "mark" else []
    digest = place(digest, decisions, {s.brief.article.id: s.uid for s in fresh}, marked)
    return Built(digest, tuple(fresh), tuple(earlier[s.uid] for s in kept if s.uid in earlier))
