"""The records the stages pass to each other: frozen, with provenance on every one."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

KINDS = ("news", "feature", "commentary", "photo", "notice", "toc")
STORY_KINDS = ("news", "feature", "commentary")
DATE_SOURCES = ("given", "filename", "inferred", "none")


@dataclass(frozen=True, slots=True)
class Page:
    """The decoded text of one input file."""

    source: Path
    text: str
    date: date | None = None
    date_source: str = "none"
    paper: str | None = None
    encoding: str = "utf-8"


@dataclass(frozen=True, slots=True)
class Article:
    """One item cut out of a page, its paragraphs in reading order."""

    id: str
    source: Path
    position: int
    headline: str
    paragraphs: tuple[str, ...]
    kind: str = "news"
    headline_generated: bool = False
    subheadlines: tuple[str, ...] = ()
    byline: str | None = None
    page_date: date | None = None
    date_source: str = "none"
    paper: str | None = None
    truncated: bool = False
    continuation: str | None = None

    @property
    def body(self) -> str:
        return "\n".join(self.paragraphs)


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input file or item that did not make it into the digest, and why."""

    source: Path
    reason: str
    item: str | None = None


@dataclass(frozen=True, slots=True)
class Summary:
    """A brief: sentences of the text, in document order, with their scores."""

    sentences: tuple[str, ...]
    keywords: tuple[str, ...] = ()
    scores: tuple[float, ...] = ()

    @property
    def text(self) -> str:
        return "".join(self.sentences)


@dataclass(frozen=True, slots=True)
class Brief:
    """An article with its summary."""

    article: Article
    summary: Summary = field(default_factory=lambda: Summary(()))


@dataclass(frozen=True, slots=True)
class Digest:
    """Everything a rendered digest shows: its briefs, what was left out and why, and counts."""

    title: str
    briefs: tuple[Brief, ...]
    skipped: tuple[Skipped, ...] = ()
    pages: int = 0
    period_start: date | None = None
    period_end: date | None = None
