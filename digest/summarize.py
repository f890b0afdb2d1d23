"""TextRank briefs: a few of the article's own passages, whole, in document order, each readable alone.

The article's sentences are grouped into passages (:func:`digest.sentences.passages`: a quotation
of several sentences is one). Passages are the nodes of a graph whose edges weigh how many words
and word pairs two of them share; PageRank (damping 0.85, as textrank4zh) ranks them, a position
prior favours the lead and the closing passage, and the best passages that fit the budget are
taken, never two that say the same thing. A passage that leans on the one before it (它们, 为此,
a quotation's tail) is taken only together with it. ``engine="textrank4zh"`` builds and ranks the
same graph with textrank4zh (``util.sort_sentences``, networkx PageRank); the default numpy ranking
is proven equal to it in tests/test_summarize.py and is many times faster
(``benchmarks/bench_summarize.py``).

Every choice below was measured by ROUGE-L on the project's evaluation split (``python -m
digest.evaluate DATA.jsonl --budget 150``, 184 People's Daily articles with their editors'
summaries); the figures in the comments come from there. Differences under about 0.3 are within
the noise of 184 articles (the standard error of a paired difference is about 0.3).
"""
from __future__ import annotations

import itertools
import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from . import nlp
from . import patterns as P
from .keywords import from_tokens
from .models import Article, Summary
from .sentences import Passage, passages, split_clauses

ENGINES = ("numpy", "textrank4zh")

# Shorter passages are fragments ("是的。", one-line quotes); textrank4zh's get_key_sentences
# uses 6 (ROUGE-L 24.03 against 24.24 with 10).
MIN_CHARS = 10
DAMPING = 0.85  # textrank4zh's and networkx's default
# The graph is quadratic in its passages; a brief comes from the first few hundred of them
# (the longest evaluation article has about 150), so a runaway text costs no more than that.
MAX_PASSAGES = 400
# Two passages sharing more than half of their character bigrams say the same thing (pages
# repeat paragraphs with a few characters changed); 0.5 scored best of 0.3-0.8.
REDUNDANCY = 0.5
# Passages similar to the headline get up to (1 + HEADLINE_WEIGHT) times the restart
# probability. The evaluation split has no headlines, so this weight is not measured there.
HEADLINE_WEIGHT = 1.0
# The position prior multiplies the PageRank score by prior ** POSITION_EXPONENT: 0.25 scored
# best of 0.15-0.5 (23.90 with 0.15, 23.32 with 0.5). As the PageRank personalization instead it
# gained less (23.65 against 24.24 when measured on sentences).
POSITION_EXPONENT = 0.25
# The shape of the position prior (:func:`_position_prior`): how many leading passages share the
# top weight, how fast it falls after them, what the closing passage gets. Fitted on the
# evaluation split by 5-fold cross-validation over 84 shapes (1-8 leading passages, decay
# 0.4-0.6, closing 0-1.5), the articles dealt into folds three times (``python -m
# digest.devtools.fit_prior DATA.jsonl``): all 15 training folds chose (4, 0.5, 1), held-out
# ROUGE-L 25.00 each time, against 24.70 for the shape fitted earlier on sentences, (3, 0.5, 1).
# Neighbouring shapes score 24.7-24.8, so the choice is not a lone spike.
LEAD_PASSAGES = 4
PRIOR_DECAY = 0.5
CLOSING_WEIGHT = 1.0


def summarize(text: str, *, max_chars: int | None = None, sentences: int = 3,
              title: str | None = None, engine: str = "numpy") -> Summary:
    """A brief of plain ``text`` (one paragraph a line): up to ``sentences`` passages, in order.

    With ``max_chars`` the passages' total length stays within it. Passages are never cut: the
    best ones that fit are taken, one longer than what is left of the budget is passed over for
    the next, and only when none fits at all are the first clauses of the best one taken, up to a
    ``；``. ``title`` (the headline) makes passages that share its words more likely. The
    summary's ``scores`` are the chosen passages' scores; its ``keywords`` the article's keywords.
    A leading dateline (``本报北京5月3日电（记者…）``) and credit lines are left out.
    """
    return _brief(text.split("\n"), None, title, max_chars, sentences, engine)


