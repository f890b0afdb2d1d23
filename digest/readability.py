"""Readability defects of a brief: what makes a sentence unreadable without its article.

A brief is read on its own, in an email, by someone who will not open the page; each of its
sentences must stand without the one before it. The defects, with the words of
:mod:`digest.patterns`:

- ``dangling``: it opens with an anaphor or connective (他们, 为此, 随后…) and the article's
  sentence just before it is not in the brief;
- ``attribution``: it is only the tail of a quotation (`王合介绍时说。`), the quotation left out;
- ``mid-list``: it starts right after a ``；`` of the article, a clause of a longer sentence;
- ``quotes``: the brief's quotation marks do not pair up;
- ``credit``: it holds a dateline, byline or photo credit;
- ``empty``: a story of 120 characters or more has no brief at all.

Used by ``python -m digest.evaluate`` to count them for every system, and by the tests.
"""
from __future__ import annotations

import re

from . import patterns as P

DEFECTS = ("dangling", "attribution", "mid-list", "quotes", "credit", "empty")
# A story shorter than this may fairly have no brief (a one-line notice); one longer has text
# enough for a sentence.
EMPTY_BRIEF_CHARS = 120
_SPACE = re.compile(r"\s+")


def defects(sentences: list[str] | tuple[str, ...], article: str) -> list[str]:
    """The defects of a brief made of ``sentences`` from ``article``, in :data:`DEFECTS` order."""
    body = _SPACE.sub("", article)
    if not sentences:
        return ["empty"] if len(body) >= EMPTY_BRIEF_CHARS else []
    found = set()
    if P.quote_depth("".join(sentences)):
        found.add("quotes")
    squashed = [_SPACE.sub("", s) for s in sentences]
    for text in squashed:
        at = body.find(text)
        before = body[:at] if at > 0 else ""
        after_brief = any(before.endswith(other) for other in squashed if other != text)
        if before and not after_brief and P.leans_back(text):
            found.add("dangling")
        if before.endswith(("”", "”。")) and P.is_attribution(text):
            found.add("attribution")
        if before.endswith(tuple(P.CLAUSE_END)):
            found.add("mid-list")
        if P.holds_credit(text):
            found.add("credit")
    return [d for d in DEFECTS if d in found]
