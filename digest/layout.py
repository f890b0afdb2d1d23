"""Turn a page's text into lines the cutter reads: cleaned, unwrapped, repeats set aside.

Each non-blank line of the page becomes a :class:`Line` with what the extraction says about it
(a Markdown heading mark, indentation, blank lines around it). A page hard-wrapped into narrow
columns is first put back into paragraphs. Repeated paragraphs (a caption printed eighteen times,
a copy with its opening clause missing or a few characters misread, an OCR loop) are set aside,
keeping the copy that sits among its own story; every line set aside is counted with the line it
repeats, so nothing leaves the page unaccounted for. Lines are never joined across a blank line
here: which pieces belong together is the cutter's decision (:mod:`digest.segment`).
"""
from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass

from . import patterns as P
from .normalize import clean_line, markdown_level, markup
from .similarity import shared_trigrams


@dataclass(frozen=True, slots=True)
class Line:
    """A line of the page (a paragraph, a heading, a credit…), as the extraction left it."""

    text: str
    numbers: tuple[int, ...]  # 1-based numbers of the page lines it was made of
    level: int = 0  # Markdown heading level (`# …` is 1), 0 for none
    indent: bool = False  # the extraction kept a paragraph indent
    blank_before: bool = True
    blank_after: bool = True
    markup: str | None = None  # center (a caption) or table, when the extraction wrapped it in HTML

    @property
    def number(self) -> int:
        return self.numbers[0]


@dataclass(frozen=True, slots=True)
class Layout:
    """A page's lines in file order, and the lines set aside as repeats of others."""

    lines: tuple[Line, ...]
    repeats: tuple[tuple[int, int], ...]  # (line number of a repeat, line number of the copy kept)
    blank_lines: bool  # the page separates paragraphs by blank lines


def layout(text: str) -> Layout:
    """The lines of a page's text, unwrapped, with repeats set aside."""
    lines = _lines(text)
    blank_lines = sum(line.blank_before for line in lines) > len(lines) / 2
    lines = _unwrap(lines)
    lines, repeats = _set_aside_repeats(lines)
    return Layout(tuple(lines), tuple(repeats), blank_lines)


def _lines(text: str) -> list[Line]:
    raw_lines = text.split("\n")
    out: list[Line] = []
    blank = True
    for number, raw in enumerate(raw_lines, 1):
        line = clean_line(raw)
        if not line:
            blank = True
            if out and not out[-1].blank_after:
                out[-1] = _replace(out[-1], blank_after=True)
            continue
        indent = raw[:1] in ("\u3000", " ", "\t") and not raw.lstrip().startswith("#")
        out.append(Line(line, (number,), markdown_level(raw), indent, blank, False, markup(raw)))
        blank = False
    if out:
        out[-1] = _replace(out[-1], blank_after=True)
    return out


def _replace(line: Line, **changes) -> Line:
    values = {f: getattr(line, f) for f in Line.__slots__}
    values.update(changes)
    return Line(**values)


# --- hard-wrapped columns ------------------------------------------------------------------------

# A page is hard-wrapped when many of its lines have the same visual width: a third of the lines
# of 8 or more characters within one character of the commonest width (narrow-column PDF text
# has over 60%; paragraph-per-line pages under 10%, measured on the sample and real OCR pages).
_WRAPPED_SHARE = 0.33
_MIN_WRAP, _MAX_WRAP = 8, 40


_NARROW = re.compile(r"[\x00-\u1fff]")


def width(text: str) -> float:
    """Visual width: a Chinese character or full-width sign counts one, an ASCII character half."""
    return len(text) - 0.5 * len(_NARROW.findall(text))


def _unwrap(lines: list[Line]) -> list[Line]:
    """Rejoin the lines of a hard-wrapped page into paragraphs: a full line runs on into the next."""
    widths = [round(width(line.text)) for line in lines if len(line.text) >= _MIN_WRAP]
    if len(widths) < 10:
        return lines
    common, _ = Counter(widths).most_common(1)[0]
    near = sum(abs(w - common) <= 1 for w in widths)
    if not (_MIN_WRAP <= common <= _MAX_WRAP and near >= _WRAPPED_SHARE * len(widths)):
        return lines
    indented = sum(line.indent for line in lines) > len(lines) / 10
    out: list[Line] = []
    last_width = 0.0  # of the last page line of the paragraph being rebuilt
    for line in lines:
        prev = out[-1] if out else None
        if (prev is not None and not line.blank_before and prev.level == line.level
                and last_width >= common - 1.5 and not (indented and line.indent)
                and not P.ends_sentence(prev.text)):
            out[-1] = _replace(prev, text=prev.text + line.text, numbers=prev.numbers + line.numbers,
                               blank_after=line.blank_after)
        else:
            out.append(line)
        last_width = width(line.text)
    return out