def summarize_article(article: Article, *, max_chars: int | None = None, sentences: int = 3,
                      engine: str = "numpy") -> Summary:
    """The brief of an article cut out of a page, as :func:`summarize` makes it.

    The segmenter has found the article's byline (left out of the lead) and its headline (a
    generated one says nothing the lead does not, so only a printed one steers the ranking).
    """
    title = None if article.headline_generated else article.headline
    return _brief(list(article.paragraphs), article.byline, title, max_chars, sentences, engine)


def story_paragraphs(paragraphs: list[str], byline: str | None = None) -> list[str]:
    """The paragraphs a brief may quote: without the lead's dateline or byline, credit lines,
    a closing credit (``…。 □本报记者 杨志勇``) or a jump line (``（下转第二版）``)."""
    out = []
    for k, para in enumerate(paragraphs):
        para = para.strip()
        if k == 0 and byline and para.startswith(byline):
            para = para[len(byline):].lstrip()
        dateline = P.DATELINE.match(para) or (k == 0 and P.OPENING_CREDIT.match(para))
        if dateline:
            para = para[dateline.end():].lstrip()
        if not para or P.is_credit_line(para) or P.is_photo_credit(para, anywhere=False):
            continue
        if para.endswith(("）", ")")):
            para = P.JUMP_TAIL.sub("", para)
        credit = P.trailing_credit(para)
        if credit:
            para = para[:para.rindex(credit)].rstrip()
        out.append(para)
    return out


@dataclass
class Ranking:
    """An article's passages with what the brief needs to know of each."""

    passages: list[Passage]
    tokens: list[list[str]]
    usable: list[bool]  # may be in a brief
    leans: list[bool]  # only together with the passage before it
    scores: list[float]  # PageRank times the position prior; 0 for passages that are not usable


def rank(paragraphs: list[str], byline: str | None = None, title: str | None = None,
         engine: str = "numpy") -> Ranking | None:
    """The TextRank scores of the article's passages, or None for an article with no text."""
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    units = passages(story_paragraphs(paragraphs, byline))[:MAX_PASSAGES]
    if not units:
        return None
    tokens = [nlp.tokenize(u.text) for u in units]
    features = [_features(_content_words(t)) for t in tokens]
    restart = _headline_prior(features, title)
    if engine == "textrank4zh":
        pagerank_ = nlp.textrank4zh_rank(features, sim_func=_cosine, personalization=restart)
    else:
        pagerank_ = pagerank(similarity(features), personalization=restart, alpha=DAMPING)
    usable = [_usable(u) for u in units]
    prior = _position_prior(len(units))
    return Ranking(
        passages=units,
        tokens=tokens,
        usable=usable,
        # The first passage has nothing to lean on; whatever it points back to is not printed.
        leans=[k > 0 and (u.quote_tail or P.leans_back(u.text, _first_word(t)))
               for k, (u, t) in enumerate(zip(units, tokens))],
        scores=[r * p ** POSITION_EXPONENT if ok else 0.0 for r, p, ok in zip(pagerank_, prior, usable)],
    )


def _brief(paragraphs, byline, title, max_chars, limit, engine) -> Summary:
    ranking = rank(paragraphs, byline, title, engine)
    if ranking is None or limit < 1 or not any(ranking.usable):
        return Summary(())
    chosen = _select(ranking, max_chars, limit)
    texts, scores = _glue(ranking, chosen)
    if not texts and max_chars is not None:
        texts, scores = _first_clauses(ranking, max_chars)
    return Summary(
        sentences=tuple(texts),
        keywords=from_tokens(itertools.chain.from_iterable(ranking.tokens)),
        scores=tuple(round(s, 6) for s in scores),
    )


