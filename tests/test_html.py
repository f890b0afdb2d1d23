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
from digest.patterns import typeset, typeset_headline
from digest.pipeline import Options, build_digest
from digest.render import render

ROOT = Path(__file__).resolve().parent.parent
STORY_KINDS = {"news", "feature", "commentary"}
TEXT_TAGS = {"h1", "h2", "h3", "p", "td", "a"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
MAX_WIDTH = 640  # px: the usual width of an email body (Litmus, Campaign Monitor templates)
FONT_STACK = ("PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC",
              "sans-serif")
SPORT_HEADLINE = "天津市总举办职工乒乓球赛"
SPORT = "本报讯（记者张奎）8月21日，天津市第十三届职工乒乓球比赛落幕,近千名职工参加比赛。"
HELP_HEADLINE = "兰州市总组建志愿服务队"
HELP = "本报讯（记者康劲）8月22日，兰州市总工会组织志愿服务队来到黄河岸边开展宣传活动。"
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


def test_every_rule_is_written_once_in_one_style_block(out):
    """Gmail clips a long message: styles are not repeated on every element, and the font list is
    written once (an inliner used to repeat it 421 times on a 27-page week)."""
    page, html = out["page"], out["html"]
    assert len(page.tags("style")) == 1 and page.tags("style")[0] in page.elements[:10]
    css = "".join(page.styles)
    positions = [css.find(font) for font in FONT_STACK]
    assert -1 not in positions and positions == sorted(positions), "the CJK font stack, in order"
    assert html.count(FONT_STACK[0]) == 1
    assert "overflow-wrap:anywhere" in css, "long strings must wrap"
    assert "@media (prefers-color-scheme:dark)" in css and "@media (max-width:480px)" in css


def test_inline_styles_only_where_a_client_without_the_style_block_needs_them(out):
    """What must survive a client that drops <style>: the hidden preheader, the card's width, the
    white title on its band and the padding of each cell and box; no story carries a style of its own."""
    page = out["page"]
    styled = [e for e in page.elements if "style" in e.attrs]
    cells = [e for e in page.tags("td") if "style" in e.attrs]
    assert len(styled) - len(cells) <= 4  # the preheader, the card, the title and the paper's name
    # Beside the sections: the band, the counts, the footer, and the note and contents with their boxes.
    assert len(cells) <= len(out["json"]["sections"]) + 7, "one padded cell per section, not per story"
    assert not [e for e in page.tags("h3", "li") if "style" in e.attrs]
    band = next(e for e in page.tags("td") if e.attrs.get("id") == "top")
    assert band.attrs["bgcolor"] and all("color:#ffffff" in e.attrs["style"] for e in page.tags("h1"))


def test_no_width_above_640px(out):
    html = out["html"]
    attrs = re.findall(r'\swidth="?(\d+)(%?)', html)
    assert attrs
    for value, percent in attrs:
        assert int(value) <= (100 if percent else MAX_WIDTH)
    styles = re.findall(r"(?<![-\w])(?:min-|max-)?width\s*:\s*(\d+(?:\.\d+)?)(px|%|em|rem|vw)?", html)
    for value, unit in styles:
        assert unit in ("px", "%", "") and float(value) <= (100 if unit == "%" else MAX_WIDTH), (value, unit)
    tables = [t for t in out["page"].tags("table") if "max-width:640px" in t.attrs.get("style", "")]
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
            assert typeset_headline(a["headline"]) in text
        else:
            assert typeset_headline(a["headline"]) in headings, a["headline"]
            assert typeset(a["summary"]) in text, a["headline"]
    top = "".join(e.text for e in page.elements[:page.elements.index(page.by_id()["toc"])] if e.tag == "p")
    assert f"{sum(a['id'] not in repeats for a in stories)} 篇稿件" in top
    assert doc["keywords"] and all(w in top for w in doc["keywords"]), "the week's keywords are at the top"


def test_meta_line_names_the_date_the_byline_and_the_region_never_the_file(out):
    text = "\n".join(e.text for e in out["page"].tags("p"))
    assert "\n8月23日 · 本报讯（记者毛浓赜） · 陕西·西安\n" in text
    assert "关键词：困难职工、扶贫、脱贫攻坚" in text
    for page in (ROOT / "samples").glob("*.txt"):
        assert page.stem not in out["html"]


def test_the_paper_and_the_page_are_shown(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "2017-08-23_p03.txt").write_text(f"{SPORT_HEADLINE}\n\n{SPORT}\n", encoding="utf-8")
    (pages / "2017-08-24.txt").write_text(f"第5版\n\n{HELP_HEADLINE}\n\n{HELP}\n", encoding="utf-8")
    target = tmp_path / "d.html"
    _cli([str(pages), "--paper", "工人日报", "-o", str(target)])
    page = Page(target.read_text(encoding="utf-8"))
    assert page.by_id()["top"].text.split("\n") == ["", "工人日报", "工会新闻周报 · 2017年第34周（8月21日—8月27日）", ""]
    metas = [e.text for e in page.tags("p") if e.attrs.get("class") == "m"]
    assert sorted(metas) == ["第3版 8月23日 · 本报讯（记者张奎） · 天津", "第5版 8月24日 · 本报讯（记者康劲） · 甘肃·兰州"]
    (pages / "pages.toml").write_text('paper = "陕西工人报"\n"2017-08-24.txt" = {paper = "工人日报"}\n',
                                      encoding="utf-8")
    _cli([str(pages), "-o", str(target)])
    page = Page(target.read_text(encoding="utf-8"))
    assert page.by_id()["top"].text.split("\n")[1] == "陕西工人报、工人日报"
    metas = [e.text for e in page.tags("p") if e.attrs.get("class") == "m"]
    assert sorted(metas)[0].startswith("工人日报 第5版 8月24日"), "with two papers, each story names its own"


def test_photos_are_in_their_own_section(out):
    sections = out["page"].sections()
    photos = [a for a in out["json"]["articles"] if a["kind"] == "photo"]
    assert photos and "图片新闻" in sections
    for a in photos:
        caption = typeset(a["summary"] or a["body"].split("\n")[0])
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
    assert typeset_headline(HOSTILE_HEADLINE) in {e.text for e in page.tags("h3")} and "49" not in html
    assert "某市总工会举办活动<script>alert(1)</script>，{{ 7*7 }}职工参加。" in "".join(e.text for e in page.tags("p"))


def test_editor_note_shown_and_skipped_items_left_to_the_report(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "2017-08-24.txt").write_text(f"{SPORT_HEADLINE}\n\n{SPORT}\n", encoding="utf-8")
    (pages / "empty.txt").write_text("  \n", encoding="utf-8")
    digest = build_digest([pages], Options())
    assert digest.skipped
    note = "<p>本周<strong>重点</strong>：职工文体。</p>\n<ul>\n<li>乒乓球赛</li>\n</ul>"
    html = render(dataclasses.replace(digest, note_html=note), "html")
    ids = Page(html).by_id()
    assert "编者按" in ids["note"].text and "本周重点：职工文体。" in ids["note"].text
    assert [e.tag for e in Page(html).elements if e.tag in ("strong", "ul", "li")] == ["strong", "ul", "li"]
    assert "empty.txt" not in html and "未收录" not in html and "empty file" not in html
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