# --- repeated paragraphs -------------------------------------------------------------------------

# A copy shares nearly all its character trigrams with the paragraph it repeats (containment
# 0.8 and over for a copy with a clause missing or a few characters misread; under 0.5 for two
# paragraphs on the same subject, measured on the sample pages). Only then is the text aligned:
# a repeat matches 90% of the shorter text in order, in whole or as a cut-off part, and changes
# no number. Paragraphs that differ in a number (`第12届`/`第8届`) or in a name are different
# news, however alike (a column of short reports repeats one formula).
_CANDIDATE_CONTAINMENT = 0.8
_COPY_MATCH = 0.9
_SAME_LENGTH = 0.8
_SHORT = 40  # a short line must match all but two characters
_MIN_COPY_CHARS = 8


def is_repeat(a: str, b: str) -> bool:
    """Whether one of two paragraphs repeats the other: a copy, a few characters changed, or cut off.

    A copy is about as long as what it repeats, or a part cut off at its end; a headline quoted
    inside a paragraph, or a display box restating two paragraphs, is none.
    """
    x, y = P.NOT_TEXT.sub("", a), P.NOT_TEXT.sub("", b)
    if len(x) > len(y):
        x, y = y, x
    if len(x) < _MIN_COPY_CHARS or x == y:
        return x == y and bool(x)
    cut_off = len(x) < _SAME_LENGTH * len(y)
    if cut_off:
        # Only a copy cut off at its end may be much shorter (the last of many printed captions):
        # it matches the start of the longer text.
        y = y[:len(x) + 2]
    ops = difflib.SequenceMatcher(None, x, y, autojunk=False).get_opcodes()
    if cut_off and ops[-1][0] == "insert":
        ops.pop()
    changes = [(x[i1:i2], y[j1:j2]) for tag, i1, i2, j1, j2 in ops if tag != "equal"]
    changed = sum(max(len(p), len(q)) for p, q in changes)
    allowed = (1 - _COPY_MATCH) * len(x) if len(x) >= _SHORT else 2
    return changed <= allowed and not any(
        re.search(r"\d", p + q) or (len(p) >= 2 and len(q) >= 2)  # a number or a name changed
        for p, q in changes)


def _set_aside_repeats(lines: list[Line]) -> tuple[list[Line], list[tuple[int, int]]]:
    import numpy as np

    sizes, shared = shared_trigrams([line.text for line in lines])
    with np.errstate(divide="ignore", invalid="ignore"):  # lines with no trigram are not compared
        contained = (shared / np.minimum.outer(sizes, sizes)).tolist()  # containment of every two lines
    long_enough = [len(P.NOT_TEXT.sub("", line.text)) >= _MIN_COPY_CHARS for line in lines]
    groups: dict[int, list[int]] = {}  # by first line, in the order they began
    for i in (i for i, ok in enumerate(long_enough) if ok):
        row = contained[i]
        group = next((groups[k] for k in groups if row[k] >= _CANDIDATE_CONTAINMENT
                      and is_repeat(lines[i].text, lines[k].text)), None)
        if group is None:
            groups[i] = [i]
        else:
            group.append(i)
    copies = {i for group in groups.values() if len(group) > 1 for i in group}
    repeats: list[tuple[int, int]] = []
    drop: set[int] = set()
    for group in groups.values():
        if len(group) > 1:
            keep = max(group, key=lambda i: (_fits_in_place(contained, long_enough, i, copies),
                                             len(lines[i].text), -i))
            for i in group:
                if i != keep:
                    drop.add(i)
                    repeats += [(n, lines[keep].number) for n in lines[i].numbers]
    return [line for i, line in enumerate(lines) if i not in drop], sorted(repeats)


def _fits_in_place(contained: list[list[float]], long_enough: list[bool], i: int, copies: set[int]) -> float:
    """How well a copy fits its nearest neighbours that are not copies themselves."""
    score = 0.0
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(long_enough) and (j in copies or not long_enough[j]):
            j += step
        if 0 <= j < len(long_enough):
            score += contained[i][j]
    return round(score, 2)
