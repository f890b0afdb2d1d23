"""How many times faster the summarizer is than textrank4zh, on the same articles in one run.

    python benchmarks/bench_summarize.py ARTICLES [--budget 150] [--rounds 3]

ARTICLES is a JSONL file with an ``article`` field per line, or a folder of ``.txt`` files.
Each system summarizes every article once as a warm-up (dictionaries load, caches fill), then
``--rounds`` times; the best round counts. textrank4zh runs as its README shows
(``TextRank4Sentence.analyze()`` then ``get_key_sentences``); the project runs with its default
numpy engine and with ``engine="textrank4zh"``. The result is the ratio; the milliseconds per
article are shown for context only, as they depend on the machine.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from digest import nlp  # noqa: E402
from digest.summarize import summarize  # noqa: E402


def load(path: Path) -> list[str]:
    if path.is_dir():
        return [p.read_text(encoding="utf-8") for p in sorted(path.glob("*.txt"))]
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["article"] for line in lines if line.strip()]


def best_time(fn, texts, rounds):
    for text in texts:  # warm-up
        fn(text)
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for text in texts:
            fn(text)
        best = min(best, time.perf_counter() - start)
    return best


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("articles", type=Path, help="JSONL file with an 'article' field, or a folder of .txt")
    ap.add_argument("--budget", type=int, default=150, help="characters per brief")
    ap.add_argument("--rounds", type=int, default=3, help="timed rounds; the best one counts")
    args = ap.parse_args(argv)
    texts = load(args.articles)
    systems = {
        "textrank4zh analyze()": lambda t: nlp.textrank4zh_analyze(t, args.budget),
        "project (numpy engine)": lambda t: summarize(t, max_chars=args.budget),
        "project (engine=textrank4zh)": lambda t: summarize(t, max_chars=args.budget, engine="textrank4zh"),
    }
    times = {name: best_time(fn, texts, args.rounds) for name, fn in systems.items()}
    base = times["textrank4zh analyze()"]
    chars = sum(map(len, texts))
    print(f"{len(texts)} articles, {chars / len(texts):.0f} characters on average, "
          f"best of {args.rounds} rounds after a warm-up; briefs of {args.budget} characters")
    for name, seconds in times.items():
        print(f"{name:30s} {base / seconds:6.1f}x textrank4zh  ({1000 * seconds / len(texts):.1f} ms/article)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
