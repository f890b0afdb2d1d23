"""The page generator: deterministic for a seed, and every line it prints is labelled."""
import json
from pathlib import Path

from digest.devtools import gold, pagegen

ROOT = Path(__file__).resolve().parent.parent


def clean_pages():
    out = []
    for label in sorted((ROOT / "tests" / "data" / "samples_gold").glob("*.json")):
        doc = json.loads(label.read_text(encoding="utf-8"))
        out.append(pagegen.articles_of_labelled_page((ROOT / "samples" / doc["file"]).read_text(encoding="utf-8"), doc))
    return out


def test_the_same_seed_gives_the_same_page():
    pages = clean_pages()
    assert pagegen.generate(pages, 7) == pagegen.generate(pages, 7)
    assert pagegen.generate(pages, 7)[0] != pagegen.generate(pages, 8)[0]


def test_every_line_printed_is_labelled_once_and_labels_point_at_the_text():
    pages = clean_pages()
    for seed in range(30):
        text, doc = pagegen.generate(pages, seed)
        doc = pagegen.complete(text, doc)
        owner = gold.parse(doc).owner()
        lines = text.split("\n")
        assert {n for n, line in enumerate(lines, 1) if line.strip()} == set(owner), seed
        for a in doc["articles"]:
            assert a["first"] and a["last"]
            assert a["first"].replace(" ", "") in text.replace(" ", "").replace("#", ""), seed


def test_clean_pages_are_read_article_by_article(tmp_path):
    page = tmp_path / "p.txt"
    page.write_text("引题\n标题\n\n　　本报北京1月2日电（记者王伟）正文第一段。\n　　小标题\n　　正文第二段。\n　　（本报记者 李娜）\n"
                    "\n另一篇\n——副题\n　　另一篇的正文。\n", encoding="utf-8")
    first, second = pagegen.read_clean_page(page)
    assert (first.kicker, first.headline, first.deck) == ("引题", "标题", None)
    assert [r for r, _ in first.paragraphs] == ["body", "section", "body", "credit"]
    assert (second.headline, second.deck, second.body) == ("另一篇", "——副题", ["另一篇的正文。"])
