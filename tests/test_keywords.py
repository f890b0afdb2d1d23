"""Keywords are dictionary words or named entities, never pieces of them (sentences from the sample pages)."""
import pytest

from digest.keywords import keywords


@pytest.mark.parametrize(("text", "fragment"), [
    ("山阳县总推广养蜂脱贫，使800余名困难职工脱贫。锡林浩特市200余名园林工人入会。", "余名"),  # a measure word
    ("8月份，科左后旗供电公司加强巡视。在汛期科左后旗供电公司安装防汛设备。", "后旗"),  # half a place name
    ("工会主席赵刚专程探望和慰问抗战老兵、离休干部节操刚等。", "节操"),  # a piece of the name 节操刚
    ("东莞市中级法院审理了一家电子企业与一位周姓职工之间的劳动纠纷。", "周姓"),  # a person by surname only
    ("该村建起职工书屋，该村村民都来读书。", "该村"),  # which village is said before
])
def test_no_fragment_is_a_keyword(text, fragment):
    assert fragment not in keywords(text)


def test_names_places_and_dictionary_words_stay():
    text = ("近日，来自内蒙古锡林郭勒盟锡林浩特市宝昌镇的农民工郝瑞琴领到工会会员证。"
            "包括郝瑞琴在内，该市200余名园林工人在市园林局成立的基层工会入会。")
    kws = keywords(text)
    assert {"郝瑞琴", "锡林浩特市", "会员证"} <= set(kws)
    assert "余名" not in kws
