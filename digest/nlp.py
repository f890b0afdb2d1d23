"""The one adapter to jieba and textrank4zh: tokens, dictionary frequencies, stop words, TextRank.

Nothing else in the project imports jieba or textrank4zh, so their quirks are handled here only:
imports are lazy (``import digest`` stays fast), jieba's start-up logging is silenced, the union
vocabulary of ``data/userdict.txt`` is loaded once into a private tokenizer (the global
``jieba.dt`` that textrank4zh's own ``analyze()`` uses is left untouched, so it stays a fair
baseline), textrank4zh is given a networkx 3 shim instead of ``from_numpy_matrix``, and a missing
library becomes a :class:`~digest.errors.DependencyError` that says what to install.
"""
from __future__ import annotations

import bisect
import importlib.util
import logging
import marshal
import os
import re
import threading
import types
import warnings
from array import array
from collections import Counter
from functools import lru_cache
from pathlib import Path

from .errors import DependencyError

_lock = threading.Lock()
# What jieba keeps whole in a run of non-Chinese characters (jieba.finalseg.re_skip), plus
# spaces, which both libraries keep as single tokens.
_ASCII_WORD = re.compile(r"[a-zA-Z0-9]+(?:\.\d+)?%?|\s+")
_ASCII_PUNCT = re.compile(r"[!-/:-@\[-`{-~]")  # without one, no token can differ
_SURROGATE = re.compile("[\ud800-\udfff]")  # not text: UTF-8, and so rjieba, cannot hold one
_tokenizer = None  # jieba.Tokenizer with the user dictionary
_fast = None  # rjieba (its default tokenizer) given the same dictionary, or False when not usable


def _require(name: str, pip_name: str):
    try:
        with warnings.catch_warnings():
            # jieba 0.42 imports pkg_resources, which warns on recent setuptools.
            warnings.simplefilter("ignore")
            return __import__(name)
    except ImportError as exc:
        raise DependencyError(
            f"the summarizer needs {pip_name}, which is not installed: "
            f"run `pip install {pip_name}` (error: {exc})"
        ) from None


