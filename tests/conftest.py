"""A week of generated pages, and the digest of it mailed (a dry run), shared by the test modules."""
import json
import random
from datetime import date, timedelta
from pathlib import Path

import pytest

from digest.cli import main
from digest.devtools import pagegen

ROOT = Path(__file__).resolve().parent.parent
MONDAY = date(2017, 8, 21)  # of 2017-W34
PAGES_A_DAY = 8


@pytest.fixture(scope="session")
def week_pages(tmp_path_factory) -> Path:
    """50 pages of 2017-W34, named by date and page number (`2017-08-21_p01.txt`): 49 laid out
    from the samples' stories with every kind of extraction noise (fixed seeds), half of them
    with stories recombined from their paragraphs, and the sample page that holds a notice."""
    folder = tmp_path_factory.mktemp("week")
    clean = []
    for gold in sorted((ROOT / "tests" / "data" / "samples_gold").glob("*.json")):
        doc = json.loads(gold.read_text(encoding="utf-8"))
        clean.append(pagegen.articles_of_labelled_page((ROOT / "samples" / doc["file"]).read_text(encoding="utf-8"), doc))
    stories = [a for page in clean for a in page]
    rng = random.Random(34)
    for k in range(49):
        # Every other page holds stories made up of the samples' paragraphs: a week well over the
        # mail's budget however the cutter cuts it, with reprints still.
        pages = clean if k % 2 else [pagegen.recombined_page(stories, rng)]
        text, _ = pagegen.generate(pages, 4000 + k, f"gen_{k}")
        day = MONDAY + timedelta(days=k // PAGES_A_DAY)
        (folder / f"{day}_p{k % PAGES_A_DAY + 1:02d}.txt").write_text(text, encoding="utf-8")
    (folder / "2017-08-27_p08.txt").write_bytes((ROOT / "samples" / "004_99c5188a89bb764e.txt").read_bytes())
    return folder


@pytest.fixture(scope="session")
def mailed_week(week_pages, tmp_path_factory) -> Path:
    """The week mailed with --dry-run --paper 工人日报: week.md, week.eml, report.md, and week.json."""
    out = tmp_path_factory.mktemp("mailed")
    week = [str(week_pages), "--week", "2017-W34", "--paper", "工人日报"]
    assert main([*week, "-o", str(out / "week.md"), "--report", str(out / "report.md"), "--email-to",
                 "xcb@example.org", "--email-from", "工会宣传部 <digest@example.org>", "--dry-run"]) == 0
    assert main([*week, "-o", str(out / "week.json")]) == 0
    return out
