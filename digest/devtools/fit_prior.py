"""Fit the shape of the summarizer's position prior by cross-validation on an evaluation set.

    python -m digest.devtools.fit_prior DATA.jsonl [--folds 5] [--shuffles 3]

DATA.jsonl holds ``{"article", "summary"}`` objects, as for ``python -m digest.evaluate``. Every
shape of a small grid (leading passages at the top weight, decay after them, the closing
passage's extra weight) briefs every article once; then, for each shuffle of the articles into
folds, each fold's shape is the one that scored best on the other folds, and the fold is scored
with it. The held-out ROUGE-L says what the fitting is worth on unseen articles; the shape chosen
most often is the one to ship in ``digest/summarize.py``.
"""
from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
from collections import Counter
from pathlib import Path

from ..summarize import POSITION_EXPONENT, _first_clauses, _glue, _position_prior, _select, rank
from ..evaluate import rouge

LEADS = (1, 2, 3, 4, 5, 6, 8)
DECAYS = (0.4, 0.5, 0.6)
CLOSINGS = (0.0, 0.5, 1.0, 1.5)


def scores_by_shape(rows: list[dict], budget: int) -> dict[tuple, list[float]]:
    """ROUGE-L of every article's brief under every shape of the grid."""
    ranked = []
    for row in rows:
        r = rank(row["article"].split("\n"))
        if r is None:
            ranked.append((None, [], row["summary"]))
            continue
        prior = _position_prior(len(r.passages))
        # PageRank alone, to be multiplied by each shape's prior in turn.
        ranked.append((r, [x / p ** POSITION_EXPONENT for x, p in zip(r.scores, prior)], row["summary"]))
    out = {}
    for shape in itertools.product(LEADS, DECAYS, CLOSINGS):
        values = []
        for r, pagerank, summary in ranked:
            if r is None:
                values.append(rouge("", summary)[2])
                continue
            prior = _position_prior(len(pagerank), shape)
            r.scores = [x * p ** POSITION_EXPONENT for x, p in zip(pagerank, prior)]
            texts, _ = _glue(r, _select(r, budget, 3))
            if not texts:
                texts, _ = _first_clauses(r, budget)
            values.append(rouge("".join(texts)[:budget], summary)[2])
        out[shape] = values
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m digest.devtools.fit_prior", description=__doc__.split("\n\n")[0])
    ap.add_argument("data", type=Path, help="JSONL file of {article, summary} objects")
    ap.add_argument("--budget", type=int, default=150, help="characters per brief")
    ap.add_argument("--folds", type=int, default=5, help="folds of the cross-validation")
    ap.add_argument("--shuffles", type=int, default=3, help="times the articles are dealt into folds")
    args = ap.parse_args(argv)
    rows = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    table = scores_by_shape(rows, args.budget)
    n = len(rows)
    mean = {shape: 100 * sum(v) / n for shape, v in table.items()}
    chosen = Counter()
    for seed in range(args.shuffles):
        order = list(range(n))
        random.Random(seed).shuffle(order)
        total = 0.0
        for f in range(args.folds):
            test = set(order[f::args.folds])
            best = max(table, key=lambda s: (sum(v for k, v in enumerate(table[s]) if k not in test), s))
            chosen[best] += 1
            total += sum(table[best][k] for k in test)
        print(f"shuffle {seed}: held-out ROUGE-L {100 * total / n:.2f}")
    print("shapes chosen (leading passages, decay, closing weight):",
          ", ".join(f"{s} x{c}" for s, c in chosen.most_common()))
    for shape in sorted(mean, key=lambda s: -mean[s])[:5]:
        print(f"  {shape}: ROUGE-L {mean[shape]:.2f} on all articles")
    return 0


if __name__ == "__main__":
    sys.exit(main())
