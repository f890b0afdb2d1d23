"""What the parts of a Chinese newspaper page look like: datelines, credits, labels, headings.

Shared by the stages that cut pages (:mod:`digest.layout`, :mod:`digest.segment`) and by the
tests of every output. The brief's own filters (:mod:`digest.summarize`) are wider on purpose:
they also catch bylines run into a sentence and credits of other papers, where a miss here would
only leave a line in a story.
"""
from __future__ import annotations

import re

CJK = r"\u3400-\u9fff\uf900-\ufaff"
_NAME = rf"[{CJK}·]{{2,5}}"
_NAMES = rf"{_NAME}(?:[ 、]+{_NAME})*"
_ROLE = r"(?:本报|新华社|中新社|人民日报)?(?:特约)?(?:记者|通讯员|实习生|实习记者|见习记者|摄影记者|特约撰稿人)"

# A sentence ends at 。！？；… (and !? in mixed text), with any closing quotes or brackets.
SENTENCE_END = "。！？；!?…"
CLOSERS = "”’」』）)】〕》"
_ENDS_SENTENCE = re.compile(rf"[{SENTENCE_END}][{CLOSERS}]*$")

# `本报讯（记者毛浓赜）`, `本报讯 (记者王伟 通讯员迮晓鸣)`, `本报讯`, `本报北京8月20日电（记者…）`,
# `新华社西安10月8日电`, and the byline-first lead `本报记者叶小钟 实习生伍萍 6月15日，…`.
DATELINE = re.compile(
    rf"^(?:本报讯\s*(?:[（(][^（）()]{{0,40}}[）)])?"
    rf"|(?:本报|新华社|中新社|人民网|新华网)[{CJK}]{{0,8}}\d{{1,2}}月\d{{1,2}}日(?:电|讯)\s*(?:[（(][^（）()]{{0,40}}[）)])?"
    rf"|本报记者\s*{_NAME}(?:\s+(?:记者|通讯员|实习生)\s*{_NAME})*\s*(?=\d{{1,2}}月))"
)

# A credit standing on a line of its own: `（陈莉）`, `本报记者 钱培坚`, `长空 摄/中新社`,
# `新华社记者李晓果摄`, `□高三三`.
_PHOTO = rf"(?:{_ROLE}\s*)?{_NAMES}\s*摄(?:影)?(?:\s*[/／]\s*[{CJK}]{{2,8}}|\s*[（(][{CJK}]{{2,8}}[）)])?"
STANDALONE_CREDIT = re.compile(
    rf"^(?:[（(]{_NAMES}[）)]"
    rf"|[□■]?\s*{_ROLE}\s*{_NAMES}"
    rf"|[□■]?\s*{_PHOTO}"
    rf"|[□■]\s*{_NAMES}"
    rf"|(?:制图|图|文|摄影|图片)[：:／/]\s*{_NAMES})$"
)
# A credit closing the last paragraph: `… □本报记者 杨志勇`, `… 新华社记者 张汝峰 摄`,
# `… 谭凯兴 摄（新华社发）`, `…（陈莉）`.
TRAILING_PHOTO_CREDIT = re.compile(rf"(?:(?<=[{SENTENCE_END}{CLOSERS}])|\s)\s*[□■]?\s*{_PHOTO}\s*$")
TRAILING_CREDIT = re.compile(
    rf"(?:(?<=[{SENTENCE_END}{CLOSERS}])|\s)\s*(?:[□■]\s*(?:{_ROLE}\s*)?{_NAMES}"
    rf"|[（(](?:{_ROLE}\s*)?{_NAMES}[）)])\s*$"
)
PHOTO_CREDIT_ANYWHERE = re.compile(rf"(?:^|[{SENTENCE_END}{CLOSERS}\s□■]){_PHOTO}\s*$")

MARKER = re.compile(r"^[（(]\s*(?:上接|下转|接上|转下|紧接|下接|上转)[^（）()]{0,12}[）)]$")

# Column labels: short standing names of a page's sections. The list holds the common ones of
# Chinese union and general papers; any short line opened by ■ or ◆ is treated as one too.
COLUMN_LABELS = frozenset("""
工会动态 工会纪事 经验之谈 职工之声 新闻特写 图片新闻 一线传真 基层动态 基层传真 工会新闻 工运动态
要闻 综合新闻 简讯 新闻速递 新闻快递 本版导读 导读 短评 时评 评论 言论 来信 读者来信 编读往来
声音 观察 视点 关注 特写 人物 人物风采 工匠风采 劳模风采 职工园地 职工风采 一线风采 维权在线
法律咨询 律师说法 以案说法 经验交流 他山之石 工作研究 调查研究 理论探讨 文化 副刊 百姓话题
新闻观察 今日关注 本期关注 社会广角 身边事 暖新闻 工会工作 工作交流 基层工会 走基层
""".split())
_LABEL_MARK = re.compile(r"^[■◆◇●○▲△★☆▶►]\s*")  # not □, which opens credits (□高三三)

