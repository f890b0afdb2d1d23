"""Assemble the briefs of a period into a digest: lead stories, topic sections, photos, counts.

Importance of a story (which ones lead the week) is documented in the README:
``0.5 × centrality + 0.3 × length + 0.2 × placement``, each part scaled to [0, 1] over the
period's stories. Centrality is the story's mean topic similarity to the other stories of the
period (what the week was about); length the logarithm of its characters; placement 1 for the
first story of its page and for a story with a kicker or deck, 0.5 otherwise.
"""
from __future__ import annotations

import math
import re

import tomllib
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

from . import patterns as P
from .errors import ConfigError, item_failed
from .models import STORY_KINDS, Article, Brief, Digest, Section, Skipped, Story
from .regions import region
from .segment import generate_headline
from .similarity import anchors, centrality, containment, shingles

SHIPPED_SECTIONS = Path(__file__).parent / "data" / "sections.toml"
_WEIGHTS = (0.5, 0.3, 0.2)  # centrality, length, placement
# The same story printed twice: most of the shorter body's character trigrams are in the longer
# one. Reprints with a new headline or a cut paragraph score 0.6 and more; different stories on
# one subject stay under 0.3 on the sample pages.
_SAME_STORY = 0.6
_MAX_BUCKET = 50  # an anchor in more kept stories than this is boilerplate (`本报讯（记者`)
_HEADLINE_HITS, _BODY_HITS_CAP = 3, 3
_COMMON_KEYWORD_SHARE = 0.25


@dataclass(frozen=True, slots=True)
class SectionRule:
    title: str
    keywords: tuple[str, ...] = ()
    fallback: bool = False


def load_sections(path: Path | None = None) -> tuple[SectionRule, ...]:
    """The section rules of a TOML file (the shipped one by default); bad files name the fault."""
    path = path or SHIPPED_SECTIONS
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the sections file ({exc.strerror})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: {exc} — fix the TOML syntax") from None
    unknown = set(doc) - {"section"}
    tables = doc.get("section")
    if unknown or not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise ConfigError(f"{path}: expected only [[section]] tables (title, keywords, fallback), found "
                          f"{', '.join(sorted(unknown)) or 'section = ' + _short(tables)}")
    rules = []
    for n, table in enumerate(tables, 1):
        bad = sorted(set(table) - {"title", "keywords", "fallback"})
        if bad:
            raise ConfigError(f"{path}: section {n}: unknown key {bad[0]} (allowed: title, keywords, fallback)")
        title = table.get("title")
        if not isinstance(title, str) or not title.strip():
            raise ConfigError(f"{path}: section {n}: title = {_short(title)} should be a non-empty string")
        if any(r.title == title.strip() for r in rules):
            raise ConfigError(f"{path}: section {n}: the title {title.strip()} is used twice; give each section its own")
        words = table.get("keywords", [])
        if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
            raise ConfigError(f"{path}: section {n} ({title}): keywords = {_short(words)} should be a list of words")
        fallback = table.get("fallback", False)
        if not isinstance(fallback, bool):
            raise ConfigError(f"{path}: section {n} ({title}): fallback = {_short(fallback)} should be true or false")
        rules.append(SectionRule(title.strip(), tuple(w.strip() for w in words), fallback))
    if sum(r.fallback for r in rules) != 1:
        raise ConfigError(f"{path}: exactly one section needs `fallback = true` (for stories no keyword matches)")
    return tuple(rules)


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


def period_label(start: date | None, end: date | None) -> str:
    """`2017年第34周（8月21日—8月27日）` for one ISO week, else the span of dates."""
    if not start:
        return "日期不详"
    year, week, weekday = start.isocalendar()
    monday = start - timedelta(days=weekday - 1)
    if end and end <= monday + timedelta(days=6):
        sunday = monday + timedelta(days=6)
        return f"{year}年第{week}周（{_md(monday)}—{_md(sunday)}）"
    if start == end or not end:
        return f"{start.year}年{_md(start)}"
    return f"{start.year}年{_md(start)}—{'' if end.year == start.year else f'{end.year}年'}{_md(end)}"


def _md(d: date) -> str:
    return f"{d.month}月{d.day}日"