def _data_lines(name: str) -> list[str]:
    text = (Path(__file__).parent / "data" / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def _user_words() -> tuple[tuple[str, int, str | None], ...]:
    """(word, frequency, tag) of each line of ``data/userdict.txt``."""
    out = []
    for line in _data_lines("userdict.txt"):
        word, freq, *tag = line.split()
        out.append((word, int(freq), tag[0] if tag else None))
    return tuple(out)


def _jieba():
    """The private jieba tokenizer, created and given the user dictionary on first use."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                jieba = _require("jieba", "jieba")
                jieba.setLogLevel(logging.WARNING)  # "Building prefix dict…" on every start
                tok = jieba.Tokenizer()
                tok.initialize()
                for word, freq, tag in _user_words():
                    tok.add_word(word, freq, tag)
                _tokenizer = tok
    return _tokenizer


def _rjieba():
    """rjieba given the same user dictionary as jieba, or None if it is not installed.

    rjieba (jieba-rs) cuts about 30 times faster than jieba (0.4 ms against 14 ms for a
    2,500-character article on the evaluation split) and loads in a quarter of the time; it is
    used because it cuts the same tokens with the same dictionary, which tests/test_nlp.py checks.
    """
    global _fast
    if _fast is None:
        with _lock:
            if _fast is None:
                try:
                    import rjieba
                except ImportError:
                    _fast = False
                else:
                    # The instance rjieba builds at import: a second one would load the
                    # dictionary again (a seventh of a second at every start).
                    fast = rjieba
                    for word, freq, tag in _user_words():
                        fast.add_word(word, freq, tag)
                    _fast = fast
    return _fast or None


def tokenize(text: str) -> list[str]:
    """jieba's tokens of ``text`` (precise mode, HMM on), with the union user dictionary applied."""
    fast = _rjieba()
    if fast is None:
        return _jieba().lcut(text)
    tokens = _native(fast.cut, text)
    if _ASCII_PUNCT.search(text) and any(
            len(t) > 1 and t.isascii() and not _ASCII_WORD.fullmatch(t) for t in tokens):
        # jieba-rs keeps an ASCII run such as "COVID-19" or "J.K" whole where jieba splits it at
        # its punctuation. Only such tokens differed on the 4,544 paragraphs of the evaluation
        # split, so they are cut again as jieba cuts them, and the tokens are jieba's everywhere.
        tokens = [p for t in tokens for p in (
            _as_jieba_cuts(t, fast.has_word) if t.isascii() and len(t) > 1 and not _ASCII_WORD.fullmatch(t)
            else (t,))]
    return tokens


def _native(call, text: str):
    """``call(text)`` of rjieba; a lone surrogate, which UTF-8 cannot hold (only a caller's string
    has one: decoded pages never do), is first replaced by U+FFFD, one character for one."""
    try:
        return call(text)
    except UnicodeEncodeError:
        return call(_SURROGATE.sub("\ufffd", text))


class TokenCache(dict):
    """token → ``make(token)``, made on the first look-up and kept (up to ``limit`` tokens). A
    whole passage is looked up in one ``map(cache.__getitem__, tokens)``: a third faster than
    asking with ``get``, then filling in the tokens not seen before."""

    def __init__(self, make, limit: int = 1 << 16):
        super().__init__()
        self._make, self._limit = make, limit

    def __missing__(self, token: str):
        if len(self) > self._limit:
            self.clear()
        value = self[token] = self._make(token)
        return value


# jieba's rules for a run without Chinese, written out so that cutting one does not load jieba's
# own dictionary (half a second and 50 MB in every process): its blocks (jieba.re_han_default,
# re_skip_default), its dictionary path for a block (Tokenizer.__cut_DAG), and for the letters the
# dictionary does not know, its HMM's rule (finalseg.re_skip). tests/test_nlp.py compares with jieba.
_JIEBA_BLOCK = re.compile(r"([a-zA-Z0-9+#&._%\-]+)")
_JIEBA_SPACE = re.compile(r"(\r\n|\s)")
_HMM_RUN = re.compile(r"([a-zA-Z0-9]+(?:\.\d+)?%?)")
_LONGEST_ASCII_WORD = 8  # the dictionary's are C++, C#, AT&T


def _as_jieba_cuts(token: str, knows) -> list[str]:
    out: list[str] = []
    for block in _JIEBA_BLOCK.split(token):
        if _JIEBA_BLOCK.fullmatch(block):
            out += _dictionary_path(block, knows)
        else:
            for piece in _JIEBA_SPACE.split(block):
                out += [piece] if _JIEBA_SPACE.fullmatch(piece) else list(piece)
    return out


def _dictionary_path(block: str, knows) -> list[str]:
    """A block cut at the dictionary's words, the characters between them by the HMM's rule."""
    out, unknown, i = [], "", 0
    while i < len(block):
        word = next((block[i:j] for j in range(min(len(block), i + _LONGEST_ASCII_WORD), i + 1, -1)
                     if knows(block[i:j])), None)
        if word is None:
            unknown += block[i]
            i += 1
        else:
            out += _unknown_run(unknown, knows) + [word]
            unknown, i = "", i + len(word)
    return out + _unknown_run(unknown, knows)


def _unknown_run(run: str, knows) -> list[str]:
    if len(run) < 2:
        return [run] if run else []
    if knows(run):
        return list(run)
    return [piece for piece in _HMM_RUN.split(run) if piece]


def tag(text: str) -> list[tuple[str, str]]:
    """jieba's words of ``text`` with their part-of-speech tags (``[("工会", "n"), …]``).

    rjieba tags with jieba's dictionary in native code; without it jieba's ``posseg`` does the
    same, loading its dictionary and HMM into Python first (a few seconds).
    """
    fast = _rjieba()
    if fast is not None:
        return [tuple(p) for p in _native(fast.tag, text)]
    jieba = _jieba()
    posseg = _require("jieba.posseg", "jieba")
    return [(p.word, p.flag) for p in posseg.POSTokenizer(jieba).lcut(text)]


@lru_cache(maxsize=1 << 16)
def in_dictionary(word: str) -> bool:
    """Whether ``word`` is a word of the dictionary (user dictionary included), rather than one
    jieba's HMM made up out of characters it could not place (``科左``, ``周姓``, ``郝瑞琴``).

    A dictionary word is one token when cut without the HMM; rjieba answers without loading
    jieba's dictionary into Python (about a second).
    """
    fast = _rjieba()
    if fast is None:
        return word_frequency(word) > 0
    return fast.cut(word, False) == [word]


def word_frequency(word: str) -> int:
    """jieba's dictionary frequency of ``word`` (user dictionary included), 0 if it is not a word.

    rjieba answers from the same dictionary without loading jieba's (half a second at start-up):
    its ``suggest_freq`` of a word in the dictionary is the word's frequency plus one.
    """
    fast = _rjieba()
    if fast is None:
        return _jieba().FREQ.get(word, 0)
    return fast.suggest_freq(word) - 1 if fast.has_word(word) else 0


class IdfTable:
    """jieba's IDF table: its words sorted, their values in an array, and the median value."""

    def __init__(self, words: list[str], values: array, median: float):
        self.words, self.values, self.median = words, values, median

    def get(self, word: str) -> float | None:
        """The IDF of ``word``, None if the table does not hold it."""
        i = bisect.bisect_left(self.words, word)
        return self.values[i] if i < len(self.words) and self.words[i] == word else None


@lru_cache(maxsize=1)
def idf_table() -> IdfTable:
    """jieba's IDF table (``jieba/analyse/idf.txt``), for TF-IDF keywords.

    Parsing the 270,000 lines costs 0.14 s a run, building a dict of them most of it; so the table
    is kept in the user cache folder as one string of sorted words and an array of values, which
    loads in 0.02 s and is searched by bisection. The cache is rebuilt when missing, unreadable or
    older than the file, and not kept where it cannot be written.
    """
    # Found without importing jieba, which imports pkg_resources (a tenth of a second).
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        _require("jieba", "jieba")  # says what to install
    path = Path(spec.submodule_search_locations[0]) / "analyse" / "idf.txt"
    stat = path.stat()
    key = (_IDF_CACHE_FORMAT, str(path), stat.st_size, stat.st_mtime_ns)
    cache = _cache_folder() / "idf.marshal"
    try:
        cached_key, words, values, median = marshal.loads(cache.read_bytes())
        if cached_key == key:
            table = IdfTable(words.split("\n"), array("d", values), median)
            if len(table.words) == len(table.values):
                return table
    except (OSError, ValueError, EOFError, TypeError):
        pass  # no cache yet, or a damaged one: rebuilt below
    table = _parse_idf(path)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        temporary = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
        temporary.write_bytes(marshal.dumps((key, "\n".join(table.words), table.values.tobytes(), table.median)))
        os.replace(temporary, cache)  # whole or not at all, whatever runs at the same time
    except OSError:
        pass  # a read-only home: the table is parsed again next run
    return table


_IDF_CACHE_FORMAT = 1


def _cache_folder() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("union-news-digest", appauthor=False))


