"""Make realistic extracted pages, with gold labels, from clean newspaper pages.

The cutter is trained and measured on pages it has not seen; real labelled pages are few, so
most of them are made here. A clean page (one article after another: heading lines, then body
paragraphs indented with full-width spaces, as an e-paper's article-by-article text gives it) is
laid out the way PDF, e-paper and OCR extraction leave a printed page:

- paragraphs broken mid-sentence (even mid-word) across blank lines and columns; pieces of a
  story displaced after the next story or far down the page; headlines stacked over the bodies
  of two stories, printed inside a sentence or after the story;
- pages with a blank line between paragraphs, with none, or both; hard-wrapped narrow columns,
  with or without indentation; spaces around numbers;
- stand-alone bylines and closing credits (``（本报巴黎2月11日电）``, ``制图：X``, ``王 伟 摄``),
  photo items (with and without a title, inside stories too), repeated captions and paragraphs,
  near-copies, OCR loops that repeat a heading, image lines (``![](images/0.jpg)``);
- page furniture (版头, 责任编辑, page numbers), jump lines (``（下转第二版）``, ``（上接第一版）``),
  column labels, columns of short reports that differ only in place and number;
- ``#`` heading marks present, absent or wrong; OCR character confusions; half-width commas.

Every output line is labelled in the schema of the project's gold files (:mod:`digest.devtools.gold`),
so generated and hand-labelled pages are read and scored alike. Generation is deterministic for a
seed. ``python -m digest.devtools.pagegen CLEAN_DIR OUT_DIR --pages 200 --seed 1`` writes
``OUT_DIR/pages/*.txt`` and ``OUT_DIR/gold/*.json``; generated pages are not kept in git.
"""
from __future__ import annotations

import argparse
import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import patterns as P

_INDENT = "\u3000"


# --- clean pages -----------------------------------------------------------------------------

@dataclass
class CleanArticle:
    """One article of a clean page: heading lines, then (role, text) paragraphs."""

    headline: str
    kicker: str | None = None
    deck: str | None = None
    paragraphs: list[tuple[str, str]] = field(default_factory=list)  # role: body|section|byline|credit

    @property
    def body(self) -> list[str]:
        return [t for r, t in self.paragraphs if r == "body"]


_BYLINE = re.compile(rf"^(?:■|□)?\s*(?:本报|新华社)?(?:特约)?(?:记者|通讯员)[\s{P.CJK}·、]{{2,40}}$")
_CLOSING = re.compile(r"^[（(].{2,80}[）)]$|^(?:本版)?(?:制图|版式设计|设计|责编|图片|资料图片)[：:]|摄(?:影报道)?(?:[（(][^）)]{2,8}[）)])?$")


def paragraph_role(text: str, first: bool) -> str:
    """How a clean paragraph is used: body, section head, byline or closing credit."""
    if len(text) <= 40 and _CLOSING.search(text) and not re.search(r"[。！？]", text[:-1]):
        return "credit"
    if first and _BYLINE.match(text):
        return "byline"
    if len(text) <= 30 and not re.search(r"[。！？；…]", text) and not text.startswith(("“", "（", "(")):
        return "section"
    return "body"


def read_clean_page(path: Path) -> list[CleanArticle]:
    """The articles of a clean page file (heading lines flush left, body lines indented)."""
    articles: list[CleanArticle] = []
    heads: list[str] = []
    blank = True
    for raw in Path(path).read_text(encoding="utf-8").split("\n"):
        line = raw.rstrip()
        if not line.strip(" \u3000\u00a0"):
            blank = True
            continue
        if not line.startswith((_INDENT, " ")):
            if blank or not articles or articles[-1].paragraphs:
                heads = [line]
                articles.append(CleanArticle(line))
            else:
                heads.append(line)
                _set_heads(articles[-1], heads)
        else:
            text = line.strip(" \u3000\u00a0")
            art = articles[-1] if articles else None
            if art is not None:
                art.paragraphs.append((paragraph_role(text, not art.paragraphs), text))
        blank = False
    return [a for a in articles if a.body]


