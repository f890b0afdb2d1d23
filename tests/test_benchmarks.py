"""The benchmarks still run (on inputs small enough for the suite); their figures are the README's."""
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


@pytest.mark.parametrize("script, args, says", [
    ("bench_week.py", ["--pages", "5", "--growth", "0", "--rounds", "1"], "x the jieba pass"),
    ("bench_archive.py", ["--stories", "600", "--repeat", "1"], "build one week:"),
    ("bench_summarize.py", [str(BENCHMARKS.parent / "samples"), "--rounds", "1"], "x textrank4zh"),
    ("bench_large_input.py", ["--mb", "1", "--shape", "folder"], "peak memory ratio"),
])
def test_a_benchmark_runs(script, args, says):
    run = subprocess.run([sys.executable, str(BENCHMARKS / script), *args], capture_output=True, text=True,
                         timeout=600)
    assert run.returncode == 0 and says in run.stdout, run.stdout + run.stderr