def _usable(u: Passage) -> bool:
    """Whether a passage can be read in a brief: whole, complete, no question, caption or credit."""
    text = u.text
    return (u.balanced and not u.runs_on and P.is_complete(text)
            and (u.quote_tail or len(text) >= MIN_CHARS)
            # A question introduces what follows rather than saying it; leaving questions out
            # changed ROUGE-L by 0.01 and briefs read better.
            and not P.is_question(text) and not P.CAPTION.match(text) and not P.holds_credit(text))


def _first_word(tokens: list[str]) -> str:
    return next((t for t in tokens if t.strip() and t not in P.QUOTES[0] + "‘「『（("), "")


def _content_words(tokens: list[str]) -> list[str]:
    return list(filter(None, map(_CONTENT_WORDS.__getitem__, tokens)))


def _content_word(token: str) -> str:
    """The token lowercased, or "" for punctuation, spaces and stop words."""
    word = token.lower()
    # str.isalnum is true for Chinese characters too.
    return word if (word[:1].isalnum() or word[:1] == "_") and word not in nlp.stopwords() else ""


_CONTENT_WORDS = nlp.TokenCache(_content_word)  # token → its content word, "" for none


def _features(words: list[str]) -> list:
    """Content words and pairs of adjacent content words (pairs: ROUGE-L 24.24 against 23.92)."""
    return words + list(zip(words, words[1:]))


def _cosine(a: list[str], b: list[str]) -> float:
    """Cosine of two passages' sets of features; 0 for a passage with itself (no self-loops)."""
    if a is b or not a or not b:
        return 0.0
    sa, sb = set(a), set(b)
    return len(sa & sb) / math.sqrt(len(sa) * len(sb))


def similarity(features: list[list[str]]):
    """The matrix of :func:`_cosine` between all passages, zero on the diagonal.

    Binary cosine rather than textrank4zh's shared words over summed log lengths, which
    favours long sentences (ROUGE-L 24.24 against 23.57 with everything else equal). No
    self-loops: a sentence does not vote for itself. With textrank4zh's similarity, whose
    self-loop grows with the sentence, leaving them out gained 0.44; with the cosine the
    difference is within noise (24.35 with them).
    """
    import numpy as np

    sets = [set(fs) for fs in features]
    # Only features two passages share can be in an intersection: the others get no column.
    shared = {f: k for k, f in enumerate(f for f, n in Counter(itertools.chain.from_iterable(sets)).items() if n > 1)}
    ids = [[shared[f] for f in s if f in shared] for s in sets]
    rows = np.repeat(np.arange(len(ids)), [len(x) for x in ids])
    cols = np.fromiter(itertools.chain.from_iterable(ids), dtype=np.intp, count=len(rows))
    inc = np.zeros((len(ids), max(1, len(shared))))
    inc[rows, cols] = 1.0
    inc /= np.sqrt(np.maximum(1, np.array([len(s) for s in sets], dtype=float)))[:, None]
    sim = inc @ inc.T
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
    # The same arithmetic as networkx, in fewer array steps a round: the restart term is the same
    # every round, and with no dangling passage (the usual case) the dangling term adds zeros.
    restart, spread = (1 - alpha) * p, dangling.any()
    for _ in range(max_iter):
        last = x
        x = alpha * (x @ trans + x[dangling].sum() * p if spread else x @ trans) + restart
        if np.abs(x - last).sum() < n * tol:
            break
    return (x / x.sum()).tolist()


