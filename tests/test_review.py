"""The review page: a real server on 127.0.0.1, real HTTP, and a real Chromium driving the forms."""
import http.client
import json
import threading
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

import pytest

from test_browser import chromium_page

from digest.archive import Archive
from digest.cli import main
from digest.pipeline import add_pages, build_week
from digest.review import Review, make_server
from digest.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "samples" / "000_f332fbbfdc60002e.txt"  # week 34 of 2017
WEEK = "2017-W34"
HOSTILE = '乒乓球赛<script>alert("x")</script>&amp;'


@pytest.fixture
def site(tmp_path):
    """The review server of an archive holding one sample page, serving in a thread."""
    db = tmp_path / "archive.sqlite3"
    archive = Archive(db)
    add_pages([PAGE], archive, today=date(2017, 8, 28))
    review = Review(archive, Settings(db=db), WEEK)
    server = make_server(review, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield review, server.server_address[1], db
    server.shutdown()
    server.server_close()
    archive.close()


def _uids(review: Review) -> dict[str, str]:
    return {s.brief.article.headline: s.uid for s in build_week(review.archive, WEEK).shown}


def _post(port: int, path: str, fields: dict, headers: dict | None = None) -> http.client.HTTPResponse:
    con = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    con.request("POST", path, urlencode(fields), {"Content-Type": "application/x-www-form-urlencoded",
                                                  **(headers or {})})
    return con.getresponse()


def _get(port: int, path: str = "/", headers: dict | None = None) -> tuple[int, str]:
    con = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    con.request("GET", path, headers=headers or {})
    response = con.getresponse()
    return response.status, response.read().decode("utf-8")


@pytest.mark.parametrize("token, headers", [
    (None, {}),  # no token: a form posted from anywhere else
    ("wrong", {}),
    ("right", {"Origin": "http://evil.example"}),  # the token leaked, but the post comes from another site
    ("right", {"Origin": "null"}),  # a sandboxed frame or a data: page
    ("right", {"Sec-Fetch-Site": "cross-site"}),
    ("right", {"Host": "evil.example"}),  # DNS rebinding: a name the attacker controls, pointing here
])
def test_a_post_without_the_token_or_from_elsewhere_is_refused(site, token, headers):
    review, port, _ = site
    uid = _uids(review)["天津市总举办职工乒乓球赛"]
    fields = {"action": "drop", "week": WEEK}
    if token:
        fields["token"] = review.token if token == "right" else token
    response = _post(port, f"/story/{uid}", fields, headers)
    assert response.status == 403
    assert review.archive.decisions([uid]) == {}


def test_a_post_with_the_token_is_stored_at_once(site):
    review, port, _ = site
    uid = _uids(review)["天津市总举办职工乒乓球赛"]
    response = _post(port, f"/story/{uid}", {"action": "drop", "week": WEEK, "token": review.token},
                     {"Origin": f"http://127.0.0.1:{port}"})
    assert response.status == 303 and response.getheader("Location").startswith(f"/?week={WEEK}")
    assert review.archive.decisions([uid])[uid].dropped


@pytest.mark.parametrize("fields, status", [
    ({"action": "explode"}, 400),
    ({"action": "headline", "headline": "  "}, 400),
    ({"action": "section", "section": "不存在的栏目"}, 400),
    ({"action": "sentences", "sentence": "x"}, 400),
])
def test_bad_decisions_are_refused(site, fields, status):
    review, port, _ = site
    uid = _uids(review)["天津市总举办职工乒乓球赛"]
    assert _post(port, f"/story/{uid}", {**fields, "week": WEEK, "token": review.token}).status == status
    assert _post(port, "/story/nosuchstory", {"action": "drop", "week": WEEK, "token": review.token}).status == 404


def test_everything_shown_is_escaped(site):
    review, port, _ = site
    uid = _uids(review)["天津市总举办职工乒乓球赛"]
    review.archive.decide(uid, headline=HOSTILE, brief=HOSTILE)
    status, page = _get(port)
    assert status == 200
    assert "<script>" not in page and "&lt;script&gt;" in page and "&amp;amp;" in page
    status, preview = _get(port, f"/preview?week={WEEK}")
    assert status == 200 and "<script>" not in preview and "&lt;script&gt;" in preview
    status, _ = _get(port, "/", {"Host": "evil.example"})
    assert status == 403


def test_every_story_is_marked_for_scripts(site):
    review, port, _ = site
    _, page = _get(port)
    for uid in _uids(review).values():
        assert f'data-story-id="{uid}"' in page
    assert page.count('data-action="drop"') == len(_uids(review))


# --- in a real browser ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def chromium(tmp_path_factory):
    """A headless Chromium page; not offline, since the page it opens is on 127.0.0.1."""
    yield from chromium_page(tmp_path_factory.mktemp("review-profile"), viewport={"width": 1280, "height": 900})


def test_dropping_and_editing_in_the_browser_shows_in_the_next_build(site, chromium, tmp_path):
    review, port, db = site
    uids = _uids(review)
    dropped, edited = uids["天津市总举办职工乒乓球赛"], uids["兰州市总组建志愿服务队"]
    requests = []
    chromium.on("request", lambda r: requests.append(r.url))
    chromium.goto(f"http://127.0.0.1:{port}/")
    chromium.click(f'[data-story-id="{dropped}"] [data-action="drop"]')
    chromium.wait_for_load_state()
    assert chromium.locator(f'[data-story-id="{dropped}"] [data-action="keep"]').count() == 1
    story = chromium.locator(f'[data-story-id="{edited}"]')
    story.locator('input[name="headline"]').fill("兰州志愿服务队走进社区")
    story.locator('[data-action="headline"]').click()
    chromium.wait_for_load_state()
    assert "兰州志愿服务队走进社区" in chromium.locator(f'[data-story-id="{edited}"] .headline').inner_text()
    preview = chromium.frame_locator("iframe").locator("body")
    assert "兰州志愿服务队走进社区" in preview.inner_text()
    assert all(url.startswith(f"http://127.0.0.1:{port}/") for url in requests), "nothing from elsewhere"

    out = tmp_path / "built.json"
    assert main(["build", "--db", str(db), "--week", WEEK, "--format", "json", "-o", str(out)]) == 0
    headlines = [a["headline"] for a in json.loads(out.read_text(encoding="utf-8"))["articles"]]
    assert "天津市总举办职工乒乓球赛" not in headlines
    assert "兰州志愿服务队走进社区" in headlines and "兰州市总组建志愿服务队" not in headlines


def test_choosing_brief_sentences_in_the_browser(site, chromium):
    review, port, _ = site
    uid = _uids(review)["陕西工会助推脱贫解困“不停歇”"]
    chromium.goto(f"http://127.0.0.1:{port}/")
    story = chromium.locator(f'[data-story-id="{uid}"]')
    story.locator("summary").click()
    boxes = story.locator('input[name="sentence"]')
    for i in range(boxes.count()):
        boxes.nth(i).set_checked(i == 1)
    story.locator('[data-action="sentences"]').click()
    chromium.wait_for_load_state()
    [brief] = [s.brief for s in build_week(review.archive, WEEK).shown if s.uid == uid]
    wanted = chromium.locator(f'[data-story-id="{uid}"] input[name="sentence"]').nth(1)
    assert wanted.is_checked()
    assert len(brief.summary.sentences) == 1 and brief.summary.sentences[0] in brief.article.body


def test_the_send_button_mails_the_week_and_records_it(tmp_path):
    pytest.importorskip("aiosmtpd", reason="the mail tests need aiosmtpd: pip install -e '.[test]'")
    from aiosmtpd.controller import Controller
    from test_mail import Recorder, free_port

    from digest.mail import SmtpSettings

    handler, smtp_port = Recorder(), free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    archive = Archive(tmp_path / "archive.sqlite3")
    try:
        add_pages([PAGE], archive, today=date(2017, 8, 28))
        settings = Settings(db=tmp_path / "archive.sqlite3", recipients=("xcb@example.org",),
                            sender="工会宣传部 <digest@example.org>",
                            smtp=SmtpSettings(host="127.0.0.1", port=smtp_port, security="none"))
        review = Review(archive, settings, WEEK)
        server = make_server(review, "127.0.0.1", 0)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        port = server.server_address[1]
        _, page = _get(port)
        assert 'data-action="send"' in page and "xcb@example.org" in page
        assert _post(port, "/send", {"week": WEEK}).status == 403  # no token, no mail
        assert handler.received == []
        response = _post(port, "/send", {"week": WEEK, "token": review.token})
        assert response.status == 303 and "emailed" in response.getheader("Location")
        [got] = handler.received
        assert got["to"] == ["xcb@example.org"]
        assert [(week, n) for week, _, n, _ in archive.sends()] == [(WEEK, 1)]
        server.shutdown()
        server.server_close()
    finally:
        controller.stop()
        archive.close()
