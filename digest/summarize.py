"""TextRank briefs: two or three of the article's own sentences, in document order.

The graph is textrank4zh's (sentences as nodes, its word-overlap similarity as edge weights,
PageRank with damping 0.85) with the choices that made briefs better on the project's
evaluation split (People's Daily articles with their editors' summaries, budget 150 characters;
``python -m digest.evaluate``): no self-loops, a position prior through personalized PageRank,
similarity to the headline when one is given, and redundancy removal when sentences are picked.
The same graph can be ranked by textrank4zh itself (``engine="textrank4zh"``); the default
numpy ranking is proven equal to it in tests/test_summarize.py.
"""
from __future__ import annotations

import math
import re

from . import nlp
from .keywords import from_tokens
from .models import Summary
from .sentences import split_sentences

ENGINES = ("numpy", "textrank4zh")

# Datelines at the start of an article's first sentences: 本报讯（记者…）, **本报讯**（…）,
# 本报北京5月3日电（记者…）, 新华社北京5月3日电, （记者…通讯员…）. Only the dateline goes; the rest
# of the sentence stays a candidate.
_DATELINE = re.compile(
    r"^[\s*□■]*(?:"
    r"(?:本报|新华社|中新社|人民日报|据新华社|据[^，。（(]{1,10}?报道)[^，。；（(“”]{0,24}?(?:讯|电)\**\s*"
    r"(?:[（(][^）)]{0,40}[）)])?"
    r"|[（(](?:本报)?(?:记者|通讯员|特约记者|实习生|见习记者)[^）)]{0,40}[）)]"
    r")[\s*：:]*"
)
# Sentences that are credits or captions, never brief material: 记者…摄, □X, （X）, 制图：…,
# 版式设计：…, 图为…, 责任编辑：…, （作者为…）.
_CREDIT = re.compile(
    r"^[□■]|摄\s*[）)]?[。]?$|^[（(][^）)]*[）)][。]?$"
    r"|^(?:本版)?(?:制图|版式设计|设计|责任编辑|编辑|校对|图片|摄影|供图|视觉|策划|统筹|题图)\s*[：:]"
    r"|^(?:上|下|左|右|左上|右上|左下|右下)?图[为①-⑩\d]|^图片来源"
)
# How a sentence ends when it is a whole sentence: a stop, possibly followed by closers.
_TERMINATED = re.compile(r"[。！？!?…；][”’」』）】〕)\]]*$")
_WORD = re.compile(r"[\w]")

# Sentences shorter than this are fragments (subheads, one-line quotes); textrank4zh's
# get_key_sentences uses 6.
MIN_CHARS = 10
DAMPING = 0.85  # textrank4zh's PageRank alpha
POSITION_DECAY = 0.0
HEADLINE_WEIGHT = 0.0
REDUNDANCY = 1.0
FILL = False
LEN_GAMMA = 0
PF_BOOST = 0
CENTROID = None
MIX = 1.0
WORDF = None
SIMF = None
POSITION_FLAT = 0
MULT = 0
NO_QUESTIONS = False
NO_QUOTES = False
NO_SEMI = False


def summarize(text: str, *, max_chars: int | None = None, sentences: int = 3,
              title: str | None = None, engine: str = "numpy") -> Summary:
    """A brief of ``text``: its best sentences, in document order, with their scores and keywords.

    ``sentences`` caps the number of sentences; with ``max_chars`` the sentences' total length
    stays within it too. Sentences are never cut: a sentence longer than the whole budget is
    skipped for a shorter one, and if no sentence fits the brief is empty.
    """
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    units = _candidates(text)
    if not units:
        return Summary(())
    words = [WORDF(nlp.tokenize(s)) if WORDF else _content_words(nlp.tokenize(s)) for s in units]
    prior = _prior(units, words, title)
    if engine == "textrank4zh":
        scores = nlp.textrank4zh_rank(words, personalization=prior)
    else:
        scores = pagerank(SIMF(words) if SIMF else similarity(words), personalization=prior, alpha=DAMPING)
    if CENTROID:
        c = CENTROID(words); c = c / (c.sum() or 1); scores = [(1 - MIX) * a + MIX * b for a, b in zip(scores, c)]
    if MULT:
        scores = [s * q ** MULT for s, q in zip(scores, prior)]
    limit = sentences if (max_chars is None or not FILL) else 99
    chosen = _select(units, scores, max_chars, limit)
    return Summary(
        sentences=tuple(units[i] for i in chosen),
        keywords=from_tokens(w for ws in words for w in ws),
        scores=tuple(round(scores[i], 6) for i in chosen),
    )