def articles_of_labelled_page(page_text: str, doc: dict) -> list[CleanArticle]:
    """The stories of a labelled page as clean articles (their printed order, pieces rejoined).

    Lets pages be generated from any labelled page, such as the project's own samples.
    """
    from .gold import parse

    lines = page_text.split("\n")

    def text(n: int) -> str:
        return re.sub(r"^\s*#+\s*|\*\*", "", lines[n - 1]).strip()

    out = []
    for item in parse(doc).items:
        if item.kind not in ("news", "feature", "commentary") or not item.headline:
            continue
        first = min(item.body_lines)
        block = [text(n) for n in item.heads if n < first and text(n) != item.headline and not P.is_credit_line(text(n))]
        article = CleanArticle(item.headline, kicker=block[0] if block else None,
                               deck=block[1] if len(block) > 1 else None)
        article.paragraphs = [(paragraph_role(t, k == 0), t) for k, t in
                              enumerate("".join(text(n) for n in para) for para in item.paragraphs)]
        out.append(article)
    return out


def recombined_page(stories: list[CleanArticle], rng: random.Random) -> list[CleanArticle]:
    """A page of stories no paper printed, for weeks larger than the stories at hand: four to
    eight of their headlines over body paragraphs drawn from all of them, numbers redrawn, so that
    no two stories of such pages are the same."""
    paragraphs = [t for a in stories for r, t in a.paragraphs if r == "body"]

    def redraw(text: str) -> str:
        return re.sub(r"\d+", lambda m: str(rng.randint(1, 10 ** len(m.group(0)))), text)

    page = []
    for story in rng.sample(stories, rng.randint(4, 8)):
        body = rng.sample(paragraphs, rng.randint(2, 6))
        page.append(CleanArticle(redraw(story.headline), paragraphs=[("body", redraw(p)) for p in body]))
    return page


def _set_heads(article: CleanArticle, heads: list[str]) -> None:
    """Two or three heading lines: kicker, headline, deck (a line opening with —— is a deck)."""
    if len(heads) == 2:
        if heads[1].startswith("——"):
            article.headline, article.deck = heads
        else:
            article.kicker, article.headline = heads
    else:
        article.kicker, article.headline, article.deck = heads[0], heads[1], " ".join(heads[2:])


# --- what is emitted ---------------------------------------------------------------------------

@dataclass
class Unit:
    """A piece of text the page prints, and what it is."""

    text: str
    item: int | None  # the article it belongs to; None for everything that is no article
    role: str  # head | body | a non-article kind (duplicate, column_label, fragment, other, caption)
    para: int = 0  # body: paragraph number in reading order
    piece: int = 0  # body: piece number within the paragraph
    heading: str | None = None  # head lines: kicker | title | deck | byline | section | credit


@dataclass
class Item:
    kind: str
    headline: str | None
    subheadlines: list[str]
    byline: str | None
    truncated: bool = False
    alternatives: list[str] = field(default_factory=list)


@dataclass
class Style:
    """How one generated page is laid out."""

    blanks: str  # all | none | mixed
    marks: str  # none | heads | noisy
    wrap: int | None  # hard-wrap width in characters, or None
    indent: bool
    number_spaces: bool
    ocr_rate: float
    halfwidth: float

    @classmethod
    def draw(cls, rng: random.Random) -> "Style":
        return cls(
            blanks=rng.choices(["all", "none", "mixed"], [0.55, 0.25, 0.2])[0],
            marks=rng.choices(["none", "heads", "noisy"], [0.45, 0.25, 0.3])[0],
            wrap=rng.choice([None] * 6 + [rng.randint(12, 26)]),
            indent=rng.random() < 0.3,
            number_spaces=rng.random() < 0.3,
            ocr_rate=rng.choice([0.0, 0.0, 0.002, 0.005, 0.01]),
            halfwidth=rng.choice([0.0, 0.0, 0.1, 0.5]),
        )


