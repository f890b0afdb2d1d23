"""A week of 50 pages as the cadres receive it: a mail Gmail does not clip, naming every story,
with the paper's name and Chinese typography, and nothing meant for the editor."""
import email
import email.policy
import html
import json
import re

import pytest

from digest.patterns import CJK, typeset, typeset_headline
from digest.render import MAIL_BUDGET

STORY_KINDS = {"news", "feature", "commentary"}
HALF_WIDTH_BETWEEN_CHINESE = re.compile(rf"[{CJK}][,:;!?()][{CJK}]")


@pytest.fixture(scope="module")
def week(mailed_week):
    msg = email.message_from_bytes((mailed_week / "week.eml").read_bytes(), policy=email.policy.default)
    [attachment] = msg.iter_attachments()
    return {
        "msg": msg,
        # As the mail carries them: lines end in CRLF, the HTML part's bytes are what Gmail counts.
        "html_bytes": msg.get_body(("html",)).get_payload(decode=True),
        "html": msg.get_body(("html",)).get_content().replace("\r\n", "\n"),
        "text": msg.get_body(("plain",)).get_content().replace("\r\n", "\n"),
        "attachment": attachment,
        "json": json.loads((mailed_week / "week.json").read_text(encoding="utf-8")),
        "md": (mailed_week / "week.md").read_text(encoding="utf-8"),
        "report": (mailed_week / "report.md").read_text(encoding="utf-8"),
    }


def shown_text(page: str) -> str:
    """The text a reader sees: tags removed, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def test_the_html_part_stays_under_100_kb_and_the_full_digest_goes_along(week):
    assert len(week["html_bytes"]) <= MAIL_BUDGET
    full = week["attachment"].get_content()
    assert len(full.encode("utf-8")) > MAIL_BUDGET, "this week is over the budget: the mail is shortened"
    assert week["attachment"].get_filename() == "digest-2017-W34.html" and full.startswith("<!DOCTYPE html>")
    assert week["msg"].get_content_type() == "multipart/mixed"
    assert "全部摘要见附件 digest-2017-W34.html" in shown_text(week["html"])
    assert "全部摘要见附件 digest-2017-W34.html" in week["text"].replace("\n", "")


def test_every_story_is_named_in_both_parts(week):
    """Every story by its headline; a story printed again, by its first printing's."""
    articles = {a["id"]: a for a in week["json"]["articles"]}
    first = {d["id"]: articles[d["same_as"]] for d in week["json"]["duplicates"]}
    stories = [first.get(a["id"], a) for a in articles.values() if a["kind"] in STORY_KINDS]
    assert len({a["id"] for a in stories}) > 80  # about 90 stories (as the cutter finds them), printed over 300 times
    seen, text = shown_text(week["html"]), re.sub(r"\n *", "", week["text"])
    for a in stories:
        headline = typeset_headline(a["headline"])
        assert headline in seen and headline in text, a["headline"]


def test_lead_stories_and_each_sections_first_stories_keep_their_briefs(week):
    seen = shown_text(week["html"])
    doc = week["json"]
    briefs = {a["id"]: a for a in doc["articles"]}
    for section in doc["sections"]:
        first = briefs[section["articles"][0]]
        assert typeset(first["summary"]) in seen, (section["title"], first["headline"])
    lead = doc["sections"][0]
    assert lead["title"] == "本周要闻" and all(typeset(briefs[i]["summary"]) in seen for i in lead["articles"])


def test_the_paper_is_named_and_no_file_run_note_notice_or_marker_is_shown(week, week_pages):
    for part in (week["html"], week["text"]):
        assert "工人日报" in part
        assert not [p.name for p in week_pages.iterdir() if p.stem in part], "no file name"
        assert not re.search(r"outside|skipped|not part of any story|未收录", part), "no run note"
        assert "开户许可证" not in part, "no notice"
        assert "□" not in part and "■" not in part
    assert "开户许可证" in week["report"] and "Page lines set aside" in week["report"]


def test_chinese_text_has_full_width_punctuation(week):
    assert len(HALF_WIDTH_BETWEEN_CHINESE.findall(week["md"])) <= 3
    bodies = "".join(a["body"] for a in week["json"]["articles"])
    assert HALF_WIDTH_BETWEEN_CHINESE.search(bodies), "the extracted text has them: the JSON keeps it as it was"


def test_with_an_archive_url_the_mail_links_the_full_digest_instead_of_attaching_it(week_pages, tmp_path):
    from digest.cli import main

    url = "https://intranet.example.org/digest/{period}.html"
    assert main([str(week_pages), "--week", "2017-W34", "--paper", "工人日报", "-o", str(tmp_path / "week.html"),
                 "--email-to", "xcb@example.org", "--email-from", "digest@example.org", "--dry-run",
                 "--archive-url", url]) == 0
    msg = email.message_from_bytes((tmp_path / "week.eml").read_bytes(), policy=email.policy.default)
    assert msg.get_content_type() == "multipart/alternative" and not list(msg.iter_attachments())
    page = msg.get_body(("html",)).get_content()
    full = "https://intranet.example.org/digest/2017-W34.html"
    assert f'见<a href="{full}">网页版</a>' in page and f"网页版 {full}" in re.sub(r"\n *", "", msg.get_body(
        ("plain",)).get_content().replace("\r\n", "\n"))
    # Each story named by headline only links to its own place in the full digest written beside.
    written = (tmp_path / "week.html").read_text(encoding="utf-8")
    anchors = re.findall(rf'<li><a href="{re.escape(full)}#([^"]+)">', page)
    assert anchors and all(f'id="{a}"' in written for a in anchors)
