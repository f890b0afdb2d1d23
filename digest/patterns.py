"""The one vocabulary of Chinese newsprint: what datelines, bylines, credits, labels and headings look like.

Every stage that reads page text takes its patterns from here: the cutter (:mod:`digest.layout`,
:mod:`digest.line_features`, :mod:`digest.segment`), the summarizer and the tests. Forms are
collected from the sample pages, real OCR output of a national daily and People's Daily pages.
"""
from __future__ import annotations

import re
from functools import lru_cache

# --- characters and sentences ------------------------------------------------------------------

CJK = r"\u3400-\u9fff\uf900-\ufaff"
# A sentence ends at 。！？… (and !? in mixed text). `；` joins clauses of one sentence (GB/T
# 15834-2011 4.5): a brief may cut there only as a last resort, never open after one.
SENTENCE_END = "。！？…!?"
CLAUSE_END = "；;"
CLOSERS = "”’」』）)】〕》"
_ENDS_SENTENCE = re.compile(rf"[{SENTENCE_END}{CLAUSE_END}][{CLOSERS}]*$")
_MID_SENTENCE_PUNCT = re.compile(rf"[{SENTENCE_END}{CLAUSE_END}](?!$|[{CLOSERS}]*$)")
_COMMAS = re.compile(r"[，,]")
# What is not text when texts are compared: punctuation, spaces, marks.
NOT_TEXT = re.compile(rf"[^0-9A-Za-z{CJK}]+")

# A letter of a name: any letter but an ASCII one. Not the class of CJK ranges, which `re` builds
# code point by code point (28,000 of them) each time it appears: names appear 25 times in the
# credit patterns, and compiling them took 0.06 s of every run; a category compiles at once.
_NAME_CHAR = r"[^\W\d_\x00-\x7f]"
_NAME = rf"(?:(?:{_NAME_CHAR}|·){{2,5}}|{_NAME_CHAR}(?:\s{{1,4}}{_NAME_CHAR}){{1,3}})"  # 王伟, 王 伟, 欧阳 子 明
_NAMES = rf"{_NAME}(?:[ 、，,]+{_NAME}){{0,8}}"
_ROLE = (r"(?:本报|新华社|中新社|人民日报|工人日报)?(?:特约)?"
         r"(?:记者|通讯员|实习生|实习记者|见习记者|摄影记者|特约撰稿人)")


def is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


# Credits are short: the credit patterns read at most this much of a line (or of its end), which
# also keeps them fast on the megabyte lines an OCR loop can produce.
CREDIT_CHARS = 80


def tail(text: str) -> str:
    """The end of a line, where a trailing credit may stand."""
    return text[-CREDIT_CHARS:]


def ends_sentence(text: str) -> bool:
    """True when the text ends a sentence, or ends with a credit or a kicker's dash."""
    text = text.rstrip()
    return bool(_ENDS_SENTENCE.search(text) or text.endswith(("——", "：", ":")) or trailing_credit(text))


# Words that open a sentence, never a headline; a short line starting with one is a piece of
# a paragraph (`据悉,府谷县总工会计划`), not a title.
OPENERS = ("据悉", "据了解", "据介绍", "据统计", "据报道", "同时", "此外", "另外", "目前", "为此",
           "随着", "笔者", "近年来", "近日", "日前", "其中", "然而", "但是", "因此", "所以", "如今",
           "当天", "当日", "随后", "由于", "按照", "根据", "为了", "截至", "记者", "他说", "她说")
_FIRST_CLAUSE = re.compile(rf"^[^，,、：:；;{SENTENCE_END}“”]*")


def starts_mid_sentence(text: str) -> bool:
    """A paragraph that begins inside a sentence (`就业。`, `和水平。”`, `力、沟通协调能力`)."""
    if not text or text[0] in "，,、。；;：:”’）)》":
        return bool(text)
    first = _FIRST_CLAUSE.match(text).group(0)
    return (len(first) <= 3 and len(first) < len(text) and not text.startswith(OPENERS)
            and not first[:1].isdigit() and is_cjk(first[:1] or " "))