TOC_HEAD = re.compile(r"^(?:《[^》]{1,20}》)?[^，。,]{0,16}(?:要目|目录|本期导读)$")
TOC_ITEM = re.compile(rf"(?:……|…{{3,}}|\.{{4,}})\s*[{CJK}A-Za-z0-9《》·、 ]{{2,24}}$")

NOTICE = re.compile(r"(?:特此声明|特此公告|声明作废|遗失声明|作废声明|挂失声明)[。！]?$")

# Words that open a sentence, never a headline; a short line starting with one is a piece of
# a paragraph (`据悉,府谷县总工会计划`), not a title.
_OPENERS = ("据悉", "据了解", "据介绍", "据统计", "据报道", "同时", "此外", "另外", "目前", "为此",
            "随着", "笔者", "近年来", "近日", "日前", "其中", "然而", "但是", "因此", "所以", "如今",
            "当天", "当日", "随后", "由于", "按照", "根据", "为了", "截至", "记者", "他说", "她说")
_MID_SENTENCE_PUNCT = re.compile(rf"[{SENTENCE_END}](?!$|[{CLOSERS}]*$)")
_COMMAS = re.compile(r"[，,]")
MAX_HEADING_CHARS = 40  # longest main titles seen run ~30 characters; kickers and decks longer


def is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def ends_sentence(text: str) -> bool:
    """True when the text ends a sentence, or ends with a credit or a kicker's dash."""
    text = text.rstrip()
    return bool(_ENDS_SENTENCE.search(text) or TRAILING_CREDIT.search(text)
                or TRAILING_PHOTO_CREDIT.search(text) or text.endswith(("——", "：", ":")))


def label_name(text: str) -> str:
    """The column label without its marker (`■新闻特写` → `新闻特写`)."""
    return _LABEL_MARK.sub("", text).strip()


def is_column_label(text: str) -> bool:
    bare = label_name(text)
    if bare in COLUMN_LABELS:
        return True
    return bare != text and 2 <= len(bare) <= 8 and not _COMMAS.search(bare)


def looks_like_heading(text: str) -> bool:
    """A line that could be a headline, kicker, deck or section head, judged on its own."""
    if text.endswith("——") or text.startswith("——"):  # kicker / deck
        return len(text) <= 2 * MAX_HEADING_CHARS and not _MID_SENTENCE_PUNCT.search(text)
    if DATELINE.match(text) or text.startswith(_OPENERS):
        return False
    if _MID_SENTENCE_PUNCT.search(text) or len(text) > MAX_HEADING_CHARS:
        return False
    if _ENDS_SENTENCE.search(text):
        return False
    return len(_COMMAS.findall(text)) < 2 or len(text) <= 25


# A sentence cut after one of these characters cannot be a title (`…有计划、分批次地`).
_FUNCTION_END = tuple("的地得和与及或在对将把被从向以而并但之其是为")


def could_be_kicker(text: str) -> bool:
    """A long unfinished line that may be a kicker (引题) printed over a headline."""
    return (len(text) <= 2 * MAX_HEADING_CHARS and not _MID_SENTENCE_PUNCT.search(text)
            and not text.endswith(_FUNCTION_END) and not DATELINE.match(text))


_FIRST_CLAUSE = re.compile(rf"^[^，,、：:；;{SENTENCE_END}“”]*")


def starts_mid_sentence(text: str) -> bool:
    """A paragraph that begins inside a sentence (`就业。`, `和水平。”`, `力、沟通协调能力`)."""
    if not text or text[0] in "，,、。；;：:”’）)》":
        return bool(text)
    first = _FIRST_CLAUSE.match(text).group(0)
    return (len(first) <= 3 and len(first) < len(text) and not text.startswith(_OPENERS)
            and not first[:1].isdigit() and is_cjk(first[:1] or " "))


def strip_credits(text: str) -> str:
    """The paragraph without a trailing credit (`□本报记者 杨志勇`, `新华社记者 张汝峰 摄`)."""
    text = TRAILING_PHOTO_CREDIT.sub("", text)
    return TRAILING_CREDIT.sub("", text).rstrip()
