"""Turn a page's lines into blocks: paragraphs rejoined, repeats dropped, each with a role.

Extraction breaks paragraphs mid-sentence (a blank line, a column break, a column printed
elsewhere on the page) and repeats paragraphs. Here every non-blank line gets a role
(``body``, ``heading``, ``label``, ``credit``, ``marker``, ``toc``); body lines that stop
mid-sentence are rejoined with their continuation when the evidence is strong; and repeated
paragraphs, near-duplicates included, are dropped, keeping the copy that sits in place.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from . import patterns as P
from .normalize import clean_line, is_markdown_heading
from .similarity import Topics, containment, shingles


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph or a stand-alone line of a page, in file order."""

    text: str
    role: str  # body | heading | label | credit | marker | toc
    lines: tuple[int, ...]  # 1-based line numbers of its pieces, in reading order
    markdown_heading: bool = False
    blank_before: bool = True

    @property
    def first_line(self) -> int:
        return self.lines[0]


def layout(text: str) -> list[Block]:
    """Cut a page's text into role-tagged blocks in file order."""
    blocks = _lines(text)
    blocks = _rejoin(blocks)
    return _drop_repeats(blocks)


def _lines(text: str) -> list[Block]:
    blocks: list[Block] = []
    blank = True
    for number, raw in enumerate(text.split("\n"), 1):
        line = clean_line(raw)
        if not _WORDS.search(line):  # blank, or only punctuation and numbers (page numbers, rules)
            blank = True
            continue
        heading = is_markdown_heading(raw)
        blocks.append(Block(line, role_of(line, heading), (number,), heading, blank))
        blank = False
    return blocks


def role_of(text: str, markdown_heading: bool = False) -> str:
    """The role a line plays on the page, judged from the line alone."""
    if P.MARKER.match(text):
        return "marker"
    if P.is_column_label(text):
        return "label"
    if P.STANDALONE_CREDIT.match(text):
        return "credit"
    if P.TOC_HEAD.search(text) or P.TOC_ITEM.search(text):
        return "toc"
    if markdown_heading or P.looks_like_heading(text):
        return "heading"
    return "body"


# --- rejoining paragraphs broken mid-sentence -------------------------------------------------

# Scores of the evidence that line B continues line A (A stops mid-sentence). A line break with
# no blank line is a wrapped line; the next body line is the usual continuation; a word cut in
# two by the break (`群` / `众的咨询`) is evidence even across the page, weighted by how common
# the word is (jieba's dictionary frequency, on a log scale: 群众 ≈ 0.9, 群情 ≈ 0.4).
_WORDS = re.compile(r"[^\W\d_]")  # a letter of any script: a line in Russian or Arabic is text too
_SAME_BLOCK, _NEXT, _ACROSS_HEADING, _MIN_WORD = 3.0, 0.3, 0.2, 0.25
# A sentence resumed across a heading must stay on its subject (TF-IDF cosine of bigrams; the
# sample pages give 0.2 and more for a real resumption, under 0.03 for a caption that follows).
_ACROSS_HEADING_TOPIC = 0.08
# How far apart on a page a piece and its continuation may lie, in blocks: a printed page has a
# few dozen paragraphs, and the farthest pair on the sample pages is 12 apart.
_REACH = 60


def _rejoin(blocks: list[Block]) -> list[Block]:
    topics = Topics(b.text for b in blocks if b.role == "body")
    pairs: list[tuple[float, int, int]] = []
    for i, a in enumerate(blocks):
        if not _is_fragment(a):
            continue
        for j in range(max(0, i - _REACH), min(len(blocks), i + _REACH + 1)):
            b = blocks[j]
            if j != i and b.role in ("body", "heading"):
                score = _continuation_score(blocks, i, j, topics)
                if score > 0:
                    pairs.append((score, i, j))
    # Greedy on the strongest evidence first; each line continues one line at most.
    nxt: dict[int, int] = {}
    taken: set[int] = set()
    for score, i, j in sorted(pairs, key=lambda p: (-p[0], abs(p[2] - p[1]), p[1])):
        if i in nxt or j in taken or _reaches(nxt, j, i):
            continue
        nxt[i] = j
        taken.add(j)
    out: list[Block] = []
    for i, block in enumerate(blocks):
        if i in taken:
            continue
        while i in nxt:
            j = nxt[i]
            if j == i + 2 and blocks[i + 1].role == "heading":
                # A headline printed inside the sentence it interrupts goes before that paragraph.
                out.append(blocks[i + 1])
                taken.add(i + 1)
            block = replace(block, text=block.text + blocks[j].text, lines=block.lines + blocks[j].lines)
            i = j
        out.append(replace(block, role=role_of(block.text, block.markdown_heading)))
    for k, block in enumerate(out[:-1]):
        if _is_fragment(block) and out[k + 1].role == "heading" and P.could_be_kicker(block.text):
            out[k] = replace(block, role="heading")  # a long kicker over a headline
    return out


