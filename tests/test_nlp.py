import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from digest import nlp
from digest.errors import DependencyError


@pytest.mark.parametrize(
    "term",
    ["总工会", "困难职工", "劳模", "职代会", "集体协商", "农民工", "职工之家", "工会会员", "送温暖",
     "金秋助学", "会员服务卡", "劳动争议", "工资集体协商", "劳模创新工作室", "帮扶中心"],
)
def test_user_dictionary_keeps_union_terms_whole(term):
    assert term in nlp.tokenize(f"今年，市里的{term}工作又有了新进展。")


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("本报讯（记者王晓）市总工会开展送温暖活动", ["本报讯", "（", "记者", "王晓", "）", "市总工会",
                                          "开展", "送温暖", "活动"]),
        ("增长3.5%左右", ["增长", "3.5%", "左右"]),
    ],
)
def test_tokenize(text, tokens):
    assert nlp.tokenize(text) == tokens


# Mixed text where jieba-rs and jieba could disagree: ASCII runs with punctuation, numbers,
# full-width characters, spaces, quotes.
TRICKY = [
    "J.K.罗琳来了", "COVID-19疫情", "U.S.A.", "www.example.org网站", "C++语言", "Mr.Smith说",
    "3.14.15", "A-B", "a_b", "AT&T公司", "2019-nCoV病毒", "5G+工业互联网", "Wi-Fi", "K-12教育",
    "增长3.5%左右", "GDP增长6.1%", "iPhone 11上市", "１２３全角", "ａｂｃ全角字母", "第1.2条",
    "……省略", "——破折号", "「引号」", "  两个空格", "tab\t制表", "H.265编码", "N95口罩",
    "C++11标准", "AT&T-Mobile", "见http://www.acftu.org/a_b.html", "e-mail地址", "3.5%-4%", "ISO9001:2015",
    "a..b", "x+y=z", "C#/.NET", "c++c#",
    "本报讯（记者王晓）市总工会开展金秋助学和送温暖活动，困难职工和农民工受益。",
    "劳模创新工作室举行工资集体协商，职代会审议通过集体合同。",
]


@pytest.mark.parametrize("text", TRICKY)
def test_tokens_are_jiebas_own(text):
    """With or without the rjieba accelerator, the tokens are exactly jieba's (user dictionary included)."""
    assert nlp.tokenize(text) == nlp._jieba().lcut(text)


@pytest.mark.parametrize(("word", "known"), [("工会", True), ("总工会", True), ("职代会", True),
                                             ("工会会", False), ("会劳", False), ("", False)])
def test_word_frequency(word, known):
    assert (nlp.word_frequency(word) > 0) is known


def test_stopwords_are_shipped():
    stop = nlp.stopwords()
    assert {"的", "了", "记者", "表示"} <= stop
    assert not any(w.startswith("#") for w in stop)


@pytest.fixture
def idf_cache(tmp_path, monkeypatch):
    monkeypatch.setattr(nlp, "_cache_folder", lambda: tmp_path / "cache")
    nlp.idf_table.cache_clear()
    yield tmp_path / "cache" / "idf.marshal"
    nlp.idf_table.cache_clear()


def test_idf_table_is_jiebas_whether_cached_or_not(idf_cache):
    from jieba.analyse.tfidf import IDFLoader, DEFAULT_IDF

    freq, median = IDFLoader(DEFAULT_IDF).get_idf()
    parsed = nlp.idf_table()  # no cache yet: the file is parsed, and the cache written
    assert idf_cache.exists()
    nlp.idf_table.cache_clear()
    cached = nlp.idf_table()
    for table in (parsed, cached):
        assert table.median == median and len(table.words) == len(freq)
        assert all(table.get(w) == v for w, v in freq.items())
        assert table.get("不是一个词吧") is None


@pytest.mark.parametrize("damage", [b"", b"\x00\x01garbage", "truncated"])
def test_a_damaged_idf_cache_is_rebuilt(idf_cache, damage):
    expected = nlp.idf_table().get("工会")
    if damage == "truncated":
        damage = idf_cache.read_bytes()[:1000]
    idf_cache.write_bytes(damage)
    nlp.idf_table.cache_clear()
    assert nlp.idf_table().get("工会") == expected
    assert len(idf_cache.read_bytes()) > 1000


def test_idf_table_without_a_writable_cache(tmp_path, monkeypatch, idf_cache):
    (tmp_path / "a file").write_text("")
    monkeypatch.setattr(nlp, "_cache_folder", lambda: tmp_path / "a file" / "cache")  # cannot be made
    assert nlp.idf_table().get("工会") > 0


def test_import_is_lazy():
    code = "import sys, digest.nlp, digest.summarize; print('jieba' in sys.modules, 'textrank4zh' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_textrank4zh_runs_on_networkx_3_without_patching_it():
    import networkx

    before = hasattr(networkx, "from_numpy_matrix")
    scores = nlp.textrank4zh_rank([["工会", "职工"], ["职工", "劳模"], ["天气"]])
    assert scores[0] == pytest.approx(scores[1]) and scores[2] < scores[0]
    assert hasattr(networkx, "from_numpy_matrix") == before


def test_missing_library_becomes_an_install_hint(monkeypatch):
    monkeypatch.setitem(sys.modules, "textrank4zh", None)
    with pytest.raises(DependencyError, match="pip install textrank4zh"):
        nlp.textrank4zh_rank([["工会"]])


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aZ09C+#&._%-/: 工", max_size=16))
def test_runs_without_chinese_are_cut_as_jieba_cuts_them(text):
    assert nlp.tokenize(text) == nlp._jieba().lcut(text)