def assemble(briefs: list[Brief], skipped: list[Skipped], *, pages: int, title: str,
             sections: tuple[SectionRule, ...], lead_count: int = 3, period: tuple[date, date] | None = None,
             issue_date: date | None = None, note: str | None = None,
             set_aside: list[Skipped] = (), repeated_lines: int = 0, include_notices: bool = False) -> Digest:
    """The digest of ``briefs``: the same story printed twice shown once, ranked and grouped.

    Notices and contents boxes are for the editor's report, not the readers; ``include_notices``
    shows the notices after the stories. A story that cannot be laid out is left out, into
    ``skipped`` with the reason.
    """
    kept, repeats, duplicates = _merge_repeats(briefs)
    scores = _importance([b for b in kept if b.article.kind in STORY_KINDS])
    papers = list(dict.fromkeys(b.article.paper for b in briefs if b.article.paper))
    made, failed = {}, {}
    for n, b in enumerate(kept, 1):
        try:
            made[id(b)] = _story(b, f"s{n}", round(scores.get(id(b), 0.0), 4), tuple(repeats.get(b.article.id, ())),
                                 several_papers=len(papers) > 1)
        except Exception as exc:
            failed[id(b)] = item_failed(b.article.source, "could not be laid out", exc, b.article.headline)
    briefs = [b for b in briefs if id(b) not in failed]
    kept = [b for b in kept if id(b) not in failed]
    stories = [b for b in kept if b.article.kind in STORY_KINDS]
    ranked = sorted(stories, key=lambda b: (-scores[id(b)], b.article.id))
    lead = ranked[:lead_count]
    grouped: dict[str, list[Story]] = {r.title: [] for r in sections}
    for b in ranked[lead_count:]:
        grouped[_section_of(b.article, sections)].append(made[id(b)])
    dates = [b.article.page_date for b in briefs if b.article.page_date]
    start, end = period or (min(dates, default=None), max(dates, default=None))
    label = period_label(start, end)
    lead_section = Section("本周要闻", "lead", tuple(made[id(b)] for b in lead))
    return Digest(
        title=f"{title} · {label}",
        briefs=tuple(briefs),
        paper="、".join(papers) or None,
        skipped=(*skipped, *failed.values()),
        set_aside=tuple(set_aside),
        repeats=repeated_lines,
        pages=pages,
        period_start=start,
        period_end=end,
        period_label=label,
        issue_date=issue_date,
        lead=lead_section,
        sections=tuple(Section(r.title, f"section-{n}", tuple(grouped[r.title]))
                       for n, r in enumerate(sections, 1)),
        photos=Section("图片新闻", "photos", tuple(made[id(b)] for b in kept if b.article.kind == "photo")),
        other=Section("公告启事", "notices", tuple(made[id(b)] for b in kept if b.article.kind == "notice"))
        if include_notices else None,
        keywords=_week_keywords(stories),
        preheader=_preheader(label, pages, len(stories), lead),
        note_markdown=note,
        note_html=note_html(note) if note else None,
        duplicates=tuple(duplicates),
    )


# What an editor's note may hold in the HTML digest: text markup and links, no scripts, no event
# handlers, no styles, no images or anything else a mail client would fetch from a server.
_NOTE_TAGS = {"p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "blockquote", "ul", "ol", "li",
              "h1", "h2", "h3", "h4", "h5", "h6", "a", "table", "thead", "tbody", "tr", "th", "td"}
_NOTE_LINKS = {"http", "https", "mailto"}


def note_html(note: str) -> str:
    """The editor's note, Markdown, as HTML that is safe in a mail: sanitised by nh3 (ammonia)."""
    import markdown  # here, not at the top: a week with no note does without its import (0.008 s)
    import nh3

    html = markdown.markdown(note, output_format="html")
    return nh3.clean(html, tags=_NOTE_TAGS, attributes={"a": {"href", "title"}}, url_schemes=_NOTE_LINKS,
                     link_rel="noopener noreferrer")


def shorten(digest: Digest, top: int, *, full_url: str | None = None, attachment: str | None = None) -> Digest:
    """The digest as a mail over its size budget carries it: the lead stories and the first ``top``
    stories of every other section with their briefs, the rest named by headline, and where
    the full digest is (``full_url`` online, or the ``attachment``'s file name)."""
    def cut(section: Section | None) -> Section | None:
        return section and replace(section, stories=section.stories[:top], more=section.stories[top:])

    return replace(digest, sections=tuple(map(cut, digest.sections)), photos=cut(digest.photos),
                   other=cut(digest.other), full_url=full_url, attachment=attachment)


def _story(b: Brief, anchor: str, importance: float, also_in: tuple[Article, ...], several_papers: bool) -> Story:
    """The story as readers see it: typeset, its meta line naming the paper's page and date, never a file."""
    a = b.article
    place = region(a.headline, a.body)
    title = P.typeset_headline(a.headline or generate_headline(a.paragraphs[0]))
    first = " · ".join(p for p in (_printed(a, several_papers), a.byline and P.typeset(a.byline), place) if p)
    others = "、".join(_printed(o, several_papers)
                      + (f"《{P.typeset_headline(o.headline)}》" if o.headline and o.headline != a.headline else "")
                      for o in also_in)
    shown = (b.summary.text,) if b.summary.sentences else a.paragraphs
    return Story(b, anchor, title, place, importance, also_in,
                 meta=first + (f"；另见 {others}" if others else ""),
                 paragraphs=tuple(P.typeset(p) for p in shown))