def _reaches(nxt: dict[int, int], start: int, target: int) -> bool:
    while start in nxt:
        start = nxt[start]
        if start == target:
            return True
    return start == target


def _is_fragment(block: Block) -> bool:
    return block.role == "body" and not P.ends_sentence(block.text)


def _continuation_score(blocks: list[Block], i: int, j: int, topics: Topics) -> float:
    a, b = blocks[i], blocks[j]
    if P.DATELINE.match(b.text):
        return 0.0
    word = _cut_word_score(a.text, b.text)
    if j == i + 1 and not b.blank_before and (
            b.role == "body" or role_of(a.text + b.text) == "heading"):  # a kicker wrapped in two
        return _SAME_BLOCK + word
    if b.role != "body":
        return 0.0
    if j == i + 1:
        return _NEXT + word
    if j == i + 2 and blocks[i + 1].role == "heading" and \
            topics.similarity(a.text, b.text) >= _ACROSS_HEADING_TOPIC:
        return _ACROSS_HEADING + word
    return word if word >= _MIN_WORD else 0.0


def _cut_word_score(tail: str, head: str) -> float:
    """How strongly a dictionary word spans the break between ``tail`` and ``head``."""
    from . import nlp

    a, b = tail[-4:], head[:4]
    if not (a and b and P.is_cjk(a[-1]) and P.is_cjk(b[0])):
        return 0.0
    pos = 0
    for token in nlp.tokenize(a + b):
        end = pos + len(token)
        if pos < len(a) < end:
            return min(1.0, math.log10(nlp.word_frequency(token) + 1) / 5)
        pos = end
    return 0.0


# --- repeated paragraphs -----------------------------------------------------------------------

# Two paragraphs are copies when nearly all the character trigrams of the shorter one occur in
# the longer one: a repeat with a clause missing or a few characters changed scores above 0.8,
# two different paragraphs on the same subject below 0.5 (measured on the sample pages).
_COPY_CONTAINMENT = 0.8
_MIN_COPY_CHARS = 10


def _drop_repeats(blocks: list[Block]) -> list[Block]:
    grams = [shingles(b.text) if len(b.text) >= _MIN_COPY_CHARS and b.role in ("body", "toc", "heading")
             else None for b in blocks]
    groups: list[list[int]] = []
    for i, g in enumerate(grams):
        if g is None:
            continue
        for group in groups:
            k = group[0]
            # A heading repeats a heading, not the body text that quotes its words.
            same_kind = (blocks[i].role == "heading") == (blocks[k].role == "heading")
            if same_kind and containment(g, grams[k]) >= _COPY_CONTAINMENT:
                group.append(i)
                break
        else:
            groups.append([i])
    copies = {i for group in groups if len(group) > 1 for i in group}
    drop = set()
    for group in groups:
        if len(group) > 1:
            keep = max(group, key=lambda i: (_fits_in_place(blocks, grams, i, copies),
                                             len(blocks[i].text), -i))
            drop.update(i for i in group if i != keep)
    return [b for i, b in enumerate(blocks) if i not in drop]


def _fits_in_place(blocks: list[Block], grams: list, i: int, copies: set[int]) -> float:
    """How well a copy fits its nearest neighbours that are not copies themselves."""
    score = 0.0
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(blocks) and (j in copies or grams[j] is None):
            j += step
        if 0 <= j < len(blocks) and grams[j] is not None:
            score += containment(grams[i], grams[j])
    return round(score, 2)
