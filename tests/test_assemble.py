import re
from datetime import date
from pathlib import Path

import pytest

from digest.assemble import assemble, load_sections, period_label
from digest.errors import ConfigError
from digest.models import Article, Brief, Summary


def brief(id, headline, body, kind="news", source="a.txt", position=1, day=date(2017, 8, 23), keywords=()):
    a = Article(id=id, source=Path(source), position=position, headline=headline, paragraphs=tuple(body.split("\n")),
                kind=kind, page_date=day)
    return Brief(a, Summary((body.split("\n")[0],), keywords))


HELP = "本报讯（记者甲）某市总工会开展金秋助学活动，为困难职工子女发放助学金，帮扶困难职工家庭二百户，送温暖到一线。"
SPORT = "本报讯（记者乙）某市职工乒乓球比赛落幕，近千名职工参加比赛，比赛历时三天，共进行十三个项目。"
PHOTO = "8月23日，援藏教师在指导学生进行化学实验。新华社记者 张汝峰 摄"


@pytest.mark.parametrize("start, end, label", [
    (date(2017, 8, 23), date(2017, 8, 23), "2017年第34周（8月21日—8月27日）"),
    (date(2017, 8, 21), date(2017, 8, 27), "2017年第34周（8月21日—8月27日）"),
    (date(2017, 8, 1), date(2017, 8, 23), "2017年8月1日—8月23日"),
    (date(2016, 10, 14), date(2019, 9, 9), "2016年10月14日—2019年9月9日"),
    (None, None, "日期不详"),
])
def test_period_label(start, end, label):
    assert period_label(start, end) == label


def test_sections_lead_and_photos():
    briefs = [brief("p-01", "金秋助学送温暖", HELP), brief("p-02", "职工乒乓球赛落幕", SPORT, position=2),
              brief("p-03", "", PHOTO, kind="photo", position=3)]
    d = assemble(briefs, [], pages=1, title="工会新闻周报", sections=load_sections(), lead_count=1)
    assert d.title == "工会新闻周报 · 2017年第34周（8月21日—8月27日）"
    placed = {st.article.id: sec.title for sec in d.all_sections for st in sec.stories}
    assert placed["p-03"] == "图片新闻"
    assert len(d.lead.stories) == 1 and placed[d.lead.stories[0].article.id] == "本周要闻"
    others = {k: v for k, v in placed.items() if v not in ("本周要闻", "图片新闻")}
    assert set(others.values()) <= {"帮扶解困与脱贫攻坚", "职工文体与关爱"}
    assert d.photos.stories[0].title == "援藏教师在指导学生进行化学实验"
    assert d.stories == 2


def test_same_story_on_two_pages_appears_once_with_both_sources():
    first = brief("a-01", "金秋助学送温暖", HELP, source="a.txt")
    again = brief("b-03", "某市总工会金秋助学", HELP.replace("二百户", "两百户"), source="b.txt", day=date(2017, 8, 24))
    d = assemble([first, again], [], pages=2, title="周报", sections=load_sections(), lead_count=3)
    [story] = d.lead.stories
    assert [a.source.name for a in story.sources] == ["a.txt", "b.txt"]
    assert d.duplicates == (("b-03", "a-01"),)
    assert len(d.briefs) == 2  # the JSON still lists both articles


