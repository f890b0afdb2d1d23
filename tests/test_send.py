"""`digest send` against a real SMTP server: what was sent stays out of later digests."""
import email
import email.policy
import json
from pathlib import Path

import pytest

pytest.importorskip("aiosmtpd", reason="the mail tests need aiosmtpd: pip install -e '.[test]'")

from test_mail import free_port, serve, smtp_env  # noqa: E402,F401 - serve is a fixture

from digest.archive import Archive  # noqa: E402
from digest.cli import main  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "samples" / "000_f332fbbfdc60002e.txt"  # dated 2017-08-23 in its text: week 34
FRESH = ("深圳市总开展职工心理健康讲座\n\n本报讯（记者林晓）8月29日，深圳市总工会在市职工服务中心举办心理健康讲座，"
         "200余名一线职工到场聆听。\n\n讲座结束后，心理咨询师为职工提供了一对一咨询服务，职工纷纷表示受益匪浅。\n")
MAIL = ["--email-to", "xcb@example.org", "--email-from", "工会宣传部 <digest@example.org>"]


def _html(received: dict) -> str:
    msg = email.message_from_bytes(received["content"], policy=email.policy.default)
    return msg.get_body(("html",)).get_content()


@pytest.fixture
def weeks(tmp_path, monkeypatch):
    """Week 34: the sample page. Week 35: the same stories reprinted (another paper's masthead on
    top, another file, another day) and one story of its own."""
    monkeypatch.setenv("DIGEST_DB", str(tmp_path / "archive.sqlite3"))
    week2 = tmp_path / "week2"
    week2.mkdir()
    (week2 / "reprint.txt").write_text("工人日报\n\n" + PAGE.read_text(encoding="utf-8"), encoding="utf-8")
    (week2 / "fresh.txt").write_text(FRESH, encoding="utf-8")
    assert main(["add", str(PAGE)]) == 0
    assert main(["add", str(week2), "--page-date", "2017-08-30"]) == 0
    return tmp_path


def _articles(path: Path) -> dict[str, dict]:
    doc = json.loads(path.read_text(encoding="utf-8"))
    return {a["headline"]: a for a in doc["articles"]}, doc


def test_stories_sent_in_week_one_stay_out_of_week_two(weeks, serve, monkeypatch, capsys):  # noqa: F811
    handler, port = serve()
    smtp_env(monkeypatch, port)
    before, _ = _articles(_build(weeks, "before.json"))
    assert "深圳市总开展职工心理健康讲座" in before and "天津市总举办职工乒乓球赛" in before

    assert main(["send", "--week", "2017-W34", *MAIL]) == 0
    assert "emailed to 1 via 127.0.0.1" in capsys.readouterr().err
    [first] = handler.received
    assert "天津市总举办职工乒乓球赛" in _html(first)

    after, doc = _articles(_build(weeks, "after.json"))
    assert list(after) == ["深圳市总开展职工心理健康讲座"]
    assert [s["title"] for s in doc["sections"] if s["articles"]] == ["本周要闻"]

    assert main(["send", "--week", "2017-W35", *MAIL]) == 0
    [_, second] = handler.received
    html = _html(second)
    assert "深圳市总开展职工心理健康讲座" in html and "天津市总举办职工乒乓球赛" not in html

    # Sending week 34 again (a correction) keeps its own stories: only earlier digests count.
    again, _ = _articles(_build(weeks, "again.json", "2017-W34"))
    assert "天津市总举办职工乒乓球赛" in again


def test_stories_sent_before_can_be_listed_as_sent(weeks, serve, monkeypatch):  # noqa: F811
    handler, port = serve()
    smtp_env(monkeypatch, port)
    assert main(["send", "--week", "2017-W34", *MAIL]) == 0
    marked, doc = _articles(_build(weeks, "marked.json", "2017-W35", "--sent", "mark"))
    [sent] = [s for s in doc["sections"] if s["title"] == "已发稿件"]
    assert len(sent["articles"]) >= 9
    assert marked["天津市总举办职工乒乓球赛"]["section"] == "已发稿件"
    md = weeks / "marked.md"
    assert main(["build", "--week", "2017-W35", "--sent", "mark", "-o", str(md)]) == 0
    assert "天津市总举办职工乒乓球赛（已发 " in md.read_text(encoding="utf-8")


def test_a_dry_run_sends_and_records_nothing(weeks, tmp_path):
    out = tmp_path / "w34.html"
    assert main(["send", "--week", "2017-W34", *MAIL, "--dry-run", "--format", "html", "-o", str(out)]) == 0
    assert out.with_suffix(".eml").exists()
    with Archive(tmp_path / "archive.sqlite3") as archive:
        assert archive.sends() == []


def test_a_failed_send_records_nothing(weeks, monkeypatch, capsys):
    smtp_env(monkeypatch, free_port())
    assert main(["send", "--week", "2017-W34", *MAIL]) == 1
    assert capsys.readouterr().err.strip().splitlines()[-1].startswith("error: 127.0.0.1:")
    with Archive(weeks / "archive.sqlite3") as archive:
        assert archive.sends() == []


def test_send_needs_recipients(weeks, capsys):
    assert main(["send", "--week", "2017-W34"]) == 2
    assert "--email-to" in capsys.readouterr().err


def _build(folder: Path, name: str, week: str = "2017-W35", *extra: str) -> Path:
    out = folder / name
    assert main(["build", "--week", week, "--format", "json", "-o", str(out), *extra]) == 0
    return out
