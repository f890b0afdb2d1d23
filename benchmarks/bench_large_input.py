"""Peak memory and time of a whole run on a large input, against the same run on samples/.

    python benchmarks/bench_large_input.py [--mb 50] [--shape file|folder] [--format md]

Writes about ``--mb`` megabytes of pages made from samples/ (every digit redrawn, so the pages
differ; seeded, so every run writes the same input) into a temporary folder, as one long file
with form feeds between pages or as a folder of dated page files, then runs
``run_digest.py`` on it and on samples/ in child processes and reports their peak resident
memory and time. Memory that stays near the small run's, whatever the input size, is the aim.
"""
from __future__ import annotations

import argparse
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def make_input(folder: Path, megabytes: int, shape: str) -> Path:
    rng = random.Random(2017)
    samples = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "samples").glob("*.txt"))]
    pages, size = [], 0
    while size < megabytes * 2**20:
        page = re.sub(r"\d", lambda _: str(rng.randint(0, 9)), rng.choice(samples))
        pages.append(page)
        size += len(page.encode("utf-8"))
    if shape == "file":
        path = folder / "year.txt"
        path.write_text("\f".join(pages), encoding="utf-8")
        return path
    for n, page in enumerate(pages):
        day = date(2017, 1, 2) + timedelta(days=n % 365)
        (folder / f"{day.isoformat()}-{n:05d}.txt").write_text(page, encoding="utf-8")
    return folder


def run(inputs: Path, fmt: str, out: Path) -> tuple[float, float, str]:
    """Wall seconds, peak resident MiB and the final summary line of one run in a child process."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, str(ROOT / "run_digest.py"), str(inputs), "--format", fmt, "-o", str(out)],
                          capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - start
    # ru_maxrss of the children is the largest child so far, in KiB on Linux; the small run goes first.
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return seconds, peak, proc.stderr.strip().splitlines()[-1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=int, default=50, help="size of the generated input")
    ap.add_argument("--shape", choices=("file", "folder"), default="file", help="one long file, or a folder of pages")
    ap.add_argument("--format", default="md", help="output format")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        small = run(ROOT / "samples", args.format, tmp / f"small.{args.format}")
        big_input = make_input(tmp, args.mb, args.shape)
        big = run(big_input, args.format, tmp / f"big.{args.format}")
    print(f"samples/ (5 pages)     {small[0]:7.1f} s  peak {small[1]:6.0f} MiB   {small[2]}")
    print(f"{args.mb} MB as a {args.shape:6s}  {big[0]:7.1f} s  peak {big[1]:6.0f} MiB   {big[2]}")
    print(f"peak memory ratio {big[1] / small[1]:.2f}x for an input {args.mb * 2**20 / 98173:.0f}x larger")


if __name__ == "__main__":
    main()
