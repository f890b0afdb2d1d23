import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from digest.normalize import clean_line, markdown_level, markup, normalize


@pytest.mark.parametrize("raw, clean", [
    ("使 415 户在全建档、807 户在市总建档", "使415户在全建档、807户在市总建档"),
    ("8 月 16 日，部分地区工会", "8月16日，部分地区工会"),
    ("投入 50%以上的精力", "投入50%以上的精力"),
    ("为 4.6 万困难职工建立帮扶档案", "为4.6万困难职工建立帮扶档案"),
    ("２０１７年８月", "2017年8月"),
    ("ＡＰＰ　服务", "APP 服务"),
    ("\u3000\u3000本报讯（记者康劲）", "本报讯（记者康劲）"),
    ("启动预案 保障防汛工作落到实处", "启动预案 保障防汛工作落到实处"),
    ("## 天津市总优化 领导班子结构", "天津市总优化 领导班子结构"),
    ("**本报讯**（记者张奎）记者从", "本报讯（记者张奎）记者从"),
    ("有 LOGO、有书报", "有 LOGO、有书报"),
    ("<center>兴化“千岛菜花”风景区一角。杨桂宏 摄</center>", "兴化“千岛菜花”风景区一角。杨桂宏 摄"),
    ("<|ref|>text\\text{上接一版），那发钱去北京", "上接一版），那发钱去北京"),
    ("<script>alert(1)</script> 照常保留", "<script>alert(1)</script> 照常保留"),
])
def test_clean_line(raw, clean):
    assert clean_line(raw) == clean


@pytest.mark.parametrize("punctuated", ["，！？；：（）“”《》…—", "他说：“好！”"])
def test_punctuation_is_not_folded(punctuated):
    assert clean_line(punctuated) == punctuated


def test_normalize_keeps_lines_and_is_idempotent():
    text = "## 标题\n\n**本报讯**（记者 张三）8 月 1 日，某工会成立。\n"
    once = normalize(text)
    assert once.split("\n")[1] == ""
    assert normalize(once) == once


def test_markdown_heading_level_is_read_on_the_raw_line():
    assert markdown_level("## “卡卡”这5年") == 2
    assert markdown_level("### ■本报记者崔丽") == 3
    assert markdown_level("#话题 不是标题") == 0


def test_html_an_ocr_model_wraps_a_line_in_is_recorded():
    assert markup("<center>图片说明</center>") == "center"
    assert markup("<table><tr><td>序号</td></tr></table>") == "table"
    assert markup("正文") is None


@settings(max_examples=300)
@given(st.text(alphabet="ａＺ０９\u3000\u00a0\u2002\u200b\ufeff工 a1，"))
def test_folding_replaces_what_translate_would(text):
    from digest import dates, normalize as N

    assert N.fold(text) == text.translate(N._FOLD)
    assert dates._fold(text) == text.translate(dates._FOLD)
