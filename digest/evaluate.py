"""Character-level ROUGE of the briefs against reference summaries, beside LEAD and textrank4zh.

    python -m digest.evaluate DATA.jsonl --budget 150

DATA.jsonl holds one ``{"article": ..., "summary": ...}`` object a line. Every system's output is
cut to the budget before scoring (length-limited ROUGE), so a longer summary gains nothing;
ROUGE-1/2/L are F1 over characters with punctuation and whitespace removed, ROUGE-L the longest
common subsequence of the whole strings. The systems:

- ``project``: :func:`digest.summarize.summarize` with ``max_chars=budget``;
- ``lead``: the article's leading sentences, whole, until the budget is reached;
- ``textrank4zh``: textrank4zh 0.3 as its README runs it (``analyze()``, top sentences to the
  budget, in document order, joined by ``。``).

Beside the scores, each system's briefs are checked for the readability defects of
:mod:`digest.readability` (dangling openers, quotation tails, half lists, unbalanced quotes,
credits, empty briefs): the share of briefs with any, and the count of each.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

from . import nlp
from .errors import DigestError, InputError
from .readability import DEFECTS, defects
from .sentences import split_sentences
from .summarize import ENGINES, summarize

SYSTEMS = ("lead", "textrank4zh", "project")

# LEAD's sentences: after a stop, plus the closing quote or bracket that follows it.
_SENT_END = re.compile(r"(?<=[。！？!?])(?=[^”’」』）)\]])|(?<=[。！？!?][”’」』）)\]])")
# Removed before scoring: whitespace and punctuation, full-width and ASCII.
_PUNCT = re.compile(r"[\s\u3000\u00a0，。！？；：、“”‘’（）《》【】—…·,.!?;:()\"'\[\]<>-]")


def rouge(candidate: str, reference: str) -> tuple[float, float, float]:
    """ROUGE-1, ROUGE-2 and ROUGE-L F1 of two strings, over characters without punctuation."""
    c, r = list(_PUNCT.sub("", candidate)), list(_PUNCT.sub("", reference))
    return _rouge_n(c, r, 1), _rouge_n(c, r, 2), _f1(_lcs(c, r), len(c), len(r))


def _f1(overlap, a, b):
    if not a or not b or not overlap:
        return 0.0
    p, r = overlap / a, overlap / b
    return 2 * p * r / (p + r)


def _rouge_n(c, r, n):
    cg = Counter(tuple(c[i:i + n]) for i in range(len(c) - n + 1))
    rg = Counter(tuple(r[i:i + n]) for i in range(len(r) - n + 1))
    return _f1(sum((cg & rg).values()), sum(cg.values()), sum(rg.values()))


def _lcs(a, b):
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


def lead(text: str, budget: int) -> list[str]:
    """The article's leading sentences, whole, until ``budget`` characters are reached."""
    out, n = [], 0
    for para in text.split("\n"):
        for sent in _SENT_END.split(para.strip()):
            if sent.strip() and n < budget:
                out.append(sent)
                n += len(sent)
    return out


def _system(name: str, engine: str):
    """The system as a function of (text, budget) to its brief's sentences."""
    if name == "lead":
        return lead
    if name == "textrank4zh":
        return lambda text, budget: split_sentences(nlp.textrank4zh_analyze(text, budget))
    return lambda text, budget: list(summarize(text, max_chars=budget, engine=engine).sentences)


def main(argv: list[str] | None = None) -> int:
    """Print each system's mean ROUGE-1/2/L (x100), output length and time; return 0."""
    ap = argparse.ArgumentParser(
        prog="python -m digest.evaluate", description=__doc__.split("\n\n")[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    ap.add_argument("data", type=Path, help="JSONL file of {article, summary} objects")
    ap.add_argument("--budget", type=int, default=150, help="characters each output is cut to")
    ap.add_argument("--systems", default=",".join(SYSTEMS),
                    help=f"comma-separated systems to score, from {', '.join(SYSTEMS)}")
    ap.add_argument("--engine", choices=ENGINES, default="numpy", help="the project's ranking engine")
    ap.add_argument("--limit", type=int, default=0, help="score only the first N rows (0: all)")
    args = ap.parse_args(argv)
    try:
        return _run(args, ap)
    except DigestError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code


def _run(args, ap) -> int:
    try:
        lines = args.data.read_text(encoding="utf-8").splitlines()
        rows = [json.loads(line) for line in lines if line.strip()]
    except (OSError, ValueError) as exc:
        raise InputError(f"{args.data}: cannot read the evaluation set: {exc}") from None
    rows = rows[:args.limit] if args.limit else rows
    names = [s.strip() for s in args.systems.split(",") if s.strip()]
    unknown = [s for s in names if s not in SYSTEMS]
    if unknown or not rows:
        ap.error(f"unknown system {unknown[0]!r}" if unknown else f"{args.data} has no rows")
    results = {}
    for name in names:
        system = _system(name, args.engine)
        system(rows[0]["article"], args.budget)  # warm-up: dictionaries load outside the timing
        totals, length, seconds = [0.0, 0.0, 0.0], 0, 0.0
        flawed, kinds = 0, Counter()
        for row in rows:
            start = time.perf_counter()
            sentences = system(row["article"], args.budget)
            seconds += time.perf_counter() - start
            candidate = "".join(sentences)[:args.budget]
            length += len(candidate)
            for i, value in enumerate(rouge(candidate, row["summary"])):
                totals[i] += value
            found = defects(sentences, row["article"])
            flawed += bool(found)
            kinds.update(found)
        results[name] = [100 * t / len(rows) for t in totals]
        r1, r2, rl = results[name]
        counts = " ".join(f"{k} {kinds[k]}" for k in DEFECTS if kinds[k])
        print(f"{name:12s} R1 {r1:6.2f}  R2 {r2:6.2f}  RL {rl:6.2f}  "
              f"len {length / len(rows):6.1f}  time {seconds:6.2f}s  n={len(rows)}  "
              f"defects {100 * flawed / len(rows):5.1f}% ({counts or 'none'})")
    if "project" in results and len(results) > 1:
        best = max(v[2] for k, v in results.items() if k != "project")
        print(f"project RL minus best other {results['project'][2] - best:+.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
