"""The records the stages pass to each other: frozen, with provenance on every one."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

KINDS = ("news", "feature", "commentary", "photo", "notice", "toc", "other")
STORY_KINDS = ("news", "feature", "commentary")
DATE_SOURCES = ("given", "filename", "inferred", "none")


@dataclass(frozen=True, slots=True)
class Page:
    """The decoded text of one printed page: a whole input file, or one page of a long one."""

    source: Path
    text: str
    date: date | None = None
    date_source: str = "none"
    paper: str | None = None
    encoding: str = "utf-8"
    part: int = 0  # 1, 2, … for the pages of a file that holds many; 0 for a file of one page
    number: int | None = None  # the printed page number (第3版), from the file name or the page's head


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
    page: int | None = None  # the printed page number (第3版)
    truncated: bool = False
    continuation: str | None = None
    column: str | None = None  # the column label printed over it (工会动态, 职工之声…)
    lines: tuple[int, ...] = ()  # the page lines it was cut from

    @property
    def body(self) -> str:
        return "\n".join(self.paragraphs)


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input file or item that did not make it into the digest, and why."""

    source: Path
    reason: str
    item: str | None = None
    line: int | None = None  # the page line, for an item of a page


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
class Story:
    """A brief as the digest shows it: where it happened, how it ranks, where else it was printed.

    ``title``, ``meta`` and ``paragraphs`` are what readers see, typeset (full-width punctuation in
    Chinese text, no byline markers); the article keeps its text as extracted.
    """

    brief: Brief
    anchor: str
    title: str  # the headline, or for an untitled photo the start of its caption
    region: str | None = None
    importance: float = 0.0
    also_in: tuple[Article, ...] = ()
    meta: str = ""  # page, date, byline, region, other printings: 第3版 8月23日 · 本报记者 吴锋思 · 新疆
    paragraphs: tuple[str, ...] = ()  # the brief, or the item's paragraphs when it has none

    @property
    def article(self) -> Article:
        return self.brief.article

    @property
    def sources(self) -> tuple[Article, ...]:
        return (self.brief.article,) + self.also_in


@dataclass(frozen=True, slots=True)
class Section:
    """A group of stories under one title (本周要闻, a topic, 图片新闻)."""

    title: str
    anchor: str
    stories: tuple[Story, ...]
    more: tuple[Story, ...] = ()  # named by headline only: the mail's share of a week over its budget

    @property
    def count(self) -> int:
        return len(self.stories) + len(self.more)


@dataclass(frozen=True, slots=True)
class Digest:
    """Everything a rendered digest shows, ready to lay out: templates compute nothing."""

    title: str
    briefs: tuple[Brief, ...]  # every article read, in input order (the JSON lists them all)
    paper: str | None = None  # the papers the pages are from (工人日报), shown at the top
    skipped: tuple[Skipped, ...] = ()  # input files and pages that gave nothing
    set_aside: tuple[Skipped, ...] = ()  # page lines of no article: images, furniture, stray headings…
    repeats: int = 0  # page lines that repeat another line, counted and left out
    pages: int = 0
    period_start: date | None = None
    period_end: date | None = None
    period_label: str = ""
    issue_date: date | None = None
    lead: Section | None = None
    sections: tuple[Section, ...] = ()
    photos: Section | None = None
    other: Section | None = None
    keywords: tuple[str, ...] = ()
    preheader: str = ""
    note_markdown: str | None = None
    note_html: str | None = None
    duplicates: tuple[tuple[str, str], ...] = ()  # (id of a repeat, id of the story it repeats)
    # A mail that names some stories by headline only says where the whole digest is.
    full_url: str | None = None  # the address of the full digest online
    attachment: str | None = None  # the file name of the full digest attached to the mail

    @property
    def stories(self) -> int:
        return sum(len(s.stories) + len(s.more) for s in (self.lead, *self.sections) if s)

    @property
    def named_only(self) -> int:
        """Stories and photos named by headline only, without their briefs."""
        return sum(len(s.more) for s in self.all_sections)

    @property
    def all_sections(self) -> tuple[Section, ...]:
        """The sections in print order, empty ones left out."""
        return tuple(s for s in (self.lead, *self.sections, self.photos, self.other) if s and (s.stories or s.more))