def _position_prior(n: int, shape: tuple[int, float, float] | None = None) -> list[float]:
    """Weight of each passage by its position: flat over the lead, decaying, up again at the end.

    On the evaluation split the sentence that best matches an editor's summary sentence lies in
    the first tenth of the article 31% of the time and in the last tenth 11% (against 10% each
    by chance). The first :data:`LEAD_PASSAGES` share the top weight (an anecdotal opening often
    precedes the news); the weight then falls as distance ** -:data:`PRIOR_DECAY` and the closing
    passage gets :data:`CLOSING_WEIGHT` more. ROUGE-L 22.05 without a prior.
    """
    lead, decay, closing = shape or (LEAD_PASSAGES, PRIOR_DECAY, CLOSING_WEIGHT)
    return [1 / (1 + max(0, i - lead + 1)) ** decay + closing / (n - i) ** 2 for i in range(n)]


def _headline_prior(features, title):
    """PageRank restart weights: uniform, raised for passages that share the headline's words."""
    if not title or not HEADLINE_WEIGHT:
        return None
    head = _features(_content_words(nlp.tokenize(title)))
    return [1.0 + HEADLINE_WEIGHT * _cosine(head, f) for f in features]


def _select(r: Ranking, max_chars: int | None, limit: int) -> list[int]:
    """Indexes of the best passages that fit the budget, none leaning on one left out.

    Best first. A passage that leans on the one before it (``为此，…``, a quotation's tail) is
    taken only when that one is already in the brief, and otherwise passed over for the next
    best: pulling the passage before in with it cost ROUGE-L (24.53 against 24.70), as it spends
    the budget on a sentence chosen for its neighbour's score. A quotation's tail does not
    count: it is printed with its quotation as one sentence. Greedy, because taking the
    highest-scored passage first did better than a knapsack over scores and lengths: ROUGE-L
    24.60 against 24.16 (sum of scores) and 23.58-24.67 (scores weighted by length, or sharpened).
    """
    chosen: list[int] = []
    used = 0
    for i in sorted(range(len(r.passages)), key=lambda i: (-r.scores[i], i)):
        if _count(r, chosen) >= limit or r.scores[i] <= 0:
            break
        if r.leans[i] and i - 1 not in chosen:
            continue
        if _count(r, chosen + [i]) > limit:
            continue
        length = len(r.passages[i].text)
        if max_chars is not None and used + length > max_chars:
            continue
        if any(_overlap(r.passages[i].text, r.passages[j].text) > REDUNDANCY for j in chosen):
            continue
        chosen.append(i)
        used += length
    return sorted(chosen)


def _count(r: Ranking, indexes: list[int]) -> int:
    return sum(not r.passages[k].quote_tail for k in indexes)


def _glue(r: Ranking, chosen: list[int]) -> tuple[list[str], list[float]]:
    """The chosen passages as the brief's sentences, a quotation's tail joined to its quotation."""
    texts: list[str] = []
    scores: list[float] = []
    for k in chosen:
        if r.passages[k].quote_tail and texts:
            texts[-1] += r.passages[k].text
        else:
            texts.append(r.passages[k].text)
            scores.append(r.scores[k])
    return texts, scores


def _first_clauses(r: Ranking, max_chars: int) -> tuple[list[str], list[float]]:
    """The last resort when no passage fits: the first clauses of the best one, up to a ``；``."""
    for i in sorted(range(len(r.passages)), key=lambda i: (-r.scores[i], i)):
        if r.scores[i] <= 0:
            break
        if r.leans[i]:
            continue
        text = ""
        for clause in split_clauses(r.passages[i].text):
            if len(text) + len(clause) > max_chars:
                break
            text += clause
        if len(text) >= MIN_CHARS and P.quote_depth(text) == 0:
            return [text], [r.scores[i]]
    return [], []


def _overlap(a: str, b: str) -> float:
    """Share of the shorter passage's character bigrams that the other one has too."""
    ga = {a[k:k + 2] for k in range(len(a) - 1)}
    gb = {b[k:k + 2] for k in range(len(b) - 1)}
    return len(ga & gb) / max(1, min(len(ga), len(gb)))
