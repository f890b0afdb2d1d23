"""A year of stories in the archive: the time to build one week and to search, against floors.

    python benchmarks/bench_archive.py [--stories 15000] [--week 2017-W40] [--repeat 5]

Fills a fresh archive in a temporary folder with a year of generated pages (2017, six pages a
day, ``--stories`` stories in all). Each story is made of words drawn from the sample pages'
own vocabulary, so stories differ as real ones do (few shared runs of text) while jieba, FTS5 and
the digest see real Chinese words; every fiftieth story reprints one of the week before, and
every week before the measured one is recorded as sent, so that building a week also looks
for stories sent before, as in use.

Then, each the median of ``--repeat`` runs:

- build: ``build_week`` and the HTML render of the week (what ``digest build`` does), against
  the floor of assembling and rendering the same briefs already in memory (no archive); and
  ``digest build`` as a command, in a new process, the way a user or cron runs it;
- search: ``digest search 农民工 工资`` and a one-word search, against a scan of every story's
  text in memory for the same words (what a search without the index must at least do).

Briefing is not measured here (``bench_summarize.py`` does): the generated stories' briefs are
their first two sentences, so that filling the archive takes a minute, not an hour.
"""
from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from digest import nlp
from digest.archive import Archive
from digest.assemble import assemble, load_sections, story_anchors
from digest.models import Article, Brief, Page, Summary
from digest.pipeline import build_week, week_period
from digest.render import render
from digest.similarity import anchors
from digest.sentences import split_sentences

ROOT = Path(__file__).resolve().parent.parent
PAGES_A_DAY = 6
REPRINT_EVERY = 50
QUERIES = (["农民工", "工资"], ["职工"])


def vocabulary() -> list[str]:
    words = set()
    for path in sorted((ROOT / "samples").glob("*.txt")):
        words.update(w for w in nlp.tokenize(path.read_text(encoding="utf-8")) if len(w) > 1 and w.isalnum())
    return sorted(words)


def story_text(rng: random.Random, words: list[str]) -> tuple[str, list[str]]:
    headline = "".join(rng.choices(words, k=rng.randint(4, 7)))
    paragraphs = []
    for _ in range(rng.randint(3, 6)):
        sentences = ["".join(rng.choices(words, k=rng.randint(6, 14))) + rng.choice("，；") +
                     "".join(rng.choices(words, k=rng.randint(4, 10))) + "。" for _ in range(rng.randint(1, 3))]
        paragraphs.append("".join(sentences))
    paragraphs[0] = f"本报讯（记者{rng.choice(words)}）" + paragraphs[0]
    return headline, paragraphs


def fill(archive: Archive, stories: int, seed: int = 2017) -> list[Brief]:
    """Add a year of generated pages; returns every brief, in order."""
    rng = random.Random(seed)
    words = vocabulary()
    days = [date(2017, 1, 1) + timedelta(days=n) for n in range(365)]
    pages = len(days) * PAGES_A_DAY
    per_page = [stories // pages + (n < stories % pages) for n in range(pages)]
    all_briefs: list[Brief] = []
    by_week: dict[str, list[Brief]] = {}
    n = 0
    for p, count in enumerate(per_page):
        day = days[p // PAGES_A_DAY]
        source = Path(f"/year/{day.isoformat()}-{p % PAGES_A_DAY + 1:02d}.txt")
        week = _week(day)
        last_week = by_week.get(_week(day - timedelta(days=7)), [])
        briefs = []
        for position in range(1, count + 1):
            n += 1
            if n % REPRINT_EVERY == 0 and last_week:
                old = rng.choice(last_week).article
                headline, paragraphs = old.headline, list(old.paragraphs)
            else:
                headline, paragraphs = story_text(rng, words)
            article = Article(id=f"{source.stem}-{position:02d}", source=source, position=position, headline=headline,
                              paragraphs=tuple(paragraphs), page_date=day, date_source="filename")
            sentences = tuple(split_sentences(article.body)[:2])
            briefs.append(Brief(article, Summary(sentences, tuple(rng.sample(words, 5)))))
        text = "\n\n".join(b.article.headline + "\n\n" + b.article.body for b in briefs)
        archive.store_page(Page(source, text, day, "filename"), briefs, day)
        by_week.setdefault(week, []).extend(briefs)
        all_briefs += briefs
    return all_briefs


def record_sends(archive: Archive, before: str) -> int:
    """Record every week before ``before`` as sent; returns the stories recorded."""
    sent = 0
    start = date(2017, 1, 2)
    while _week(start) != before:
        week = _week(start)
        stored = archive.stories(*week_period(week))
        archive.record_send(week, week_period(week)[1], 1, week, stored, story_anchors)
        sent += len(stored)
        start += timedelta(days=7)
    return sent


def median_seconds(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stories", type=int, default=15_000, help="stories in the year")
    ap.add_argument("--week", default="2017-W40", help="the week to build")
    ap.add_argument("--repeat", type=int, default=5, help="runs of each measurement (the median is shown)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "archive.sqlite3"
        with Archive(path) as archive:
            start = time.perf_counter()
            briefs = fill(archive, args.stories)
            filled = time.perf_counter() - start
            sent = record_sends(archive, args.week)
            pages, stories = archive.counts()
            print(f"archive: {pages} pages, {stories} stories, {sent} recorded as sent before {args.week}; "
                  f"filled in {filled:.1f} s; {path.stat().st_size / 2**20:.1f} MiB")

            built = build_week(archive, args.week)
            print(f"{args.week}: {built.digest.pages} pages, {len(built.shown)} stories kept, "
                  f"{len(built.sent_before)} left out as sent before")

            def one_build():
                anchors.cache_clear()  # as in a fresh `digest build`: nothing anchored yet
                render(build_week(archive, args.week).digest, "html")

            build = median_seconds(one_build, args.repeat)
            start_day, end_day = week_period(args.week)
            week_briefs = [b for b in briefs if start_day <= b.article.page_date <= end_day]
            sections = load_sections()

            def floor_build():
                anchors.cache_clear()
                digest = assemble(week_briefs, [], pages=built.digest.pages, title="工会新闻周报", sections=sections,
                                  period=(start_day, end_day))
                render(digest, "html")

            floor = median_seconds(floor_build, args.repeat)
            print(f"build one week:   {build * 1000:7.1f} ms   floor (assemble + render in memory) "
                  f"{floor * 1000:7.1f} ms   ratio {build / floor:5.2f}   target < 1000 ms: "
                  f"{'met' if build < 1 else 'NOT met'}")

            cli = median_seconds(lambda: subprocess.run(
                [sys.executable, "-m", "digest", "build", "--db", str(path), "--week", args.week, "--format", "html",
                 "-o", str(Path(tmp) / "week.html")], check=True, capture_output=True), args.repeat)
            print(f"`digest build` as a command (Python's start and imports included): {cli * 1000:7.1f} ms")

            bodies = [(b.article.headline + b.article.body) for b in briefs]
            for words in QUERIES:
                found = len(archive.search(words, limit=10_000))
                search = median_seconds(lambda: archive.search(words), args.repeat)
                scan = median_seconds(lambda: [t for t in bodies if all(w in t for w in words)], args.repeat)
                print(f"search {' '.join(words):10s} {search * 1000:7.1f} ms   ({found} stories match; the first 50 "
                      f"listed)   floor (scan in memory) {scan * 1000:7.1f} ms   ratio {search / scan:5.2f}   "
                      f"target < 200 ms: {'met' if search < 0.2 else 'NOT met'}")


def _week(d: date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year}-W{week:02d}"


if __name__ == "__main__":
    main()
