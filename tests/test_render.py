import json
import re
import unicodedata
from pathlib import Path

import markdown
import pytest

from digest.cli import main
from digest.patterns import typeset, typeset_headline
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
            assert md_escape(typeset_headline(a["headline"])) in outputs["md"], a["headline"]
            assert typeset(a["summary"])[:20] in outputs["txt"].replace("\n  ", ""), a["headline"]
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


# --- the user's templates ---------------------------------------------------------------------------

PREVIOUS = "上周的摘要。\n"


def run_with_template(tmp_path, capsys, text: str | bytes, fmt: str = "md"):
    """Run the CLI over the samples with a template of the user's, over a previous output file:
    the exit code, the lines on standard error, the output file after the run, the folder."""
    folder = tmp_path / "my-templates"
    folder.mkdir(exist_ok=True)
    data = text.encode("utf-8") if isinstance(text, str) else text
    (folder / f"digest.{fmt}").write_bytes(data)
    out = tmp_path / f"d.{fmt}"
    out.write_text(PREVIOUS, encoding="utf-8")
    code = main([str(ROOT / "samples"), "--format", fmt, "--templates", str(folder), "-o", str(out)])
    err = capsys.readouterr().err.strip().splitlines()
    return code, err, out.read_text(encoding="utf-8"), folder


@pytest.mark.parametrize("template, line, problem", [
    ("# {{ digest.title }}\n{{ ''.__class__.__mro__[1].__subclasses__() }}\n", 2,
     "access to attribute '__class__' of 'str' object is unsafe. — a template may lay the digest out, not run code"),
    ("# {{ digest.title }}\n\n{{ digest.title.format.__globals__ }}\n", 3, "is unsafe"),
    ("# {{ digest.title }}\n{% for x in %}\n", 2, "Expected an expression, got 'end of statement block'"),
    ("# {{ digest.title }}\n\n\n{{ digest.nope }}\n", 4, "'digest.models.Digest object' has no attribute 'nope'"),
    ("{% set seen = [] %}\n{{ seen.append(digest.title) }}\n", 2, "'append' of 'list' object is unsafe"),
])
def test_a_broken_or_hostile_template_is_one_line_naming_file_and_line(tmp_path, capsys, template, line, problem):
    code, err, out, folder = run_with_template(tmp_path, capsys, template)
    assert code == 1 and len(err) == 1, err
    assert err[0].startswith(f"error: {folder / 'digest.md'}, line {line}: ") and problem in err[0], err[0]
    assert out == PREVIOUS


def test_an_error_in_an_imported_template_names_that_file(tmp_path, capsys):
    (tmp_path / "my-templates").mkdir()
    (tmp_path / "my-templates" / "macros.html").write_text("{% macro title(d) %}\n{{ d.nope }}\n{% endmacro %}\n",
                                                          encoding="utf-8")
    code, err, out, folder = run_with_template(
        tmp_path, capsys, "{% import 'macros.html' as m %}<html><body>{{ m.title(digest) }}</body></html>\n", "html")
    assert code == 1 and err == [f"error: {folder / 'macros.html'}, line 2: "
                                 "'digest.models.Digest object' has no attribute 'nope'"]
    assert out == PREVIOUS


def test_a_template_that_is_not_utf8_is_named(tmp_path, capsys):
    code, err, out, folder = run_with_template(tmp_path, capsys, "# {{ digest.title }} 周报\n".encode("gbk"))
    assert code == 1 and err == [f"error: {folder / 'digest.md'}: the template is not UTF-8 text; save it as UTF-8"]
    assert out == PREVIOUS


