"""Keywords by TF-IDF over jieba tokens, with jieba's IDF table.

TF-IDF rather than a word graph: on news text the words a reader scans for (places, bodies,
programmes) are the rare ones, and jieba's IDF table (built from a large general corpus) says
which words are rare. Stop words, numbers and one-character words are left out.

Rare is not enough: the rarest tokens of a page are often pieces of words the dictionary does not
know, cut out by jieba (``节操`` of the name 节操刚, ``后旗`` of 科左后旗, ``周姓``, ``余名`` of
800余名). A keyword is therefore a dictionary word or a named entity, and it counts only where
it stands as a word of its own: not after a number (a measure word) and not beside characters
the tokenizer left single (a piece of an unknown name).
"""
from __future__ import annotations

import heapq
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from . import nlp
from . import patterns as P

# A keyword is a word of at least two characters with a Chinese character or a letter in it.
_KEYWORD = re.compile(rf"^(?=.*[{P.CJK}A-Za-z])[\w\u00b7·]{{2,}}$")
# A number, in digits or in Chinese: the token after it is a measure word (名, 余名, 万多元).
_NUMBER = re.compile(r"^(?:[\d.,%]+|[一二三四五六七八九十百千万亿两几数]+)$")
_CJK_CHAR = re.compile(rf"^[{P.CJK}]$")
# What ends a name cut short (`节操刚等`, `节操刚，`): a pause, or the words that follow a list
# of names.
_AFTER_NAME = re.compile(r"^(?:[，,、。；：:）)\s]|等|说|和|同志)")
# Words the HMM finds that are named entities: a whole personal name (a surname and a given name
# of one or two characters) or a place with its administrative suffix.
_DEMONSTRATIVES = frozenset("该此这那其")
_PLACE = re.compile(rf"^[{P.CJK}]{{2,}}(?:省|市|县|区|镇|乡|村|州|旗|盟|街道|社区)$")


@lru_cache(maxsize=1 << 16)
def _idf(token: str) -> tuple[str, float]:
    """The keyword form of a token and its IDF, or an IDF of 0 if it cannot be a keyword."""
    word = token.lower()
    if word in nlp.stopwords() or not _KEYWORD.match(word):
        return word, 0.0
    table = nlp.idf_table()
    idf = table.get(word)
    return word, table.median if idf is None else idf


# token → its IDF as a keyword, 0 for none (a keyword has two characters at least)
_IDFS = nlp.TokenCache(lambda token: _idf(token)[1] if len(token) > 1 else 0.0, limit=1 << 17)


def keywords(texts: str | Iterable[str], top: int = 8) -> tuple[str, ...]:
    """The ``top`` keywords of a text, or of several texts taken together (a whole digest)."""
    if isinstance(texts, str):
        texts = [texts]
    return from_tokens((t for text in texts for t in nlp.tokenize(text)), top)


def from_tokens(tokens: Iterable[str], top: int = 8) -> tuple[str, ...]:
    """The ``top`` keywords of text already cut into tokens (by :func:`digest.nlp.tokenize`)."""
    tokens = list(tokens)
    counts = Counter(tokens)
    idfs = list(map(_IDFS.__getitem__, counts))
    raw = {t: counts[t] * v for t, v in zip(counts, idfs) if v}
    # Where each word stands is checked for the best candidates only (the check is the slow
    # part): a word keeps at most its score over all occurrences, so once ``top`` words are kept
    # with scores above the next candidate's whole score, no later candidate can enter.
    score: dict[str, float] = {}
    kept: list[float] = []  # the kept scores, highest first
    heap = [(-value, token) for token, value in raw.items()]
    heapq.heapify(heap)  # best first, without sorting every candidate
    while heap:
        token = heapq.heappop(heap)[1]
        if len(kept) >= top and kept[top - 1] >= raw[token]:
            break
        word, idf = _idf(token)
        if not _is_word(word):
            continue
        alone = sum(_stands_alone(tokens, k) for k in _positions(tokens, token, counts[token]))
        if alone:
            score[word] = score.get(word, 0.0) + alone * idf
            kept = sorted(score.values(), reverse=True)
    return tuple(sorted(score, key=lambda w: (-score[w], w))[:top])


def _positions(tokens: list[str], token: str, count: int) -> list[int]:
    """Where ``token`` occurs (``count`` times) in ``tokens``; list.index scans in C."""
    out, k = [], -1
    for _ in range(count):
        k = tokens.index(token, k + 1)
        out.append(k)
    return out


@lru_cache(maxsize=1 << 16)
def _is_number(token: str) -> bool:
    return bool(_NUMBER.match(token))


@lru_cache(maxsize=1 << 16)
def _single(token: str) -> bool:
    """A Chinese character the tokenizer left on its own, not a function word."""
    return bool(_CJK_CHAR.match(token)) and token not in nlp.stopwords()


def _stands_alone(tokens: list[str], k: int) -> bool:
    """Whether the token at ``k`` is a word there, not a measure word or a piece of a name."""
    if k and _is_number(tokens[k - 1]):
        return False
    if k >= 2 and _single(tokens[k - 1]) and _single(tokens[k - 2]):  # 科/左/后旗
        return False
    if k + 1 < len(tokens) and _single(tokens[k + 1]) and (
            k + 2 == len(tokens) or _AFTER_NAME.match(tokens[k + 2])):
        return False  # 节操/刚/等
    return True


@lru_cache(maxsize=1 << 16)
def _is_word(word: str) -> bool:
    """A dictionary word, or a named entity the dictionary does not hold."""
    if word[:1] in _DEMONSTRATIVES:  # 该村, 该行, 此次: which one is said by the sentence before
        return False
    if word.isascii() or nlp.in_dictionary(word):
        return True
    return P.is_personal_name(word) or bool(_PLACE.match(word))
