"""Chinese sentence splitting that keeps every character of the text, and passages that stand alone.

A sentence ends at ``。！？…`` (and ``!?`` in mixed text) and keeps its terminator together with
any closing quotes and brackets that follow it (``。”``, ``！）``), so a brief can quote it as
printed. A line break ends a sentence too (a paragraph, a heading or a credit line never runs into
the next one). ``；`` joins the clauses of one sentence (GB/T 15834-2011 4.5), so it does not end
one: :func:`split_clauses` cuts there when a sentence must be shortened. ``，``, ``：``, ``、``
and the ASCII ``.`` never end a sentence, so ``3.5%``, ``No.1`` and ``1.2万`` stay whole; text
without a final stop gives a last sentence without one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import patterns as P

_CLOSERS = P.CLOSERS.replace("》", "") + r"\]"  # a title mark after a stop closes nothing
# A run of terminators ("……", "？！", "。。") then the closers that belong to the sentence.
_END = re.compile(rf"[{P.SENTENCE_END}]+[{_CLOSERS}]*")
_CLAUSE_END = re.compile(rf"[{P.CLAUSE_END}]+[{_CLOSERS}]*")
# Punctuation that cannot open a sentence: closers, stops and separators.
_LEAD = re.compile(r"[”’」』）】〕)\]》。！？；…!?，、：,:;]*")
_SPACE = " \t\r\f\v\u3000\u00a0\u2002\u2003\u2009\ufeff"


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text`` in order, each stripped of surrounding whitespace.

    Lines are split independently. Closing punctuation that starts a line (a ``”`` or ``。`` cut
    off by a line break) is given back to the sentence before it, so no sentence starts with it.
    """
    out: list[str] = []
    for line in text.split("\n"):
        line = line.strip(_SPACE)
        lead = _LEAD.match(line).end()
        if lead:
            if out:
                out[-1] += line[:lead]
            line = line[lead:].lstrip(_SPACE)
        out += _split(line, _END)
    return out


def split_clauses(sentence: str) -> list[str]:
    """The clauses of one sentence, cut after each ``；``."""
    return _split(sentence, _CLAUSE_END)


def _split(line: str, end: re.Pattern) -> list[str]:
    out, start = [], 0
    for m in end.finditer(line):
        out.append(line[start:m.end()].strip(_SPACE))
        start = m.end()
    rest = line[start:].strip(_SPACE)
    return out + [rest] if rest else out


@dataclass(frozen=True, slots=True)
class Passage:
    """One or more sentences of a paragraph that a brief takes or leaves together."""

    text: str
    paragraph: int  # index of its paragraph
    balanced: bool = True  # its quotation marks pair up
    runs_on: bool = False  # it opens its paragraph with the next point of a list
    quote_tail: bool = False  # only says who spoke the quotation just before it (`王合介绍时说。`)


def passages(paragraphs: list[str]) -> list[Passage]:
    """The sentences of ``paragraphs`` as passages, in order.

    A quotation that runs over several sentences (``他说：“…。…。”``) is one passage: half of it
    cannot be read alone. A paragraph whose quotation never closes (an OCR misreading, a quotation
    running on into the next paragraph) gives passages that are not ``balanced``. The tail of a
    quotation (``“…。”王合介绍时说。``) is a passage of its own, marked, to be printed with it. A
    paragraph after one that ends in ``；`` opens with the next point of a list: it ``runs_on``.
    """
    out: list[Passage] = []
    list_goes_on = False
    for k, paragraph in enumerate(paragraphs):
        group: list[str] = []
        depth = 0
        runs_on = list_goes_on
        for sentence in split_sentences(paragraph):
            group.append(sentence)
            depth += P.quote_depth(sentence)
            if depth > 0:
                continue
            text = "".join(group)
            tail = bool(out) and out[-1].text.endswith(("”", "”。")) and P.is_attribution(text)
            out.append(Passage(text, k, depth == 0, runs_on, tail))
            group, depth, runs_on = [], 0, False
        if group:
            out.append(Passage("".join(group), k, False, runs_on))
        list_goes_on = paragraph.rstrip(_SPACE + _CLOSERS).endswith(tuple(P.CLAUSE_END))
    return out
