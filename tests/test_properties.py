"""Properties that hold for any text: no stage raises, normalizing is idempotent, briefs are the
article's own sentences."""
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from digest.models import KINDS, Page
from digest.normalize import normalize
from digest.segment import segment
from digest.summarize import summarize

# Text made of the characters pages are made of: Chinese, full- and half-width punctuation and
# digits, Markdown markers, spaces and line breaks, plus anything else now and then.
PAGE_ALPHABET = st.sampled_from(list("工会职工本报讯记者通讯员摄总市省年月日新闻□■（）()“”，。！？；：…—、《》#*_> \n\n\u3000１２0123456789ABab"))
page_text = st.lists(st.one_of(PAGE_ALPHABET, PAGE_ALPHABET, PAGE_ALPHABET, st.characters()), max_size=400).map("".join)
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(page_text)
@example("## ## 标题\n> > 引文\n****粗体****\n2 0 1 7 年")
def test_normalizing_twice_equals_normalizing_once(text):
    once = normalize(text)
    assert normalize(once) == once


@SETTINGS
@given(page_text)
def test_segmenting_never_raises_and_keeps_only_real_paragraphs(text):
    articles = segment(Page(Path("p.txt"), text)).articles
    for a in articles:
        assert a.paragraphs and all(p.strip() for p in a.paragraphs)
        assert a.kind in KINDS


@SETTINGS
@given(page_text, st.integers(min_value=1, max_value=300))
@example("工会职工\ud800参加活动，职工很高兴。", 100)  # a lone surrogate: no UTF-8 for the tokenizer
def test_briefs_are_the_articles_own_sentences_in_order_within_budget(text, budget):
    brief = summarize(text, max_chars=budget)
    assert sum(map(len, brief.sentences)) <= budget
    # A stop that a line break pushed to the next line goes back to its sentence, so compare
    # with the lines run together.
    joined = "".join(line.strip() for line in text.split("\n"))
    position = 0
    for sentence in brief.sentences:
        found = joined.find(sentence, position)
        assert found >= 0, sentence
        position = found + len(sentence)


@SETTINGS
@given(page_text, page_text, st.text(alphabet=st.characters(min_codepoint=0x4e00, max_codepoint=0x4fff),
                                     min_size=15, max_size=40))
def test_texts_sharing_a_passage_of_fifteen_characters_share_an_anchor(before, after, passage):
    from digest.similarity import anchors

    assert anchors(before + passage + after) & anchors(passage)


@SETTINGS
@given(st.lists(st.text(alphabet=st.sampled_from(list("工会职工总市省ab12，。 \n\U00020000")), max_size=30), max_size=8))
def test_trigrams_counted_for_a_whole_page_are_those_of_each_texts_set(texts):
    from digest.patterns import NOT_TEXT
    from digest.similarity import shared_trigrams, shingles

    sizes, shared = shared_trigrams(texts)
    grams = [shingles(t) if len(NOT_TEXT.sub("", t)) >= 3 else set() for t in texts]
    assert sizes.tolist() == [len(g) for g in grams]
    assert shared.tolist() == [[len(a & b) if i != j else 0 for j, b in enumerate(grams)] for i, a in enumerate(grams)]


@SETTINGS
@given(st.lists(st.text(alphabet=st.sampled_from(list("工会职工总市省年月日新闻ab12，")), max_size=20), max_size=10),
       st.tuples(st.integers(-4, 2), st.integers(0, 3)), st.tuples(st.integers(-4, 2), st.integers(0, 3)),
       st.lists(st.booleans(), min_size=10, max_size=10))
def test_the_cosines_of_windows_around_every_line_are_those_of_their_summed_vectors(texts, first, second, skip):
    from digest.similarity import PageTopics

    topics = PageTopics(texts)
    skip = skip[:len(texts)]
    got = topics.around(first, second, skip=skip)
    for i in range(len(texts)):
        a = [r for r in range(i + first[0], i + first[1]) if 0 <= r < len(texts)]
        b = [r for r in range(i + second[0], i + second[1]) if 0 <= r < len(texts) and not skip[r]]
        assert abs(got[i] - topics.similarity(a, b)) < 1e-5