# A sentence cut after one of these characters cannot be a title (`…有计划、分批次地`).
FUNCTION_END = tuple("的地得和与及或在对将把被从向以而并但之其是为")
# A phrase opening with a preposition or a copula has lost its subject (`在北京市东三环`, `是我国…`).
NO_SUBJECT_START = tuple("在对是把被于从向")

# How a lead opens with its time (`8月18日，`, `近日，`, `今年以来，`): the first sentence of a story.
DATE_LEAD = re.compile(r"^(?:\d{1,2}月\d{1,2}日|近日|日前|近年来|今年以来|\d{4}年)")
# How a paragraph that goes on from the one before it opens (`该县…`, `这些…`, `此外，`): it points
# back, so it rarely opens a story.
BACK_REFERENCE = re.compile(r"^(?:该|这|此|他|她|其|对此|为此|同时|此外|另外|与此同时|不过|但|而且|因此|所以)")
# A story continued from another page (`（上接第一版）`): a story of its own here.
JUMP_IN = re.compile(r"^[（(]\s*(?:上接|接上|紧接|上转|接第)|^(?:上接|接上)第?[一二三四五六七八九十\d]{1,2}版")
# A point of a list (`一、`, `（二）`, `3.`, `第一，`) and a speaker in an interview (`记者：`, `李立国：`).
ENUMERATION = re.compile(r"^(?:[一二三四五六七八九十]+[、是]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[.、．]\D|第[一二三四五六七八九十]+[，、,])")
SPEAKER = re.compile(rf"^[{CJK}]{{1,6}}[：:]")


# --- datelines, bylines and credits ----------------------------------------------------------

# The dateline that opens a lead: `本报讯（记者毛浓赜）`, `本报讯 (记者王伟 通讯员迮晓鸣)`, `本报讯`,
# `本报北京8月20日电（记者…）`, `新华社西安10月8日电`, `据新华社北京5月3日电`, `据新华社电`, and the
# byline-first lead `本报记者叶小钟 实习生伍萍 6月15日，…`. A byline run in after the dateline
# (`本报讯 记者王强 通讯员李红 近日，…`) is part of it when each name is set off by a space or a
# digit: `新华社西安10月8日电 记者获悉，…` keeps its `记者获悉`.
_RUN_IN_BYLINE = rf"(?:\s*(?:记者|通讯员|实习生)\s*[{CJK}·]{{2,4}}(?=\s|\d|记者|通讯员|实习生))*\s*"
_PAREN_CREDIT = rf"\s*(?:[（(][^（）()]{{0,40}}[）)])?{_RUN_IN_BYLINE}"
DATELINE = re.compile(
    rf"^(?:本报[{CJK}]?讯{_PAREN_CREDIT}"  # one character of slack: OCR reads 本报讯 as 本报银讯
    rf"|(?:据)?(?:本报|新华社|中新社|人民网|新华网)[{CJK}、]{{0,12}}\d{{1,2}}月\d{{1,2}}日(?:电|讯){_PAREN_CREDIT}"
    rf"|据新华社电{_PAREN_CREDIT}"
    rf"|本报记者\s*{_NAME}(?:\s+(?:记者|通讯员|实习生)\s*{_NAME})*\s*(?=\d{{1,2}}月))"
)
# A lead that opens with its credit in brackets, the dateline lost in extraction
# (`（记者 张三 通讯员 李四）某公司工会…`): cut from the lead like a dateline.
OPENING_CREDIT = re.compile(r"^[（(](?:本报)?(?:特约|见习)?(?:记者|通讯员|实习生)[^（）()]{0,40}[）)]\s*")
# A photo credit: `新华社记者 张汝峰 摄`, `长空 摄/中新社`, `王 伟 摄`, `谭凯兴 摄（新华社发）`,
# `何 勇 章 帝摄影报道`, `本报记者 徐华摄`, `新华社发`.
_PHOTO = (rf"(?:(?:{_ROLE}\s*)?{_NAMES}(?:\s*{_ROLE}\s*{_NAMES}){{0,3}}\s*摄(?:影报道|影)?"
          rf"(?:\s*[/／]\s*[{CJK}]{{2,8}}|\s*[（(][^（）()]{{2,12}}[）)])?"
          rf"|[（(]?新华社(?:记者{_NAMES})?发[）)]?|新华社/[{CJK}]{{2,4}})")
