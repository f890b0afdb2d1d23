"""Keywords by TF-IDF over jieba tokens, with jieba's IDF table.

TF-IDF rather than a word graph: on news text the words a reader scans for (places, bodies,
programmes) are the rare ones, and jieba's IDF table (built from a large general corpus) says
which words are rare. Stop words, numbers and one-character words are left out.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from . import nlp

# A keyword is a word of at least two characters with a Chinese character or a letter in it.
_KEYWORD = re.compile(r"^(?=.*[\u4e00-\u9fffA-Za-z])[\w\u00b7·]{2,}$")


@lru_cache(maxsize=1 << 16)
def _idf(token: str) -> tuple[str, float]:
    """The keyword form of a token and its IDF, or an IDF of 0 if it cannot be a keyword."""
    word = token.lower()
    if word in nlp.stopwords() or not _KEYWORD.match(word):
        return word, 0.0
    table, median = nlp.idf_table()
    return word, float(table[word]) if word in table else median


def keywords(texts: str | Iterable[str], top: int = 8) -> tuple[str, ...]:
    """The ``top`` keywords of a text, or of several texts taken together (a whole digest)."""
    if isinstance(texts, str):
        texts = [texts]
    return from_tokens((t for text in texts for t in nlp.tokenize(text)), top)


def from_tokens(tokens: Iterable[str], top: int = 8) -> tuple[str, ...]:
    """The ``top`` keywords of text already cut into tokens (by :func:`digest.nlp.tokenize`)."""
    score: dict[str, float] = {}
    for token, count in Counter(tokens).items():
        word, idf = _idf(token)
        if idf:
            score[word] = score.get(word, 0.0) + count * idf
    return tuple(sorted(score, key=lambda w: (-score[w], w))[:top])
