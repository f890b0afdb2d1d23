"""Titles for items printed without a headline: leads from the sample pages, made into who did what."""
import json
from pathlib import Path

import pytest

from digest import patterns as P
from digest.titles import MAX_CHARS, make_title

GOLDEN = Path(__file__).resolve().parent / "golden" / "samples.json"


@pytest.mark.parametrize(("lead", "title"), [
    # the means (`通过…等措施`) is not the title; the subject and its first measure are
    ("本报讯（记者杨明清 通讯员吴留文）今年以来，山东青岛市总工会通过整合三方资源、健全指导员队伍等措施，"
     "提升全市建会企业工资集体协商工作的质量。", "青岛市总工会整合三方资源"),
    # a photo caption: the event, not the setting (`在重阳节即将来临之际`), the name without the job
    # titles, of two verbs sharing an object the second with it
    ("在重阳节即将来临之际,际建二建集团党委副书记、工会主席赵刚带领离退休工作人员专程探望和慰问抗战老兵、"
     "离休干部节操刚等,把企业的关怀和祝福送到老人们的心坎上。", "赵刚带领离退休工作人员专程慰问抗战老兵"),
    ("8月23日，在西藏日喀则市第一高级中学，来自山东省的化学老师曹庆胜（中）在指导高三学生进行化学溶液配制。",
     "曹庆胜在指导高三学生进行化学溶液配制"),
    # a subject without a verb takes the predicate of the next clause; an attribute gives way
    ("10月10日,未央区委常委、区委统战部副部长、区总工会主席康亮生一行,先后走访慰问了88岁高龄的退休劳模何养龙等老同志,"
     "向他们表达了工会组织的关怀。", "康亮生走访慰问了退休劳模何养龙等老同志"),
    # a quotation opening the lead is the title when the sentence after it only says who spoke
    ("本报讯（记者柳姗姗 通讯员宁志）“多亏工会组织，这10万元贴息贷款可真帮了我大忙！”6月19日，"
     "吉林省延吉市乐佰家居商贸城业主赵东霞告诉记者。", "这10万元贴息贷款可真帮了我大忙"),
    # a purpose (`为…，提高…，`) and the organisers (`由…主办，…承办的`) are not the event
    ("10月14日,为活跃西科科技系统职工群众的文体生活,提高各单位之间的沟通交流,由省委科技工委、省科技厅主办,"
     "中联西北院承办的陕西西科科技系统“中联西北院杯”职工篮球赛在中联西北工程设计研究院综合体育馆开幕。",
     "西科科技系统“中联西北院杯”职工篮球赛"),
    # a quotation first, then a clause ending in a time word (`…活动后`)
    ("“央企就是不一样,管理真规范!”10月12日,来自石泉县后柳镇、曾溪镇、城关镇的91名代表参加大唐石泉水电厂"
     "开放日活动后,不禁发出感叹。", "91名代表参加大唐石泉水电厂开放日活动"),
    ("近日，某工会成立。", "某工会成立"),
])
def test_title_is_the_leads_subject_and_predicate(lead, title):
    assert make_title(lead) == title


def _generated_titles():
    doc = json.loads(GOLDEN.read_text(encoding="utf-8"))
    out = []
    for a in doc["articles"]:
        if a["headline_generated"] or not a["headline"]:
            out.append(make_title(a["body"].split("\n")[0]))
    return out


@pytest.mark.parametrize("title", _generated_titles())
def test_every_made_title_of_the_samples_reads_as_a_phrase(title):
    assert 4 <= len(title) <= MAX_CHARS
    assert not title.startswith(("在", "为", "为了", "随着"))  # a setting, not the news
    assert not title.endswith(P.FUNCTION_END)  # never a preposition or particle at the end
    assert P.quote_depth(title) == 0
    assert "，" not in title and "," not in title  # one clause, not a run of them
