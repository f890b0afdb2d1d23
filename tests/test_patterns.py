import pytest

from digest import patterns as P
from digest.layout import role_of


@pytest.mark.parametrize("line, role", [
    ("（陈莉）", "credit"),
    ("本报记者 钱培坚", "credit"),
    ("本报通讯员 薄绍滨", "credit"),
    ("长空 摄/中新社", "credit"),
    ("新华社记者李晓果摄", "credit"),
    ("工会动态", "label"),
    ("■新闻特写", "label"),
    ("(上接一版)", "marker"),
    ("《中国工运》第7期要目", "toc"),
    ("中美贸易摩擦对广东职工影响及对策分析……广东省总工会", "toc"),
    ("基层不需要“快门干部”", "heading"),
    ("传承西迁精神,开创工会工作新局面", "heading"),
    ("——陕西工会助力脱贫攻坚行动纪实", "heading"),
    ("如今，上海持卡工会会员已达360多万人，会员卡已成为基层工会的宣传卡——", "heading"),
    ("据悉,府谷县总工会计划", "body"),
    ("就业。", "body"),
    ("本报讯（记者毛浓赜）西安市总实施精准扶贫一年", "body"),
])
def test_role_of_a_line(line, role):
    assert role_of(line) == role


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
    ("本报记者叶小钟 实习生伍萍6月15日，广东", "本报记者叶小钟 实习生伍萍"),
    ("本报北京8月20日电（记者张三）今天", "本报北京8月20日电（记者张三）"),
    ("新华社西安10月8日电 记者从", "新华社西安10月8日电 "),
])
def test_dateline(lead, dateline):
    assert P.DATELINE.match(lead).group(0) == dateline


@pytest.mark.parametrize("text, mid", [("就业。", True), ("和水平。”", True), ("力、沟通协调能力。", True),
                                       ("据悉，本次大赛有近10万名", False), ("8月18日，兰州", False),
                                       ("“多亏工会组织。”", False)])
def test_starts_mid_sentence(text, mid):
    assert P.starts_mid_sentence(text) is mid
