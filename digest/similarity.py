"""Character n-gram measures: copies of a paragraph, and how close two passages are in topic.

Character n-grams need no tokenizer and separate a reprinted paragraph from a different one on
the same subject well (Chinese words are mostly one or two characters long).
"""
from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from .patterns import NOT_TEXT as _NOT_TEXT


def shingles(text: str) -> frozenset[int | str]:
    """The character trigrams of the letters, digits and CJK characters of ``text``, each as one
    integer (:func:`_trigrams`: a set of them builds in half the time of a set of strings); a
    text shorter than a trigram is its one shingle."""
    import numpy as np

    s = _NOT_TEXT.sub("", text)
    if len(s) < 3:
        return frozenset({s} if s else ())
    return frozenset(_trigrams(np.frombuffer(s.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)).tolist())


def _trigrams(codes):
    """Every three consecutive code points as one integer, 21 bits each: exact, no hashing."""
    import numpy as np

    return codes[:-2] << np.uint64(42) | codes[1:-1] << np.uint64(21) | codes[2:]


def shared_trigrams(texts: Sequence[str]):
    """The trigram sets of ``texts`` compared all at once: (their sizes, the matrix of how many
    trigrams each two share); ``shared[i, j] / min(sizes[i], sizes[j])`` is the containment of
    :func:`shingles` for every pair of texts of three characters or more.

    In array steps over the whole page: every trigram of every text, sorted, and the texts that
    hold one trigram paired. A page of 66 paragraphs takes a fifth of the time that building and
    intersecting their sets took.
    """
    import numpy as np

    n = len(texts)
    codes, owner = _joined_codes(texts)
    within = owner[:-2] == owner[2:]  # no trigram spans two texts
    grams = _trigrams(codes.astype(np.uint64))[within]
    owner = owner[:-2][within]
    if not len(grams):
        return np.zeros(n, dtype=np.int64), np.zeros((n, n), dtype=np.int64)
    order = np.lexsort((owner, grams))  # by trigram, then by text
    grams, owner = grams[order], owner[order]
    first_of_text = np.r_[True, (grams[1:] != grams[:-1]) | (owner[1:] != owner[:-1])]
    grams, owner = grams[first_of_text], owner[first_of_text]
    # Each position pairs with the later positions of its trigram's run: that many pairs each.
    run_start = np.flatnonzero(np.r_[True, grams[1:] != grams[:-1]])
    run_end = np.r_[run_start[1:], len(grams)]
    position = np.arange(len(grams))
    later = np.repeat(run_end, run_end - run_start) - position - 1
    first = np.repeat(position, later)
    second = first + 1 + np.arange(len(first)) - np.repeat(np.cumsum(later) - later, later)
    counts = np.bincount(owner[first] * n + owner[second], minlength=n * n).reshape(n, n)
    return np.bincount(owner, minlength=n), counts + counts.T