# Visually close characters an OCR model confuses.
_CONFUSIONS = ["人入", "己已", "未末", "土士", "日曰", "千干", "拔拨", "侯候", "析折", "王玉", "白自",
               "间问", "设没", "休体", "天夭", "治冶", "贝见", "刀力", "大太", "今令", "免兔", "准淮"]
_CONFUSE = {a: b for pair in _CONFUSIONS for a, b in (pair, pair[::-1])}

_PLACES = ["北京市", "天津市", "河北省", "山西省", "辽宁省", "吉林省", "上海市", "江苏省", "浙江省",
           "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省", "广东省", "四川省",
           "贵州省", "云南省", "陕西省", "甘肃省", "青海省", "重庆市"]
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹香月莺媛瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽"
_WORKS = ["召开第{n}届职工代表大会第{k}次会议", "举办第{n}届职工技能大赛", "开展“金秋助学”活动，资助{m}名困难职工子女",
          "启动第{n}届“送清凉”活动，为{m}名一线职工送去防暑用品", "召开第{n}次全委（扩大）会议",
          "表彰{m}名“最美职工”和{k}个先进集体"]


def _name(rng: random.Random) -> str:
    return rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2))))


def _spaced(name: str, rng: random.Random) -> str:
    """Names in credits are often spaced out to fill a line (`王 伟`)."""
    return " ".join(name) if len(name) == 2 and rng.random() < 0.5 else name


# --- one page ------------------------------------------------------------------------------------