def _parse_idf(path: Path) -> IdfTable:
    """The table from jieba's file: one `word value` pair a line, no space inside a word; a word
    given twice has its last value, and the median is over the lines."""
    parts = path.read_text(encoding="utf-8").split()
    table = dict(zip(parts[::2], parts[1::2]))
    words = sorted(table)
    values = array("d", (float(table[w]) for w in words))
    # The median over the few thousand distinct values rather than over every line.
    counts = sorted((float(v), n) for v, n in Counter(parts[1::2]).items())
    middle, seen, median = len(table) // 2, 0, 0.0
    for value, n in counts:
        seen += n
        if seen > middle:
            median = value
            break
    return IdfTable(words, values, median)


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """The stop words shipped in ``data/stopwords.txt``."""
    return frozenset(_data_lines("stopwords.txt"))


def _textrank4zh():
    tr4zh = _require("textrank4zh", "textrank4zh")
    nx = _require("networkx", "networkx")
    _require("scipy", "scipy")  # networkx 3's pagerank needs it
    import textrank4zh.util as util

    if not hasattr(util.nx, "from_numpy_matrix"):
        # networkx 3 removed from_numpy_matrix; give textrank4zh its own view of networkx
        # rather than patching the library for everyone.
        util.nx = types.SimpleNamespace(from_numpy_matrix=nx.from_numpy_array, pagerank=nx.pagerank)
    return tr4zh


def textrank4zh_rank(words: list[list[str]], *, sim_func=None, personalization=None) -> list[float]:
    """textrank4zh's PageRank scores for sentences given as token lists.

    textrank4zh builds the graph (``util.sort_sentences``: ``sim_func`` on every pair, its own
    ``get_similarity`` by default) and ranks it with networkx's PageRank (damping 0.85,
    ``personalization``: one restart weight per sentence). ``sim_func`` is also called on each
    sentence with itself; return 0 there to leave self-loops out.
    """
    util = _textrank4zh().util
    config = {"alpha": 0.85}
    if personalization is not None:
        config["personalization"] = dict(enumerate(personalization))
    ranked = util.sort_sentences(sentences=list(range(len(words))), words=words,
                                 sim_func=sim_func or util.get_similarity, pagerank_config=config)
    scores = [0.0] * len(words)
    for item in ranked:
        scores[item.index] = item.weight
    return scores


def textrank4zh_analyze(text: str, budget: int) -> str:
    """textrank4zh's own summary as its README runs it: ``analyze()`` then top sentences to ``budget``.

    The baseline of ``digest.evaluate`` and ``benchmarks/``: its sentences, joined by ``。``, in
    document order.
    """
    tr = _analyzer()
    tr.analyze(text=text, lower=True, source="all_filters")
    chosen, n = [], 0
    for item in tr.get_key_sentences(num=len(tr.sentences)):
        if n >= budget:
            break
        chosen.append(item)
        n += len(item.sentence)
    chosen.sort(key=lambda item: item.index)
    return "。".join(item.sentence for item in chosen) + "。"


@lru_cache(maxsize=1)
def _analyzer():
    jieba = _require("jieba", "jieba")
    jieba.setLogLevel(logging.WARNING)
    return _textrank4zh().TextRank4Sentence()
