"""Cut a page into articles: headline, subheadlines, byline, kind and paragraphs of every item.

Learned steps weigh the evidence, all trained on generated and hand-labelled pages
(``python -m digest.devtools.train``, which writes the model files in ``data/``):

1. A linear-chain CRF tags every line of the page (:mod:`digest.layout`) with its role, from the
   features of :mod:`digest.line_features`: ``H`` a heading that opens a new run of an item
   (headline, kicker), ``h`` a heading line of the item already running (title or deck under a
   kicker, byline, section head, closing credit), ``B`` body text that opens a new run (a story
   without a headline, a piece printed out of place), ``b`` body text of the running item, ``N``
   what belongs to no item (column labels, images, page furniture, jump lines).
2. Runs (a tagged ``H`` or ``B`` line and the lines that follow it) are then linked into items,
   left to right: each run starts a new item, continues an item already on the page (a piece
   displaced below another story, a feature resumed after a box, section heads and all), or
   takes a headline printed away from it (headlines stacked over two bodies). A log-linear model
   scores every choice from what joins them: a sentence broken across the gap (a word the
   dictionary knows cut in two), closeness in topic to this item rather than the others, distance,
   a dateline opening the run, a closing credit ending the item.
3. Of a headline block of several lines, a second log-linear model picks the main title, the
   lines above it being the kicker and those below the deck (:func:`title_features`).

Lines of no item are returned as skipped with their reason, so every line of the page is in an
article, in the skipped list, or a counted repeat (:func:`account`).
"""
from __future__ import annotations

import itertools
import json
import logging
import math
import operator
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from . import patterns as P
from .layout import Layout, Line, layout
from .line_features import page_features
from .models import Article, Page, Skipped
from .normalize import clean_line
from .regions import provinces, starts_with_place
from .similarity import PageTopics
from .titles import make_title

log = logging.getLogger(__name__)

DATA = Path(__file__).parent / "data"
TAGGER_MODEL = DATA / "segmenter.crfsuite"
LINKER_MODEL = DATA / "linker.json"
HEADLINE_MODEL = DATA / "headline.json"
TAGS = ("H", "h", "B", "b", "N")
_GENERATED_HEADLINE_CHARS = 28



# --- the models -----------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _tagger():
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(TAGGER_MODEL))
    return tagger


@lru_cache(maxsize=1)
def _linker_weights() -> dict[str, float]:
    return json.loads(LINKER_MODEL.read_text(encoding="utf-8"))["weights"]


@lru_cache(maxsize=1)
def _headline_weights() -> dict[str, float]:
    return json.loads(HEADLINE_MODEL.read_text(encoding="utf-8"))["weights"]


def use_models(folder: Path) -> None:
    """Read the model files from ``folder`` from now on (to try freshly trained ones)."""
    global TAGGER_MODEL, LINKER_MODEL, HEADLINE_MODEL
    TAGGER_MODEL, LINKER_MODEL, HEADLINE_MODEL = (folder / m.name for m in (TAGGER_MODEL, LINKER_MODEL, HEADLINE_MODEL))
    _tagger.cache_clear()
    _linker_weights.cache_clear()
    _headline_weights.cache_clear()


# A line opens a run when the tagger gives a new start this probability or more. Lower than the
# tagger's best path, so that doubtful starts are cut and left to the linker, which joins what
# belongs together. Story F1 of the 58 labelled real pages in 4-fold cross-validation, on two
# splits of the pages into folds: 0.629 and 0.625 at 0.3, 0.639 and 0.597 at 0.15, 0.609 at 0.5.
NEW_RUN_PROBABILITY = 0.3


@dataclass
class Tagging:
    """The tagger's reading of a page: a tag per line, and how likely the line opens a new run."""

    tags: list[str]
    new: list[float]


def tags_of(tagger, features: list[list[str]]) -> Tagging:
    """The tagger's best tags, with a doubtful continuation (``b``, ``h``) read as a new start."""
    if not features:
        return Tagging([], [])
    tags = tagger.tag(features)
    new = [tagger.marginal("H", i) + tagger.marginal("B", i) for i in range(len(tags))]
    for i, t in enumerate(tags):
        if t in "bh" and tagger.marginal(t.upper(), i) >= NEW_RUN_PROBABILITY:
            tags[i] = t.upper()
    return Tagging(tags, new)


def tag(lay: Layout, topics: PageTopics | None = None) -> Tagging:
    """The role tag of every line of the page."""
    return tags_of(_tagger(), page_features(lay.lines, lay.blank_lines, topics)) if lay.lines else Tagging([], [])


# --- runs and items ---------------------------------------------------------------------------

@dataclass
class Run:
    """A tagged opening line and the lines after it, up to the next opening line."""

    lines: list[Line]
    tags: list[str]
    index: int = 0  # position of its first line among the page's lines
    p_new: float = 1.0  # the tagger's probability that its first line opens something new

    @property
    def heads(self) -> list[Line]:
        """The heading lines it opens with."""
        out = []
        for line, t in zip(self.lines, self.tags):
            if t in "Bb":
                break
            out.append(line)
        return out

    @property
    def body(self) -> list[Line]:
        return [line for line, t in zip(self.lines, self.tags) if t in "Bb"]

    @property
    def text(self) -> str:
        return "\n".join(self.texts)

    @property
    def texts(self) -> list[str]:
        return [line.text for line in self.lines]

    @property
    def end(self) -> int:
        return self.index + len(self.lines)


