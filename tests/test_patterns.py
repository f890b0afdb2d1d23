import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from digest import patterns as P


@pytest.mark.parametrize("line", [
    "（陈莉）", "本报记者 钱培坚", "本报通讯员 薄绍滨", "■本报记者崔丽", "□□ 本报记者 李海涛", "□高三三",
    "彭海清 黎明", "张海亮付艳志赵学堂", "（本报巴黎2月11日电）", "（新华社北京2月3日电 记者梅世雄）",
    "（作者为文艺报总编辑）", "制图：张丹峰", "本版制图：沈亦伶 黄 超", "本报评论员", "江西省新闻出版局 黄鹤",
])
def test_credit_lines(line):
    assert P.is_credit_line(line)


@pytest.mark.parametrize("line", ["网上卖菜 致富路宽", "积极行动 保种保供", "实力助推", "工会在您身边 竭诚为您服务",
                                  "天津市总优化 领导班子结构", "据悉，府谷县总工会计划"])
def test_headings_are_no_credits(line):
    assert not P.is_credit_line(line)


@pytest.mark.parametrize("text", [
    "长空 摄/中新社", "新华社记者李晓果摄", "王 伟 摄", "张振祥王辉刘振摄", "何 勇 章 帝摄影报道",
    "…掀起农田水利建设高潮。 本报记者张培奇通讯员李勤玲摄", "…严控传染病发生。谭凯兴 摄（新华社发）",
    "…没有对韩国的“军事挑衅”进行还击。 新华社/法新",
])
def test_photo_credits(text):
    assert P.is_photo_credit(text)


@pytest.mark.parametrize("text, credit", [
    ("…再展新作为。 □本报记者 杨志勇", "□本报记者 杨志勇"),
    ("…督促做好申报。 林智秀", "林智秀"),
    ("…的道德基石。（陈莉）", "（陈莉）"),
    ("…义务式清扫。（本报巴黎2月11日电）", "（本报巴黎2月11日电）"),
    ("…没有署名的段落。", None),
    ("我们去了北京。 然后回来", None),
])
def test_trailing_credit(text, credit):
    assert P.trailing_credit(text) == credit


@pytest.mark.parametrize("text, stripped", [
    ("…再展新作为。 □本报记者 杨志勇", "…再展新作为。"),
    ("…教育教学质量的提高。新华社记者 张汝峰 摄", "…教育教学质量的提高。"),
    ("…严控传染病发生。谭凯兴 摄（新华社发）", "…严控传染病发生。"),
    ("…计19支队伍参赛。 □本报记者 刘强 摄", "…计19支队伍参赛。"),
    ("…的道德基石。（陈莉）", "…的道德基石。"),
    ("…没有署名的段落。", "…没有署名的段落。"),
])
def test_strip_credits(text, stripped):
    assert P.strip_credits(text) == stripped


@pytest.mark.parametrize("lead, dateline", [
    ("本报讯（记者毛浓赜）西安市总", "本报讯（记者毛浓赜）"),
    ("本报讯 (记者王伟 通讯员迮晓鸣)近日", "本报讯 (记者王伟 通讯员迮晓鸣)"),
    ("本报讯6月30日，", "本报讯"),
    ("本报银讯（记者文洪英）近日", "本报银讯（记者文洪英）"),  # an OCR misreading
    ("本报记者叶小钟 实习生伍萍6月15日，广东", "本报记者叶小钟 实习生伍萍"),
    ("本报北京8月20日电（记者张三）今天", "本报北京8月20日电（记者张三）"),
    ("新华社西安10月8日电 记者从", "新华社西安10月8日电 "),
    ("据新华社北京5月3日电 国务院", "据新华社北京5月3日电 "),
])
def test_dateline(lead, dateline):
    assert P.DATELINE.match(lead).group(0) == dateline


@pytest.mark.parametrize("text, mid", [("就业。", True), ("和水平。”", True), ("力、沟通协调能力。", True),
                                       ("据悉，本次大赛有近10万名", False), ("8月18日，兰州", False),
                                       ("“多亏工会组织。”", False)])
def test_starts_mid_sentence(text, mid):
    assert P.starts_mid_sentence(text) is mid


@pytest.mark.parametrize("line, label", [("工会动态", True), ("■新闻特写", True), ("■记者手记", False),
                                         ("天津市总举办职工乒乓球赛", False)])
def test_column_labels(line, label):
    assert P.is_column_label(line) is label


@pytest.mark.parametrize("line", ["■记者手记", "相关链接", "编后"])
def test_companion_labels(line):
    assert P.is_companion_label(line)


@pytest.mark.parametrize("line, pattern", [
    ("(上接一版)", P.MARKER), ("（下转第二版）", P.MARKER), ("![](images/0.jpg)", P.IMAGE),
    ("责任编辑：王伟 李娜", P.FURNITURE), ("第5版", P.FURNITURE), ("《中国工运》第7期要目", P.TOC_HEAD),
    ("中美贸易摩擦对广东职工影响及对策分析……广东省总工会", P.TOC_ITEM), ("【编者按】", P.BRACKET_LABEL),
])
def test_page_furniture_and_markers(line, pattern):
    assert pattern.search(line)


