"""Briefs a reader accepts as they are: the defects, each with a real example from the sample
pages, and the briefs of every sample story free of them at any budget."""
from pathlib import Path

import pytest

from digest import patterns as P
from digest.pipeline import Options, build_digest
from digest.readability import defects
from digest.summarize import summarize, summarize_article

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

# Real passages of the sample pages, each with the brief that would be a defect.
DANGLING_BODY = ("10月15日,宁陕县政府党组成员、县总工会主席柯小伟带领县总工会全体包抓干部,深入精准扶贫帮扶村——新村村"
                 "开展结对帮扶大调查、大走访、大宣传活动。他们针对前期市、县督察组检查存在的扶贫政策知晓率低、"
                 "贫困户精神面貌不佳等问题,结合近期上级脱贫攻坚决策部署,特集中安排1天时间走访结对帮扶的30户贫困户。")
QUOTE_TAIL_BODY = ("“我们职工书屋是今年3月份建立的,4月23日‘世界读书日’,咸阳市秦都区总工会给我们送来的书,"
                   "刚好补充到我们的书屋中。”10月12日,咸阳彩虹包装材料有限公司工会主席王合介绍时说。"
                   "在今年秦都区总工会开展的“图书进万家陶冶你我他”赠书活动中,该公司工会与其他3家“职工书屋”共获赠1200余册图书。")
LIST_BODY = ("西安市总实施精准扶贫一年，使415户在全建档、807户在市总建档的困难职工脱困；紫阳县总围绕茶叶巧做文章，"
             "使贫困户年人均收入5000元以上，解决了3000余人的就业；山阳县总推广养蜂脱贫，使800余名困难职工和农民工脱贫致富。")
QUOTE_BODY = ("听完劳模们的经历分享,青工代表孙昕感叹道:“劳模就像是我们的灯塔,是我们学习的榜样、奋斗的目标。"
              "在今后的工作中,我一定发扬劳模爱岗敬业的精神,立足岗位,实现自己的人生价值。”")


@pytest.mark.parametrize(("brief", "body", "defect"), [
    (["他们针对前期市、县督察组检查存在的扶贫政策知晓率低、贫困户精神面貌不佳等问题,结合近期上级脱贫攻坚决策部署,"
      "特集中安排1天时间走访结对帮扶的30户贫困户。"], DANGLING_BODY, "dangling"),
    (["10月12日,咸阳彩虹包装材料有限公司工会主席王合介绍时说。"], QUOTE_TAIL_BODY, "attribution"),
    (["山阳县总推广养蜂脱贫，使800余名困难职工和农民工脱贫致富。"], LIST_BODY, "mid-list"),
    (["听完劳模们的经历分享,青工代表孙昕感叹道:“劳模就像是我们的灯塔,是我们学习的榜样、奋斗的目标。"], QUOTE_BODY, "quotes"),
    (["本报讯（记者毛浓赜）西安市总实施精准扶贫一年。"], "本报讯（记者毛浓赜）西安市总实施精准扶贫一年。", "credit"),
    ([], DANGLING_BODY, "empty"),
])
def test_each_defect_is_found(brief, body, defect):
    assert defects(brief, body) == [defect]


@pytest.mark.parametrize("body", [DANGLING_BODY, QUOTE_TAIL_BODY, LIST_BODY, QUOTE_BODY])
@pytest.mark.parametrize("budget", [40, 60, 90, 150, 300])
def test_briefs_of_the_defective_passages_have_no_defect(body, budget):
    brief = summarize(body, max_chars=budget).sentences
    # At a budget smaller than every sentence the brief is empty rather than cut.
    assert set(defects(brief, body)) <= {"empty"}


def test_a_quotation_tail_is_printed_with_its_quotation():
    brief = summarize(QUOTE_TAIL_BODY, max_chars=300, sentences=1).sentences
    assert not any(P.is_attribution(s) for s in brief)
    assert all(P.quote_depth(s) == 0 for s in brief)


def test_a_list_is_not_cut_at_its_semicolons_when_it_fits():
    [sentence] = summarize(LIST_BODY, max_chars=300).sentences
    assert sentence == LIST_BODY


@pytest.fixture(scope="module")
def stories():
    digest = build_digest([SAMPLES], Options())
    return [b.article for b in digest.briefs if b.article.kind in ("news", "feature", "commentary")]


@pytest.mark.parametrize("budget", [80, 150, 250])
def test_no_sample_brief_has_a_defect(stories, budget):
    flawed = {}
    for article in stories:
        brief = summarize_article(article, max_chars=budget).sentences
        found = defects(brief, article.body)
        if found and not (found == ["empty"] and budget < 150):
            flawed[article.headline] = (found, brief)
    assert flawed == {}
