from datetime import date

import pytest

from digest.dates import FOLDER, date_in_name, load_sidecar, page_date, page_number, sidecar_entry, text_year
from digest.errors import ConfigError


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("2017-08-24.txt", date(2017, 8, 24)),
        ("工人日报_2017_08_24_第3版.txt", date(2017, 8, 24)),
        ("rmrb20170824_01.md", date(2017, 8, 24)),
        ("2017年8月24日.txt", date(2017, 8, 24)),
        ("２０１７-０８-２４.txt", date(2017, 8, 24)),
        ("2017-02-30.txt", None),  # not a real day
        ("20171399.txt", None),
        ("12345678.txt", None),  # 1234 is not a plausible year
        ("21000101.txt", date(2100, 1, 1)),
        ("21010101.txt", None),
        ("000_f332fbbfdc60002e.txt", None),  # the samples' hash names
        ("page3.txt", None),
    ],
)
def test_date_in_name(name, expected):
    assert date_in_name(name) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The samples: month-days with spaces, the year elsewhere.
        ("8 月 16 日，部分地区工会……2017 年上半年……8 月 23 日，在西藏", date(2017, 8, 23)),
        ("8月23日，在西藏日喀则市。2017年度集体协商工作", date(2017, 8, 23)),
        ("力争通过3年时间，在2019年底前帮助全省10.06万困难职工。2017年度全国劳模。7月4日，在浙江", date(2017, 7, 4)),
        ("力争在2019年底帮助这些困难职工实现脱贫。2017年上半年。6月30日", date(2017, 6, 30)),
        ("到2020年，全面建成小康社会。2017年暑运期间。7月3日", date(2017, 7, 3)),
        ("2020年前完成。2016年以来。5月5日", date(2016, 5, 5)),
        ("2016年以来,针对贫困。2019年以来,新疆区总。9月9日,在廊坊", date(2019, 9, 9)),
        # Not targets: a count after 前, "around", and 得到 is not 到.
        ("2017年前三季度。10月8日", date(2017, 10, 8)),
        ("2016年前后。3月1日", date(2016, 3, 1)),
        ("得到2018年度表彰。3月1日", date(2018, 3, 1)),
        # Full-width digits.
        ("２０１７年，８月２３日", date(2017, 8, 23)),
        # A full date keeps its own year; a historic one does not become the page date.
        ("2017年8月23日 星期三", date(2017, 8, 23)),
        ("2012年3月23日，会员卡发行。2017年上半年。7月4日", date(2017, 7, 4)),
        ("2017年8月23日 8月16日", date(2017, 8, 23)),
        # Deadlines are not the page date.
        ("2017年上半年。9月1日前完成。8月2日", date(2017, 8, 2)),
        ("2017年。将于9月1日举行。8月2日", date(2017, 8, 2)),
        # Nothing usable.
        ("8月23日，无年份", None),
        ("2017年，没有月日", None),
        ("2017年2月30日", None),
        ("", None),
    ],
)
def test_inferred_dates(text, expected):
    assert page_date("page.txt", text) == (expected, "inferred" if expected else "none")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2017 年天津市第十三届", 2017),
        ("在2019年底前帮助 2017年度", 2017),
        ("4000年 12017年", None),  # not plausible years
        ("2008 年 8 月设立，2016 年起", 2016),
    ],
)
def test_text_year(text, expected):
    assert text_year(text) == expected


def test_preference_given_then_filename_then_text():
    text = "2017 年……8 月 23 日"
    assert page_date("2017-08-24.txt", text, date(2017, 8, 25)) == (date(2017, 8, 25), "given")
    assert page_date("2017-08-24.txt", text) == (date(2017, 8, 24), "filename")
    assert page_date("page.txt", text) == (date(2017, 8, 23), "inferred")


def test_sidecar_missing_is_empty(tmp_path):
    assert load_sidecar(tmp_path) == {}


def test_sidecar_native_and_string_dates(tmp_path):
    (tmp_path / "pages.toml").write_text(
        '"a.txt" = {date = 2017-08-23, paper = "工人日报"}\n'
        '["b.txt"]\ndate = "2017-08-24"\n'
        '["c.txt"]\npaper = "陕西工人报"\n',
        encoding="utf-8",
    )
    assert load_sidecar(tmp_path) == {
        "a.txt": {"date": date(2017, 8, 23), "paper": "工人日报"},
        "b.txt": {"date": date(2017, 8, 24)},
        "c.txt": {"paper": "陕西工人报"},
    }


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ('"a.txt" = {date = 2017-08-23, titel = "x"}\n', "unknown key 'titel'"),
        ('"a.txt" = {date = "23.8.2017"}\n', "is not a date"),
        ('"a.txt" = {date = 2017-08-23T10:00:00}\n', "is not a date"),
        ('"a.txt" = {paper = 3}\n', "paper must be a non-empty string"),
        ('"a.txt" = "2017-08-23"\n', "must be a table"),
        ('"a.txt" = {date = 2017-08-23}\n"b.txt" = {date = \n', "line 2"),
    ],
)
def test_sidecar_errors_name_file_and_fault(tmp_path, content, fragment):
    (tmp_path / "pages.toml").write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_sidecar(tmp_path)
    message = str(info.value)
    assert "pages.toml" in message and fragment in message
    assert "\n" not in message and " — " in message
    assert info.value.exit_code == 2


def test_sidecar_not_utf8(tmp_path):
    (tmp_path / "pages.toml").write_bytes('"a.txt" = {paper = "工人日报"}\n'.encode("gbk"))
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_sidecar(tmp_path)


@pytest.mark.parametrize(("name", "text", "number"), [
    ("工人日报_2017_08_24_第3版.txt", "", 3),
    ("2017-08-23_03版.txt", "", 3),
    ("rmrb_2019-02-02_p05.txt", "第6版\n", 5),  # the file name first
    ("2017-08-23-page12.md", "", 12),
    ("2017-08-23.txt", "社会\n\n人民日报 2015年2月21日\n\n第10版\n\n要闻\n", 10),
    ("2017-08-23.txt", "围绕脱贫主战场\n（下转第二版）\n", None),  # a jump line names another page
    ("000_f332fbbfdc60002e.txt", "本报讯（记者毛浓赜）8月23日……\n", None),
    ("homepage.txt", "", None),
    ("p0.txt", "", None),
    ("2017-08-23.txt", "标题\n" * 20 + "第3版\n", None),  # only the page's head is read
])
def test_page_number_from_the_file_name_or_the_head(name, text, number):
    assert page_number(name, text) == number


def test_sidecar_names_the_paper_of_the_whole_folder(tmp_path):
    (tmp_path / "pages.toml").write_text('paper = "工人日报"\n"b.txt" = {paper = "陕西工人报"}\n', encoding="utf-8")
    sidecar = load_sidecar(tmp_path)
    assert sidecar == {FOLDER: {"paper": "工人日报"}, "b.txt": {"paper": "陕西工人报"}}
    assert sidecar_entry(sidecar, "a.txt") == {"paper": "工人日报"}
    assert sidecar_entry(sidecar, "b.txt") == {"paper": "陕西工人报"}
    (tmp_path / "pages.toml").write_text('paper = ""\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="paper must be a non-empty string"):
        load_sidecar(tmp_path)