class _Page:
    def __init__(self, rng: random.Random, style: Style):
        self.rng = rng
        self.style = style
        self.items: list[Item] = []
        self.blocks: list[list[Unit]] = []  # per item (or stray non-article), in print order

    # -- items --

    def add_article(self, a: CleanArticle, *, drop_headline: bool = False, jump_in: bool = False) -> None:
        rng = self.rng
        k = len(self.items)
        units: list[Unit] = []
        subs: list[str] = []
        headline = None if drop_headline else a.headline
        alternatives = []
        if not drop_headline:
            if a.kicker:
                units.append(Unit(a.kicker, k, "head", heading="kicker"))
                subs.append(a.kicker)
                alternatives.append(f"{a.kicker} {a.headline}")
            units.append(Unit(a.headline, k, "head", heading="title"))
            if a.deck:
                units.append(Unit(a.deck, k, "head", heading="deck"))
                subs.append(a.deck)
                alternatives.append(f"{a.headline} {a.deck}")
        byline = None
        para = 0
        body = [(r, t) for r, t in a.paragraphs]
        if jump_in:  # a jump page: the body resumes mid-sentence after a (上接…) line
            units.append(Unit(rng.choice(["（上接第一版）", "(上接第一版)", "（上接第二版）", "上接第1版"]), None, "fragment"))
            while len(body) > 2 and body[0][0] != "body":
                body.pop(0)
            r, t = body[0]
            cut = rng.randint(len(t) // 3, max(len(t) // 3 + 1, len(t) * 2 // 3))
            body[0] = (r, t[cut:])
        for role, text in body:
            if role == "byline" and para == 0:
                byline = text
                units.append(Unit(text, k, "head", heading="byline"))
            elif role in ("section", "credit", "byline"):
                units.append(Unit(text, k, "head", heading="credit" if role != "section" else "section"))
                if role == "section":
                    subs.append(text)
                elif byline is None:
                    byline = text
            else:
                units.append(Unit(text, k, "body", para=para))
                para += 1
        if not para:
            return
        if byline is None and not drop_headline and rng.random() < 0.25:
            byline = self._byline_line()
            at = next(i for i, u in enumerate(units) if u.role != "head" or u.heading not in ("kicker", "title", "deck"))
            units.insert(at, Unit(byline, k, "head", heading="byline"))
        if rng.random() < 0.15 and not any(u.heading == "credit" for u in units):
            credit = self._closing_credit(k)
            byline = byline or credit[0].text
            if rng.random() < 0.4:  # run into the last paragraph, as union papers print it
                last = max(i for i, u in enumerate(units) if u.role == "body")
                units[last].text += rng.choice(["", " "]) + credit[0].text
            else:
                units.extend(credit)
        text = "".join(a.body)
        if len(text) < 300 and any(P.is_photo_credit(t) for _, t in a.paragraphs):
            kind = "photo"  # a photo with its caption, as the gold files have it
        else:
            kind = "news" if P.DATELINE.match(a.body[0]) else ("feature" if subs else "news")
        self.items.append(Item(kind, headline, subs, byline, truncated=jump_in, alternatives=alternatives))
        self.blocks.append(units)

    def _byline_line(self) -> str:
        rng = self.rng
        name, other = _spaced(_name(rng), rng), _name(rng)
        return rng.choice([f"■本报记者{name}", f"□□ 本报记者 {name}", f"本报记者 {name} 通讯员 {other}",
                           f"本报记者 {name}", f"■{name}", f"文/图 {name}", f"□本报通讯员 {name}"])

    def _closing_credit(self, k: int) -> list[Unit]:
        rng = self.rng
        name, other = _name(rng), _name(rng)
        text = rng.choice([f"（本报记者 {name}）", f"（{name}）", f"（本报{rng.choice(_PLACES)[:-1]}{rng.randint(1, 12)}月{rng.randint(1, 28)}日电）",
                           f"制图：{_spaced(name, rng)}", f"□本报记者 {name}", f"本报记者 {_spaced(name, rng)}",
                           f"{name} {other}", f"{name}·{other}", f"（{name} {other}）", f"新华社{rng.choice(_PLACES)[:-1]}{rng.randint(1, 12)}月{rng.randint(1, 28)}日电"])
        return [Unit(text, k, "head", heading="credit")]

    def add_photo(self, sentences: list[str], *, title: str | None, image: bool) -> list[Unit]:
        """A photo item: its caption (one or two sentences of news text) and a credit."""
        rng = self.rng
        k = len(self.items)
        units: list[Unit] = []
        if image:
            units.append(Unit(f"![](images/{rng.randint(0, 9)}.jpg)", None, "other"))
        if title:
            units.append(Unit(title, k, "head", heading="title"))
        who = rng.choice(["本报记者 ", "新华社记者 ", "通讯员 ", ""]) + _spaced(_name(rng), rng)
        credit = rng.choice([f"{who} 摄", f"{who}摄", f"{who}摄影报道", f"{who} 摄（新华社发）"])
        caption = "".join(sentences)
        if rng.random() < 0.6:
            units.append(Unit(f"{caption} {credit}" if rng.random() < 0.5 else caption + credit, k, "body"))
        else:
            units.append(Unit(caption, k, "body"))
            units.append(Unit(credit, k, "head", heading="credit"))
        self.items.append(Item("photo", title, [], credit))
        return units

    def add_report_column(self, label: str, n: int) -> None:
        """A column of short reports that differ only in place, reporter and number."""
        rng = self.rng
        self.blocks.append([Unit(label, None, "column_label")])
        work = rng.choice(_WORKS)
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        for place in rng.sample(_PLACES, n):
            k = len(self.items)
            what = work.format(n=rng.randint(2, 15), k=rng.randint(1, 6), m=rng.randint(20, 900))
            title = f"{place}总工会{what.split('，')[0]}"
            lead = (f"本报讯（记者{_name(rng)}）{month}月{day}日，{place}总工会{what}。"
                    f"会议由{place}总工会主席{_name(rng)}主持，{rng.randint(100, 600)}名代表参加。")
            units = [Unit(title, k, "head", heading="title"), Unit(lead, k, "body")]
            if rng.random() < 0.5:
                units.append(Unit(f"会议要求，各级工会要认真落实会议精神，切实维护职工合法权益，"
                                  f"全年帮扶困难职工{rng.randint(100, 5000)}人次。", k, "body", para=1))
            self.items.append(Item("news", title, [], None))
            self.blocks.append(units)

    # -- noise on the print order --

    def break_paragraphs(self, rate: float) -> None:
        """Cut paragraphs mid-sentence: the pieces are numbered within their paragraph."""
        for units in self.blocks:
            out = []
            for u in units:
                if u.role == "body" and len(u.text) > 40 and self.rng.random() < rate:
                    cut = self.rng.randint(10, len(u.text) - 10)
                    out += [Unit(u.text[:cut], u.item, "body", u.para, 0), Unit(u.text[cut:], u.item, "body", u.para, 1)]
                else:
                    out.append(u)
            units[:] = out

    def displace(self, rate: float) -> None:
        """Move a tail of a story after the start of the next one, or to the end of the page."""
        rng = self.rng
        stories = [b for b in self.blocks if any(u.role == "body" for u in b)]
        for k, units in enumerate(stories):
            body = [i for i, u in enumerate(units) if u.role == "body"]
            if len(body) < 3 or rng.random() >= rate:
                continue
            start = rng.choice(body[1:])
            end = rng.choice([len(units)] + [i + 1 for i in body if i >= start])
            moved = units[start:end]
            del units[start:end]
            if k + 1 < len(stories) and rng.random() < 0.7:
                target = stories[k + 1]
                at = next((i for i, u in enumerate(target) if u.role == "body"), len(target))
                at = min(len(target), at + rng.randint(0, 2))
                target[at:at] = moved
            else:
                self.blocks.append(moved)

    def stack_headlines(self, rate: float) -> None:
        """Print the next story's headline right after this one's, over both bodies."""
        rng = self.rng
        for k in range(len(self.blocks) - 1):
            a, b = self.blocks[k], self.blocks[k + 1]
            if rng.random() >= rate or not a or not b or a[0].role != "head" or b[0].role != "head":
                continue
            n = 0
            while n < len(b) and b[n].role == "head" and b[n].heading in ("kicker", "title", "deck"):
                n += 1
            heads_b = b[:n]
            if not heads_b or not any(u.role != "head" for u in a):
                continue
            del b[:n]
            at = next(i for i, u in enumerate(a) if u.role != "head")
            a[at:at] = heads_b

    def headline_late(self, rate: float) -> None:
        """Print a headline after the first piece of its story, or after the whole story."""
        rng = self.rng
        for units in self.blocks:
            heads = [u for u in units if u.role == "head" and u.heading in ("title",)]
            if len(heads) != 1 or units[0] is not heads[0] or rng.random() >= rate:
                continue
            units.remove(heads[0])
            body = [i for i, u in enumerate(units) if u.role == "body"]
            at = body[0] + 1 if rng.random() < 0.6 else len(units)
            if at == body[0] + 1 and len(units[body[0]].text) > 30:  # inside the first sentence
                u = units[body[0]]
                cut = rng.randint(10, len(u.text) - 10)
                units[body[0]:body[0] + 1] = [Unit(u.text[:cut], u.item, "body", u.para, 0),
                                              Unit(u.text[cut:], u.item, "body", u.para, 1)]
                at = body[0] + 1
            units.insert(at, heads[0])

    def repeat(self, rate: float) -> None:
        """Print some paragraphs twice (a copy, a copy without its opening clause), a heading in a loop."""
        rng = self.rng
        for units in list(self.blocks):
            for u in list(units):
                if u.role == "body" and len(u.text) > 30 and rng.random() < rate:
                    copy = u.text
                    if rng.random() < 0.3:
                        copy = re.sub(r"^[^，。]{2,8}，", "", copy) or copy
                    elif rng.random() < 0.3:
                        i = rng.randint(0, len(copy) - 1)
                        copy = copy[:i] + rng.choice("的一是在了") + copy[i + 1:]
                    where = self.blocks[rng.randrange(len(self.blocks))] if rng.random() < 0.3 else units
                    where.insert(rng.randint(0, len(where)), Unit(copy, None, "duplicate"))
        if rng.random() < rate:
            heads = [u for b in self.blocks for u in b if u.role == "head" and u.heading == "title"]
            if heads:
                h = rng.choice(heads)
                self.blocks.append([Unit(h.text, None, "duplicate") for _ in range(rng.randint(2, 30))])

    def photos_inside(self, photos: list[list[Unit]]) -> None:
        """Drop photo items between the paragraphs of stories, or between stories."""
        rng = self.rng
        for photo in photos:
            if rng.random() < 0.5:
                units = rng.choice(self.blocks)
                body = [i for i, u in enumerate(units) if u.role == "body"]
                at = rng.choice(body) + 1 if body else len(units)
                units[at:at] = photo
            else:
                self.blocks.insert(rng.randint(0, len(self.blocks)), photo)
            if rng.random() < 0.15:  # the same caption printed again
                caption = [Unit(u.text, None, "duplicate") for u in photo if u.role == "body"]
                self.blocks.insert(rng.randint(0, len(self.blocks)), caption * rng.randint(1, 4))

    def labels_and_furniture(self, date: str, page_no: int) -> None:
        rng = self.rng
        for units in self.blocks:
            if units and units[0].role == "head" and rng.random() < 0.08:
                label = rng.choice(sorted(P.COLUMN_LABELS))
                units.insert(0, Unit(rng.choice(["", "■", "◆"]) + label, None, "column_label"))
        if rng.random() < 0.35:
            top = [f"人民日报 {date}", f"第{page_no}版", rng.choice(["要闻", "综合", "国际", "经济", "社会", "文化"])]
            top = rng.sample(top, rng.randint(1, 3))
            self.blocks.insert(0, [Unit(t, None, "other") for t in top])
        if rng.random() < 0.35:
            bottom = [f"责任编辑：{_name(rng)} {_name(rng)}", f"{page_no}", f"版式设计：{_spaced(_name(rng), rng)}"]
            self.blocks.append([Unit(t, None, "other") for t in rng.sample(bottom, rng.randint(1, 2))])
        for units in self.blocks:
            last = max((i for i, u in enumerate(units) if u.role == "body"), default=None)
            if last is not None and rng.random() < 0.06:
                jump = f"（下转第{rng.choice('二三四五六')}版）"
                if rng.random() < 0.5:
                    units[last].text += jump
                else:
                    units.insert(last + 1, Unit(jump, None, "fragment"))

    # -- text --

    def render(self) -> tuple[str, list[Unit | None]]:
        """The page text and, for each of its lines, the unit it prints (None for blank lines)."""
        rng, style = self.rng, self.style
        lines: list[str] = []
        owner: list[Unit | None] = []
        for units in self.blocks:
            for u in units:
                text = self._noisy(u)
                if u.role == "head" and u.heading in ("title", "kicker", "deck", "section"):
                    pieces = self._wrap(text, head=True)
                else:
                    pieces = self._wrap(text, head=False)
                mark = self._mark(u)
                blank = {"all": True, "none": False, "mixed": rng.random() < 0.7}[style.blanks]
                if owner and owner[-1] is not None and owner[-1].heading == "section" and rng.random() < 0.4:
                    blank = False  # a section head printed right over its paragraph
                if lines and blank:
                    lines.append("")
                    owner.append(None)
                for i, piece in enumerate(pieces):
                    indent = _INDENT * 2 if style.indent and i == 0 and u.role == "body" and u.piece == 0 else ""
                    lines.append(mark + indent + piece)
                    owner.append(u)
        return "\n".join(lines) + "\n", owner

    def _noisy(self, u: Unit) -> str:
        rng, style = self.rng, self.style
        text = u.text
        if style.ocr_rate and u.role in ("body", "head", "duplicate"):
            text = "".join(_CONFUSE.get(c, c) if rng.random() < style.ocr_rate else c for c in text)
        if style.halfwidth:
            text = re.sub("[，：]", lambda m: {"，": ",", "：": ":"}[m.group(0)] if rng.random() < style.halfwidth else m.group(0), text)
        if style.number_spaces:
            text = re.sub(rf"(?<=[{P.CJK}])(\d+(?:\.\d+)?%?)(?=[{P.CJK}])", r" \1 ", text)
        u.text = text  # the gold strings are what the page prints
        return text

    def _wrap(self, text: str, head: bool) -> list[str]:
        width = self.style.wrap
        if not width or (head and len(text) <= width + 6):
            return [text]
        return [text[i:i + width] for i in range(0, len(text), width)]

    def _mark(self, u: Unit) -> str:
        rng, marks = self.rng, self.style.marks
        if marks == "none":
            return ""
        heading = u.role == "head" and u.heading in ("title", "kicker", "deck", "section")
        if heading:
            return "" if marks == "noisy" and rng.random() < 0.2 else rng.choice(["# ", "# ", "## "])
        if u.role == "head" and u.heading == "byline":
            return "### " if rng.random() < 0.5 else ""
        if u.role in ("column_label",) or (u.role == "duplicate" and rng.random() < 0.3):
            return "# " if rng.random() < 0.6 else ""
        if marks == "noisy" and rng.random() < 0.03:
            return "# "
        return ""


def _cut_short(a: CleanArticle, rng: random.Random) -> CleanArticle:
    """The article as a news page prints it: its first few paragraphs, fewer section heads."""
    keep = rng.randint(2, 7)
    paragraphs, body = [], 0
    for role, text in a.paragraphs:
        if body >= keep:
            break
        if role == "section" and rng.random() < 0.6:
            continue
        paragraphs.append((role, text))
        body += role == "body"
    if body < len(a.body) and rng.random() < 0.3:
        role, text = paragraphs[-1]
        paragraphs[-1] = (role, text + f"（下转第{rng.choice('二三四五六七八')}版）")
    return CleanArticle(a.headline, a.kicker, a.deck, paragraphs)


def _sentences(text: str) -> list[str]:
    return [s for s in re.findall(r"[^。！？]+[。！？][”’）]*", text) if len(s) > 12]


def generate(clean_pages: list[list[CleanArticle]], seed: int, name: str = "gen") -> tuple[str, dict]:
    """One generated page and its gold labels (in the schema of the gold files)."""
    rng = random.Random(seed)
    style = Style.draw(rng)
    page = _Page(rng, style)
    if rng.random() < 0.55:
        # A news page: many short items, long stories cut where the page ends (they jump on).
        pool = [a for p in rng.sample(clean_pages, min(3, len(clean_pages))) for a in p]
        articles = [_cut_short(a, rng) for a in rng.sample(pool, min(len(pool), rng.randint(5, 11)))]
    else:
        articles = list(rng.choice(clean_pages))
        if rng.random() < 0.3:
            extra = rng.choice(clean_pages)
            articles += rng.sample(extra, min(len(extra), rng.randint(1, 3)))
    rng.shuffle(articles)
    # A story is found by the start of its body, so no two stories of a page may start alike.
    starts = set()
    articles = [a for a in articles if not (a.body[0][:20] in starts or starts.add(a.body[0][:20]))]
    articles = articles[:rng.randint(3, 11)]
    for n, a in enumerate(articles):
        drop = P.DATELINE.match(a.body[0]) is not None and rng.random() < 0.15
        page.add_article(a, drop_headline=drop, jump_in=n == 0 and rng.random() < 0.1)
    if rng.random() < 0.15:
        page.add_report_column(rng.choice(["工会动态", "基层动态", "简讯", "工会纪事"]), rng.randint(3, 6))
    photos = []
    for _ in range(rng.choice([0, 0, 1, 1, 2, 3])):
        donor = rng.choice(rng.choice(clean_pages))
        sents = _sentences(rng.choice(donor.body))[:rng.randint(1, 2)]
        if sents:
            title = donor.headline if rng.random() < 0.4 else None
            photos.append(page.add_photo(sents, title=title, image=rng.random() < 0.4))
    page.break_paragraphs(rng.choice([0.0, 0.05, 0.15, 0.3]))
    page.stack_headlines(rng.choice([0.0, 0.0, 0.1, 0.25]))
    page.headline_late(rng.choice([0.0, 0.0, 0.05, 0.1]))
    page.displace(rng.choice([0.0, 0.05, 0.15, 0.3]))
    page.repeat(rng.choice([0.0, 0.0, 0.02, 0.05]))
    page.photos_inside(photos)
    page.labels_and_furniture(f"{rng.randint(2010, 2020)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日", rng.randint(1, 20))
    text, owner = page.render()
    return text, _gold(f"{name}.txt", page.items, owner)


def _gold(file: str, items: list[Item], owner: list[Unit | None]) -> dict:
    heads: dict[int, list[int]] = {}
    body: dict[int, dict[tuple[int, int], list[int]]] = {}
    others = []
    lines_of: dict[int, list[int]] = {}
    for n, u in enumerate(owner, 1):
        if u is None:
            continue
        lines_of.setdefault(id(u), []).append(n)
        if u.item is None:
            others.append({"kind": u.role, "notes": f"[line {n}] {u.role}"})
        elif u.role == "head":
            heads.setdefault(u.item, []).append(n)
        else:
            body.setdefault(u.item, {}).setdefault((u.para, u.piece), []).append(n)
    articles = []
    for k, item in enumerate(items):
        pieces = body.get(k)
        if not pieces:
            continue
        paragraphs: dict[int, list[int]] = {}
        for (para, _piece), ns in sorted(pieces.items()):
            paragraphs.setdefault(para, []).extend(ns)
        mapping = " | ".join("+".join(map(str, ns)) for _, ns in sorted(paragraphs.items()))
        head = ",".join(map(str, sorted(heads.get(k, [])))) or "-"
        articles.append({
            "headline": item.headline, "headline_alternatives": item.alternatives,
            "subheadlines": item.subheadlines, "byline": item.byline, "kind": item.kind,
            "truncated": item.truncated, "notes": f"[lines: head {head}; body {mapping}]",
        })
    return {"file": file, "articles": articles, "non_article": others}


def complete(page_text: str, doc: dict) -> dict:
    """Fill in ``first``, ``last`` and ``text_start`` from the line map, as the gold files have them."""
    from .gold import _ITEM_LINES, _OTHER_LINE

    lines = page_text.split("\n")

    def clean(n: int) -> str:
        return re.sub(r"^\s*#+\s*", "", lines[n - 1]).strip(" \u3000")

    for a in doc["articles"]:
        m = _ITEM_LINES.match(a["notes"])
        body = [int(n) for p in m.group(2).split("|") for n in p.split("+") if n.strip()]
        a["first"], a["last"] = clean(body[0])[:20], clean(body[-1])[-20:]
    for x in doc["non_article"]:
        x["text_start"] = clean(int(_OTHER_LINE.match(x["notes"]).group(1)))[:20]
    return doc


def read_corpus(folder: Path) -> list[list[CleanArticle]]:
    """Every clean page of a folder (``*.txt``), each a list of articles."""
    pages = [read_clean_page(p) for p in sorted(Path(folder).glob("*.txt"))]
    return [p for p in pages if len(p) >= 2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m digest.devtools.pagegen", description=__doc__.split("\n")[0])
    parser.add_argument("clean", type=Path, help="folder of clean pages (*.txt)")
    parser.add_argument("out", type=Path, help="folder to write pages/ and gold/ into")
    parser.add_argument("--pages", type=int, default=100, help="how many pages (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=1, help="first seed; page i uses seed+i (default: %(default)s)")
    args = parser.parse_args(argv)
    corpus = read_corpus(args.clean)
    (args.out / "pages").mkdir(parents=True, exist_ok=True)
    (args.out / "gold").mkdir(parents=True, exist_ok=True)
    for i in range(args.pages):
        name = f"gen_{args.seed + i:06d}"
        text, doc = generate(corpus, args.seed + i, name)
        (args.out / "pages" / f"{name}.txt").write_text(text, encoding="utf-8")
        (args.out / "gold" / f"{name}.json").write_text(
            json.dumps(complete(text, doc), ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{args.pages} pages written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
