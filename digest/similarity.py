"""Character n-gram measures: copies of a paragraph, and how close two passages are in topic.

Character n-grams need no tokenizer and separate a reprinted paragraph from a different one on
the same subject well (Chinese words are mostly one or two characters long).
"""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

_NOT_TEXT = re.compile(r"[^0-9A-Za-z\u3400-\u9fff]+")
_CACHE_SIZE = 4096


def shingles(text: str, n: int = 3) -> frozenset[str]:
    """The set of character n-grams of the letters, digits and CJK characters of ``text``."""
    s = _NOT_TEXT.sub("", text)
    return frozenset(s[i:i + n] for i in range(max(1, len(s) - n + 1))) if s else frozenset()


def containment(a: frozenset[str], b: frozenset[str]) -> float:
    """Share of the smaller set found in the other: 1.0 when one text repeats the other."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


class Topics:
    """TF-IDF cosine of character bigrams, with document frequencies taken from one page.

    Bigrams every story of a union page shares (工会, 职工) weigh little; names and places
    (科左后旗, 托格拉克村) weigh much, so a paragraph is close to the story it belongs to. A passage
    is a string or a sequence of lines; the weights of each line are computed once.
    """

    def __init__(self, texts):
        self._df = Counter()
        n = 0
        for text in texts:
            n += 1
            self._df.update(set(self._grams(text)))
        self._n = max(n, 1)
        self._cache: dict[str, dict[str, float]] = {}

    @staticmethod
    def _grams(text: str) -> list[str]:
        s = _NOT_TEXT.sub("", text)
        return [s[i:i + 2] for i in range(len(s) - 1)]

    def weights(self, text: str) -> dict[str, float]:
        """The text's TF-IDF bigram weights (cached: lines recur in a page's decisions)."""
        w = self._cache.get(text)
        if w is None:
            w = {g: c * math.log(1 + self._n / (1 + self._df[g])) for g, c in Counter(self._grams(text)).items()}
            if len(self._cache) > _CACHE_SIZE:
                self._cache.clear()
            self._cache[text] = w
        return w

    def vector(self, text: str, cache: bool = True) -> dict[str, float]:
        """The text's weights scaled to length 1."""
        if cache:
            w = self.weights(text)
        else:
            w = {g: c * math.log(1 + self._n / (1 + self._df[g])) for g, c in Counter(self._grams(text)).items()}
        norm = math.sqrt(sum(x * x for x in w.values()))
        return {g: x / norm for g, x in w.items()} if norm else {}

    def _passage(self, passage: str | Sequence[str]) -> dict[str, float]:
        if isinstance(passage, str):
            return self.weights(passage)
        out: dict[str, float] = {}
        for line in passage:
            for g, w in self.weights(line).items():
                out[g] = out.get(g, 0.0) + w
        return out

    def similarity(self, a: str | Sequence[str], b: str | Sequence[str]) -> float:
        """Cosine similarity in [0, 1] of two passages' weighted bigram vectors."""
        va, vb = self._passage(a), self._passage(b)
        norm = math.sqrt(sum(w * w for w in va.values()) * sum(w * w for w in vb.values()))
        return dot(va, vb) / norm if norm else 0.0


def dot(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(g, 0.0) for g, w in a.items())
