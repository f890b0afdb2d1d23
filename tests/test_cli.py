import json
from pathlib import Path

import pytest

from digest import __version__
from digest.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_help_and_version_call_it_digest(capsys):
    with pytest.raises(SystemExit) as e:
        main(["--help"])
    assert e.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: digest [-h]") and "--format {md,html,txt,json}" in out
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out == f"digest {__version__}\n"


@pytest.mark.parametrize("argv, message", [
    (["--since", "2017-08-30", "--until", "2017-08-21"], "error: --since 2017-08-30 is after --until 2017-08-21; swap them"),
    (["--week", "2017-W34", "--since", "2017-08-21"], "error: give either --week or --since/--until, not both"),
])
def test_an_impossible_period_is_an_error(capsys, argv, message):
    assert main([str(ROOT / "samples"), *argv]) == 2
    assert capsys.readouterr().err.strip().splitlines() == [message]


def test_json_output_has_the_fields_other_tools_read(tmp_path, capsys):
    page = tmp_path / "2017-08-24.txt"
    page.write_text("天津市总举办职工乒乓球赛\n\n本报讯（记者张奎）8月21日，天津市第十三届职工乒乓球比赛落幕。\n\n"
                    "据悉，本次大赛有近10万名职工参加了初赛和复赛。\n", encoding="utf-8")
    out = tmp_path / "out.json"
    assert main([str(tmp_path), "--format", "json", "-o", str(out)]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    [a] = doc["articles"]
    assert a["source"]["file"] == "2017-08-24.txt"
    assert (a["date"], a["date_source"]) == ("2017-08-24", "filename")
    assert a["headline"] == "天津市总举办职工乒乓球赛" and a["kind"] == "news"
    assert a["body"].split("\n")[1] == "据悉，本次大赛有近10万名职工参加了初赛和复赛。"
    assert a["summary"] and set(a) >= {"id", "headline_generated", "subheadlines", "byline"}
    assert doc["skipped"] == []
    assert capsys.readouterr().err.startswith("Done: 1 pages, 1 articles")


def test_bad_input_is_reported_and_the_run_goes_on(tmp_path, capsys):
    (tmp_path / "good.txt").write_text("本报讯（记者康劲）8月18日，兰州市总工会组织志愿者服务队。\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    (tmp_path / "scan.txt").write_bytes(b"%PDF-1.4\x00\x01\x02")
    out = tmp_path / "out.json"
    assert main([str(tmp_path), "--format", "json", "-o", str(out)]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert len(doc["articles"]) == 1
    assert sorted(s["file"] for s in doc["skipped"]) == ["empty.txt", "scan.txt"]
    err = capsys.readouterr().err
    assert "empty.txt" in err and "scan.txt" in err and "Traceback" not in err


def test_nothing_readable_is_an_error_without_traceback(tmp_path, capsys):
    assert main([str(tmp_path / "missing")]) == 1
    err = capsys.readouterr().err
    assert "error: no page could be read" in err and "Traceback" not in err


def test_markdown_digest_of_the_samples(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    assert main([]) == 0
    md = capsys.readouterr().out
    assert md.startswith("# 工会新闻周报 · 2016年10月14日—2019年9月9日")
    assert "## 陕西工会助推脱贫解困“不停歇”" in md


def _write_week_pages(folder):
    folder.mkdir()
    (folder / "2017-08-23.txt").write_text("天津市总举办职工乒乓球赛\n\n本报讯（记者张奎）8月21日，天津市第十三届职工乒乓球比赛落幕。\n",
                                           encoding="utf-8")
    (folder / "2017-08-30.txt").write_text("兰州市总组建志愿服务队\n\n本报讯（记者康劲）8月28日，兰州市总工会组织志愿服务队。\n",
                                           encoding="utf-8")


def test_week_keeps_the_pages_of_that_week(tmp_path):
    _write_week_pages(tmp_path / "pages")
    out = tmp_path / "w.json"
    assert main([str(tmp_path / "pages"), "--week", "2017-W34", "--format", "json", "-o", str(out)]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert [a["headline"] for a in doc["articles"]] == ["天津市总举办职工乒乓球赛"]
    assert doc["title"] == "工会新闻周报 · 2017年第34周（8月21日—8月27日）"
    assert [s["file"] for s in doc["skipped"]] == ["2017-08-30.txt"]


def test_weekly_writes_one_file_per_week(tmp_path):
    _write_week_pages(tmp_path / "pages")
    assert main([str(tmp_path / "pages"), "--weekly", "-o", str(tmp_path / "out")]) == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["digest-2017-W34.md", "digest-2017-W35.md"]
    assert "兰州" in (tmp_path / "out" / "digest-2017-W35.md").read_text(encoding="utf-8")


def test_samples_week_34_keeps_only_the_page_dated_in_it(tmp_path):
    out = tmp_path / "w.json"
    assert main([str(ROOT / "samples"), "--week", "2017-W34", "--format", "json", "-o", str(out)]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert {a["source"]["file"] for a in doc["articles"]} == {"000_f332fbbfdc60002e.txt"}


@pytest.mark.parametrize("fmt", ["md", "txt", "json", "html"])
def test_two_runs_give_identical_files(tmp_path, fmt):
    for n in (1, 2):
        assert main([str(ROOT / "samples"), "--format", fmt, "-o", str(tmp_path / f"{n}.{fmt}"), "--date", "2017-08-28"]) == 0
    assert (tmp_path / f"1.{fmt}").read_bytes() == (tmp_path / f"2.{fmt}").read_bytes()


def test_editor_note_is_rendered(tmp_path):
    note = tmp_path / "note.md"
    note.write_text("本周**重点**：脱贫攻坚。\n", encoding="utf-8")
    out = tmp_path / "d.md"
    assert main([str(ROOT / "samples"), "--note", str(note), "-o", str(out)]) == 0
    assert "## 编者按\n\n本周**重点**：脱贫攻坚。" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("name, fmt, start", [
    ("d.html", None, "<!DOCTYPE html>"), ("d.HTM", None, "<!DOCTYPE html>"), ("d.md", None, "# 工会新闻周报"),
    ("d.json", None, "{"), ("d.txt", None, "工会新闻周报"), ("d.out", None, "# 工会新闻周报"),
    ("d.html", "md", "# 工会新闻周报"),  # an explicit --format wins
])
def test_the_format_follows_the_output_files_extension(tmp_path, name, fmt, start):
    out = tmp_path / name
    assert main([str(ROOT / "samples"), "-o", str(out), *(["--format", fmt] if fmt else [])]) == 0
    assert out.read_text(encoding="utf-8").startswith(start)


def test_the_extension_beats_the_configs_format(tmp_path):
    config = tmp_path / "digest.toml"
    config.write_text('[digest]\nformat = "html"\n', encoding="utf-8")
    for name, start in (("d.txt", "工会新闻周报"), ("d.out", "<!DOCTYPE html>")):
        assert main([str(ROOT / "samples"), "--config", str(config), "-o", str(tmp_path / name)]) == 0
        assert (tmp_path / name).read_text(encoding="utf-8").startswith(start)


def test_an_empty_week_writes_nothing_and_says_which_weeks_the_pages_cover(tmp_path, capsys):
    _write_week_pages(tmp_path / "pages")
    out = tmp_path / "d.md"
    assert main([str(tmp_path / "pages"), "--week", "2017-W40", "-o", str(out), "--email-to", "a@example.org",
                 "--email-from", "digest@example.org", "--dry-run"]) == 1
    assert capsys.readouterr().err.strip().splitlines() == [
        "error: no story dated in 2017-W40 — nothing to send; the pages cover 2017-W34, 2017-W35"]
    assert list(tmp_path.iterdir()) == [tmp_path / "pages"]
    assert main([str(tmp_path / "pages"), "--since", "2017-09-01", "-o", str(out)]) == 1
    assert capsys.readouterr().err.strip().startswith("error: no story dated in 2017-09-01 to … — nothing to send")
    assert not out.exists()


def test_notices_and_set_aside_lines_go_to_the_editors_report(tmp_path, capsys):
    out, report = tmp_path / "d.md", tmp_path / "report.md"
    assert main([str(ROOT / "samples"), "-o", str(out), "--report", str(report)]) == 0
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-2] == f"Left out of the digest: 1 notice, 1 contents box, 1 page line set aside (report in {report})"
    md, text = out.read_text(encoding="utf-8"), report.read_text(encoding="utf-8")
    notice, contents = "文驰不慎将开户许可证丢失", "《中国工运》第7期要目"
    assert notice not in md and contents not in md and "未收录" not in md
    assert "## Notices: 1 (`--include-notices` shows them in the digest)" in text and notice in text
    assert "## Contents boxes: 1" in text and contents in text
    assert f"`{ROOT / 'samples' / '002_c065bd67113c5753.txt'}`, line 169: not part of any story: 据悉，新村社区" in text
    assert "page lines repeat another line of their page" in text
    from digest.render import is_digest
    assert is_digest(b"", report.read_bytes()), "the report is signed, so it is never read as a page"
    assert main([str(ROOT / "samples"), "-o", str(out), "--report", str(report), "--include-notices"]) == 0
    assert "## 公告启事" in out.read_text(encoding="utf-8") and notice in out.read_text(encoding="utf-8")
    assert notice not in report.read_text(encoding="utf-8")
    assert "1 contents box, 1 page line" in capsys.readouterr().err
