"""The order of the stages: read pages, cut them into articles, brief every article, assemble."""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .ingest import read_pages
from .models import Brief, Digest, Page, Skipped, Summary
from .segment import segment
from .summarize import summarize

log = logging.getLogger(__name__)

DEFAULT_TITLE = "工会新闻摘要"


@dataclass(frozen=True)
class Options:
    """What the user can set for a run (defaults shown in ``--help``)."""

    page_date: date | None = None
    brief_chars: int = 150
    brief_sentences: int = 3
    engine: str = "numpy"
    title: str = DEFAULT_TITLE


def build_digest(paths: Iterable[str | Path], options: Options = Options(),
                 progress: Callable[[Page], None] | None = None) -> Digest:
    """Read ``paths`` one page at a time and return the digest of all their articles."""
    briefs: list[Brief] = []
    skipped: list[Skipped] = []
    pages = 0
    for item in read_pages(paths, given_date=options.page_date):
        if isinstance(item, Skipped):
            skipped.append(item)
            continue
        pages += 1
        articles, left_over = segment(item)
        skipped += left_over
        if not articles:
            log.warning("%s: no articles found on this page; check that it is a newspaper page", item.source)
            skipped.append(Skipped(item.source, "no articles found on the page"))
        briefs += [brief(a, options) for a in articles]
        if progress:
            progress(item)
    dates = [b.article.page_date for b in briefs if b.article.page_date]
    return Digest(
        title=options.title,
        briefs=tuple(briefs),
        skipped=tuple(skipped),
        pages=pages,
        period_start=min(dates, default=None),
        period_end=max(dates, default=None),
    )


def brief(article, options: Options = Options()) -> Brief:
    """The article with its summary; a contents box is listed, not summarized."""
    if article.kind == "toc":
        return Brief(article, Summary(()))
    summary = summarize(article.body, max_chars=options.brief_chars, sentences=options.brief_sentences,
                        title=None if article.headline_generated else article.headline,
                        engine=options.engine)
    return Brief(article, summary)
