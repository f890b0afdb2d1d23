"""The order of the stages: read pages, cut them into articles, brief every article, assemble."""
from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Iterable
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


@dataclass
class Collected:
    """What the pages of a run gave: briefs, skipped items, and the date of every page read."""

    briefs: list[Brief] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)  # files and pages
    pages: dict[tuple[Path, int], date | None] = field(default_factory=dict)  # (file, part) → date
    set_aside: list[Skipped] = field(default_factory=list)  # page lines of no article (images, furniture…)
    repeats: dict[tuple[Path, int], int] = field(default_factory=dict)  # (file, part) → lines repeating another
    read: int = 0  # pages read, in the period or not


def collect(paths: Iterable[str | Path], options: Options = Options(),
            progress: Callable[[Page], None] | None = None) -> Collected:
    """Read ``paths`` one page at a time: the briefs of every article on a page of the period.

    A page or an article that fails is set aside in ``skipped``, with the reason, and the rest goes on.
    """
    out = Collected()
    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
    roots = [Path(p) for p in paths]
    prefixes: dict[Path, str] = {}
    for item in read_pages(paths, given_date=options.page_date, max_bytes=options.max_bytes):
        if isinstance(item, Skipped):
            out.skipped.append(item)
            continue
        out.read += 1
        if progress:
            progress(item)
        if options.period and not _in_period(item.date, options.period):
            reason = (f"dated {item.date}, outside {period_label(*options.period)}" if item.date
                      else "no date, so not placed in the period: give --page-date or a pages.toml entry")
            log.info("%s: %s", item.source, reason)
            out.skipped.append(Skipped(item.source, reason))
            continue
        try:
            articles, set_aside, repeats = segment(item)
        except Exception as exc:
            out.skipped.append(item_failed(item.source, "could not be cut into articles", exc,
                                           f"page {item.part}" if item.part else None))
            continue
        out.pages[item.source, item.part] = item.date
        out.set_aside += set_aside
        out.repeats[item.source, item.part] = len(repeats)
        if not articles:
            log.warning("%s: no articles found on this page; check that it is a newspaper page", item.source)
            out.skipped.append(Skipped(item.source, "no articles found on the page"))
        for article in _unique_ids(articles, item.source, roots, prefixes):
            try:
                out.briefs.append(brief(article, options))
            except Exception as exc:
                out.skipped.append(item_failed(article.source, "could not be briefed", exc, article.headline))
    return out


def _unique_ids(articles: list[Article], source: Path, roots: list[Path], prefixes: dict[Path, str]) -> list[Article]:
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
    return [replace(a, id=prefixes[source] + a.id.removeprefix(source.stem)) for a in articles]


def build_digest(paths: Iterable[str | Path], options: Options = Options(),
                 progress: Callable[[Page], None] | None = None) -> Digest:
    """One digest of every page read (of the period, when one is given)."""
    return digest_of(collect(paths, options, progress), options)


def digest_of(collected: Collected, options: Options, period: tuple[date, date] | None = None) -> Digest:
    """Assemble what was collected into a digest."""
    return assemble(collected.briefs, collected.skipped, pages=len(collected.pages), title=options.title,
                    sections=load_sections(options.sections), lead_count=options.lead,
                    period=period or options.period, issue_date=options.issue_date, note=options.note,
                    set_aside=collected.set_aside, repeated_lines=sum(collected.repeats.values()))


def by_week(collected: Collected) -> dict[str, Collected]:
    """Split what was collected by ISO week of the page date (`2017-W34`); undated pages apart.

    A skipped item of a page goes with that page's week; one of no page read (an unreadable
    file) goes with every week, so that each digest says what could not be read.
    """
    weeks: dict[str, Collected] = {}
    file_weeks: dict[Path, set[str]] = {}
    for (path, part), d in collected.pages.items():
        week = weeks.setdefault(_week(d), Collected())
        week.pages[path, part] = d
        week.repeats[path, part] = collected.repeats.get((path, part), 0)
        file_weeks.setdefault(path, set()).add(_week(d))
    for b in collected.briefs:
        weeks[_week(b.article.page_date)].briefs.append(b)
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


def _week(d: date | None) -> str:
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
