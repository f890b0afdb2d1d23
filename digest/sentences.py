"""Chinese sentence splitting that keeps every character of the text.

A sentence ends at ``。！？；…`` (and ``!?`` in mixed text) and keeps its terminator together with
any closing quotes and brackets that follow it (``。”``, ``！）``), so a brief can quote it as
printed. A line break ends a sentence too (a paragraph, a heading or a credit line never runs into
the next one). ``，``, ``：``, ``、`` and the ASCII ``.`` never end a sentence, so ``3.5%``,
``No.1`` and ``1.2万`` stay whole; text without a final stop gives a last sentence without one.
"""
from __future__ import annotations

import re

from . import patterns as P

# A run of terminators ("……", "？！", "。。") then the closers that belong to the sentence.
# ``》`` is not a closer: a title mark after a stop opens nothing and closes nothing.
_END = re.compile(rf"[{P.SENTENCE_END}；]+[{P.CLOSERS.replace('》', '')}\]]*")
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
        start = 0
        for m in _END.finditer(line):
            out.append(line[start:m.end()].strip(_SPACE))
            start = m.end()
        rest = line[start:].strip(_SPACE)
        if rest:
            out.append(rest)
    return out