def test_sections_file_errors_name_the_fault(tmp_path):
    bad = tmp_path / "s.toml"
    bad.write_text('[[section]]\ntitle = "甲"\nkeyword = ["错"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="keyword"):
        load_sections(bad)
    bad.write_text('[[section]]\ntitle = "甲"\nkeywords = ["甲"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="fallback"):
        load_sections(bad)
    bad.write_text('[[section]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="line 1"):
        load_sections(bad)


@pytest.mark.parametrize("text, message", [
    ("section = [1, 2]\n", r"expected only \[\[section\]\] tables \(title, keywords, fallback\), found section = \[1, 2\]"),
    ('section = "要闻"\n', r"found section = '要闻'"),
    ('[other]\ntitle = "甲"\n', r"found other$"),
    ('[[section]]\ntitle = 3\nfallback = true\n', r"section 1: title = 3 should be a non-empty string"),
    ('[[section]]\ntitle = " "\nfallback = true\n', r"section 1: title = ' ' should be a non-empty string"),
    ('[[section]]\ntitle = "甲"\nkeywords = "工会"\nfallback = true\n',
     r"section 1 \(甲\): keywords = '工会' should be a list of words"),
    ('[[section]]\ntitle = "甲"\nkeywords = [""]\nfallback = true\n', r"keywords = \[''\] should be a list of words"),
    ('[[section]]\ntitle = "甲"\nfallback = "yes"\n', r"section 1 \(甲\): fallback = 'yes' should be true or false"),
    ('[[section]]\ntitle = "甲"\nkeywords = ["工会"]\n[[section]]\ntitle = "甲"\nfallback = true\n',
     r"section 2: the title 甲 is used twice; give each section its own"),
])
def test_sections_file_values_are_checked(tmp_path, text, message):
    path = tmp_path / "s.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as e:
        load_sections(path)
    assert str(e.value).startswith(f"{path}: ") and "\n" not in str(e.value)
    assert re.search(message, str(e.value)), str(e.value)


def _every_pair(briefs):
    """The repeats of a week found by comparing every story with every story kept before it."""
    from digest.assemble import _SAME_STORY
    from digest.similarity import containment, shingles

    kept, pairs = [], []
    for b in briefs:
        first = next((k for k in kept if k.article.kind == b.article.kind and k.article.source != b.article.source
                      and containment(shingles(b.article.body), shingles(k.article.body)) >= _SAME_STORY), None)
        if first is None:
            kept.append(b)
        else:
            pairs.append((b.article.id, first.article.id))
    return pairs


def _sample_briefs():
    from digest.pipeline import Options, collect

    return collect([Path(__file__).parent.parent / "samples"], Options(jobs=1)).briefs


def _reprinted_week(briefs, seed):
    """The stories of the samples, and on other pages some of them again: with a new headline, a
    paragraph cut, numbers changed or only their first half, as other papers reprint them."""
    import random
    from dataclasses import replace

    rng = random.Random(seed)
    week = list(briefs)
    for n, b in enumerate(rng.sample(briefs, len(briefs) // 2)):
        paragraphs = list(b.article.paragraphs)
        change = rng.choice(["headline", "cut", "numbers", "half"])
        if change == "cut" and len(paragraphs) > 2:
            del paragraphs[rng.randrange(1, len(paragraphs))]
        elif change == "numbers":
            paragraphs = [re.sub(r"\d", lambda m: str(rng.randint(0, 9)), p) for p in paragraphs]
        elif change == "half":
            paragraphs = paragraphs[:max(1, len(paragraphs) // 2)]
        article = replace(b.article, id=f"r{seed}-{n}", source=Path(f"reprint-{n % 3}.txt"),
                          headline=b.article.headline[::-1] if change == "headline" else b.article.headline,
                          paragraphs=tuple(paragraphs))
        week.insert(rng.randrange(len(week) + 1), replace(b, article=article))
    return week


def test_repeats_found_through_the_anchor_index_are_those_of_comparing_every_pair():
    from digest.assemble import _merge_repeats

    samples = _sample_briefs()
    assert _merge_repeats(samples)[2] == _every_pair(samples)
    found = 0
    for seed in range(4):
        week = _reprinted_week(samples, seed)
        pairs = _every_pair(week)
        assert _merge_repeats(week)[2] == pairs
        found += len(pairs)
    assert found > len(samples)  # the weeks do hold reprints (half the stories of each, some too short to tell)


def test_centrality_is_the_mean_cosine_with_every_other_story():
    import math
    from collections import Counter

    from digest.similarity import centrality

    texts = [b.article.headline + "\n" + b.article.body for b in _sample_briefs()[:20]] + ["", "。"]
    grams = [Counter(t[i:i + 2] for t in [re.sub(r"[^0-9A-Za-z\u3400-\u9fff]+", "", t)] for i in range(len(t) - 1))
             for t in texts]
    df = Counter(g for c in grams for g in c)
    vectors = []
    for c in grams:
        w = {g: n * math.log(1 + len(texts) / (1 + df[g])) for g, n in c.items()}
        norm = math.sqrt(sum(x * x for x in w.values())) or 1
        vectors.append({g: x / norm for g, x in w.items()})
    expected = [sum(sum(w * u.get(g, 0) for g, w in v.items()) for u in vectors if u is not v) / (len(texts) - 1)
                for v in vectors]
    assert centrality(texts) == pytest.approx(expected, abs=1e-9)
    assert max(expected) > 0.05 and expected[-1] == expected[-2] == 0