@dataclass
class Item:
    """Runs linked into one article, in reading order."""

    runs: list[Run]
    title: Run | None = None  # a run of headings printed away from the body it heads
    labels: list[Line] = field(default_factory=list)
    markers: list[Line] = field(default_factory=list)

    @property
    def body(self) -> list[Line]:
        return [line for run in self.runs for line in run.body]

    @property
    def lines(self) -> list[Line]:
        return [line for run in ([self.title] if self.title else []) + self.runs for line in run.lines]

    @property
    def last_run(self) -> Run:
        return self.runs[-1]

    def headed(self) -> bool:
        return bool(self.title or any(run.heads for run in self.runs))

    def title_text(self) -> str:
        """The item's headline block, or the start of its text when it has none."""
        heads = (self.title or self.runs[0]).heads
        return "\n".join(line.text for line in heads) if heads else self.runs[0].text[:100]


def runs_of(lines: tuple[Line, ...] | list[Line], tagging: Tagging) -> tuple[list[Run], list[int]]:
    """The runs of a tagged page, and the positions of the lines tagged ``N``.

    A run opens where the tagger saw a new start (``H``, ``B``), at every heading after body text
    (a section head or another story's headline: the linker decides, seeing the whole story so
    far), and after a closing credit.
    """
    runs: list[Run] = []
    others: list[int] = []
    for i, (line, t) in enumerate(zip(lines, tagging.tags)):
        if t == "N":
            others.append(i)
        elif t in "HB" or not runs or t == "h" and runs[-1].tags[-1] in "Bb" or _closed(runs[-1], line):
            runs.append(Run([line], [t], i, tagging.new[i]))
        else:
            runs[-1].lines.append(line)
            runs[-1].tags.append(t)
    return runs, others


def _closed(run: Run, line: Line) -> bool:
    """A credit closes the run: a heading after a credit line, or text after a closing credit
    (a line of its own after the body, or the end of the last paragraph), opens another run."""
    last = run.lines[-1].text
    if run.tags[-1] in "Bb":
        return bool(P.trailing_credit(last)) and not P.is_credit_line(line.text)
    if not P.is_credit_line(last) or P.is_credit_line(line.text):
        return False
    closing = len(run.tags) > 1 and run.tags[-2] in "Bb"
    return closing or P.looks_like_heading(line.text)


# --- linking ------------------------------------------------------------------------------------

class _RunFacts(NamedTuple):
    """What the linker asks of a run against every item, asked once."""

    mid: bool  # its body opens mid-sentence
    dateline: bool  # its body opens with a dateline
    toc: bool
    provinces: frozenset[str]  # of its first line
    places: frozenset[str]  # of its first three lines
    heads_on_body: float  # how close its heading is to its first paragraphs


class _ItemFacts(NamedTuple):
    lines: list[Line]
    tail: str  # its last line of body text
    ended: bool
    headed: bool
    photo: bool
    toc: bool
    sections: list[Line]
    news: bool  # it opens with a dateline
    paragraphs: int
    title_provinces: frozenset[str]
    places: frozenset[str]


