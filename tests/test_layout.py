from digest.layout import layout


def texts(page):
    return [(b.role, b.text) for b in layout(page)]


def test_paragraph_broken_by_a_blank_line_is_rejoined_without_a_space():
    page = "本报讯（记者王芳）近日，某市总工会举办职工运动会，全市两千多名职工参加了山区少年\n\n夏令营的志愿服务。\n"
    assert texts(page) == [("body", "本报讯（记者王芳）近日，某市总工会举办职工运动会，全市两千多名职工参加了山区少年夏令营的志愿服务。")]


def test_wrapped_kicker_is_one_heading():
    page = "某某自治区总工会派工作队进驻贫困村,聚焦村民所盼,引进先进\n技术、扶持脱贫产业——\n\n“走心”帮扶暖了村民心\n"
    assert texts(page) == [("heading", "某某自治区总工会派工作队进驻贫困村,聚焦村民所盼,引进先进技术、扶持脱贫产业——"),
                           ("heading", "“走心”帮扶暖了村民心")]


def test_piece_printed_elsewhere_joins_where_a_word_is_cut():
    page = ("少数干部到基层走访，除了简单问几句“身体怎么样”“有什么困难”等对话外，没有接地气的语言，导致面对群\n\n"
            "情，即使下基层，也是浮光掠影。\n\n"
            "带着感情走。如果没有感\n\n"
            "众的咨询和疑问讲不出来、答不上来。\n")
    got = [t for _, t in texts(page)]
    assert "少数干部到基层走访，除了简单问几句“身体怎么样”“有什么困难”等对话外，没有接地气的语言，导致面对群众的咨询和疑问讲不出来、答不上来。" in got
    assert "带着感情走。如果没有感情，即使下基层，也是浮光掠影。" in got


def test_headline_printed_inside_a_sentence_comes_before_the_paragraph():
    page = ("渭南市总工会职工服务中心每年联系人社等多家部门举办就业援助月暨大型免费招聘洽谈会，据不完全统计\n\n"
            "工会在您身边 竭诚为您服务\n\n"
            "多年来中心累计举办招聘会15场，为万余名职工提供免费就业服务，缓解了全市就业压力。\n")
    assert texts(page) == [
        ("heading", "工会在您身边 竭诚为您服务"),
        ("body", "渭南市总工会职工服务中心每年联系人社等多家部门举办就业援助月暨大型免费招聘洽谈会，据不完全统计"
                 "多年来中心累计举办招聘会15场，为万余名职工提供免费就业服务，缓解了全市就业压力。"),
    ]


def test_repeats_and_near_repeats_are_dropped_keeping_the_first_whole_copy():
    para = "此外，青岛市总还把培育推广区域性、行业性工资集体协商典型案例作为年度重点任务，对各区总工会进行考核评价。"
    page = "\n\n".join([para, para[3:], para, "另一段完全不同的文字，讲的是职工书屋的建设情况和读书活动。"])
    assert [t for _, t in texts(page)] == [para, "另一段完全不同的文字，讲的是职工书屋的建设情况和读书活动。"]


def test_copy_printed_out_of_place_gives_way_to_the_one_among_its_own_story():
    stray = "劳模们在西宁乘坐文化旅游专列一路向西，来到托素湖和柯鲁克湖边观光。"
    page = "\n\n".join([
        "为提高全市工会干部素质，市总在全市工会系统举办了安全生产和集体协商指导员培训班。",
        stray,
        "劳模体验“星空之城”",
        "青海省总工会组织劳模和环卫工人赴柴达木盆地德令哈市观光，劳模们游览了柴达木枸杞园。",
        stray,
        "在返回的列车上，劳模们看到了青海湖，纷纷表示要为青海生态文明建设贡献力量。",
    ])
    got = [t for _, t in texts(page)]
    assert got.count(stray) == 1
    assert got.index(stray) == 3