_PHOTO_LINE = re.compile(rf"^[□■]?\s*{_PHOTO}$")
TRAILING_PHOTO_CREDIT = re.compile(rf"(?:(?<=[{SENTENCE_END}{CLOSERS}])|\s)\s*[□■]?\s*{_PHOTO}\s*$")


# The credit tests below are asked again and again about the same lines of a page: they remember.
_CACHE = 1 << 14


@lru_cache(maxsize=_CACHE)
def is_photo_credit(text: str, anywhere: bool = True) -> bool:
    """A photo credit: the whole line, or (``anywhere``) closing a caption's last sentence."""
    text = text.strip()
    end = tail(text)
    if "摄" not in end and "新华社" not in end:
        return False
    if len(text) <= 30 and text.endswith(("摄", "摄影")) and is_name_line(re.sub(r"摄影?$", "", text)):
        return True  # names run together: `张振祥王辉刘振摄`
    return bool(len(text) <= CREDIT_CHARS and _PHOTO_LINE.match(text)
                or anywhere and TRAILING_PHOTO_CREDIT.search(end))


# A byline or credit standing on a line of its own: `（陈莉）`, `本报记者 钱培坚`, `■本报记者崔丽`,
# `□□ 本报记者 李海涛`, `□高三三`, `文/图 王伟`.
STANDALONE_CREDIT = re.compile(
    rf"^(?:[（(]{_NAMES}[）)]"
    rf"|[□■\s]*{_ROLE}\s*{_NAMES}(?:\s*(?:文/图|/图|文))?"
    rf"|[□■]+\s*{_NAMES}"
    rf"|(?:制图|图|文|摄影|图片|文/图|文图)[：:／/]\s*{_NAMES})$"
)
# A dateline anywhere near the start of a line, however garbled around it.
DATELINE_NEAR = re.compile(r"本报讯|[\u4e00-\u9fff]{0,8}\d{1,2}月\d{1,2}日电")

# A credit that closes a story on a line of its own: `（本报巴黎2月11日电）`, `（新华社北京2月3日电
# 记者梅世雄）`, `（作者为文艺报总编辑）`, `（本报记者陆娅楠采访整理）`, `制图：张丹峰`, `本版制图：沈亦伶 黄 超`.
CLOSING_CREDIT = re.compile(
    rf"^[（(](?:据)?(?:本报|新华社|中新社)[^（）()]{{0,40}}电(?:\s*[^（）()]{{0,60}})?[）)]$"
    rf"|^[（(](?:作者|本报记者|本报通讯员|记者|通讯员|综合)[^（）()]{{1,80}}[）)]$"
    rf"|^(?:本版)?(?:制图|版式设计|设计|摄影|图片|资料图片|供图|责编|整理)[：:]\s*[{CJK}·\s]{{1,20}}$"
)
# A credit closing the last paragraph: `… □本报记者 杨志勇`, `…（陈莉）`, `…。（本报巴黎2月11日电）`.
TRAILING_CREDIT = re.compile(
    rf"(?:(?<=[{SENTENCE_END}{CLOSERS}])|\s)\s*(?:[□■]\s*(?:{_ROLE}\s*)?{_NAMES}"
    rf"|[（(](?:{_ROLE}\s*)?{_NAMES}[）)]"
    rf"|[（(](?:本报|新华社)[^（）()]{{0,30}}电[^（）()]{{0,40}}[）)])\s*$"
)


# The commonest Chinese surnames (about 90% of the population), to tell a line of bare names
# (`彭海清 黎明`, `张海亮付艳志赵学堂`, the credits of many papers) from a short headline.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔"
    "向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌"
    "毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦"
    "麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩"
    "明佘池查麻苑迟邝")
_COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯")
_NAME_SEPARATORS = re.compile(r"[\s·、，,]+")
# Titles a byline may give before the name: `国务院发展研究中心副主任 韩俊`, `东沟村支部书记曹刚川`.
_TITLE_BEFORE_NAME = re.compile(
    rf"^[{CJK}]{{2,20}}(?:主任|书记|局长|部长|司长|主席|院长|厅长|处长|社长|总经理|董事长|教授|研究员|专家|校长|经理|委员|代表"
    rf"|局|厅|部|委|院|所|中心|公司|大学|学院|协会|学会)\s*")
_COMMENTATOR = re.compile(r"^(?:本报|新华社|人民日报)?(?:特约)?评论员$")


def _one_name(token: str) -> bool:
    if token[:2] in _COMPOUND_SURNAMES:
        return 3 <= len(token) <= 4
    return 2 <= len(token) <= 3 and token[0] in SURNAMES and all(is_cjk(c) for c in token)


def is_personal_name(word: str) -> bool:
    """A whole personal name (`王合`, `郝瑞琴`, `欧阳子明`), not a person named by the surname
    alone (`周姓`, `王某`, `李家`)."""
    return _one_name(word) and word[-1] not in "姓某氏家"


def _names(token: str, most: int = 3) -> bool:
    """Whether ``token`` is one to ``most`` personal names written together (`张海亮付艳志赵学堂`)."""
    if _one_name(token):
        return True
    return most > 1 and any(_one_name(token[:k]) and _names(token[k:], most - 1) for k in (2, 3, 4) if k < len(token))


@lru_cache(maxsize=_CACHE)
def is_name_line(text: str) -> bool:
    """A line of bare personal names: a writer's or photographer's credit without its role."""
    text = _TITLE_BEFORE_NAME.sub("", text.strip("□■ （）()"))
    tokens = [t for t in _NAME_SEPARATORS.split(text) if t]
    return 1 <= len(tokens) <= 4 and all(_names(t) for t in tokens) and sum(map(len, tokens)) >= 2


@lru_cache(maxsize=_CACHE)
def is_credit_line(text: str) -> bool:
    """A line that is only a byline or a credit (of a story or a photo)."""
    return len(text) <= CREDIT_CHARS and bool(
        STANDALONE_CREDIT.match(text) or CLOSING_CREDIT.match(text) or _PHOTO_LINE.match(text)
        or _COMMENTATOR.match(text) or len(text) <= 30 and is_name_line(text))


# Bare names after the last sentence, set off by a space: `…督促做好申报。 林智秀`.
_TRAILING_NAMES = re.compile(rf"(?<=[{SENTENCE_END}{CLOSERS}])\s+([{CJK}·]{{2,12}}(?:\s+[{CJK}·]{{2,4}}){{0,2}})$")


@lru_cache(maxsize=_CACHE)
def trailing_credit(text: str) -> str | None:
    """The credit that closes a paragraph (`□本报记者 杨志勇`, `新华社记者 张汝峰 摄`, `。 林智秀`), if any."""
    end = tail(text)
    m = (is_photo_credit(end) and TRAILING_PHOTO_CREDIT.search(end)
         or any(c in end for c in "□■（(") and TRAILING_CREDIT.search(end))
    if m:
        return m.group(0).strip()
    m = (" " in end or "\u3000" in end) and _TRAILING_NAMES.search(end)
    return m.group(1) if m and is_name_line(m.group(1)) else None


def strip_credits(text: str) -> str:
    """The paragraph without a trailing credit (`□本报记者 杨志勇`, `新华社记者 张汝峰 摄`)."""
    head, end = text[:-CREDIT_CHARS], tail(text)
    end = TRAILING_PHOTO_CREDIT.sub("", end)
    return (head + TRAILING_CREDIT.sub("", end)).rstrip()


# --- labels, boxes and page furniture -------------------------------------------------------