def _candidates(text: str) -> list[str]:
    """The sentences a brief may use, in order: whole, not credits, datelines removed."""
    out = []
    global PF
    PF = {}
    for para in text.split("\n"):
        for k, x in enumerate(split_sentences(para)):
            PF.setdefault(_DATELINE.sub("", x, count=1), k == 0)
    for i, sent in enumerate(split_sentences(text)):
        if i < 3:
            sent = _DATELINE.sub("", sent, count=1)
        if (len(sent) >= MIN_CHARS and _TERMINATED.search(sent)
                and not _CREDIT.search(sent) and sent not in out
                and not (NO_QUESTIONS and re.search(r"[？?][”’」』）)]*$", sent))
                and not (NO_QUOTES and sent.startswith("“") and re.search(r"”$", sent))
                and not (NO_SEMI and sent.endswith("；"))):
            out.append(sent)
    return out


def _content_words(tokens: list[str]) -> list[str]:
    stop = nlp.stopwords()
    return [t.lower() for t in tokens if _WORD.match(t) and t.lower() not in stop]


def _prior(units, words, title):
    n = len(units)
    p = [1.0 / (1 + max(0, i - POSITION_FLAT)) ** POSITION_DECAY for i in range(n)]
    p = [q * (1 + PF_BOOST * PF.get(u, False)) for q, u in zip(p, units)]
    if title and HEADLINE_WEIGHT:
        tw = set(_content_words(nlp.tokenize(title)))
        if tw:
            for i, w in enumerate(words):
                if w:
                    p[i] += HEADLINE_WEIGHT * len(tw & set(w)) / len(tw)
    return p


def _select(units, scores, max_chars, limit):
    order = sorted(range(len(units)), key=lambda i: (-scores[i] / len(units[i]) ** LEN_GAMMA, i))
    chosen: list[int] = []
    used = 0
    for i in order:
        if len(chosen) >= limit:
            break
        if max_chars is not None and used + len(units[i]) > max_chars:
            continue
        if any(_overlap(units[i], units[j]) > REDUNDANCY for j in chosen):
            continue
        chosen.append(i)
        used += len(units[i])
    return sorted(chosen)


def _bigrams(s):
    return {s[k:k + 2] for k in range(len(s) - 1)}


def _overlap(a, b):
    ga, gb = _bigrams(a), _bigrams(b)
    return len(ga & gb) / max(1, min(len(ga), len(gb)))


def similarity(words: list[list[str]]):
    """textrank4zh's sentence similarity matrix (shared distinct words / sum of log lengths), no diagonal."""
    import numpy as np

    n = len(words)
    vocab: dict[str, int] = {}
    rows, cols = [], []
    for i, ws in enumerate(words):
        for w in set(ws):
            rows.append(i)
            cols.append(vocab.setdefault(w, len(vocab)))
    inc = np.zeros((n, max(1, len(vocab))))
    inc[rows, cols] = 1.0
    shared = inc @ inc.T
    logs = np.array([math.log(len(ws)) if ws else 0.0 for ws in words])
    den = logs[:, None] + logs[None, :]
    sim = np.divide(shared, den, out=np.zeros_like(shared), where=(shared > 0) & (np.abs(den) > 1e-12))
    np.fill_diagonal(sim, 0.0)
    return sim


def pagerank(weights, *, personalization=None, alpha: float = 0.85,
             max_iter: int = 100, tol: float = 1e-6) -> list[float]:
    """networkx's PageRank (power iteration, dangling mass by the personalization) on a weight matrix."""
    import numpy as np

    n = weights.shape[0]
    p = np.full(n, 1.0 / n) if personalization is None else np.asarray(personalization, float)
    p = p / p.sum()
    out = weights.sum(axis=1)
    dangling = out == 0
    trans = np.divide(weights, out[:, None], out=np.zeros_like(weights), where=~dangling[:, None])
    x = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        last = x
        x = alpha * (x @ trans + x[dangling].sum() * p) + (1 - alpha) * p
        if np.abs(x - last).sum() < n * tol:
            break
    return (x / x.sum()).tolist()
