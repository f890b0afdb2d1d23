"""The HTML digest as an email client receives it: static checks of the file the CLI writes.

The layout itself (no overflow at 375 px, links that land, dark mode) is checked in a real
browser by tests/test_browser.py.
"""
import dataclasses
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from digest.cli import main
from digest.pipeline import Options, build_digest
from digest.render import render

ROOT = Path(__file__).resolve().parent.parent
STORY_KINDS = {"news", "feature", "commentary"}
TEXT_TAGS = {"h1", "h2", "h3", "p", "td", "a"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
MAX_WIDTH = 640  # px: the usual width of an email body (Litmus, Campaign Monitor templates)
FONT_STACK = ("PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC",
              "sans-serif")
HOSTILE_HEADLINE = "测试<script>alert(1)</script>标题{{ 7*7 }}"
HOSTILE_BODY = "本报讯（记者张三）8月1日，某市总工会举办活动<script>alert(1)</script>，{{ 7*7 }}职工参加。"


@dataclasses.dataclass
class Element:
    tag: str
    attrs: dict
    text: str = ""


class Page(HTMLParser):
    """Every element in document order, with its attributes and the text inside it."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.open: list[Element] = []
        self.styles: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        el = Element(tag, {k: v or "" for k, v in attrs})
        self.elements.append(el)
        if tag not in VOID:
            self.open.append(el)

    def handle_startendtag(self, tag, attrs):
        self.elements.append(Element(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag):
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i].tag == tag:
                del self.open[i:]
                break

    def handle_data(self, data):
        if self.open and self.open[-1].tag == "style":
            self.styles.append(data)
        for el in self.open:
            el.text += data

    def tags(self, *names) -> list[Element]:
        return [e for e in self.elements if e.tag in names]

    def by_id(self) -> dict[str, Element]:
        return {e.attrs["id"]: e for e in self.elements if "id" in e.attrs}

    def sections(self) -> dict[str, str]:
        """The text after each h2, up to the next h2, keyed by the h2's text."""
        out, current = {}, None
        for e in self.elements:
            if e.tag == "h2":
                current = e.text.strip()
                out[current] = ""
            elif current and e.tag in ("h3", "p"):
                out[current] += e.text + "\n"
        return out


def _cli(argv: list[str]) -> None:
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(ROOT)
        assert main(argv) == 0


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    folder = tmp_path_factory.mktemp("html")
    _cli(["samples", "--format", "html", "-o", str(folder / "d.html")])
    _cli(["samples", "--format", "json", "-o", str(folder / "d.json")])
    html = (folder / "d.html").read_text(encoding="utf-8")
    return {"html": html, "page": Page(html), "json": json.loads((folder / "d.json").read_text(encoding="utf-8")),
            "path": folder / "d.html"}


def test_two_runs_give_byte_identical_files(out, tmp_path):
    again = tmp_path / "again.html"
    _cli(["samples", "--format", "html", "-o", str(again)])
    assert again.read_bytes() == out["path"].read_bytes()


def test_no_scripts_and_no_external_resources(out):
    html = out["html"]
    assert "<script" not in html.lower()
    assert not re.search(r"\son[a-z]+\s*=", html, re.I), "no event-handler attributes"
    assert "javascript:" not in html.lower()
    assert not out["page"].tags("script", "link", "img", "iframe", "object", "embed", "form")
    for e in out["page"].elements:
        for name in ("src", "href", "background", "action", "srcset", "poster"):
            value = e.attrs.get(name, "").strip().lower()
            assert not value or value.startswith("#"), (e.tag, name, value)
    assert not re.search(r"url\s*\(|@import", html, re.I)
    assert not re.search(r"(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//", html, re.I)


def test_every_in_page_link_has_its_target(out):
    ids = out["page"].by_id()
    hrefs = [a.attrs["href"] for a in out["page"].tags("a") if a.attrs.get("href", "").startswith("#")]
    assert len(hrefs) > 50
    missing = [h for h in hrefs if h[1:] not in ids]
    assert not missing
    assert len(ids) == len([e for e in out["page"].elements if "id" in e.attrs]), "ids are unique"


def test_table_of_contents_links_every_section_and_story_in_order():
    digest = build_digest([ROOT / "samples"], Options())
    expected = [a for s in digest.all_sections for a in (s.anchor, *(st.anchor for st in s.stories))]
    page = Page(render(digest, "html"))
    ids = [e.attrs["id"] for e in page.elements if e.attrs.get("id") in set(expected)]
    assert ids == expected, "each section and story has its id, in print order"
    toc = page.by_id()["toc"]
    toc_links = [e.attrs["href"][1:] for e in page.elements[page.elements.index(toc):]
                 if e.tag == "a" and e.attrs.get("href", "").startswith("#")][:len(expected)]
    assert toc_links == expected
    titles = {st.anchor: st.title for s in digest.all_sections for st in s.stories}
    links = {e.attrs["href"][1:]: e.text for e in page.tags("a")}
    assert all(links[a] == t for a, t in titles.items())


def test_text_elements_carry_inline_styles(out):
    page = out["page"]
    unstyled = [(e.tag, e.attrs.get("class"), e.text[:20]) for e in page.tags(*TEXT_TAGS)
                if not e.attrs.get("style", "").strip()]
    assert not unstyled
    body = page.tags("body")[0].attrs["style"]
    positions = [body.find(font) for font in FONT_STACK]
    assert -1 not in positions and positions == sorted(positions), body
    for td in page.tags("td"):
        style = td.attrs["style"].replace(" ", "")
        assert "overflow-wrap:anywhere" in style or "word-break:break-all" in style, "long strings must wrap"


def test_only_media_queries_stay_in_a_style_block(out):
    css = "".join(out["page"].styles)
    assert "@media (prefers-color-scheme: dark)" in css and "@media (max-width: 480px)" in css
    depth, top_level = 0, ""
    for ch in css:
        depth += (ch == "{") - (ch == "}")
        if depth == 0 and ch not in "{}":
            top_level += ch
    assert re.fullmatch(r"(\s*@media[^{}]*)+\s*", top_level), f"rules that could be inlined: {top_level!r}"
    assert len(out["page"].tags("style")) == 1 and out["page"].tags("style")[0] in out["page"].elements[:5]


def test_no_width_above_640px(out):
    html = out["html"]
    attrs = re.findall(r'\swidth="?(\d+)(%?)', html)
    assert attrs
    for value, percent in attrs:
        assert int(value) <= (100 if percent else MAX_WIDTH)
    styles = re.findall(r"(?<![-\w])(?:min-|max-)?width\s*:\s*(\d+(?:\.\d+)?)(px|%|em|rem|vw)?", html)
    for value, unit in styles:
        assert unit in ("px", "%", "") and float(value) <= (100 if unit == "%" else MAX_WIDTH), (value, unit)
    tables = [t for t in out["page"].tags("table") if "max-width: 640px" in t.attrs.get("style", "")]
    assert tables and all(t.attrs.get("width") == "100%" for t in tables), "a fluid table capped at 640 px"
    assert out["page"].tags("table")[0].attrs.get("width") == "100%"


def test_hidden_preheader_first_in_body(out):
    elements = out["page"].elements
    body = next(i for i, e in enumerate(elements) if e.tag == "body")
    span = elements[body + 1]
    style = span.attrs.get("style", "").replace(" ", "")
    assert span.tag == "span" and "display:none" in style and "max-height:0" in style and "overflow:hidden" in style
    label = out["json"]["period"]["label"]
    assert span.text.startswith(label) and "篇稿件" in span.text


def test_every_story_headline_and_brief_is_shown(out):
    page, doc = out["page"], out["json"]
    headings = {e.text for e in page.tags("h3")}
    text = "\n".join(e.text for e in page.tags("p", "h3"))
    repeats = {d["id"] for d in doc["duplicates"]}
    stories = [a for a in doc["articles"] if a["kind"] in STORY_KINDS]
    assert stories
    for a in stories:
        if a["id"] in repeats:
            assert a["headline"] in text
        else:
            assert a["headline"] in headings, a["headline"]
            assert a["summary"] in text, a["headline"]
    top = "".join(e.text for e in page.elements[:page.elements.index(page.by_id()["toc"])] if e.tag == "p")
    assert f"{sum(a['id'] not in repeats for a in stories)} 篇稿件" in top
    assert doc["keywords"] and all(w in top for w in doc["keywords"]), "the week's keywords are at the top"


def test_meta_line_names_the_file_the_date_the_byline_and_the_region(out):
    text = "\n".join(e.text for e in out["page"].tags("p"))
    assert "000_f332fbbfdc60002e.txt 8月23日 · 本报讯（记者毛浓赜） · 陕西·西安" in text
    assert "关键词：困难职工、扶贫、脱贫攻坚" in text


def test_photos_are_in_their_own_section(out):
    sections = out["page"].sections()
    photos = [a for a in out["json"]["articles"] if a["kind"] == "photo"]
    assert photos and "图片新闻" in sections
    for a in photos:
        caption = a["summary"] or a["body"].split("\n")[0]
        assert caption in sections["图片新闻"], caption
        assert not any(caption in text for title, text in sections.items() if title != "图片新闻")


def test_hostile_text_is_shown_not_run(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "2017-08-02.txt").write_text(f"{HOSTILE_HEADLINE}\n\n{HOSTILE_BODY}\n", encoding="utf-8")
    target = tmp_path / "d.html"
    _cli([str(pages), "--format", "html", "-o", str(target)])
    html = target.read_text(encoding="utf-8")
    page = Page(html)
    assert not page.tags("script") and "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{{ 7*7 }}" in html
    assert HOSTILE_HEADLINE in {e.text for e in page.tags("h3")}
    assert "某市总工会举办活动<script>alert(1)</script>，{{ 7*7 }}职工参加。" in "".join(e.text for e in page.tags("p"))


def test_editor_note_and_skipped_items(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "2017-08-24.txt").write_text("天津市总举办职工乒乓球赛\n\n本报讯（记者张奎）8月21日，天津市第十三届职工乒乓球比赛落幕。\n",
                                          encoding="utf-8")
    (pages / "empty.txt").write_text("  \n", encoding="utf-8")
    digest = build_digest([pages], Options())
    assert digest.skipped
    note = "<p>本周<strong>重点</strong>：职工文体。</p>\n<ul>\n<li>乒乓球赛</li>\n</ul>"
    page = Page(render(dataclasses.replace(digest, note_html=note), "html"))
    ids = page.by_id()
    assert "编者按" in ids["note"].text and "本周重点：职工文体。" in ids["note"].text
    assert [e.tag for e in page.elements if e.tag in ("strong", "ul", "li")] == ["strong", "ul", "li"]
    assert "empty.txt" in ids["skipped"].text + page.sections()["未收录"]
    assert any(a.attrs.get("href") == "#skipped" for a in page.tags("a"))
    without = render(digest, "html")
    assert 'id="note"' not in without and "编者按" not in without


HOSTILE_NOTE = """本周**重点**：职工文体。<script>alert(1)</script>

<img src="https://tracker.example/pixel.gif" onerror="alert(2)"> ![图](https://tracker.example/a.png)

[详情](https://www.acftu.org/) · [点我](javascript:alert(3)) · <a href="#" onclick="alert(4)">链接</a>

<iframe src="https://evil.example/"></iframe><style>body{background:url(https://tracker.example/b.png)}</style>
<p style="background:url(https://tracker.example/c.png)">样式</p>
"""


def test_the_editors_note_is_sanitised(tmp_path):
    note = tmp_path / "note.md"
    note.write_text(HOSTILE_NOTE, encoding="utf-8")
    target = tmp_path / "d.html"
    _cli(["samples", "--format", "html", "--note", str(note), "-o", str(target)])
    html = target.read_text(encoding="utf-8")
    page = Page(html)
    box = page.by_id()["note"]
    inside = page.elements[page.elements.index(box):]
    assert "本周重点：职工文体。" in box.text and "详情" in box.text and "样式" in box.text
    assert [e.tag for e in inside if e.tag == "strong"][:1] == ["strong"]
    assert not page.tags("script", "img", "iframe", "object", "embed", "link")
    assert "alert" not in html and "javascript:" not in html.lower() and "tracker.example" not in html
    assert not re.search(r"\son[a-z]+\s*=", html, re.I) and not re.search(r"url\s*\(", html, re.I)
    links = [a.attrs["href"] for a in inside if a.tag == "a" and a.attrs.get("href", "").startswith("http")]
    assert links == ["https://www.acftu.org/"]
