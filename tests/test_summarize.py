import re

import pytest

from digest import nlp
from digest.models import Summary
from digest.normalize import clean_line
from digest.summarize import pagerank, similarity, summarize

# Short articles written for these tests, shaped like union-paper pages: a dateline, a lead,
# a quote, a near-duplicate paragraph, a subhead, a photo caption and trailing credits.
ARTICLES = [
    "本报讯（记者林晓）9月1日，市总工会启动今年金秋助学活动，将为300名困难职工子女发放助学金。\n"
    "今年的金秋助学活动覆盖全市12个区县，资助对象包括在档困难职工和农民工的子女。\n"
    "市总工会有关负责人表示，金秋助学已经连续开展了15年，累计资助学生超过1.2万人次。\n"
    "“这笔钱解了我们家的燃眉之急。”一名受助学生的母亲说。\n"
    "市总工会开展金秋助学活动，将为300名困难职工子女发放助学金。\n"
    "帮扶工作再加力\n"
    "据了解，今年各级工会还将通过职工服务中心和帮扶中心，为困难职工提供就业培训和法律援助。\n"
    "图为受助学生代表领取助学金。\n"
    "新华社记者 张汝峰 摄\n"
    "（陈莉）",

    "**本报讯**（记者王强 通讯员李红）近日，某机械厂召开第六届职代会第三次会议，审议通过工资集体协商协议。\n"
    "协议规定，职工年工资增长幅度不低于3.5%，一线职工的夜班津贴提高到每晚30元。\n"
    "该厂工会主席介绍，今年的工资集体协商历时两个月，职工代表先后提出意见建议46条。\n"
    "职代会上，劳模创新工作室负责人还向职工代表介绍了技术革新成果！\n"
    "厂里的职工说，工资集体协商让大家的心里更踏实了。\n"
    "□本报记者 杨志勇",

    "本报北京5月3日电（记者赵敏）全国总工会今天发布通知，要求各级工会做好新就业形态劳动者入会和服务工作。\n"
    "通知指出，各级工会要推动快递员、外卖骑手、网约车司机等群体加入工会。\n"
    "通知要求，各地工会要建设一批户外劳动者服务站点，为他们提供歇脚、饮水、充电等服务；\n"
    "同时，要加强劳动争议调解和法律援助，维护新就业形态劳动者的合法权益。\n"
    "制图：李明",

    "本报讯(通讯员 王媛媛)区总工会日前举办职工技能大赛，200余名一线职工参赛。\n"
    "大赛设置电工、焊工、数控车工三个项目，决出一等奖9名。\n"
    "获奖职工将被授予区级技术能手称号",
]

CREDITS = re.compile(r"本报讯|本报北京|记者|通讯员|摄$|^□|^（.*）$|制图|^图为")
STOPS = "。！？!?；…"
CLOSERS = "”’」』）】〕)]"


def _ends_well(sentence):
    return sentence.rstrip(CLOSERS)[-1:] in set(STOPS)


@pytest.mark.parametrize("text", ARTICLES)
@pytest.mark.parametrize("budget", [None, 150, 80, 40])
def test_brief_properties(text, budget):
    summary = summarize(text, max_chars=budget)
    assert isinstance(summary, Summary)
    assert 1 <= len(summary.sentences) <= 3 or budget == 40
    assert len(summary.scores) == len(summary.sentences)
    if budget is not None:
        assert sum(map(len, summary.sentences)) <= budget
    assert len(set(summary.sentences)) == len(summary.sentences)
    positions = [text.index(s) for s in summary.sentences]
    assert positions == sorted(positions)  # document order, original wording
    for sentence in summary.sentences:
        assert _ends_well(sentence), sentence
        assert not re.match(r"[，。、；：？！…—”’）】」』,.;:!?)\]\s]", sentence), sentence
        assert not CREDITS.search(sentence), sentence


@pytest.mark.parametrize("text", ARTICLES)
def test_brief_is_deterministic(text):
    assert summarize(text, max_chars=150) == summarize(text, max_chars=150)


@pytest.mark.parametrize(
    ("text", "lead"),
    [
        ("本报讯（记者毛浓赜）市总工会日前启动送温暖活动，慰问困难职工500户。", "市总工会日前启动送温暖活动，慰问困难职工500户。"),
        ("**本报讯**（记者李娜）全市职工运动会昨天开幕，40支代表队参赛。", "全市职工运动会昨天开幕，40支代表队参赛。"),
        ("本报讯(通讯员 王媛媛)区总工会为100名农民工送去防暑降温用品。", "区总工会为100名农民工送去防暑降温用品。"),
        ("本报北京5月3日电（记者赵敏）全国总工会今天发布新就业形态劳动者服务通知。", "全国总工会今天发布新就业形态劳动者服务通知。"),
        ("新华社北京5月3日电 全国总工会今天发布新就业形态劳动者服务通知。", "全国总工会今天发布新就业形态劳动者服务通知。"),
        ("（记者 张三 通讯员 李四）某公司工会举办职工读书月活动，600人参加。", "某公司工会举办职工读书月活动，600人参加。"),
        ("本报记者叶明 实习生伍丽6月15日，市中级法院公开审理一起劳动争议案件。", "6月15日，市中级法院公开审理一起劳动争议案件。"),
        ("本报讯 记者王强 通讯员李红 近日，某机械厂召开职代会。", "近日，某机械厂召开职代会。"),
        ("本报讯（王媛媛）区总工会为100名环卫工人送去防暑降温用品。", "区总工会为100名环卫工人送去防暑降温用品。"),
        ("记者从市总工会获悉，今年全市新建职工书屋50家。", "记者从市总工会获悉，今年全市新建职工书屋50家。"),
    ],
)
def test_dateline_is_cut_and_the_lead_kept(text, lead):
    # The pipeline strips Markdown emphasis (`**本报讯**`) before an article is briefed.
    assert summarize(clean_line(text)).sentences == (lead,)