class Linker:
    """Scores the ways a run can join the items of a page (see the module docstring)."""

    def __init__(self, lines: tuple[Line, ...], topics: PageTopics, runs: list[Run]):
        self.topics = topics
        self._siblings = _sibling_counts(runs)
        self._row = {id(line): i for i, line in enumerate(lines)}
        self._vectors: dict[tuple[int, ...], object] = {}
        self._places: dict[int, frozenset[str]] = {}
        self._items: dict[tuple[int, int], _ItemFacts] = {}
        self._runs: dict[tuple[int, str], dict[str, float]] = {}  # by id(run): runs live as long as the linker
        self._run_facts_of: dict[int, _RunFacts] = {}

    def vector(self, lines: list[Line]):
        """The topic vector of some of the page's lines (cached: items are asked about often)."""
        rows = tuple(self._row[id(line)] for line in lines)
        v = self._vectors.get(rows)
        if v is None:
            v = self._vectors[rows] = self.topics.vector(rows)
        return v

    def places(self, lines: list[Line]) -> frozenset[str]:
        """The provinces the lines name (cached by line)."""
        out: frozenset[str] = frozenset()
        for line in lines:
            key = id(line)
            if key not in self._places:
                self._places[key] = provinces(line.text)
            out |= self._places[key]
        return out

    def similarity(self, a: list[Line], b: list[Line]) -> float:
        return self.topics.similarity(self.vector(a), self.vector(b))

    def options(self, run: Run, items: list[Item], pending: list[Item]) -> list[tuple[str, Item | None, dict]]:
        """Every choice for ``run``: ("new", None), ("attach", item) or ("take", pending title)."""
        sims = [self.similarity(run.lines, item.lines) for item in items]
        by_sim = sorted(range(len(items)), key=lambda k: -sims[k])
        sim_rank = {k: r for r, k in enumerate(by_sim)}
        by_recency = sorted(range(len(items)), key=lambda k: -items[k].last_run.end)
        recency = {k: r for r, k in enumerate(by_recency)}
        best = sims[by_sim[0]] if items else 0.0
        second = sims[by_sim[1]] if len(items) > 1 else 0.0
        out = [("new", None, self._new(run, items, best))]
        for k, item in enumerate(items):
            f = self._attach(run, item, sims[k], best if sim_rank[k] else second, recency[k])
            f[f"att:sim_rank{min(sim_rank[k], 3)}"] = 1.0
            out.append(("attach", item, f))
        for title in pending:
            if not run.heads:
                out.append(("take", title, self._take(run, title, "take:")))
            elif title.last_run.end == run.index:  # more lines of a headline block (a deck, a byline)
                out.append(("attach", title, self._take(run, title, "more:")))
        # The same evidence weighs differently for a heading, a title alone and a headless piece:
        # each feature also counts once more, under the kind of run.
        kind = "T" if not run.body else "H" if run.heads else "D" if P.DATELINE.match(run.body[0].text) else "B"
        return [(k, t, {**f, **{f"{kind}|{name}": v for name, v in f.items()}}) for k, t, f in out]

    def _run_features(self, run: Run, prefix: str) -> dict[str, float]:
        """What the run is, whatever it joins (a copy: computed once for every item it is weighed against)."""
        key = (id(run), prefix)
        if key not in self._runs:
            self._runs[key] = self._describe(run, prefix)
        return dict(self._runs[key])

    def _describe(self, run: Run, prefix: str) -> dict[str, float]:
        first = run.lines[0].text
        f = {
            "heads": bool(run.heads), "title_only": not run.body,
            "crf_new": run.tags[0] in "HB",  # the tagger's own reading of the line
            f"p_new{sum(run.p_new >= e for e in (0.02, 0.1, 0.3, 0.5, 0.7, 0.9))}": True,
            "crf_new_heads": run.tags[0] == "H", "crf_same_heads": run.tags[0] == "h",
            "marked": run.lines[0].level > 0,
            "dateline": bool(P.DATELINE.match(run.body[0].text)) if run.body else False,
            "mid_start": P.starts_mid_sentence(run.body[0].text) if run.body else False,
            "photo": any(P.is_photo_credit(line.text) for line in run.lines),
            "credit_only": all(P.is_credit_line(line.text) for line in run.lines),
            "short": len(run.text) < 120, "long": len(run.text) > 600,
            "enum": bool(P.ENUMERATION.match(first)),
            "companion": P.is_companion_label(first),
            "toc": _has_toc(run.lines),
            "jump_in": any(P.JUMP_IN.match(line.text) for line in run.lines[:3]),
            "byline_heads": any(P.is_credit_line(line.text) for line in run.heads[1:]),
        }
        if run.heads:
            f[f"head_len{_head_len_bucket(len(run.heads[0].text))}"] = True
            f[f"siblings{min(2, self._siblings.get(id(run), 0))}"] = True
        if run.body:
            lead = run.body[0].text
            f["date_lead"] = bool(P.DATE_LEAD.match(lead))
            f["place_lead"] = starts_with_place(lead)
            f["back_reference"] = bool(P.BACK_REFERENCE.match(lead))
        return {f"{prefix}{k}": 1.0 for k, v in f.items() if v}

    def _new(self, run: Run, items: list[Item], best: float) -> dict[str, float]:
        f = self._run_features(run, "new:")
        f["new:bias"] = 1.0
        f[f"new:best_sim{_sim_bucket(best)}"] = 1.0
        if items:
            last = items[-1]
            if last.body and not P.ends_sentence(last.body[-1].text):
                f["new:prev_open"] = 1.0
            if _ended(last):
                f["new:prev_ended"] = 1.0
        return f

    def _attach(self, run: Run, item: Item, sim: float, other: float, recency: int) -> dict[str, float]:
        """``other``: the best similarity of the run to any other item; ``recency``: 0 for the item
        that ran last, 1 for the one before it…"""
        heads, body = run.heads, run.body  # properties, built anew at each call
        f = self._run_features(run, "att:")
        f["att:bias"] = 1.0
        f[f"att:sim{_sim_bucket(sim)}"] = 1.0
        f["att:margin"] = max(-1.0, min(1.0, (sim - other) * 5))
        f[f"att:ratio{min(4, int(2 * sim / other)) if other > 0 else 5}"] = 1.0
        gap = run.index - item.last_run.end
        f[f"att:gap{_gap_bucket(gap)}"] = 1.0
        f[f"att:recency{min(recency, 3)}"] = 1.0
        if heads:
            f[f"att:heads_recency{min(recency, 2)}"] = 1.0
        it, own = self._item_facts(item), self._run_facts(run)
        tail = it.tail
        head = body[0].text if body else ""
        if tail and head:
            open_ = not P.ends_sentence(tail)
            mid = own.mid
            f["att:open_mid"] = 1.0 if open_ and mid else 0.0
            f["att:open"] = 1.0 if open_ else 0.0
            f["att:closed_mid"] = 1.0 if not open_ and mid else 0.0
            f["att:open_dateline"] = 1.0 if open_ and own.dateline else 0.0
            f[f"att:open_recency{min(recency, 2)}"] = 1.0 if open_ else 0.0
            f[f"att:word{_cut_word_bucket(tail, head)}"] = 1.0 if open_ else 0.0
        f["att:ended"] = 1.0 if it.ended else 0.0
        f["att:headless_item"] = 1.0 if not it.headed else 0.0
        f["att:photo_item"] = 1.0 if it.photo else 0.0
        # Contents lines (`题目……作者`) go with contents, not into a story.
        toc_run = own.toc
        f["att:toc_both"] = 1.0 if toc_run and it.toc else 0.0
        f["att:toc_into_story"] = 1.0 if toc_run and not it.toc else 0.0
        sections = it.sections
        f["att:sectioned"] = 1.0 if sections else 0.0
        f["att:news_item"] = 1.0 if it.news else 0.0
        if it.news and not heads:
            # A short dateline report rarely goes on about something else.
            f[f"att:news_sim{_sim_bucket(sim)}"] = 1.0
        f[f"att:item_paras{min(3, it.paragraphs // 3)}"] = 1.0
        here = own.provinces
        if here and it.title_provinces:
            f["att:same_province" if here & it.title_provinces else "att:other_province"] = 1.0
        # Places the run's first lines name that the item never did: another story's.
        named = own.places
        if named:
            f["att:new_places" if named - it.places else "att:known_places"] = 1.0
        if heads:
            # A headline says what follows it and not what went before; a section head is about both.
            shift = own.heads_on_body - self.similarity(heads, it.lines) if body else 0.0
            f[f"att:shift{sum(shift >= e for e in (-0.05, 0.0, 0.05, 0.1, 0.2))}"] = 1.0
            if sections:
                sibling = any(_same_shape(heads[0].text, h.text) for h in sections)
                f["att:sibling" if sibling else "att:unlike_sections"] = 1.0
            if recency == 0 and f.get("att:news_item"):
                f["att:heads_after_news"] = 1.0
        return {k: v for k, v in f.items() if v}

    def _run_facts(self, run: Run) -> _RunFacts:
        facts = self._run_facts_of.get(id(run))
        if facts is None:
            heads, body = run.heads, run.body
            head = body[0].text if body else ""
            facts = self._run_facts_of[id(run)] = _RunFacts(
                mid=bool(head) and P.starts_mid_sentence(head),
                dateline=bool(head and P.DATELINE.match(head)),
                toc=_has_toc(run.lines),
                provinces=provinces(run.lines[0].text),
                places=self.places(run.lines[:3]),
                heads_on_body=self.similarity(heads, body[:3]) if heads and body else 0.0,
            )
        return facts

    def _item_facts(self, item: Item) -> "_ItemFacts":
        """What the linker asks of an item, once for each state of it: an item only grows, run by
        run, while the page is linked (a tenth of the cutting time)."""
        key = (id(item), len(item.runs))
        facts = self._items.get(key)
        if facts is None:
            body, lines = item.body, item.lines
            facts = self._items[key] = _ItemFacts(
                lines=lines,
                tail=body[-1].text if body else "",
                ended=_ended(item),
                headed=item.headed(),
                photo=any(P.is_photo_credit(line.text) for line in body),
                toc=_has_toc(lines),
                sections=[h for k, r in enumerate(item.runs) if k for h in r.heads],
                news=bool(body and P.DATELINE.match(body[0].text)),
                paragraphs=len(body),
                title_provinces=provinces(item.title_text()),
                places=self.places(lines),
            )
        return facts

    def _take(self, run: Run, title: Item, prefix: str) -> dict[str, float]:
        f = self._run_features(run, prefix)
        f[prefix + "bias"] = 1.0
        heads = [line for r in title.runs for line in r.heads]
        f[f"{prefix}sim{_sim_bucket(self.similarity(heads, run.lines))}"] = 1.0
        f[f"{prefix}gap{_gap_bucket(run.index - title.last_run.end)}"] = 1.0
        return f


