import json
import re
import unicodedata
from pathlib import Path

import markdown
import pytest

from digest.cli import main
from digest.render import md_escape, wrap

ROOT = Path(__file__).resolve().parent.parent
STORY_KINDS = {"news", "feature", "commentary"}


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    out = tmp_path_factory.mktemp("render")
    for fmt in ("md", "txt", "json"):
        assert main([str(ROOT / "samples"), "--format", fmt, "-o", str(out / f"d.{fmt}")]) == 0
    return {fmt: (out / f"d.{fmt}").read_text(encoding="utf-8") for fmt in ("md", "txt", "json")}


def columns(line):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def test_every_story_and_photo_is_in_the_markdown_and_text(outputs):
    doc = json.loads(outputs["json"])
    for a in doc["articles"]:
        if a["kind"] in STORY_KINDS:
            assert md_escape(a["headline"]) in outputs["md"], a["headline"]
            assert a["summary"][:20] in outputs["txt"].replace("\n  ", ""), a["headline"]
    photos = outputs["md"].split("## 图片新闻")[1].split("\n## ")[0]
    assert photos.count("\n### ") == sum(a["kind"] == "photo" for a in doc["articles"])


def test_markdown_renders_without_raw_markup_showing(outputs):
    html = markdown.markdown(outputs["md"], output_format="html")
    assert "&lt;a" not in html and "\\" not in re.sub(r"<[^>]+>", "", html)
    anchors = set(re.findall(r'<a id="([^"]+)"></a>', html))
    links = set(re.findall(r'href="#([^"]+)"', html))
    assert links and links <= anchors


def test_markdown_renders_as_commonmark_viewers_show_it(outputs):
    """CommonMark (the parser of GitHub, GitLab and most editors) shows no markup as text either."""
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark").render(outputs["md"])
    text = re.sub(r"<[^>]+>", "", html)
    assert "&lt;" not in text and "\\" not in text and "**" not in text
    assert html.count("<h3>") == outputs["md"].count("\n### ")
    assert set(re.findall(r'href="#([^"]+)"', html)) <= set(re.findall(r'<a id="([^"]+)"></a>', html))


def test_plain_text_fits_72_columns(outputs):
    assert max(columns(line) for line in outputs["txt"].splitlines()) <= 72
    assert not any(line.lstrip().startswith(tuple("，。、；：？！”）")) for line in outputs["txt"].splitlines())


@pytest.mark.parametrize("text", ["<script>alert(1)</script>", "{{ 7*7 }}", "# 标题", "1. 列表", "[链接](javascript:alert(1))",
                                  "**粗体** _斜体_", "- 项目", "> 引用", "`代码`"])
def test_markdown_escape_shows_text_as_written(text):
    html = markdown.markdown(md_escape(text), output_format="html")
    assert re.sub(r"</?p>", "", html) == text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def test_wrap_keeps_punctuation_off_line_starts():
    text = "职工书屋是服务职工的新载体，" * 10
    lines = wrap(text, 30).split("\n")
    assert all(columns(l) <= 30 for l in lines)
    assert not any(l.startswith("，") for l in lines)