def _joined_codes(texts: Sequence[str]):
    """The code points of the letters, digits and CJK characters of all ``texts`` in one array,
    and the number of the text each comes from."""
    import numpy as np

    cleaned = [_NOT_TEXT.sub("", text) for text in texts]
    codes = np.frombuffer("".join(cleaned).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    return codes, np.repeat(np.arange(len(texts)), [len(c) for c in cleaned])


# Anchors: a winnowing fingerprint (Schleimer, Wilkerson and Aiken, 2003) of the 8-character runs
# of a text, the smallest hash of every 8 consecutive runs. Two texts sharing a passage of 15
# characters or more (8 + 8 - 1) are sure to share an anchor, so comparing only texts that share one
# finds the reprints a comparison of every pair finds; about a quarter of the runs are anchors.
_ANCHOR_CHARS, _ANCHOR_WINDOW = 8, 8


@lru_cache(maxsize=4096)  # a week's stories are anchored again when a build compares them with what was sent
def anchors(text: str) -> frozenset[int]:
    """The winnowing fingerprint of ``text``: hashes of some of its 8-character runs."""
    import numpy as np

    codes = np.frombuffer(_NOT_TEXT.sub("", text).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    runs = len(codes) - _ANCHOR_CHARS + 1
    if runs < 1:
        return frozenset({int(codes.sum())} if len(codes) else ())
    # A polynomial hash of every run (uint64 arithmetic wraps around, as a hash may), its high bits
    # mixed in so that the low bits do not follow the last character; then the minimum of every
    # window, all in array steps: eight shifted passes each.
    hashes = codes[:runs].copy()
    for j in range(1, _ANCHOR_CHARS):
        hashes = hashes * np.uint64(1000003) + codes[j:j + runs]
    hashes ^= hashes >> np.uint64(29)
    windows = max(runs - _ANCHOR_WINDOW + 1, 1)
    fingerprint = hashes[:windows].copy()
    for j in range(1, min(_ANCHOR_WINDOW, runs)):
        np.minimum(fingerprint, hashes[j:j + windows], out=fingerprint)
    return frozenset(fingerprint.tolist())


def containment(a: frozenset[str], b: frozenset[str]) -> float:
    """Share of the smaller set found in the other: 1.0 when one text repeats the other."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def centrality(texts: Sequence[str]) -> list[float]:
    """Each text's mean cosine with the others, of TF-IDF character-bigram vectors.

    The mean similarity to the others is the dot product with the sum of the others' unit
    vectors: linear in the number of texts, in a few array steps over all their bigrams at once.
    """
    import numpy as np

    n = len(texts)
    if n < 2:
        return [0.0] * n
    # Every bigram of every text as one integer: the text's number, then two code points (21 bits
    # each). Exact, no hashing; counting them is sorting them.
    keys = []
    for k, text in enumerate(texts):
        codes = np.frombuffer(_NOT_TEXT.sub("", text).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
        keys.append(k << 42 | codes[:-1] << 21 | codes[1:])
    found, counts = np.unique(np.concatenate(keys), return_counts=True)
    owner, gram = found >> 42, np.unique(found & (1 << 42) - 1, return_inverse=True)[1]
    df = np.bincount(gram)
    weight = counts * np.log(1 + n / (1 + df[gram]))
    norm = np.sqrt(np.bincount(owner, weight * weight, minlength=n))
    weight = weight / np.where(norm > 0, norm, 1)[owner]
    total = np.bincount(gram, weight)
    return ((np.bincount(owner, weight * total[gram], minlength=n) - (norm > 0)) / (n - 1)).tolist()


class PageTopics:
    """The TF-IDF character-bigram vectors of a page's lines, as the rows of one matrix.

    Bigrams every story of a union page shares (工会, 职工) weigh little; names and places
    (科左后旗, 托格拉克村) weigh much, so a paragraph is close to the story it belongs to. Built for
    the cutter's many questions about one page. Bigrams are hashed into ``BUCKETS`` columns, so a page of any
    size is one small dense matrix; a passage is a set of rows and its vector their sum, and the
    passages around every line come from running sums, for the whole page in a few array steps.
    """

    # 2,048 columns: the pages' lines hold a few hundred distinct bigrams each, and with this many
    # buckets the cosine of two passages moves by under 0.01 against exact bigrams (measured on the
    # sample pages), well within the steps the cutter reads it in (0.02, 0.05, 0.1…).
    BUCKETS = 2048

    def __init__(self, texts: Sequence[str]):
        import numpy as np

        n = len(texts)
        codes, owner = _joined_codes(texts)
        within = owner[:-1] == owner[1:]  # no bigram spans two lines
        cells = owner[:-1][within] * self.BUCKETS + (codes[:-1] * 65599 + codes[1:])[within] % self.BUCKETS
        counts = np.bincount(cells, minlength=n * self.BUCKETS).reshape(n, self.BUCKETS).astype(np.float32)
        df = (counts > 0).sum(axis=0)
        self.matrix = counts * np.log(1 + max(len(texts), 1) / (1 + df)).astype(np.float32)
        self._gram = None  # the dot products of every two lines, when first asked for
        self._running: dict = {}  # its running sums, by the lines left out

    def vector(self, rows):
        """The sum of the rows (line numbers)."""
        rows = list(rows)
        return self.matrix[rows].sum(axis=0) if rows else self.matrix[:0].sum(axis=0)

    def similarity(self, a, b) -> float:
        """Cosine of two passages, each a vector from :meth:`vector` or a set of rows."""
        import numpy as np

        va = a if hasattr(a, "shape") else self.vector(a)
        vb = b if hasattr(b, "shape") else self.vector(b)
        # np.linalg.norm's own arithmetic for a vector, without its checks (a third of the time).
        norm = float(np.sqrt(va.dot(va)) * np.sqrt(vb.dot(vb)))
        return float(va @ vb) / norm if norm else 0.0

    def around(self, first: tuple[int, int], second: tuple[int, int], skip: Sequence[bool] | None = None):
        """For every line i, the cosine of the sum of lines i+first[0] .. i+first[1]-1 with the sum
        of lines i+second[0] .. i+second[1]-1, leaving the lines in ``skip`` out of the second.

        From the Gram matrix of the lines: the dot product of two sums of lines is the sum of a
        block of it, read off its running sums in four steps. For a whole page at once in a fifth
        of the time that summing the windows' vectors took.
        """
        import numpy as np

        n = len(self.matrix)
        full, _ = self._block_sums(None)
        partial, skipped_both = self._block_sums(skip)
        i = np.arange(n)

        def span(offsets):
            low = np.clip(i + offsets[0], 0, n)
            return low, np.maximum(np.clip(i + offsets[1], 0, n), low)

        def block(sums, rows, columns):
            (r0, r1), (c0, c1) = rows, columns
            return sums[r1, c1] - sums[r0, c1] - sums[r1, c0] + sums[r0, c0]

        a, b = span(first), span(second)
        dots = block(partial, a, b)
        norms = np.sqrt(block(full, a, a) * block(skipped_both, b, b))
        return np.divide(dots, norms, out=np.zeros_like(dots), where=norms > 0)

    def _block_sums(self, skip: Sequence[bool] | None):
        """Running sums of the Gram matrix, the lines in ``skip`` left out of its columns, then out
        of its rows too (made once for each ``skip``)."""
        import numpy as np

        key = None if skip is None else tuple(skip)
        if key not in self._running:
            if self._gram is None:
                self._gram = (self.matrix @ self.matrix.T).astype(np.float64)
            kept = 1.0 - np.asarray(skip if skip is not None else [False] * len(self._gram), dtype=np.float64)
            self._running[key] = (_running_sums(self._gram * kept), _running_sums(self._gram * kept * kept[:, None]))
        return self._running[key]


def _running_sums(matrix):
    """``out[a, b]``: the sum of ``matrix[:a, :b]``."""
    import numpy as np

    out = np.zeros((matrix.shape[0] + 1, matrix.shape[1] + 1))
    out[1:, 1:] = matrix.cumsum(axis=0).cumsum(axis=1)
    return out
