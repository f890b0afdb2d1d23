import pytest

from digest.regions import region


@pytest.mark.parametrize("headline, text, expected", [
    ("兰州市总组建志愿服务队", "本报讯（记者康劲）8月18日，兰州市总工会的30多名机关干部来到黄河岸边。", "甘肃·兰州"),
    ("锡林浩特200余农牧民工入会", "近日，锡林浩特市宝昌镇的农民工领到工会会员证。", "内蒙古·锡林郭勒"),
    ("天津市总举办职工乒乓球赛", "天津市第十三届职工乒乓球比赛落幕。", "天津"),
    ("贷款帮了大忙", "吉林省延边朝鲜族自治州延吉市的业主领到了贷款。", "吉林·延边"),
    ("东方红", "东方欲晓，中山路上人来人往。", None),
    ("没有地名", "职工书屋是服务职工的新载体。", None),
])
def test_region(headline, text, expected):
    assert region(headline, text) == expected


@pytest.mark.parametrize("headline, text, expected", [
    # County-level cities the region governs itself: no 659000 in the gazetteer (was a KeyError).
    ("阿拉尔市总工会慰问一线职工", "本报讯 阿拉尔市总工会走访慰问了一线职工。", "新疆·阿拉尔"),
    ("图木舒克市职工技能大赛开幕", "图木舒克市总工会举办职工技能大赛。", "新疆·图木舒克"),
    ("黄山市总工会开展送清凉活动", "黄山市总工会为户外职工送清凉。", "安徽·黄山"),
])
def test_places_without_a_city_above_them(headline, text, expected):
    assert region(headline, text) == expected


def test_every_name_leads_to_a_place_of_the_gazetteer():
    from digest.regions import _gazetteer

    _, codes, data = _gazetteer()
    assert all(code in data and code[:2] + "0000" in data for code in codes.values())