# Column labels: short standing names of a page's sections. The list holds the common ones of
# Chinese union and general papers; any short line opened by ■ or ◆ is treated as one too.
COLUMN_LABELS = frozenset("""
工会动态 工会纪事 经验之谈 职工之声 新闻特写 图片新闻 一线传真 基层动态 基层传真 工会新闻 工运动态
要闻 综合新闻 简讯 新闻速递 新闻快递 本版导读 导读 短评 时评 评论 言论 来信 读者来信 编读往来
声音 观察 视点 关注 特写 人物 人物风采 工匠风采 劳模风采 职工园地 职工风采 一线风采 维权在线
法律咨询 律师说法 以案说法 经验交流 他山之石 工作研究 调查研究 理论探讨 文化 副刊 百姓话题
新闻观察 今日关注 本期关注 社会广角 身边事 暖新闻 工会工作 工作交流 基层工会 走基层 新闻故事
三农视点 农村新闻 图片报道 本报专稿
""".split())
# Boxes printed with a story and belonging to it: a reporter's notes, background, an editor's word.
COMPANION_LABELS = frozenset("记者手记 相关链接 链接 背景链接 新闻链接 背景 编后 编后语 记者观察 延伸阅读 小贴士".split())
_LABEL_MARK = re.compile(r"^[■◆◇●○▲△★☆▶►]\s*")  # not □, which opens credits (□高三三)


def label_name(text: str) -> str:
    """The column label without its marker (`■新闻特写` → `新闻特写`)."""
    return _LABEL_MARK.sub("", text).strip()


def is_column_label(text: str) -> bool:
    bare = label_name(text)
    if bare in COLUMN_LABELS:
        return True
    return bare != text and 2 <= len(bare) <= 8 and not _COMMAS.search(bare) and bare not in COMPANION_LABELS


# A box's label in lenticular brackets: `【编者按】`, `【核心提示】`, `【侧记】`.
BRACKET_LABEL = re.compile(r"^【[^】]{1,10}】$")


def is_companion_label(text: str) -> bool:
    """The head of a box that goes with a story: `■记者手记`, `相关链接`, `编后`."""
    return label_name(text).rstrip("：:") in COMPANION_LABELS


# What tells a story's kind: its column, its deck, the first person of an essay.
COMMENTARY_LABELS = frozenset("职工之声 经验之谈 短评 时评 评论 言论 来信 读者来信 声音 观察 新闻观察 工作研究 理论探讨 "
                              "经验交流 他山之石 百姓话题".split())
FEATURE_LABELS = frozenset("工会纪事 新闻特写 特写 人物 人物风采 工匠风采 劳模风采 职工风采 一线风采 身边事 走基层 新闻故事".split())
FEATURE_WORDS = re.compile(r"纪实|特写|侧记|记事|故事|速写|见闻|访|调查")
COMMENTARY_WORDS = re.compile(r"社论|评论员|短评|时评|论坛")
FIRST_PERSON = re.compile(r"笔者|我认为|我们认为")

MARKER = re.compile(r"^[（(]?\s*(?:上接|下转|接上|转下|紧接|下接|上转|转第|接第)[^（）()]{0,12}[）)]?$")
# A jump line run into the end of a paragraph: `…增长9%。（下转第二版）`.
JUMP_TAIL = re.compile(r"\s*[（(]\s*(?:下转|转下|转第|下接)[^（）()]{0,12}[）)]\s*$")
# An image the OCR left as a Markdown image line: `![](images/0.jpg)`.
IMAGE = re.compile(r"^!\[[^\]]*\]\([^)]*\)$")
# Page furniture: the paper's running head, the page number, the editors of the page.
FURNITURE = re.compile(
    r"^(?:责任编辑|本版编辑|本版责编|编辑|美编|校对|版式设计|版面设计|图片编辑)[：:]"
    r"|^第?\s*[0-9一二三四五六七八九十]{1,3}\s*版$|^[0-9]{1,2}$"
    r"|\d{4}年\d{1,2}月\d{1,2}日\s*星期[一二三四五六日天]"
    r"|^(?:人民日报|工人日报|农民日报|陕西工人报|光明日报|经济日报)\s*\d{4}年"
)

TOC_HEAD = re.compile(r"^(?:《[^》]{1,20}》)?[^，。,]{0,16}(?:要目|目录|本期导读)$")
TOC_ITEM = re.compile(rf"(?:……|…{{3,}}|\.{{4,}})\s*[{CJK}A-Za-z0-9《》·、 ]{{2,24}}$")


@lru_cache(maxsize=4096)  # the cutter asks about an item's lines for every run it weighs
def is_contents_line(text: str) -> bool:
    """A contents box's head (`《中国工运》第7期要目`) or one of its entries (`题目……作者`)."""
    return bool(TOC_HEAD.search(text) or TOC_ITEM.search(text))

