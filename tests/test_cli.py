import json
from pathlib import Path

import pytest

from digest import __version__
from digest.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_help_and_version(capsys):
    with pytest.raises(SystemExit) as e:
        main(["--help"])
    assert e.value.code == 0
    assert "--format {md,html,json}" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["--version"])
    assert __version__ in capsys.readouterr().out


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
    assert md.startswith("# 工会新闻摘要")
    assert "## 陕西工会助推脱贫解困“不停歇”" in md
