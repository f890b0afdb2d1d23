"""The archive and its commands: add (idempotent), build (as the one-off run), decisions, search."""
import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from digest.archive import Archive, default_path
from digest.cli import main
from digest.editing import sentences_of
from digest.pipeline import add_pages, build_week, week_period

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
WEEK = "2017-W34"  # the week of samples/000_…, dated 2017-08-23 in its text
DAY = date(2017, 8, 28)

STORY = ("{title}\n\n本报讯（记者张奎）8月21日，{place}第十三届职工乒乓球比赛在市体育中心落幕，来自全市各行业的职工参加了比赛。\n\n"
         "据悉，本次大赛有近10万名职工参加了初赛和复赛，{place}总工会为获奖职工颁发了奖杯和证书。\n")


@pytest.fixture
def db(tmp_path, monkeypatch):
    path = tmp_path / "archive.sqlite3"
    monkeypatch.setenv("DIGEST_DB", str(path))
    return path


def _json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _stories(doc: dict) -> list[tuple]:
    """What a reader sees of each article; the path differs (the archive keeps absolute ones)."""
    return [(a["id"], a["headline"], a["kind"], a["body"], a["summary"], a["section"], a["importance"])
            for a in doc["articles"]]


def test_adding_the_samples_twice_stores_each_page_once(db, capsys):
    articles = len(_json(Path(__file__).parent / "golden" / "samples.json")["articles"])  # of the one-off run
    assert main(["add", str(SAMPLES)]) == 0
    first = capsys.readouterr().err.strip().splitlines()[-1]
    assert first.startswith(f"Done: 5 new pages, 0 changed, 0 already stored; {articles} stories added "
                            "(2016-W41 to 2019-W37), 0 skipped")
    assert main(["add", str(SAMPLES)]) == 0
    second = capsys.readouterr().err.strip().splitlines()[-1]
    assert second.startswith("Done: 0 new pages, 0 changed, 5 already stored; 0 stories added, 0 skipped")
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM pages").fetchone() == (5,)
        assert con.execute("SELECT count(*) FROM stories").fetchone() == (articles,)
        assert con.execute("SELECT count(*) FROM story_text").fetchone() == (articles,)
        assert con.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_build_gives_the_stories_of_the_one_off_run(db, tmp_path):
    assert main(["add", str(SAMPLES)]) == 0
    built, one_off = tmp_path / "built.json", tmp_path / "one-off.json"
    assert main(["build", "--week", WEEK, "--format", "json", "-o", str(built)]) == 0
    assert main([str(SAMPLES), "--week", WEEK, "--format", "json", "-o", str(one_off)]) == 0
    a, b = _json(built), _json(one_off)
    assert len(a["articles"]) >= 10
    assert _stories(a) == _stories(b)
    assert a["sections"] == b["sections"] and a["title"] == b["title"] and a["duplicates"] == b["duplicates"]


