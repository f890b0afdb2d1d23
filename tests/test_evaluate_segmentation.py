import pytest

from digest.evaluate_segmentation import f1, headline_ok, score_page

GOLD = {"articles": [
    {"kind": "news", "headline": "天津市总举办职工乒乓球赛", "first": "本报讯（记者张奎）8月21日", "last": "共进行13个项目、758场比赛。"},
    {"kind": "news", "headline": "兰州市总组建志愿服务队", "first": "本报讯（记者康劲）8月18日", "last": "宣传文明旅游知识。"},
    {"kind": "photo", "headline": None, "first": "8月23日，在西藏日喀则市", "last": "张汝峰 摄"},
]}
TIANJIN = "本报讯（记者张奎）8月21日，比赛落幕。\n决赛历时3天，共进行13个项目、758场比赛。"
LANZHOU = "本报讯（记者康劲）8月18日，兰州市总工会组织志愿者宣传文明旅游知识。"


def test_a_perfect_cut_scores_one():
    s = score_page("p", GOLD, [{"headline": "天津市总举办职工乒乓球赛", "kind": "news", "body": TIANJIN},
                               {"headline": "兰州市总组建志愿服务队", "kind": "news", "body": LANZHOU},
                               {"headline": "", "kind": "photo", "body": "8月23日，在西藏日喀则市……张汝峰 摄"}])
    assert (s.gold, s.out, s.correct) == (2, 2, 2) and f1([s]) == (1.0, 1.0, 1.0)


def test_two_stories_run_together_are_both_wrong():
    s = score_page("p", GOLD, [{"headline": "天津市总举办职工乒乓球赛", "kind": "news", "body": TIANJIN + "\n" + LANZHOU}])
    assert s.correct == 0 and any(p.startswith("merged") for p in s.problems)


def test_a_story_cut_in_two_costs_precision():
    first, second = TIANJIN.split("\n")
    s = score_page("p", GOLD, [{"headline": "天津市总举办职工乒乓球赛", "kind": "news", "body": first},
                               {"headline": "决赛", "kind": "news", "body": second},
                               {"headline": "兰州市总组建志愿服务队", "kind": "news", "body": LANZHOU}])
    assert (s.out, s.correct) == (3, 1)
    assert any(p.startswith("incomplete") for p in s.problems) and any(p.startswith("junk") for p in s.problems)


@pytest.mark.parametrize("out, gold, ok", [
    ("天津市总举办职工乒乓球赛", "天津市总举办职工乒乓球赛", True),
    ("天津市总 举办职工乒乓球赛", "天津市总举办职工乒乓球赛", True),
    ("以“实战观摩”提高维权能力 东莞组织工会干部旁听劳动纠纷庭审", "东莞组织工会干部旁听劳动纠纷庭审", True),
    ("本报讯", "天津市总举办职工乒乓球赛", False),
    ("任何标题", None, True),
])
def test_headline_match(out, gold, ok):
    assert headline_ok(out, gold) is ok