NOTICE = re.compile(r"(?:特此声明|特此公告|声明作废|遗失声明|作废声明|挂失声明)[。！]?$")

# --- headings ---------------------------------------------------------------------------------

MAX_HEADING_CHARS = 40  # longest main titles seen run ~30 characters; kickers and decks longer


def looks_like_heading(text: str) -> bool:
    """A line that could be a headline, kicker, deck or section head, judged on its own."""
    if text.endswith("——") or text.startswith("——"):  # kicker / deck
        return len(text) <= 2 * MAX_HEADING_CHARS and not _MID_SENTENCE_PUNCT.search(text)
    if DATELINE.match(text) or text.startswith(OPENERS):
        return False
    if _MID_SENTENCE_PUNCT.search(text) or len(text) > MAX_HEADING_CHARS:
        return False
    if _ENDS_SENTENCE.search(text):
        return False
    return len(_COMMAS.findall(text)) < 2 or len(text) <= 25


def could_be_kicker(text: str) -> bool:
    """A long unfinished line that may be a kicker (引题) printed over a headline."""
    return (len(text) <= 2 * MAX_HEADING_CHARS and not _MID_SENTENCE_PUNCT.search(text)
            and not text.endswith(FUNCTION_END) and not DATELINE.match(text))


# --- typography of reader-facing text ---------------------------------------------------------