def _same_shape(a: str, b: str) -> bool:
    """Two headings of one form: about as long, with the same punctuation at the same places."""
    def marks(t: str) -> list[tuple[int, str]]:
        return [(k * 4 // max(1, len(t)), c) for k, c in enumerate(t) if c in " ，,、：:“”"]
    return abs(len(a) - len(b)) <= 2 and marks(a) == marks(b)


def _sibling_counts(runs: list[Run]) -> dict[int, int]:
    """For each run opening with a heading over body text, how many other such runs of the page
    open with a heading of the same shape: the section heads of one long story come in a set."""
    headed = [r for r in runs if r.heads and r.body and not P.DATELINE.match(r.body[0].text)]
    return {id(r): sum(o is not r and _same_shape(r.heads[0].text, o.heads[0].text) for o in headed)
            for r in headed}


def _has_toc(lines: list[Line]) -> bool:
    return any(P.is_contents_line(line.text) for line in lines)


def _ended(item: Item) -> bool:
    """The item's last line closes it: a credit, a photo credit, a jump line."""
    last = item.last_run.lines[-1].text
    return bool(P.is_credit_line(last) or P.trailing_credit(last) or P.JUMP_TAIL.search(last))


def _head_len_bucket(n: int) -> int:
    return sum(n > edge for edge in (4, 6, 8, 12, 18))


def _sim_bucket(sim: float) -> int:
    return sum(sim >= edge for edge in (0.02, 0.05, 0.1, 0.2, 0.35))


def _gap_bucket(gap: int) -> int:
    return sum(gap >= edge for edge in (1, 2, 4, 8, 16, 32)) if gap >= 0 else -1


def _cut_word_bucket(tail: str, head: str) -> int:
    """How strongly a dictionary word spans the break (0 none … 3 a common word)."""
    return min(3, math.ceil(cut_word_score(tail, head) * 3))


def cut_word_score(tail: str, head: str) -> float:
    """How strongly a dictionary word spans the break between ``tail`` and ``head`` (0–1).

    jieba's dictionary frequency of the word, on a log scale: 群众 ≈ 0.9, 群情 ≈ 0.4.
    """
    a, b = tail[-4:], head[:4]
    if not (a and b and P.is_cjk(a[-1]) and P.is_cjk(b[0])):
        return 0.0
    return _spanning_word_score(a, b)


@lru_cache(maxsize=4096)
def _spanning_word_score(a: str, b: str) -> float:
    from . import nlp

    pos = 0
    for token in nlp.tokenize(a + b):
        end = pos + len(token)
        if pos < len(a) < end:
            return min(1.0, math.log10(nlp.word_frequency(token) + 1) / 5)
        pos = end
    return 0.0


def link(runs: list[Run], linker: Linker, weights: dict[str, float]) -> list[Item]:
    """Link runs into items, left to right, taking the best-scored choice for each run.

    (A beam search keeping four ways of linking open scored the same, story F1 0.619 against
    0.618 in cross-validation, so the simple way stays.)
    """
    items: list[Item] = []
    pending: list[Item] = []  # runs of headings still waiting for their body
    for run in runs:
        choices = linker.options(run, items, pending)
        kind, target, _ = max(choices, key=lambda c: _score(c[2], weights))
        _apply(run, kind, target, items, pending)
    return items + [p for p in pending if p not in items]


# A headline and the story it heads share their words: a title and a headless story are paired
# when their topic similarity is at least this (see place_titles).
TITLE_MATCH = 0.1


def place_titles(items: list[Item], linker: Linker) -> None:
    """Give headlines printed away from their story to headless stories anywhere on the page.

    Candidates are the headings left without a body and the extra lines of a headline block that
    holds two stories' headlines (stacked over both bodies); each goes to the headless story it is
    closest to in topic, closer than to its own story, one headline a story (a global assignment).
    """
    _kickers(items, linker)
    headless = [i for i in items if i.body and not i.headed()
                and not any(P.is_photo_credit(line.text) for line in i.body)]
    if not headless:
        return
    spare: list[tuple[Item, Line, float]] = []  # (item, heading, its closeness to its own story)
    for item in items:
        if not item.body:
            spare += [(item, line, 0.0) for line in item.runs[0].heads if not P.is_credit_line(line.text)]
        elif item.headed() and not item.title:
            block = [line for line in item.runs[0].heads if not P.is_credit_line(line.text)
                     and not line.text.endswith(("——", "：", ":")) and not line.text.startswith("——")]
            if len(block) >= 2:
                own = item.body[:4]
                spare += [(item, line, linker.similarity([line], own)) for line in block]
    if not spare:
        return
    gain = [[linker.similarity([line], h.body[:4]) - own for h in headless] for _, line, own in spare]
    taken: set[int] = set()
    for r, c in best_assignment(gain):
        item, line, own = spare[r]
        if gain[r][c] + own < TITLE_MATCH or gain[r][c] <= 0 or id(item) in taken and item.body:
            continue
        if item.body:
            taken.add(id(item))  # a headline block gives away one line at most
        run = item.runs[0]
        k = run.lines.index(line)
        del run.lines[k], run.tags[k]
        headless[c].title = Run([line], ["H"], -1)


def best_assignment(gain: list[list[float]]) -> list[tuple[int, int]]:
    """The (row, column) pairs, one column a row and one row a column, of the greatest total gain.

    The Hungarian method (Kuhn–Munkres, O(n³)), for the handful of headlines and stories of a page;
    written here because importing scipy.optimize for it took 0.3 s, a sixth of a week's digest.
    """
    transpose = len(gain) > len(gain[0])
    cost = [list(col) for col in zip(*gain)] if transpose else [list(row) for row in gain]
    cost = [[-x for x in row] for row in cost]
    n, m = len(cost), len(cost[0])
    u, v, match, way = [0.0] * (n + 1), [0.0] * (m + 1), [0] * (m + 1), [0] * (m + 1)
    for i in range(1, n + 1):
        match[0], j0 = i, 0
        least, used = [math.inf] * (m + 1), [False] * (m + 1)
        while match[j0]:
            used[j0] = True
            i0, delta, j1 = match[j0], math.inf, 0
            for j in range(1, m + 1):
                if not used[j]:
                    reduced = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if reduced < least[j]:
                        least[j], way[j] = reduced, j0
                    if least[j] < delta:
                        delta, j1 = least[j], j
            for j in range(m + 1):
                if used[j]:
                    u[match[j]] += delta
                    v[j] -= delta
                else:
                    least[j] -= delta
            j0 = j1
        while j0:
            j1 = way[j0]
            match[j0], j0 = match[j1], j1
    pairs = [(match[j] - 1, j - 1) for j in range(1, m + 1) if match[j]]
    return sorted((c, r) if transpose else (r, c) for r, c in pairs)


def _kickers(items: list[Item], linker: Linker) -> None:
    """A heading left alone right over a story's headline, and about that story, is its kicker."""
    starts = {item.runs[0].index: item for item in items if item.body}
    for orphan in [i for i in items if not i.body]:
        story = starts.get(orphan.last_run.end)
        heads = [line for run in orphan.runs for line in run.lines]
        if story is not None and linker.similarity(heads, story.body[:4]) >= TITLE_MATCH:
            story.runs[:0] = orphan.runs
            orphan.runs = [Run([], [], -1)]


def _score(features: dict[str, float], weights: dict[str, float]) -> float:
    return sum(map(operator.mul, map(weights.get, features, itertools.repeat(0.0)), features.values()))


def _apply(run: Run, kind: str, target: Item | None, items: list[Item], pending: list[Item]) -> None:
    if kind in ("attach", "take"):
        target.runs.append(run)
        if target in pending and run.body:  # a headline block that now has its body
            pending.remove(target)
            items.append(target)
    elif run.body:
        items.append(Item([run]))
    else:
        pending.append(Item([run]))


# --- the page --------------------------------------------------------------------------------

class Cut(NamedTuple):
    """What a page gave: its articles, its lines that belong to none (with the reason), its repeats."""

    articles: list[Article]
    skipped: list[Skipped]
    repeats: tuple[tuple[int, int], ...]  # (line of a repeat, line of the copy kept)


def segment(page: Page) -> Cut:
    """The articles of a page in reading order, and the page lines that belong to none."""
    lay = layout(page.text)
    topics = PageTopics([line.text for line in lay.lines])
    runs, others = runs_of(lay.lines, tag(lay, topics))
    linker = Linker(lay.lines, topics, runs)
    items = link(runs, linker, _linker_weights())
    place_titles(items, linker)
    items = [i for i in items if i.runs[0].lines]
    skipped = _place_others(page, lay, others, items)
    articles = []
    # The first lines printed right under an image placeholder (a caption, unless it is a story's).
    under_image = {lay.lines[i + 1].number for i, line in enumerate(lay.lines[:-1]) if P.IMAGE.match(line.text)}
    for item in sorted((i for i in items if i.body), key=lambda i: i.runs[0].index):
        if any(ch.isalpha() for line in item.body for ch in line.text):
            first = min(line.number for line in item.lines)
            articles.append(_article(page, len(articles) + 1, item, first in under_image))
        else:
            skipped += [s for line in item.lines for s in _skip(page, "no text: only punctuation or numbers", line)]
    for item in items:
        if not item.body:
            skipped += [s for line in item.lines for s in _skip(page, "heading with no story text on this page", line)]
    for s in skipped:
        log.debug("%s: line %s: %s: %s", page.source, s.line, s.reason, s.item)
    return Cut(articles, skipped, lay.repeats)


def _place_others(page: Page, lay: Layout, others: list[int], items: list[Item]) -> list[Skipped]:
    """Column labels and jump lines go with the item of the line after them; the rest is skipped."""
    owner = {id(line): item for item in items if item.body for run in item.runs for line in run.lines}
    others_set = set(others)
    skipped = []
    for i in others:
        line = lay.lines[i]
        nxt = next((j for j in range(i + 1, len(lay.lines)) if j not in others_set), None)
        after = owner.get(id(lay.lines[nxt])) if nxt is not None else None
        if after is not None and P.is_column_label(line.text):
            after.labels.append(line)
        elif after is not None and P.MARKER.match(line.text) and not re.search(r"下转|转下|下接|转第", line.text):
            after.markers.append(line)
        else:
            skipped += _skip(page, _reason(line.text), line)
    return skipped


def _skip(page: Page, reason: str, line: Line) -> list[Skipped]:
    """The page line set aside, once for every line of the file it was put together from."""
    return [Skipped(page.source, reason, line.text, n) for n in line.numbers]


def _reason(text: str) -> str:
    if P.IMAGE.match(text):
        return "image placeholder"
    if P.is_column_label(text):
        return "column label"
    if P.MARKER.match(text):
        return "jump line"
    if P.FURNITURE.search(text):
        return "page furniture"
    if P.is_credit_line(text) or P.is_photo_credit(text):
        return "credit of no story on this page"
    return "not part of any story"


def account(page_text: str, cut: Cut) -> list[int]:
    """The lines of the page with text that are in no article, not skipped and no counted repeat."""
    placed = {n for a in cut.articles for n in a.lines} | {s.line for s in cut.skipped} | {n for n, _ in cut.repeats}
    return [n for n, raw in enumerate(page_text.split("\n"), 1) if clean_line(raw) and n not in placed]


# --- items to articles --------------------------------------------------------------------------

def _article(page: Page, position: int, item: Item, under_image: bool) -> Article:
    title_lines = list(item.title.heads) if item.title else []
    sections: list[str] = []
    credits: list[str] = []
    inner_heads: list[Line] = []
    in_title = not title_lines  # the headline block: the heads of the runs up to the first body
    for run in item.runs:
        if in_title:
            title_lines += run.heads
            in_title = not run.body
        else:
            inner_heads += run.heads
        seen_body = False
        for line, t in zip(run.lines, run.tags):
            if t in "Bb":
                seen_body = True
            elif seen_body:
                inner_heads.append(line)
    title_lines, credits0 = _split_credits(title_lines)
    credits += credits0
    for line in inner_heads:
        if P.is_credit_line(line.text) or P.DATELINE.match(line.text):
            credits.append(line.text)
        else:
            sections.append(line.text)
    paragraphs = _paragraphs(item.body)
    kicker, headline, deck = _headline_parts(title_lines)
    if headline is None and sections and P.looks_like_heading(sections[0]):
        headline = sections.pop(0)  # a headline printed after its story's first lines
    kind = _kind(item, paragraphs, headline, kicker + deck, under_image)
    generated = headline is None and kind not in ("photo", "notice", "toc")
    if generated:
        headline = generate_headline(paragraphs[0])
    lead = P.DATELINE.match(paragraphs[0])
    continuation = item.markers[0].text if item.markers else None
    truncated = bool(continuation) or kind not in ("photo", "notice", "toc") and (
        not P.ends_sentence(paragraphs[-1]) or P.starts_mid_sentence(paragraphs[0])
        or bool(P.JUMP_TAIL.search(paragraphs[-1])))
    numbers = sorted({n for run in ([item.title] if item.title else []) + item.runs
                      for line in run.lines for n in line.numbers}
                     | {n for line in item.labels + item.markers for n in line.numbers})
    return Article(
        id=f"{page.source.stem}-{f'p{page.part}-' if page.part else ''}{position:02d}",
        source=page.source,
        position=position,
        headline=headline or "",
        headline_generated=generated,
        subheadlines=tuple(kicker + deck + sections),
        byline=_byline(lead.group(0).strip() if lead else None, credits, paragraphs[-1]),
        kind=kind,
        paragraphs=tuple(paragraphs),
        page_date=page.date,
        date_source=page.date_source,
        paper=page.paper,
        page=page.number,
        truncated=truncated,
        continuation=continuation,
        column=P.label_name(item.labels[-1].text) if item.labels else None,
        lines=tuple(numbers),
    )


def _split_credits(heads: list[Line]) -> tuple[list[Line], list[str]]:
    """Heading lines that are bylines or credits (`■本报记者崔丽`) are not part of the headline."""
    titles = [h for h in heads if not (P.is_credit_line(h.text) or P.DATELINE.match(h.text))]
    return titles, [h.text for h in heads if h not in titles]


def _paragraphs(body: list[Line]) -> list[str]:
    """Body lines into paragraphs: a line that stops mid-sentence runs on into the next one."""
    out: list[str] = []
    for line in body:
        if out and not P.ends_sentence(out[-1]) and (
                P.starts_mid_sentence(line.text) or not P.DATELINE.match(line.text)
                and out[-1][-1:] not in "”）)》" and cut_word_score(out[-1], line.text) > 0):
            out[-1] += line.text
        else:
            out.append(line.text)
    return out


def _headline_parts(heads: list[Line]) -> tuple[list[str], str | None, list[str]]:
    """Split a headline block into kicker lines (引题), the main title and deck lines (副题): the
    title is the line the headline model scores highest (see :func:`title_features`)."""
    if not heads:
        return [], None, []
    weights = _headline_weights()
    options = title_features(heads)
    t = max(range(len(heads)), key=lambda i: _score(options[i], weights))
    texts = [h.text for h in heads]
    return texts[:t], texts[t], texts[t + 1:]


def title_features(heads: list[Line]) -> list[dict[str, float]]:
    """What speaks for each line of a headline block being its main title: where it stands, its
    length against the others, heading marks it alone has, the punctuation of kickers (`——`,
    `：` at the end) and decks (`——` at the start), a verb of saying or deciding ending a kicker
    (`…会议提出`)."""
    n = len(heads)
    lengths = [len(h.text) for h in heads]
    levels = [h.level for h in heads]
    out = []
    for i, h in enumerate(heads):
        t = h.text
        f = {
            f"pos{min(i, 3)}of{min(n, 4)}": True,
            f"len{_head_len_bucket(lengths[i])}": True,
            "longest": lengths[i] == max(lengths), "shortest": lengths[i] == min(lengths),
            "kicker_end": t.endswith(("——", "：", ":")),
            "deck_start": t.startswith("—"),
            "after_kicker": i > 0 and heads[i - 1].text.endswith(("——", "：", ":")),
            "before_deck": i + 1 < n and heads[i + 1].text.startswith("—"),
            "marked_alone": levels[i] > 0 and 0 in levels,
            "unmarked_among_marked": levels[i] == 0 and any(levels),
            "top_level": levels[i] > 0 and levels[i] == min(x for x in levels if x > 0) < max(levels),
            f"commas{min(2, len(re.findall(r'[，,、]', t)))}": True,
            "spaced": " " in t.strip(),
            "paren": t.startswith(("（", "(")),
            "quote": t.startswith("“"),
            "kicker_verb": t.endswith(P.KICKER_VERBS),
            "interview": t.startswith(("访", "记")),
            "image": bool(P.IMAGE.match(t)),
            "label": P.is_column_label(t),
            "sentence": P.ends_sentence(t),
            "opener": t.startswith(P.OPENERS),
        }
        out.append({k: 1.0 for k, v in f.items() if v})
    return out


def generate_headline(lead: str) -> str:
    """A title for an item printed without a headline: the lead's subject and predicate
    (:func:`digest.titles.make_title`), or its first clauses when it has no grammar to go by."""
    title = make_title(lead)
    if len(title) >= 4 and not title.startswith(P.NO_SUBJECT_START):
        return title
    # A word or two, or a phrase that opens with a preposition or a copula (`残疾人`, `在北京市东三环`,
    # `是我国…`): the lead's grammar was not what the title rule expects; its first clauses say more.
    clauses = _first_clauses(lead)
    return clauses if len(clauses) > len(title) else title


def _first_clauses(lead: str) -> str:
    text = P.DATELINE.sub("", lead, count=1).strip()
    text = re.sub(r"^[（(][^（）()]{0,16}[）)]", "", text)  # `（上接第一版）`: not the news
    text = re.split(r"(?<=[。！？；])", text, maxsplit=1)[0].rstrip("。！？；")
    clauses = re.split(r"(?<=[，,：:])", text)
    # A short opening clause is a time or a setting (`8月18日，`, `今年以来，`), not the news.
    while len(clauses) > 1 and len(clauses[0]) <= 8:
        clauses.pop(0)
    title = ""
    for clause in clauses:
        if title and len(title) + len(clause) > _GENERATED_HEADLINE_CHARS:
            break
        title += clause
    title = title.rstrip("，,：:")
    return title if len(title) <= _GENERATED_HEADLINE_CHARS else title[:_GENERATED_HEADLINE_CHARS] + "…"


def _byline(dateline: str | None, credits: list[str], last: str) -> str | None:
    if dateline and re.search(r"[（(]", dateline):
        return dateline
    if credits:
        return " ".join(credits)
    return P.trailing_credit(last) or dateline


# A photo item is a short caption with a photo credit or right under an image placeholder: on the
# labelled pages every item of at most 260 characters in one or two paragraphs with a credit is a
# photo (32 of 32), none longer is; of the 26 items that short printed right under an image on the
# 63 labelled pages, 25 are photos, the other a list's next point (`一是…`), and none opens with a
# dateline (a news report printed under its photo stays news).
_CAPTION_CHARS = 260


def _kind(item: Item, paragraphs: list[str], headline: str | None, decks: list[str], under_image: bool) -> str:
    text = "\n".join(paragraphs)
    label = P.label_name(item.labels[-1].text) if item.labels else None
    lines = [line for run in item.runs for line in run.lines]
    if P.NOTICE.search(paragraphs[-1]) and len(text) < 400:
        return "notice"
    if headline and P.TOC_HEAD.search(headline) or sum(bool(P.TOC_ITEM.search(p)) for p in paragraphs) > len(paragraphs) / 2:
        return "toc"
    if sum(line.markup == "table" for line in lines) > len(lines) / 2 or len(text) < 15 and not P.ends_sentence(text):
        return "other"  # a table, or a scrap of a line
    caption = under_image and not (P.DATELINE.match(paragraphs[0]) or P.ENUMERATION.match(paragraphs[0]))
    if len(text) <= _CAPTION_CHARS and len(paragraphs) <= 2 and (
            caption or any(P.is_photo_credit(line.text) for line in lines)):
        return "photo"
    if label in P.COMMENTARY_LABELS or any(P.COMMENTARY_WORDS.search(h) for h in decks) \
            or any(P.FIRST_PERSON.search(p) for p in paragraphs):
        return "commentary"
    if label in P.FEATURE_LABELS or any(P.FEATURE_WORDS.search(h) for h in decks):
        return "feature"
    if P.DATELINE.match(paragraphs[0]):
        return "news"
    if paragraphs[0].startswith("“") or len(paragraphs) >= 8:
        return "feature"
    return "news"