def test_a_template_lays_out_and_the_shipped_ones_fill_the_gaps(tmp_path, capsys):
    code, err, out, folder = run_with_template(tmp_path, capsys, "{{ digest.title }}: {{ digest.stories }}\n")
    assert code == 0 and out.startswith("工会新闻周报 · 2016年10月14日—2019年9月9日: 4")
    html = tmp_path / "d.html"
    assert main([str(ROOT / "samples"), "--format", "html", "--templates", str(folder), "-o", str(html)]) == 0
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("make", ["missing", "file"])
def test_a_templates_folder_that_is_not_one_is_an_error(tmp_path, capsys, make):
    folder = tmp_path / "my-templates"
    if make == "file":
        folder.write_text("", encoding="utf-8")
    out = tmp_path / "d.md"
    out.write_text(PREVIOUS, encoding="utf-8")
    assert main([str(ROOT / "samples"), "--templates", str(folder), "-o", str(out)]) == 2
    what = "does not exist" if make == "missing" else "is not a folder"
    assert capsys.readouterr().err.strip().splitlines() == [
        f"error: {folder}: the templates folder {what}; give a folder holding digest.md, digest.html or "
        "digest.txt (copies of the shipped templates, edited)"]
    assert out.read_text(encoding="utf-8") == PREVIOUS


def test_every_output_is_signed_so_that_it_is_never_read_as_a_page(outputs):
    from digest.render import GENERATOR, is_digest

    for fmt, text in outputs.items():
        data = text.encode("utf-8")
        assert is_digest(data[:4096], data[-4096:]), fmt
    assert outputs["md"].endswith(f"\n<!-- {GENERATOR} -->\n")
    assert outputs["txt"].endswith(f"\n-- \n{GENERATOR}\n")
    assert json.loads(outputs["json"])["generator"] == GENERATOR
    page = (ROOT / "samples" / "000_f332fbbfdc60002e.txt").read_bytes()
    assert not is_digest(page[:4096], page[-4096:])


# --- the mail's size budget ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def samples_digest():
    from digest.pipeline import Options, build_digest
    return build_digest([ROOT / "samples"], Options())


def test_a_digest_within_the_budget_is_mailed_whole(samples_digest):
    from digest.render import MAIL_BUDGET, mail, render

    sent = mail(samples_digest)
    assert sent.size <= MAIL_BUDGET and sent.full_html is None and sent.digest.named_only == 0
    assert sent.html == render(samples_digest, "html") and sent.text == render(samples_digest, "txt")


@pytest.mark.parametrize("budget", [40_000, 25_000])
def test_a_mail_over_its_budget_keeps_the_lead_and_each_sections_first_stories(samples_digest, budget):
    from digest.render import mail, render, wire_size

    sent = mail(samples_digest, budget=budget, attachment="digest-x.html")
    assert sent.size <= budget < mail(samples_digest, budget=budget * 10).size
    assert sent.full_html == render(samples_digest, "html") and sent.digest.attachment == "digest-x.html"
    from digest.assemble import shorten
    from markupsafe import escape

    short = sent.digest
    assert short.lead == samples_digest.lead and short.named_only > 0
    top = max(len(s.stories) for s in short.sections)
    for section, whole in zip(short.all_sections[1:], samples_digest.all_sections[1:]):
        assert section.stories + section.more == whole.stories
        assert len(section.stories) == min(top, len(whole.stories)), "the first stories of every section"
    text = sent.text.replace("\n  ", "")
    for section in short.all_sections:
        for story in section.stories:
            assert f"<p>{escape(story.paragraphs[0])}</p>" in sent.html and story.paragraphs[0][:20] in text
        for story in section.more:
            assert f"<li>{escape(story.title)}</li>" in sent.html and f"- {story.title}" in text
            assert f"<p>{escape(story.paragraphs[0])}</p>" not in sent.html
    assert short.stories == samples_digest.stories, "every story is named"
    assert wire_size(render(shorten(samples_digest, top + 1, attachment="x"), "html")) > budget, "none more fits"


def test_a_mail_over_its_budget_links_the_full_digest_online(samples_digest):
    from digest.render import mail

    url = "https://intranet.example.org/digest/2017-W34.html"
    sent = mail(samples_digest, budget=30_000, full_url=url)
    assert sent.full_html is None and f'见<a href="{url}">网页版</a>' in sent.html and f"网页版 {url}" in sent.text
    story = sent.digest.sections[0].more[0]
    assert f'<li><a href="{url}#{story.anchor}">{story.title}</a></li>' in sent.html


def test_a_mail_that_cannot_fit_says_to_send_a_shorter_period(samples_digest):
    from digest.errors import DigestError
    from digest.render import mail

    with pytest.raises(DigestError, match=r"over the 10 KB that mail clients show whole; mail a shorter period"):
        mail(samples_digest, budget=10_000)