def _page_of_one_story(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    page = pages / "2017-08-24.txt"
    page.write_text(STORY.format(title="天津市总举办职工乒乓球赛", place="天津市"), encoding="utf-8")
    return pages, page


def test_a_page_whose_text_changed_replaces_its_earlier_version(tmp_path):
    pages, page = _page_of_one_story(tmp_path)
    with Archive(tmp_path / "a.db") as archive:
        first = add_pages([pages], archive, today=DAY)
        page.write_text(STORY.format(title="西安市总举办职工乒乓球赛", place="西安市"), encoding="utf-8")
        second = add_pages([pages], archive, today=DAY)
        again = add_pages([pages], archive, today=DAY)
        assert (first.new, second.changed, again.same) == (1, 1, 1)
        assert archive.counts() == (1, 1)
        [story] = build_week(archive, WEEK).digest.briefs
        assert story.article.headline == "西安市总举办职工乒乓球赛"
        assert [s.brief.article.headline for s, _ in archive.search(["乒乓球"])] == ["西安市总举办职工乒乓球赛"]
        assert archive.search(["天津市"]) == []


def test_a_decision_stays_with_its_story_when_the_page_changes(tmp_path):
    pages, page = _page_of_one_story(tmp_path)
    with Archive(tmp_path / "a.db") as archive:
        add_pages([pages], archive, today=DAY)
        [story] = archive.stories(*week_period(WEEK))
        archive.decide(story.uid, dropped=True)
        page.write_text(page.read_text(encoding="utf-8") + "\n（完）\n", encoding="utf-8")
        add_pages([pages], archive, today=DAY)  # the same story, a line more: still dropped
        assert archive.decisions([story.uid])[story.uid].dropped
        page.write_text(STORY.format(title="西安市总举办职工乒乓球赛", place="西安市"), encoding="utf-8")
        add_pages([pages], archive, today=DAY)  # another story in its place: the decision was not about it
        assert archive.decisions([story.uid]) == {}
        assert len(build_week(archive, WEEK).digest.briefs) == 1


def test_format_follows_the_output_file(db, tmp_path):
    assert main(["add", str(SAMPLES / "000_f332fbbfdc60002e.txt")]) == 0
    out = tmp_path / "week.html"
    assert main(["build", "--week", WEEK, "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_the_same_text_under_another_name_is_the_same_page(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "2017-08-24.txt").write_text(STORY.format(title="天津市总举办职工乒乓球赛", place="天津市"),
                                                          encoding="utf-8")
    with Archive(tmp_path / "a.db") as archive:
        added = add_pages([tmp_path / "a", tmp_path / "b"], archive, today=DAY)
        assert (added.new, added.same, archive.counts()) == (1, 1, (1, 1))


def test_decisions_change_the_next_build(tmp_path):
    with Archive(tmp_path / "a.db") as archive:
        add_pages([SAMPLES], archive, today=DAY)
        before = build_week(archive, WEEK)
        by_headline = {s.brief.article.headline: s for s in before.shown}
        dropped = by_headline["天津市总举办职工乒乓球赛"]
        edited = by_headline["兰州市总组建志愿服务队"]
        lead = by_headline["济铁局工会送文化到基层"]
        moved = by_headline["锡林浩特200余农牧民工入会"]
        archive.decide(dropped.uid, dropped=True)
        archive.decide(edited.uid, headline="兰州志愿服务队<成立>", sentences=(0,))
        archive.decide(lead.uid, lead=True)
        archive.decide(moved.uid, section="职工文体与关爱")
        after = build_week(archive, WEEK).digest
    titles = {st.article.id: (sec.title, st.title) for sec in after.all_sections for st in sec.stories}
    assert dropped.brief.article.id not in titles
    assert titles[edited.brief.article.id][1] == "兰州志愿服务队<成立>"
    [brief] = [b for b in after.briefs if b.article.id == edited.brief.article.id]
    assert brief.summary.sentences == sentences_of(edited.brief)[:1]
    assert after.lead.stories[0].article.id == lead.brief.article.id
    assert titles[moved.brief.article.id][0] == "职工文体与关爱"


def test_search_finds_every_story_holding_the_words(db, capsys):
    assert main(["add", str(SAMPLES)]) == 0
    capsys.readouterr()
    assert main(["search", "农民工"]) == 0
    out = capsys.readouterr()
    lines = out.out.strip().splitlines()
    assert lines and all("  " in line for line in lines)
    n = len(lines)
    assert out.err.startswith(f"Done: {n} found")
    assert main(["search", "农民工", "--since", "2018-01-01"]) == 0
    later = capsys.readouterr().out.strip().splitlines()
    assert 0 < len(later) < n and all(line[:10] >= "2018-01-01" for line in later)
    assert main(["search", "没有这个词语的报道XYZ"]) == 0
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("words", [['"AND'], ["NEAR(", "*"], ["工会 OR"]])
def test_search_words_are_never_query_syntax(tmp_path, words):
    with Archive(tmp_path / "a.db") as archive:
        add_pages([SAMPLES / "000_f332fbbfdc60002e.txt"], archive, today=DAY)
        archive.search(words)  # FTS5 would raise a syntax error on these, unquoted


def test_the_archive_goes_where_it_is_told(tmp_path, monkeypatch):
    monkeypatch.setenv("DIGEST_DB", str(tmp_path / "x.db"))
    assert default_path() == tmp_path / "x.db"
    monkeypatch.delenv("DIGEST_DB")
    assert default_path().name == "archive.sqlite3" and "union-news-digest" in str(default_path())
    target = tmp_path / "given.db"
    assert main(["add", str(SAMPLES / "000_f332fbbfdc60002e.txt"), "--db", str(target)]) == 0
    assert target.exists() and not (tmp_path / "x.db").exists()


def test_an_archive_that_cannot_be_opened_is_one_error_line(tmp_path, capsys):
    folder = tmp_path / "folder.db"
    folder.mkdir()
    assert main(["build", "--week", WEEK, "--db", str(folder)]) == 1
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(f"error: {folder}: cannot open the archive")


@pytest.mark.parametrize("argv", [["build", "--week", WEEK], ["search", "工会"], ["review"]])
def test_commands_other_than_add_need_an_archive(db, capsys, argv):
    assert main(argv) == 1
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line == f"error: {db}: no archive there yet; add pages with `digest add PAGES` (or give the archive " \
                   "with --db or DIGEST_DB)"
    assert not db.exists()


def test_build_needs_a_week(db, capsys):
    with pytest.raises(SystemExit) as e:
        main(["build"])
    assert e.value.code == 2 and "--week" in capsys.readouterr().err



def test_the_readme_routine_uses_real_options():
    """Every archive command in the README's code blocks parses (the routine stays in step with the code)."""
    import re
    import shlex

    from digest.commands import COMMANDS, parser

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Every day into the archive"):text.index("## Usage")]
    code = "\n".join(re.findall(r"```\w*\n(.*?)```", section, re.S))
    # The shell fills in the week when cron runs the line.
    code = code.replace('"$(date +\\%G-W\\%V)"', "2017-W34")
    commands = [m.group(1) for m in re.finditer(r"digest(?:\.exe)? ((?:%s) .*?)(?:\s+#.*)?$" % "|".join(COMMANDS),
                                                code, re.M)]
    assert {line.split()[0] for line in commands} == set(COMMANDS)
    for line in commands:
        if line.count('"') % 2:  # the end of a Task Scheduler /TR "…" argument
            line = line.removesuffix('"')
        words = shlex.split(line.replace("\\", "/"))
        parser(words[0]).parse_args(words[1:])