def _printed(a: Article, with_paper: bool) -> str:
    """Where an article was printed, as readers name it: `工人日报 第3版 8月23日`."""
    parts = (a.paper if with_paper else None, a.page and f"第{a.page}版", a.page_date and _md(a.page_date))
    return " ".join(p for p in parts if p)


def _merge_repeats(briefs: list[Brief]):
    """Keep the first print of a story; later prints (another page, day or headline) join it.

    Only stories that share an anchor (:func:`~digest.similarity.anchors`) are compared, so the
    work grows with the number of stories, not its square.
    """
    kept: list[Brief] = []
    grams: dict[int, frozenset[str]] = {}
    by_anchor: dict[int, list[int]] = {}
    repeats: dict[str, list[Article]] = {}
    duplicates: list[tuple[str, str]] = []
    for b in briefs:
        keys = anchors(b.article.body)
        same = _same_as(b, keys, kept, by_anchor, grams)
        if same is None:
            for key in keys:
                by_anchor.setdefault(key, []).append(len(kept))
            kept.append(b)
        else:
            first = kept[same].article
            repeats.setdefault(first.id, []).append(b.article)
            duplicates.append((b.article.id, first.id))
    return kept, repeats, duplicates


def _same_as(b: Brief, keys, kept: list[Brief], by_anchor: dict[int, list[int]],
             grams: dict[int, frozenset[str]]) -> int | None:
    """The index in ``kept`` of the story ``b`` reprints, if any (``keys``: its anchors)."""
    candidates = sorted({k for key in keys for k in by_anchor.get(key, ())[:_MAX_BUCKET]})
    mine = None
    for k in candidates:
        first = kept[k].article
        if first.kind == b.article.kind and first.source != b.article.source:
            if k not in grams:
                grams[k] = shingles(first.body)
            if mine is None:
                mine = shingles(b.article.body)
            if containment(mine, grams[k]) >= _SAME_STORY:
                return k
    return None


def repeats_of(earlier: list[Brief], later: list[Brief]) -> dict[str, str]:
    """``{id of a later brief: id of the earlier brief it repeats}``, found as :func:`assemble`
    finds the same story printed twice (so a reprint in another paper or week is caught alike).
    Later briefs are compared with the earlier ones only, not with each other."""
    by_anchor: dict[int, list[int]] = {}
    for k, b in enumerate(earlier):
        for key in anchors(b.article.body):
            by_anchor.setdefault(key, []).append(k)
    grams: dict[int, frozenset[str]] = {}
    out = {}
    for b in later:
        same = _same_as(b, anchors(b.article.body), earlier, by_anchor, grams)
        if same is not None:
            out[b.article.id] = earlier[same].article.id
    return out


def story_anchors(text: str) -> frozenset[str]:
    """The anchors :func:`assemble` compares stories by, as text (to be stored): two texts that
    share none are not one story."""
    return frozenset(format(a, "x") for a in anchors(text))


def _importance(stories: list[Brief]) -> dict[int, float]:
    if not stories:
        return {}
    central = centrality([b.article.headline + "\n" + b.article.body for b in stories])
    length = [math.log(1 + len(b.article.body)) for b in stories]
    placement = [1.0 if b.article.position == 1 or b.article.subheadlines and not b.article.headline_generated
                 else 0.5 for b in stories]
    parts = [_scaled(central), _scaled(length), placement]
    return {id(b): sum(w * p[i] for w, p in zip(_WEIGHTS, parts)) for i, b in enumerate(stories)}


def _scaled(values: list[float]) -> list[float]:
    top = max(values) or 1.0
    return [v / top for v in values]


def _section_of(a: Article, rules: tuple[SectionRule, ...]) -> str:
    body = a.body  # joined once, not for every keyword

    def score(rule: SectionRule) -> int:
        return sum(_HEADLINE_HITS * (w in a.headline) + min(body.count(w), _BODY_HITS_CAP) for w in rule.keywords)

    best = max(rules, key=lambda r: (score(r), -rules.index(r)))
    if score(best) == 0:
        best = next(r for r in rules if r.fallback)
    return best.title


def _week_keywords(stories: list[Brief], top: int = 10) -> tuple[str, ...]:
    """Words that are keywords of several stories, but not of so many that they say nothing
    (工会 and 职工 are keywords of most stories of a union paper)."""
    df: dict[str, int] = {}
    for b in stories:
        for w in set(b.summary.keywords):
            df[w] = df.get(w, 0) + 1
    limit = max(2, len(stories) * _COMMON_KEYWORD_SHARE)
    words = [w for w, n in df.items() if 2 <= n <= limit]
    return tuple(sorted(words, key=lambda w: (-df[w], w))[:top])


def _preheader(label: str, pages: int, stories: int, lead: list[Brief]) -> str:
    heads = "；".join(P.typeset_headline(b.article.headline) for b in lead)
    return f"{label}：{pages}个版面，{stories}篇稿件。{heads}"
