"""A week of pages to an HTML digest, against one plain jieba pass over the same pages.

    python benchmarks/bench_week.py [DIR] [--pages 50] [--growth 400] [--rounds 3]

Both run in fresh processes, as a user runs them (the package's bytecode compiled, as installed):
``python -m digest DIR --format html`` and a script that only loads jieba and cuts the same pages
once with ``jieba.lcut``, taking turns. The best of ``--rounds`` runs counts; the line printed
gives the ratio. Then the digest of ``--growth`` pages against that of ``--pages``: how the time
grows with the input, and the peak memory (the whole process tree, sampled in a run of its own).
DIR is any folder of pages; without it, distinct pages are generated from the samples' stories
with a fixed seed (their paragraphs recombined, their numbers redrawn, so no two stories of the
week are the same).
"""
from __future__ import annotations

import argparse
import compileall
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

JIEBA_PASS = """
import sys, pathlib, logging, jieba
jieba.setLogLevel(logging.WARNING)
for page in sorted(pathlib.Path(sys.argv[1]).glob("*")):
    jieba.lcut(page.read_text(encoding="utf-8"))
"""


def generated_pages(n: int, folder: Path, seed: int = 34) -> None:
    """``n`` distinct pages laid out like extracted pages, from the samples' stories."""
    from digest.devtools import pagegen

    stories = []
    for label in sorted((ROOT / "tests" / "data" / "samples_gold").glob("*.json")):
        doc = json.loads(label.read_text(encoding="utf-8"))
        stories += pagegen.articles_of_labelled_page((ROOT / "samples" / doc["file"]).read_text(encoding="utf-8"), doc)
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for k in range(n):
        page = pagegen.recombined_page(stories, rng)
        text, _ = pagegen.generate([page], seed * 1000 + k)
        (folder / f"page-{k:04d}.txt").write_text(text, encoding="utf-8")


def run(argv: list[str]) -> float:
    """Wall time of a command."""
    start = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    if done.returncode:
        raise SystemExit(f"error: {' '.join(argv)} exited {done.returncode}")
    return seconds


def peak_memory(argv: list[str]) -> float:
    """The peak memory of a command's process tree in MB, sampled every 20 ms.

    A run of its own: reading the memory of every process takes CPU, and while timed the digest
    needs both cores (sampled, its 50 pages took 7% longer).
    """
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_memory(proc.pid))
        time.sleep(0.02)
    if proc.returncode:
        raise SystemExit(f"error: {' '.join(argv)} exited {proc.returncode}")
    return peak / 1024


def _tree_memory(pid: int) -> int:
    """Memory in KB of a process and its descendants (Linux /proc): the proportional set size, so
    that pages a forked process shares with its parent count once, not once a process."""
    total = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            rollup = Path(f"/proc/{p}/smaps_rollup").read_text()
            total += int(re.search(r"^Pss:\s+(\d+)", rollup, re.M).group(1))
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, AttributeError):
            continue
    return total


def best(commands: list[list[str]], rounds: int) -> list[float]:
    """The best time of each command over ``rounds`` rounds, the commands taking turns within a
    round, so that a machine busier or cooler for a while weighs on both alike."""
    times = [[run(argv) for argv in commands] for _ in range(rounds)]
    return [min(column) for column in zip(*times)]


def digest_command(folder: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "digest", str(folder), "--format", "html", "-o", str(out)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, help="a folder of pages (default: generated from the samples)")
    parser.add_argument("--pages", type=int, default=50, help="pages of the week (default: %(default)s)")
    parser.add_argument("--growth", type=int, default=400, help="pages of the larger run, 0 for none (default: %(default)s)")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each command, the best counts (default: %(default)s)")
    args = parser.parse_args(argv)
    # The package's bytecode, as an install writes it: where Python may not write it itself
    # (PYTHONDONTWRITEBYTECODE), every run would compile the changed modules again (0.03 s).
    compileall.compile_dir(ROOT / "digest", quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        if args.folder:
            pages = sorted(p for p in args.folder.iterdir() if p.is_file())
        else:
            generated_pages(max(args.pages, args.growth), tmp / "all")
            pages = sorted((tmp / "all").iterdir())
        week = tmp / "week"
        week.mkdir()
        for p in pages[:args.pages]:
            (week / p.name).write_bytes(p.read_bytes())
        size = sum(p.stat().st_size for p in week.iterdir()) // 1024
        script = tmp / "jieba_pass.py"
        script.write_text(JIEBA_PASS, encoding="utf-8")
        digest, jieba = best([digest_command(week, tmp / "week.html"), [sys.executable, str(script), str(week)]],
                             args.rounds)
        memory = peak_memory(digest_command(week, tmp / "week.html"))
        print(f"{args.pages} pages ({size} KB): digest to HTML {digest:.2f} s, plain jieba pass {jieba:.2f} s "
              f"-> {digest / jieba:.2f}x the jieba pass; peak memory {memory:.0f} MB")
        if args.growth and len(pages) >= args.growth:
            year = tmp / "more"
            year.mkdir()
            for p in pages[:args.growth]:
                (year / p.name).write_bytes(p.read_bytes())
            grown = run(digest_command(year, tmp / "more.html"))
            grown_memory = peak_memory(digest_command(year, tmp / "more.html"))
            print(f"{args.growth} pages: digest to HTML {grown:.2f} s, peak memory {grown_memory:.0f} MB; "
                  f"{grown / digest:.1f}x the time of {args.pages} pages for {args.growth / args.pages:.0f}x the pages")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
