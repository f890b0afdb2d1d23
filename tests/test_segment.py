from pathlib import Path

import pytest

from digest.models import Page
from digest.segment import generate_headline, segment


def cut(text):
    articles, _ = segment(Page(Path("page.txt"), text))
    return articles


def test_headline_block_with_kicker_and_deck():
    [a] = cut("建立联村扶贫点184个，为4.6万困难职工建立帮扶档案\n\n陕西工会助推脱贫解困“不停歇”\n\n"
              "年底前还将投入50%以上的精力开展产业扶贫\n\n"
              "本报讯（记者毛浓赜）西安市总实施精准扶贫一年，使415户困难职工脱困。\n\n"
              "会上，陕西省11个市区总工会分别总结交流了助力脱贫攻坚的方法。\n")
    assert a.headline == "陕西工会助推脱贫解困“不停歇”"
    assert a.subheadlines == ("建立联村扶贫点184个，为4.6万困难职工建立帮扶档案", "年底前还将投入50%以上的精力开展产业扶贫")
    assert a.byline == "本报讯（记者毛浓赜）"
    assert a.kind == "news" and not a.headline_generated
    assert len(a.paragraphs) == 2


def test_dateline_without_headline_starts_a_story_with_a_generated_title():
    first, second = cut("成都工会建设港区职工服务中心\n\n本报讯（记者李娜）记者近日从成都市总工会获悉，该市将试点打造职工服务中心。\n\n"
                        "本报讯（记者杨明清 通讯员吴留文）今年以来，山东青岛市总工会通过整合三方资源提升集体协商质量。\n")
    assert first.headline == "成都工会建设港区职工服务中心"
    assert second.headline_generated
    assert second.headline == "山东青岛市总工会通过整合三方资源提升集体协商质量"
    assert second.byline == "本报讯（记者杨明清 通讯员吴留文）"


def test_column_label_is_not_an_article_and_trailing_credits_end_stories():
    articles = cut("工会动态\n\n灞桥热电厂工会 开展“三微指尖”特色活动\n\n"
                   "11月12日，记者从灞桥热电厂获悉，该厂工会通过微信公众号推送劳模故事。 □本报记者 胡建宏\n\n"
                   "10月15日，宁陕县总工会主席带领包抓干部深入帮扶村开展大走访活动。 □罗有涛\n")
    assert [a.headline_generated for a in articles] == [False, True]
    assert articles[0].byline == "□本报记者 胡建宏"
    assert articles[1].byline == "□罗有涛"
    assert all("工会动态" not in a.body for a in articles)


def test_photo_caption_is_its_own_item_never_part_of_a_story():
    story, photo = cut("威海市总为优秀职工体检\n\n本报讯（记者杨明清）日前，山东省威海市总工会启动优秀职工健康查体活动。\n\n"
                       "今年3月，威海市总在全市建会单位中评选出500名优秀职工。\n\n"
                       "8月23日，在西藏日喀则市第一高级中学，援藏教师在指导学生进行化学实验。\n\n"
                       "援藏教育人才对口支援日喀则，带动了当地教育教学质量的提高。新华社记者 张汝峰 摄\n")
    assert story.kind == "news" and len(story.paragraphs) == 2
    assert photo.kind == "photo" and len(photo.paragraphs) == 2
    assert photo.byline == "新华社记者 张汝峰 摄"


def test_photo_with_title_and_standalone_credit():
    [photo] = cut("## 外来务工子女 温州习武\n\n7月4日，在浙江省温州市南拳博物馆内，教练在教外来务工子女练习武术。\n\n长空 摄/中新社\n")
    assert (photo.kind, photo.headline, photo.byline) == ("photo", "外来务工子女 温州习武", "长空 摄/中新社")


def test_section_heads_stay_inside_their_story():
    [a] = cut("围绕脱贫主战场 展现工会新作为\n\n——陕西工会助力脱贫攻坚行动纪实\n\n(上接一版)\n\n"
              "山阳县总工会积极发展中蜂产业，蜂农达1600户，800多名困难职工通过科学养蜂摆脱了贫困。\n\n"
              "做实“志智”双扶 提高干群创业能力\n围绕激发贫困人口干事创业的主观能动性，全省各级工会进行了有益探索。\n\n"
              "丹凤县总工会创新扶贫模式，从扶志扶智抓起，建设扶贫立志教育基地。 □本报记者 杨志勇\n")
    assert a.headline == "围绕脱贫主战场 展现工会新作为"
    assert "做实“志智”双扶 提高干群创业能力" in a.subheadlines
    assert a.kind == "feature" and a.truncated and a.continuation == "(上接一版)"
    assert len(a.paragraphs) == 3


def test_headline_printed_after_its_story_before_a_label():
    first, second = cut("本报讯（通讯员 杨开泰）商洛市总工会确定了全面加强网上工会建设的工作新思路。\n\n"
                        "商洛推进“互联网+”工会普惠化工作\n\n工会动态\n\n略阳县总工会 多措并举助推脱贫攻坚\n\n"
                        "本报讯（通讯员 张立）10月10日上午，略阳县总工会职工培训大厅人头攒动。\n")
    assert first.headline == "商洛推进“互联网+”工会普惠化工作" and not first.headline_generated
    assert second.headline == "略阳县总工会 多措并举助推脱贫攻坚"


def test_headline_between_label_and_body_and_commentary_kind():
    [a] = cut("传承西迁精神，开创工会工作新局面\n\n经验之谈\n\n"
              "西安交大工会围绕学校中心任务，在全校开展劳动竞赛活动，激发教职工干事创业热情。 □张庆生\n")
    assert (a.headline, a.kind, a.byline) == ("传承西迁精神，开创工会工作新局面", "commentary", "□张庆生")


@pytest.mark.parametrize("text, kind", [
    ("文驰不慎将开户许可证丢失，许可证编号：7910-01057608，特此声明。", "notice"),
    ("《中国工运》第7期要目\n\n全总十七届三次主席会议在京举行\n\n一路走来的探索与辉煌……戴文宽", "toc"),
])
def test_notices_and_contents_boxes(text, kind):
    [a] = cut(text)
    assert a.kind == kind


def test_generated_headline_is_short_and_without_dateline():
    assert generate_headline("本报讯（记者康劲）8月18日，兰州市总工会组织志愿者来到黄河岸边开展宣传活动，向游客宣传文明旅游知识。") \
        == "兰州市总工会组织志愿者来到黄河岸边开展宣传活动"
    assert generate_headline("近日，某工会成立。") == "某工会成立"
    assert len(generate_headline("本报讯 " + "长" * 60 + "。")) == 29