@pytest.mark.parametrize(
    "credit",
    ["□本报记者 杨志勇", "新华社记者 张汝峰 摄", "（陈莉）", "记者 王强 摄。", "制图：李明",
     "版式设计：张三", "图为职工在比赛中。", "（作者为某大学教授）"],
)
def test_credits_never_appear(credit):
    text = f"市总工会开展职工技能培训，300名职工参加了培训。\n{credit}"
    assert summarize(text).sentences == ("市总工会开展职工技能培训，300名职工参加了培训。",)


def test_questions_and_fragments_are_not_candidates():
    text = "工会工作怎么做？\n是的。\n市总工会为职工办了十件实事，件件落到实处。"
    assert summarize(text).sentences == ("市总工会为职工办了十件实事，件件落到实处。",)


def test_near_duplicates_are_not_both_picked():
    brief = summarize(ARTICLES[0], max_chars=300, sentences=5)
    a = "本报讯（记者林晓）9月1日，市总工会启动今年金秋助学活动，将为300名困难职工子女发放助学金。"
    b = "市总工会开展金秋助学活动，将为300名困难职工子女发放助学金。"
    assert not (a[9:] in brief.sentences and b in brief.sentences)


@pytest.mark.parametrize(("budget", "expected"), [(0, 0), (10, 0), (30, 1)])
def test_sentences_are_never_cut_to_fit(budget, expected):
    text = "这一句话有二十个字左右，用来测试预算限制。\n这是一句很长很长的句子，它的长度远远超过了三十个字符，所以放不进较小的预算里面。"
    summary = summarize(text, max_chars=budget)
    assert len(summary.sentences) == expected
    assert all(s in text for s in summary.sentences)


@pytest.mark.parametrize("text", ["", "\n\n", "没有句号的标题", "□本报记者 杨志勇"])
def test_nothing_to_brief(text):
    assert summarize(text, max_chars=150) == Summary(())


def test_sentence_count():
    assert len(summarize(ARTICLES[0], sentences=1).sentences) == 1
    assert summarize(ARTICLES[0], sentences=0).sentences == ()


def test_headline_pulls_towards_its_words():
    def share(summary):
        scores = dict(zip(summary.sentences, summary.scores))
        return scores[matching] / sum(scores.values())

    matching = "区总工会日前举办职工技能大赛，200余名一线职工参赛。"
    plain = summarize(ARTICLES[3], sentences=10)
    headed = summarize(ARTICLES[3], sentences=10, title="区总工会举办职工技能大赛")
    assert share(headed) > 1.1 * share(plain)


def test_keywords():
    kws = summarize(ARTICLES[0]).keywords
    assert "金秋助学" in kws
    assert all(len(k) > 1 and k not in nlp.stopwords() for k in kws)


def test_unknown_engine():
    with pytest.raises(ValueError, match="engine"):
        summarize(ARTICLES[0], engine="sumy")


@pytest.mark.parametrize("text", ARTICLES)
@pytest.mark.parametrize("title", [None, "工会金秋助学"])
def test_numpy_engine_equals_textrank4zh(text, title):
    """The default engine ranks exactly as textrank4zh does on the same sentences and tokens."""
    fast = summarize(text, max_chars=150, title=title)
    reference = summarize(text, max_chars=150, title=title, engine="textrank4zh")
    assert fast.sentences == reference.sentences
    assert fast.scores == pytest.approx(reference.scores, abs=1e-6)


def test_pagerank_equals_networkx():
    import networkx as nx
    import numpy as np

    rng = np.random.default_rng(7)
    w = rng.random((12, 12))
    w = (w + w.T) * (rng.random((12, 12)) > 0.6)
    w = np.triu(w, 1) + np.triu(w, 1).T
    w[3, :] = w[:, 3] = 0  # a dangling sentence
    restart = rng.random(12) + 0.5
    expected = nx.pagerank(nx.from_numpy_array(w), alpha=0.85, personalization=dict(enumerate(restart)))
    assert pagerank(w, personalization=restart) == pytest.approx([expected[i] for i in range(12)], abs=1e-6)


def test_similarity_has_no_self_loops():
    sim = similarity([["工会", "职工"], ["工会", "职工"], ["天气"]])
    assert sim[0, 0] == 0 and sim[0, 1] == pytest.approx(1.0) and sim[0, 2] == 0