@pytest.mark.parametrize("line, continued", [("（上接第一版）亩产432公斤", True), ("上接一版", True),
                                             ("上接地气的好政策", False), ("接上级通知", False)])
def test_a_story_continued_from_another_page(line, continued):
    assert bool(P.JUMP_IN.match(line)) is continued


@pytest.mark.parametrize("line, back", [("该县通过建立病虫害测报点", True), ("此外，全市还", True),
                                        ("嫩江县建立了保护区", False), ("近日，吉林省政府下发", False)])
def test_paragraphs_that_point_back(line, back):
    assert bool(P.BACK_REFERENCE.match(line)) is back


_NEWSPRINT_CHARS = st.one_of(
    st.characters(min_codepoint=0x3400, max_codepoint=0x9FFF, categories=["Lo"]),  # Chinese characters
    st.characters(min_codepoint=0xF900, max_codepoint=0xFAFF, categories=["Lo"]),
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),  # ASCII
    st.sampled_from("，。、；：？！“”‘’（）《》【】…—·　０１２３４５６７８９%％"),
)


@given(_NEWSPRINT_CHARS)
def test_a_letter_of_a_name_is_a_chinese_character_among_what_newsprint_holds(ch):
    assert bool(re.fullmatch(P._NAME_CHAR, ch)) is bool(re.fullmatch(f"[{P.CJK}]", ch))


def test_credit_patterns_stay_fast_on_an_ocr_loop():
    loop = "紧 紧 抓 抓 住 重 重 要 要 点 " * 2000
    assert not P.is_credit_line(loop) and P.trailing_credit(loop) is None  # returns at once


# --- typography of reader-facing text --------------------------------------------------------------

@pytest.mark.parametrize("text, typeset", [
    ("传承西迁精神,开创工会工作新局面", "传承西迁精神，开创工会工作新局面"),
    ("精神, 开创", "精神，开创"),  # the space a full-width mark carries goes
    ("他说:“好!”", "他说：“好！”"),
    ("怎么办?!", "怎么办？！"),
    ("一是强化责任;二是抓好落实", "一是强化责任；二是抓好落实"),
    ("本报讯(记者张三)8月1日", "本报讯（记者张三）8月1日"),
    ("本报讯 (通讯员 王媛媛)未来五年", "本报讯（通讯员 王媛媛）未来五年"),
    ("(Tom)说", "（Tom）说"),  # a pair of brackets changes together
    ("时间:8月1日,下午12:30开会", "时间：8月1日，下午12:30开会"),
    ("增长5%,达到3,000人", "增长5%，达到3,000人"),
    ("比分3:2", "比分3:2"),  # numbers keep theirs
    ("Hello, world (again)!", "Hello, world (again)!"),  # Latin text keeps its own
    ("网址:http://www.acftu.org/a?b=1,c=2,详见", "网址：http://www.acftu.org/a?b=1,c=2，详见"),  # URLs too
    ("见www.acftu.org。", "见www.acftu.org。"),
    ("本报记者 陆月冰 （吴秋余）", "本报记者 陆月冰（吴秋余）"),
    ("□本报记者 杨志勇", "本报记者 杨志勇"),  # a byline loses its marker
    ("□□ 本报记者 赵洁", "本报记者 赵洁"),
    ("■本报记者崔丽", "本报记者崔丽"),
    ("王□明", "王□明"),  # a missing glyph between characters stays: it is the text's
])
def test_typeset(text, typeset):
    assert P.typeset(text) == typeset


@pytest.mark.parametrize("headline, typeset", [
    ("天津市总优化 领导班子结构", "天津市总优化领导班子结构"),  # a line break the extraction made a space
    ("海南举办“嗨转健” 群众趣味运动会", "海南举办“嗨转健”群众趣味运动会"),
    ("抗 旱 保 苗 进 行 时", "抗旱保苗进行时"),
    ("Windows 10 发布", "Windows 10发布"),  # a space stays only between Latin words or numbers
    ("5G 时代 工会服务", "5G时代工会服务"),
    ("传承西迁精神,开创工会工作新局面", "传承西迁精神，开创工会工作新局面"),
])
def test_typeset_headline(headline, typeset):
    assert P.typeset_headline(headline) == typeset


@pytest.mark.parametrize("line, number", [
    ("第3版", 3), ("第 16 版", 16), ("## 第十二版", 12), ("第十版", 10), ("第二十三版", 23), ("5版", 5),
    ("人民日报 2015年2月21日 第10版", 10), ("第3版 2017年8月23日 星期三", 3),
    ("（下转第二版）", None), ("上接第1版", None), ("第0版", None), ("第3版式设计", None), ("本版编辑：王伟", None),
])
def test_page_number_of_a_head_line(line, number):
    assert P.page_number(line) == number
