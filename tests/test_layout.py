import pytest

from digest.layout import is_repeat, layout


def texts(page):
    return [line.text for line in layout(page).lines]


def test_lines_keep_their_numbers_heading_marks_and_blank_lines():
    lay = layout("# 天津市总举办职工乒乓球赛\n\n本报讯（记者张奎）8 月 21 日，比赛落幕。\n据悉，本次大赛有近 10 万名职工参加。\n")
    first, second, third = lay.lines
    assert (first.text, first.level, first.numbers) == ("天津市总举办职工乒乓球赛", 1, (1,))
    assert second.text == "本报讯（记者张奎）8月21日，比赛落幕。" and second.blank_before and not second.blank_after
    assert third.numbers == (4,) and not third.blank_before
    assert lay.repeats == ()


def test_a_hard_wrapped_column_is_put_back_into_paragraphs():
    paragraphs = ["本报讯（记者王芳）近日，某市总工会举办职工运动会，全市两千多名职工参加了比赛。",
                  "据了解，运动会设置了拔河、跳绳、趣味接力等十二个项目，各基层工会踊跃报名参赛。",
                  "市总工会负责人表示，今后将每年举办一次职工运动会，丰富职工的业余文化生活。"]
    head = "某市总工会举办职工运动会"
    wrap = 14
    lines = [head] + [p[i:i + wrap] for p in paragraphs for i in range(0, len(p), wrap)]
    assert texts("\n".join(lines)) == [head] + paragraphs


@pytest.mark.parametrize("copy", [
    "此外，青岛市总还把培育推广区域性、行业性工资集体协商典型案例作为年度重点任务，对各区总工会进行考核评价。",
    "青岛市总还把培育推广区域性、行业性工资集体协商典型案例作为年度重点任务，对各区总工会进行考核评价。",  # opening clause lost
    "此外，青岛市总还把培育推广区域性、行业性工资集体协商典型案倒作为年度重点任务，对各区总工会进行考核评价。",  # misread
    "此外，青岛市总还把培育推广区域性、行业性工资集体协商典型",  # cut off
])
def test_a_repeat_is_set_aside_and_counted(copy):
    para = "此外，青岛市总还把培育推广区域性、行业性工资集体协商典型案例作为年度重点任务，对各区总工会进行考核评价。"
    other = "另一段完全不同的文字，讲的是职工书屋的建设情况和读书活动。"
    lay = layout("\n\n".join([para, other, copy]))
    assert [line.text for line in lay.lines] == [para, other]
    assert lay.repeats == ((5, 1),)


def test_reports_that_differ_in_a_place_or_a_number_are_different_news():
    reports = [f"本报讯（记者王伟）8月16日，{place}总工会召开第{n}届职工代表大会第3次会议，会议由{place}总工会主席主持。"
               for place, n in (("北京市", 12), ("天津市", 8), ("河北省", 12), ("山西省", 5), ("辽宁省", 12), ("吉林省", 9))]
    assert texts("\n\n".join(reports)) == reports
    assert not is_repeat("北京市总工会召开职工代表大会，会议由北京市总工会主席主持，全体代表参加。",
                         "天津市总工会召开职工代表大会，会议由天津市总工会主席主持，全体代表参加。")


def test_a_headline_quoted_in_a_paragraph_is_no_repeat():
    assert not is_repeat("农业国际合作不断加强", "“十一五”期间，我国农业国际合作不断加强，农业发展空间日益拓展。")


def test_the_copy_among_its_own_story_is_kept():
    stray = "劳模们在西宁乘坐文化旅游专列一路向西，来到托素湖和柯鲁克湖边观光。"
    page = "\n\n".join([
        "为提高全市工会干部素质，市总在全市工会系统举办了安全生产和集体协商指导员培训班。",
        stray,
        "劳模体验“星空之城”",
        "青海省总工会组织劳模和环卫工人赴柴达木盆地德令哈市观光，劳模们游览了柴达木枸杞园。",
        stray,
        "在返回的列车上，劳模们看到了青海湖，纷纷表示要为青海生态文明建设贡献力量。",
    ])
    lay = layout(page)
    assert [line.text for line in lay.lines].index(stray) == 3
    assert lay.repeats == ((3, 9),)