# Half-width marks in Chinese text (`传承西迁精神,开创工会工作新局面`) come from extraction and from
# writers on English keyboards. Beside a Chinese character they become the full-width marks of
# GB/T 15834-2011; between digits (`3,000`, `12:30`), in Latin text and in URLs they stay.
FULL_WIDTH = str.maketrans(",:;!?()", "，：；！？（）")
_HALF_WIDTH = ",:;!?()"
FULL_WIDTH_PUNCT = "，。、；：？！“”‘’（）《》「」『』【】〔〕…—"
# What counts as Chinese beside a mark: ideographs and the full-width punctuation around them.
_CHINESE = re.compile(rf"[{CJK}{FULL_WIDTH_PUNCT}]")
# A full-width mark carries its own space: spaces beside one are the extraction's (`陆月冰 （吴秋余）`).
_SPACE_BESIDE_PUNCT = re.compile(rf"[ \t]+(?=[{FULL_WIDTH_PUNCT}])|(?<=[{FULL_WIDTH_PUNCT}])[ \t]+")
URL = re.compile(r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]+(?<![.,;:!?'\]])")
# □ and ■ open bylines and credits in print (`□本报记者 杨志勇`); on a screen they look like a missing
# glyph. Only a marker is removed: one at the start or after a space, never one between characters.
_MARKER = re.compile(r"(?:^|(?<=\s))[□■]+\s*")
# Spaces inside a headline are where the extraction joined its printed lines (`天津市总优化 领导班子结构`);
# they stay only between two Latin words or numbers (`Windows 10`).
_HEADLINE_SPACE = re.compile(r"(?<![A-Za-z0-9])\s+|\s+(?![A-Za-z0-9])")


def typeset(text: str) -> str:
    """Reader-facing text: full-width punctuation beside Chinese characters (URLs untouched), no
    spaces beside it, no □/■ markers."""
    text = _MARKER.sub("", text)
    out, end = [], 0
    for url in URL.finditer(text):
        out += [_full_width(text[end:url.start()]), url.group(0)]
        end = url.end()
    out.append(_full_width(text[end:]))
    return _SPACE_BESIDE_PUNCT.sub("", "".join(out)).strip()


def typeset_headline(text: str) -> str:
    """A headline as one line: its printed lines joined without spaces, its punctuation full-width."""
    return typeset(_HEADLINE_SPACE.sub("", text.strip()))


def _full_width(text: str) -> str:
    chars = list(text)
    convert: set[int] = set()
    for i, ch in enumerate(chars):
        if ch in _HALF_WIDTH and _beside_chinese(chars, i, convert):
            convert.add(i)
    # A pair of brackets changes together, so that `(Tom)说` never becomes `(Tom）说`.
    opened: list[int] = []
    for i, ch in enumerate(chars):
        if ch == "(":
            opened.append(i)
        elif ch == ")" and opened:
            start = opened.pop()
            if start in convert or i in convert or _CHINESE.search(text, start, i):
                convert |= {start, i}
    for i in convert:
        chars[i] = chars[i].translate(FULL_WIDTH)
    return "".join(chars)


def _beside_chinese(chars: list[str], i: int, converted: set[int]) -> bool:
    """Whether the nearest character before or after position ``i``, spaces aside, is Chinese
    (a mark already made full-width counts: `好?!`)."""
    before = next((k for k in range(i - 1, -1, -1) if chars[k] not in " \t"), None)
    after = next((c for c in chars[i + 1:] if c not in " \t"), "")
    return (before is not None and (before in converted or bool(_CHINESE.match(chars[before])))
            or bool(_CHINESE.match(after)))


# --- the page's own head ----------------------------------------------------------------------

# The page number printed in the running head: a line of its own (`第3版`, `第 16 版`, `第十二版`), or
# beside the date (`工人日报 2017年8月23日 第3版`). Jump lines (`（下转第二版）`) name other pages.
PAGE_HEAD = re.compile(r"^[#*\s]*第?\s*([0-9]{1,3}|[一二三四五六七八九十]{1,3})\s*版[*\s]*$"
                       r"|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日.{0,20}?第\s*([0-9]{1,3})\s*版(?![面式])"
                       r"|^[#*\s]*第\s*([0-9]{1,3})\s*版(?![面式]).{0,20}?\d{4}\s*年")
_CHINESE_DIGITS = {c: n for n, c in enumerate("一二三四五六七八九", 1)}


def page_number(text: str) -> int | None:
    """The number of a page head line (`第3版` → 3, `第十二版` → 12), or None."""
    m = PAGE_HEAD.search(text)
    if not m:
        return None
    number = next(g for g in m.groups() if g)
    if number.isdigit():
        return int(number) or None
    tens, _, units = number.rpartition("十")
    if "十" not in number:
        return _CHINESE_DIGITS[number] if len(number) == 1 else None
    return (_CHINESE_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CHINESE_DIGITS.get(units, 0) if units else 0)

# --- briefs: sentences that stand alone ---------------------------------------------------------
#
# A brief is read without its article, so each of its sentences must make sense on its own.
# Chinese text ties a sentence to the one before it in two ways (Halliday & Hasan, Cohesion in
# English, 1976: reference and conjunction; for Chinese, 廖秋忠《现代汉语篇章中的连接成分》, 中国语文
# 1986(6), and 陈平《汉语零形回指的话语分析》, 中国语文 1987(5)): a pronoun or demonstrative that
# points back (他们, 该段, 这是, 其中), and a connective that says how it follows (为此, 然而, 随后);
# a sentence without a subject that opens with an adverb (并, 也, 还) takes its subject from the
# sentence before (zero anaphora). Such a sentence goes into a brief only after the one it leans on.

# Words are matched at the start of a sentence; a one-character entry matches every word it
# opens (这 → 这是, 这些, 这次; 该 → 该段, 该市; 此 → 此次, 此前; 其 → 其中, 其他, 其实).
ANAPHORS = ("他", "她", "它", "其", "该", "这", "那", "此", "上述", "以上", "前者", "后者", "对此", "为此", "由此")
CONNECTIVES = (
    # adversative, causal, additive
    "但", "然而", "不过", "可是", "却", "因此", "因而", "所以", "于是", "从而", "同时", "此外", "另外",
    "而", "并且", "况且", "甚至", "与此同时", "除此之外", "另一方面", "一方面", "再者", "何况",
    # sequence in time: the event these follow is in the sentence before
    "随后", "之后", "然后", "接着", "后来", "最终", "终于", "最后", "次日", "当天", "当日", "届时", "再次",
    # the next point of a list whose first point is in the sentence before
    "其次", "二是", "三是", "四是", "五是", "六是", "七是", "八是", "第二", "第三", "第四", "第五",
)
# Adverbs that open a sentence only when its subject is in the sentence before (并将…, 也是…).
# They also open words that stand alone (就业, 便民, 都市, 也门), so they count only as a word of
# their own, the sentence's first token.
SUBJECTLESS = frozenset("并也还又都便就")
_LEANS_BACK = re.compile("^(?:" + "|".join(sorted(ANAPHORS + CONNECTIVES, key=len, reverse=True)) + ")")


def leans_back(sentence: str, first_word: str = "") -> bool:
    """A sentence that points back to the one before it (`他们针对…`, `为此，…`, `并将于…`).

    ``first_word`` is the sentence's first token, which tells the adverb 并 from the word 并购.
    """
    return bool(_LEANS_BACK.match(sentence.lstrip("“‘「『（(")) or first_word in SUBJECTLESS)


# A quotation's tail: who said it, after the quotation it closes (`…。”王合介绍时说。`), as its own
# sentence because the quotation ends with a stop (GB/T 15834-2011 4.3: a full quotation keeps its
# stop inside the marks). Verbs of saying as news reports use them; a tail is short, holds no
# quotation of its own and ends at the verb.
ATTRIBUTION_VERBS = ("说", "道", "表示", "介绍", "指出", "强调", "感叹", "感慨", "坦言", "告诉记者", "认为",
                     "透露", "称", "回忆", "解释", "补充", "直言", "笑言", "呼吁", "总结", "评价", "提醒",
                     "建议", "坦承", "承认", "说明", "分析", "问", "答")
# A kicker names who spoke or decided, the title below it what (`全国农垦工作会议提出`).
KICKER_VERBS = ATTRIBUTION_VERBS + ("提出", "要求", "宣布", "部署", "决定")
_ATTRIBUTION = re.compile(rf"^[^“”「」]{{1,45}}(?:{'|'.join(ATTRIBUTION_VERBS)})[着了]?[。！]?$")


def is_attribution(sentence: str) -> bool:
    """Only the tail of a quotation (`王合介绍时说。`, `他激动地说着。`), meaningless without it."""
    return bool(_ATTRIBUTION.match(sentence))


QUOTES = ("“", "”")


def quote_depth(text: str) -> int:
    """Quotation marks opened and not closed in ``text`` (negative: closed without being opened)."""
    return text.count(QUOTES[0]) - text.count(QUOTES[1])


# A whole sentence ends with a stop and perhaps closing quotes or brackets; a question introduces
# what follows rather than saying it.
_COMPLETE = re.compile(rf"[{SENTENCE_END}][{CLOSERS}\]]*$")
_QUESTION = re.compile(rf"[？?][{CLOSERS}\]]*$")
# A photo caption's sentence (`图为…`, `左图为…`, `图①…`): it describes a picture the brief lacks.
CAPTION = re.compile(r"^(?:上|下|左|右|左上|右上|左下|右下)?图[为①-⑩0-9]|^图片来源")
# Credits inside a sentence, never brief material: the paper's own reporter or correspondent
# named (`…对本报记者表示` tells how the story was reported), a credit in brackets, a credit mark,
# a dateline, a photo credit ending the sentence (`记者王伟摄。`). Credits that end a paragraph are
# cut off before sentences are made (:func:`trailing_credit`).
_CREDIT_INSIDE = re.compile(
    rf"本报讯|本报记者|本报通讯员|通讯员|[（(](?:特约|见习)?记者|[□■]|新华社发|{DATELINE_NEAR.pattern}"
    r"|(?<!拍)摄影?[）)]?。?$")


_CREDIT_HINTS = ("本报", "通讯员", "记者", "□", "■", "新华社", "日电", "摄")


def holds_credit(sentence: str) -> bool:
    """A sentence with a dateline, byline or credit in it."""
    # Every credit holds one of these words; testing them first is many times faster than the
    # pattern on sentences that hold none (most).
    return any(h in sentence for h in _CREDIT_HINTS) and bool(_CREDIT_INSIDE.search(sentence))


def is_complete(text: str) -> bool:
    return bool(_COMPLETE.search(text))


def is_question(text: str) -> bool:
    return bool(_QUESTION.search(text))
