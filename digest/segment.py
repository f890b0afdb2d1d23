"""Cut a page into articles: headline, subheadlines, byline, kind and paragraphs of every item.

The page's blocks (:mod:`digest.layout`) are read in order. A story starts at a headline
followed by text, at a dateline (`本报讯（记者…）`), after a column label, or after the item
before it has ended (a trailing credit `□X`, a photo credit, a notice). A heading inside a
running story is a section head when its text is about the same thing as the story; a
paragraph about something else entirely after a dateline story starts a story of its own.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from . import patterns as P
from .layout import Block, layout
from .models import Article, Page, Skipped
from .similarity import Topics

log = logging.getLogger(__name__)

# Topic closeness (TF-IDF cosine of bigrams, see similarity.Topics) measured on the sample
# pages: a heading with the paragraphs after it scores 0.03–0.27 against the story it is a
# section head of, and 0.001–0.06 against a short dateline story it follows as a new story; a
# paragraph that starts a story without a headline scores under 0.03 against the one before.
_SECTION_OF_NEWS = 0.15
_SECTION_OF_FEATURE = 0.02
_SAME_TOPIC = 0.1
_OTHER_TOPIC = 0.04
_LOOKAHEAD = 3  # paragraphs read after a heading to judge what it belongs to
_MAX_CAPTION_PARAGRAPHS = 3
# An interrupted story resumed after a box scores 0.11–0.18 against its first part on the
# sample pages; unrelated stories after a box score 0.02–0.11.
_RESUMES_STORY = 0.12
_RESUMES_SECTION = 0.08
_GENERATED_HEADLINE_CHARS = 28

_COMMENTARY_LABELS = {"职工之声", "经验之谈", "短评", "时评", "评论", "言论", "来信", "读者来信", "声音",
                      "观察", "新闻观察", "工作研究", "理论探讨", "经验交流", "他山之石", "百姓话题"}
_FEATURE_LABELS = {"工会纪事", "新闻特写", "特写", "人物", "人物风采", "工匠风采", "劳模风采", "职工风采",
                   "一线风采", "身边事", "走基层"}
_FEATURE_WORDS = re.compile(r"纪实|特写|侧记|记事|故事|速写|见闻")
_FIRST_PERSON = re.compile(r"笔者|我认为|我们认为")


@dataclass
class _Draft:
    heads: list[Block] = field(default_factory=list)
    inner_heads: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    paragraphs: list[Block] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    label: str | None = None
    kind: str | None = None  # photo, toc or notice when known from the layout
    closed: bool = False  # no more text goes into it in page order
    ended: bool = False  # its end is printed (a credit, a caption's photo credit, a notice)
    continued: str | None = None
    after_box: bool = False  # printed right after a contents box or a photo

    @property
    def text(self) -> str:
        return "\n".join([h.text for h in self.heads] + [p.text for p in self.paragraphs])


def segment(page: Page) -> tuple[list[Article], list[Skipped]]:
    """The articles of a page in reading order, and the page text that belongs to none."""
    blocks = layout(page.text)
    cutter = _Cutter(blocks)
    cutter.run()
    articles = [_article(page, n, d) for n, d in enumerate(cutter.drafts, 1) if d.paragraphs]
    skipped = [Skipped(page.source, "heading with no story text on this page", h.text)
               for h in cutter.orphans]
    for s in skipped:
        log.warning("%s: %s: %s", page.source, s.reason, s.item)
    return articles, skipped


class _Cutter:
    def __init__(self, blocks: list[Block]):
        self.blocks = blocks
        self.topics = Topics(b.text for b in blocks if b.role in ("body", "heading"))
        self.drafts: list[_Draft] = []
        self.current: _Draft | None = None
        self.pending: list[Block] = []  # headings not yet given to a story
        self.before_label: list[Block] = []  # headings printed just above a column label
        self.pending_credits: list[str] = []
        self.label: str | None = None
        self.continued: str | None = None
        self.orphans: list[Block] = []
        # Only on a page that separates paragraphs by blank lines does a heading with no blank
        # line after it show that the extraction kept it attached to its paragraph.
        self.blank_lines = sum(b.blank_before for b in blocks) > len(blocks) / 2

    def run(self) -> None:
        for i, block in enumerate(self.blocks):
            getattr(self, "_on_" + block.role)(i, block)
        self._settle_before_label()
        self._resume_interrupted()
        if self.pending:
            if self.current and not self.current.heads and len(self.pending) == 1:
                self.current.heads = self.pending  # headline printed after its story
            else:
                self.orphans.extend(self.pending)

    # -- one handler per block role ---------------------------------------------------------

    def _on_marker(self, i: int, block: Block) -> None:
        if re.search(r"下转|转下|下接", block.text):
            if self.current:
                self.current.continued = block.text
        else:
            self.continued = block.text

    def _on_label(self, i: int, block: Block) -> None:
        self._close()
        self._settle_before_label()
        self.before_label, self.pending = self.pending, []
        self.label = P.label_name(block.text)

    def _on_heading(self, i: int, block: Block) -> None:
        self._settle_before_label()
        self.pending.append(block)

    def _on_credit(self, i: int, block: Block) -> None:
        if self.pending or not self.current:
            self.pending_credits.append(block.text)
            return
        if "摄" in block.text:
            self._split_photo()
        self.current.credits.append(block.text)
        self._end()

    def _on_toc(self, i: int, block: Block) -> None:
        toc = next((d for d in reversed(self.drafts) if d.kind == "toc"), None)
        if P.TOC_HEAD.search(block.text) or toc is None:
            self._close()
            toc = self._start(kind="toc")
            if P.TOC_HEAD.search(block.text):
                toc.heads = [block]
            else:
                toc.paragraphs.append(block)
        else:
            toc.paragraphs.extend(self.pending + [block])
            self.pending = []
        self.current = toc

    def _on_body(self, i: int, block: Block) -> None:
        text = block.text
        if self.before_label and not self.pending:
            self.pending, self.before_label = self.before_label, []  # label between head and text
        if P.NOTICE.search(text):
            self._close()
            self._start(kind="notice").paragraphs.append(block)
            self._end()
            return
        if P.DATELINE.match(text) or self._starts_new(i):
            self._close()
            self._start()
        elif self.pending:
            self._take_heads_as_sections()
        self.current.paragraphs.append(block)
        if P.TRAILING_PHOTO_CREDIT.search(text):
            self._split_photo()
            self._end()
        elif P.TRAILING_CREDIT.search(text):
            self._end()

    # -- decisions --------------------------------------------------------------------------

    def _starts_new(self, i: int) -> bool:
        cur = self.current
        if cur is None or cur.closed or cur.kind:
            return True
        if self.pending:
            return self._heads_start_story(i)
        # A dateline story on a page of short items ends where a paragraph about something else
        # begins, even with no headline printed (a story whose headline was lost in extraction).
        if cur.paragraphs and P.DATELINE.match(cur.paragraphs[0].text) and len(cur.paragraphs) >= 2:
            ahead = self._ahead(i + 1)
            here = self.topics.similarity(self.blocks[i].text, cur.text)
            return bool(ahead) and here < _OTHER_TOPIC and \
                self.topics.similarity(self.blocks[i].text, ahead) > here + _SAME_TOPIC
        return False

    def _heads_start_story(self, i: int) -> bool:
        """Whether the pending headings open a new story rather than a section of this one."""
        heads = self.pending
        if len(heads) > 1 or heads[0].text.endswith("——") or heads[0].text.startswith("——"):
            return True  # a kicker or deck: a full headline block
        if self._caption_ahead(i):
            return True  # a photo's title over its caption
        if self.blank_lines and not self.blocks[i].blank_before:
            return False  # the extraction kept the heading attached to its paragraph
        # Section heads belong to long features; short dateline items rarely have them.
        news = P.DATELINE.match(self.current.paragraphs[0].text) if self.current.paragraphs else None
        return self._similarity(i) < (_SECTION_OF_NEWS if news else _SECTION_OF_FEATURE)

    def _caption_ahead(self, i: int) -> bool:
        for block in self.blocks[i:i + _MAX_CAPTION_PARAGRAPHS + 1]:
            if block.role == "credit" and "摄" in block.text or \
                    block.role == "body" and P.TRAILING_PHOTO_CREDIT.search(block.text):
                return True
            if block.role != "body":
                return False
        return False

    def _similarity(self, i: int) -> float:
        new = "\n".join([h.text for h in self.pending] + [self.blocks[i].text, self._ahead(i + 1)])
        return self.topics.similarity(new, self.current.text)

    def _ahead(self, i: int) -> str:
        texts = []
        for block in self.blocks[i:]:
            if block.role == "heading":
                continue
            if block.role != "body" or len(texts) == _LOOKAHEAD or P.DATELINE.match(block.text):
                break
            texts.append(block.text)
        return "\n".join(texts)

    def _take_heads_as_sections(self) -> None:
        cur = self.current
        if not cur.heads and len(self.pending) == 1 and not cur.inner_heads:
            cur.inner_heads.append(self.pending[0].text)
        else:
            cur.sections.extend(h.text for h in self.pending)
        self.pending = []

    def _split_photo(self) -> None:
        """The paragraph just added carries a photo credit: make the caption an item of its own."""
        cur = self.current
        caption = [cur.paragraphs.pop()]
        while cur.paragraphs and len(caption) < _MAX_CAPTION_PARAGRAPHS:
            prev, rest = cur.paragraphs[-1], "\n".join(p.text for p in cur.paragraphs[:-1])
            if P.DATELINE.match(prev.text) or rest and (
                    self.topics.similarity(prev.text, caption[0].text) <= self.topics.similarity(prev.text, rest)):
                break
            caption.insert(0, cur.paragraphs.pop())
        if cur.paragraphs:
            self._close()
            cur = self._start()
        cur.paragraphs = caption
        cur.kind = "photo"

    def _resume_interrupted(self) -> None:
        """Text printed after an inserted box (contents, photo) that carries on an earlier story.

        A block with no dateline, no byline and at most a one-line heading, right after such a
        box, goes back to the open story it is closest to in topic, as a section of it; when it
        ends mid-sentence and that story begins mid-sentence, it is the story's beginning.
        """
        for k in range(len(self.drafts) - 1, 0, -1):
            d = self.drafts[k]
            if d.kind or d.credits or len(d.heads) > 1 or d.label or not d.paragraphs \
                    or not d.after_box or P.DATELINE.match(d.paragraphs[0].text):
                continue
            open_stories = [e for e in self.drafts[:k] if not e.kind and not e.ended and e.paragraphs]
            if not open_stories:
                continue
            e = max(open_stories, key=lambda e: self.topics.similarity(d.text, e.text))
            # A section head after the box, with a story of sections before it, is the stronger
            # sign, so it needs less topic evidence.
            sectioned = bool(d.heads and (e.sections or e.inner_heads))
            if self.topics.similarity(d.text, e.text) < (_RESUMES_SECTION if sectioned else _RESUMES_STORY):
                continue
            e.sections += [h.text for h in d.heads]
            first, last = e.paragraphs[0], d.paragraphs[-1]
            if not P.ends_sentence(last.text) and P.starts_mid_sentence(first.text):
                joined = Block(last.text + first.text, "body", last.lines + first.lines)
                e.paragraphs = d.paragraphs[:-1] + [joined] + e.paragraphs[1:]
            else:
                e.paragraphs += d.paragraphs
            del self.drafts[k]

    def _settle_before_label(self) -> None:
        """Headings above a label and not followed by text: the headline of the story before."""
        if not self.before_label:
            return
        prev = self.drafts[-1] if self.drafts else None
        if prev and not prev.heads and not prev.kind and len(self.before_label) == 1:
            prev.heads = self.before_label
        else:
            self.orphans.extend(self.before_label)
        self.before_label = []

    def _start(self, kind: str | None = None) -> _Draft:
        after_box = bool(self.current and self.current.kind in ("toc", "photo"))
        draft = _Draft(heads=self.pending, label=self.label, kind=kind, continued=self.continued,
                       after_box=after_box)
        draft.credits = self.pending_credits
        self.pending, self.pending_credits, self.continued = [], [], None
        self.drafts.append(draft)
        self.current = draft
        return draft

    def _close(self) -> None:
        if self.current:
            self.current.closed = True

    def _end(self) -> None:
        self._close()
        self.current.ended = True


# --- drafts to articles ----------------------------------------------------------------------

def _article(page: Page, position: int, d: _Draft) -> Article:
    paragraphs = [b.text for b in d.paragraphs]
    sections = list(d.sections)
    paragraphs, parallel = _split_parallel_heads(paragraphs)
    sections += parallel
    kicker, headline, deck = _headline_parts([h.text for h in d.heads])
    if headline is None and len(d.inner_heads) == 1:
        headline = d.inner_heads[0]
    else:
        sections = d.inner_heads + sections
    generated = headline is None and d.kind not in ("photo", "notice")
    if generated:
        headline = generate_headline(paragraphs[0])
    lead = P.DATELINE.match(paragraphs[0])
    truncated = bool(d.continued) or (d.kind is None and (
        not P.ends_sentence(paragraphs[-1]) or P.starts_mid_sentence(paragraphs[0])))
    return Article(
        id=f"{page.source.stem}-{f'p{page.part}-' if page.part else ''}{position:02d}",
        source=page.source,
        position=position,
        headline=headline or "",
        headline_generated=generated,
        subheadlines=tuple(kicker + deck + sections),
        byline=_byline(lead.group(0).strip() if lead else None, d.credits, paragraphs[-1]),
        kind=d.kind or _kind(d, paragraphs, kicker + deck, bool(lead)),
        paragraphs=tuple(paragraphs),
        page_date=page.date,
        date_source=page.date_source,
        paper=page.paper,
        truncated=truncated,
        continuation=d.continued,
    )


def _headline_parts(heads: list[str]) -> tuple[list[str], str | None, list[str]]:
    """Split a headline block into kicker lines (引题), the main title and deck lines (副题)."""
    if not heads:
        return [], None, []
    marked_kicker = [h.endswith("——") for h in heads]
    marked_deck = [h.startswith("——") for h in heads]
    titles = [i for i, h in enumerate(heads) if not marked_kicker[i] and not marked_deck[i]]
    if not titles:
        return [], heads[0], heads[1:]
    if len(titles) == 1:
        t = titles[0]
    else:
        # Of several unmarked lines the title is the one without a comma, preferring the
        # middle of three and the second of two (a kicker is printed above the title).
        def rank(i):
            commas = len(re.findall(r"[，,、]", heads[i]))
            return (commas, abs(i - (len(heads) - 1) / 2) if len(heads) > 2 else -i)
        t = min(titles, key=rank)
    return heads[:t], heads[t], heads[t + 1:]


def _split_parallel_heads(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """One-sentence lines that open alike (`建立货车司机工会,是…。` ×3) are section heads."""
    short = [p for p in paragraphs if len(p) <= 30 and re.fullmatch(r"[^。！？]+[。！？]", p)]
    heads = {p for p in short for q in short if p != q and p[:5] == q[:5]}
    return [p for p in paragraphs if p not in heads], [p for p in paragraphs if p in heads]


def generate_headline(lead: str) -> str:
    """A title made from the lead's first clauses, for an item printed without a headline."""
    text = P.DATELINE.sub("", lead, count=1).strip()
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
    trailing = P.TRAILING_CREDIT.search(last) or P.TRAILING_PHOTO_CREDIT.search(last)
    if dateline and re.search(r"[（(]", dateline):
        return dateline
    if credits:
        return " ".join(credits)
    if trailing:
        return trailing.group(0).strip()
    return dateline


def _kind(d: _Draft, paragraphs: list[str], decks: list[str], dateline: bool) -> str:
    if d.label in _COMMENTARY_LABELS or any(_FIRST_PERSON.search(p) for p in paragraphs):
        return "commentary"
    if d.label in _FEATURE_LABELS or any(_FEATURE_WORDS.search(h) for h in decks):
        return "feature"
    if dateline:
        return "news"
    if paragraphs[0].startswith("“") or (d.credits and len(paragraphs) >= 6):
        return "feature"  # a quotation lead, or a long signed piece without a dateline
    return "news"
