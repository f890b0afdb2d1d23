"""Story F1 of the page cutter against gold labels.

``python -m digest.evaluate_segmentation PAGES_DIR GOLD_DIR [-v]`` cuts every page that has a
label file and prints a line per page and the totals, ending with ``story F1 …``.

A gold story (news, feature or commentary) counts as correct when an output story's body holds
its first line, holds its last line, holds the first line of no other gold story, and its headline
matches (the same text, or one holding the other at half its length or more, or 80% alike; any
title will do for a story printed without one). Precision divides by the output stories, so a
story cut in two or a caption taken for a story costs. Text is compared without spaces, Markdown
marks and the width of punctuation.
"""
from __future__ import annotations

import argparse
import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

STORY_KINDS = {"news", "feature", "commentary"}
_PUNCT = str.maketrans({"，": ",", "；": ";", "（": "(", "）": ")", "：": ":", "！": "!",
                        "？": "?", "“": '"', "”": '"', "‘": "'", "’": "'", "、": ","})


def norm(text: str | None) -> str:
    """Text as compared: no spaces or Markdown marks, letters and digits folded, punctuation unified."""
    if not text:
        return ""
    text = "".join(ch for ch in text.replace("**", "").replace("#", "") if not ch.isspace())
    text = "".join(unicodedata.normalize("NFKC", c) if c.isalnum() else c for c in text)
    return text.translate(_PUNCT)


def headline_ok(out: str | None, gold: str | None, alternatives=()) -> bool:
    if any(headline_ok(out, alt) for alt in alternatives):
        return True
    o, g = norm(out), norm(gold)
    if not g:
        return True  # no printed headline: any title will do
    if not o:
        return False
    if g in o or o in g:
        return min(len(o), len(g)) / max(len(o), len(g)) >= 0.5
    return difflib.SequenceMatcher(None, o, g).ratio() >= 0.8


@dataclass
class PageScore:
    name: str
    gold: int = 0
    out: int = 0
    correct: int = 0
    problems: list[str] = field(default_factory=list)


def score_page(name: str, gold: dict, outs: list[dict]) -> PageScore:
    """Score one page: ``gold`` a label file's content, ``outs`` its articles (headline, kind, body)."""
    stories = [g for g in gold["articles"] if g["kind"] in STORY_KINDS]
    out_stories = [a for a in outs if (a.get("kind") or "news") in STORY_KINDS]
    bodies = [norm(a.get("body", "")) for a in out_stories]
    firsts = [norm(g["first"]) for g in stories]
    score = PageScore(name, gold=len(stories))
    matched = set()
    for k, g in enumerate(stories):
        first, last = firsts[k], norm(g["last"])
        found = [i for i, b in enumerate(bodies) if first and first in b]
        if not found:
            score.problems.append(f"missing: {g['headline'] or g['first']}")
            continue
        i = found[0]
        matched.add(i)
        complete = last in bodies[i] or any(norm(x) in bodies[i] for x in g.get("last_alternatives", ()))
        pure = not any(f and f in bodies[i] for j, f in enumerate(firsts) if j != k)
        head = headline_ok(out_stories[i].get("headline"), g["headline"], g.get("headline_alternatives", ()))
        if complete and pure and head:
            score.correct += 1
        else:
            why = "/".join(w for w, ok in (("incomplete", complete), ("merged", pure), ("headline", head)) if not ok)
            score.problems.append(f"{why}: {g['headline'] or g['first']} -> {out_stories[i].get('headline')}")
    composites = [norm(g.get("body_text", "")) for g in gold["articles"] if g["kind"] == "composite"]
    for i, a in enumerate(out_stories):
        in_composite = any(bodies[i][:15] and bodies[i][:15] in c for c in composites)
        if i not in matched:
            if in_composite:
                continue
            score.problems.append(f"junk: {a.get('headline') or bodies[i][:20]}")
        score.out += 1
    return score


def f1(scores: list[PageScore]) -> tuple[float, float, float]:
    """Precision, recall and F1 over all pages."""
    correct = sum(s.correct for s in scores)
    out, gold = sum(s.out for s in scores), sum(s.gold for s in scores)
    p = correct / out if out else 0.0
    r = correct / gold if gold else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def article_record(article) -> dict:
    return {"headline": article.headline, "kind": article.kind, "body": article.body}


def evaluate(pages_dir: Path, gold_dir: Path, strip_marks: bool = False) -> list[PageScore]:
    """Cut every labelled page of ``pages_dir`` and score it; ``strip_marks`` drops `#` heading marks first."""
    import json

    from .devtools.gold import pairs
    from .ingest import read_pages
    from .segment import segment

    scores = []
    for page_path, gold_path in pairs(pages_dir, gold_dir):
        articles = []
        for page in read_pages([page_path]):
            if hasattr(page, "text"):
                if strip_marks:
                    page = _without_marks(page)
                articles += segment(page).articles
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        scores.append(score_page(page_path.name, gold, [article_record(a) for a in articles]))
    return scores


def _without_marks(page):
    from dataclasses import replace

    return replace(page, text=re.sub(r"(?m)^#+ *", "", page.text))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m digest.evaluate_segmentation",
                                     description="Story F1 of the page cutter against gold labels.")
    parser.add_argument("pages", type=Path, help="folder of pages")
    parser.add_argument("gold", type=Path, help="folder of label files (one JSON file per page)")
    parser.add_argument("--no-marks", action="store_true", help="remove Markdown heading marks (#) from the pages first")
    parser.add_argument("--models", type=Path, help="folder of model files to use instead of the shipped ones")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    if args.models:
        from .segment import use_models

        use_models(args.models)
    scores = evaluate(args.pages, args.gold, args.no_marks)
    for s in scores:
        print(f"{s.name[:32]:32s} gold={s.gold:3d} out={s.out:3d} correct={s.correct:3d}")
        if args.verbose:
            for problem in s.problems:
                print("    ", problem)
    p, r, f = f1(scores)
    print(f"total gold={sum(s.gold for s in scores)} out={sum(s.out for s in scores)} "
          f"correct={sum(s.correct for s in scores)}")
    print(f"story P {p:.3f} R {r:.3f}")
    print(f"story F1 {f:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
