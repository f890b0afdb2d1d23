"""The review page: a week of the archive in the browser, where the editor decides before sending.

Standard library only (``http.server``): one page of plain HTML forms, which work in any browser
without JavaScript, no files from elsewhere, nothing to build. Every form post is one decision,
stored in the archive at once; the page then shows the week again, with the email's preview in a
frame built the way ``digest build`` builds it.

Safety, for a server that can send mail in the editor's name:

- it listens on 127.0.0.1 unless told otherwise, and answers only requests whose ``Host`` is
  that address or ``localhost`` (a web page cannot reach it through a DNS name it controls);
- every form carries a token made when the server starts; a post without it, or from another
  site (``Origin`` or ``Sec-Fetch-Site`` say so), is refused with 403;
- everything shown is escaped, and the page's Content-Security-Policy allows no script at all.
"""
from __future__ import annotations

import hmac
import html
import secrets
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote, urlsplit

from .archive import Archive, Decision
from .assemble import load_sections
from .editing import SENT_TITLE, sentences_of
from .errors import DigestError
from .pipeline import build_week, week_period
from .render import render
from .settings import Settings

MAX_FORM_BYTES = 1 << 20  # a brief and a headline are a few hundred characters
_CSP_PAGE = ("default-src 'none'; style-src 'unsafe-inline'; frame-src 'self'; form-action 'self'; "
             "frame-ancestors 'none'; base-uri 'none'")
# The preview is the email itself: its inline styles, and images only from inside the message.
_CSP_PREVIEW = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'"
_ACTIONS = ("drop", "keep", "lead", "unlead", "headline", "section", "sentences", "brief")


class Review:
    """What the page shows and does, apart from HTTP: ``get`` and ``post`` return (status, body)."""

    def __init__(self, archive: Archive, settings: Settings, week: str, token: str | None = None):
        self.archive, self.settings, self.week = archive, settings, week
        self.token = token or secrets.token_urlsafe(32)
        self.lock = threading.Lock()  # one request at a time on the archive's connection

    # --- reading ----------------------------------------------------------------------------

    def page(self, week: str, notice: str = "") -> str:
        start, end = week_period(week)
        built = build_week(self.archive, week, self.settings.options, sent=self.settings.sent)
        stored = self.archive.stories(start, end)
        decisions = self.archive.decisions(s.uid for s in stored)
        by_id = {s.brief.article.id: s for s in built.shown}
        sections = [r.title for r in load_sections(self.settings.options.sections)]
        out = [_HEAD.format(title=_e(built.digest.title))]
        out.append(f"<header><h1>审阅 · {_e(built.digest.title)}</h1>")
        if notice:
            out.append(f'<p class="notice" role="status">{_e(notice)}</p>')
        out.append(self._send_form(week))
        out.append("</header><main><div class=\"stories\">")
        shown_uids = set()
        for section in built.digest.all_sections:
            if section.title == SENT_TITLE:
                continue
            out.append(f"<h2>{_e(section.title)}</h2>")
            for story in section.stories:
                s = by_id.get(story.article.id)
                if s is None:
                    continue
                shown_uids.add(s.uid)
                out.append(self._story(s, story.title, section.title, decisions.get(s.uid), sections, week))
        dropped = [s for s in stored if decisions.get(s.uid) and decisions[s.uid].dropped]
        if dropped:
            out.append("<h2>已删除</h2>")
            for s in dropped:
                out.append(self._story(s, s.brief.article.headline, None, decisions[s.uid], sections, week))
        if built.sent_before:
            out.append(f"<h2>{_e(SENT_TITLE)}（不再发送）</h2><ul>")
            for sent in built.sent_before:
                a = sent.stored.brief.article
                out.append(f'<li data-story-id="{_e(sent.stored.uid)}">{_e(a.headline)}'
                           f"（{_e(sent.earlier.week)} 已发，{_e(sent.earlier.sent_on.isoformat())}）</li>")
            out.append("</ul>")
        out.append("</div>")
        out.append(f'<aside><h2>邮件预览</h2><iframe title="邮件预览" sandbox src="/preview?week={quote(week)}">'
                   "</iframe></aside></main></body></html>\n")
        return "".join(out)

    def _story(self, s, title: str, section: str | None, d: Decision | None, sections: list[str], week: str) -> str:
        b, a, uid = s.brief, s.brief.article, s.uid
        meta = " · ".join(_e(x) for x in (a.paper or a.source.name, a.page_date and a.page_date.isoformat(),
                                            a.byline, a.kind) if x)
        form = f'<form method="post" action="/story/{_e(uid)}">{self._hidden(week)}'
        parts = [f'<article class="story" id="s-{_e(uid)}" data-story-id="{_e(uid)}">',
                 f'<h3 class="headline">{_e(title)}</h3><p class="meta">{meta}</p>',
                 f'<p class="brief">{_e(b.summary.text) or "（无摘要）"}</p>', form]
        if d and d.dropped:
            parts.append('<button name="action" value="keep" data-action="keep">恢复</button>')
        else:
            parts.append('<button name="action" value="drop" data-action="drop">删除</button> ')
            parts.append('<button name="action" value="unlead" data-action="unlead">取消要闻</button>' if d and d.lead
                         else '<button name="action" value="lead" data-action="lead">设为要闻</button>')
        parts.append("</form>")
        if d and d.dropped:
            parts.append("</article>")
            return "".join(parts)
        parts.append(f'{form}<label>标题 <input name="headline" value="{_e(a.headline)}" maxlength="200" '
                     'required></label> <button name="action" value="headline" data-action="headline">改标题</button>'
                     "</form>")
        options = "".join(f'<option{" selected" if t == section else ""}>{_e(t)}</option>' for t in sections)
        parts.append(f'{form}<label>栏目 <select name="section">{options}</select></label> '
                     '<button name="action" value="section" data-action="section">移到此栏目</button></form>')
        chosen = set(b.summary.sentences)
        boxes = "".join(f'<li><label><input type="checkbox" name="sentence" value="{i}"'
                        f'{" checked" if sent in chosen else ""}> {_e(sent)}</label></li>'
                        for i, sent in enumerate(sentences_of(b)))
        parts.append(f'<details><summary>编辑摘要</summary>{form}<ol class="candidates">{boxes}</ol>'
                     '<button name="action" value="sentences" data-action="sentences">用所选句子</button>'
                     f'<label>或直接写摘要<textarea name="brief" rows="3">{_e(b.summary.text)}</textarea></label>'
                     '<button name="action" value="brief" data-action="brief">用这段文字</button></form></details>')
        parts.append("</article>")
        return "".join(parts)

    def _hidden(self, week: str) -> str:
        return (f'<input type="hidden" name="token" value="{_e(self.token)}">'
                f'<input type="hidden" name="week" value="{_e(week)}">')

    def _send_form(self, week: str) -> str:
        s = self.settings
        if not s.recipients:
            return '<p class="send">要从这里发送，请在启动 digest review 时给出 --email-to 和 --email-from。</p>'
        to = "、".join(s.recipients)
        what = "写成 .eml 文件（--dry-run）" if s.dry_run else f"发送给 {to}"
        return (f'<form class="send" method="post" action="/send">{self._hidden(week)}'
                f'<button data-action="send">{_e(what)}</button></form>')

    def preview(self, week: str) -> str:
        built = build_week(self.archive, week, self.settings.options, sent=self.settings.sent)
        return render(built.digest, "html", self.settings.templates)

    # --- deciding ---------------------------------------------------------------------------

    def decide(self, uid: str, form: dict[str, list[str]]) -> str:
        """Store one decision from a form; returns what was done, for the page's notice."""
        action = _one(form, "action")
        if action not in _ACTIONS:
            raise _Refused(HTTPStatus.BAD_REQUEST, "unknown action")
        stored = self.archive.story(uid)
        if stored is None:
            raise _Refused(HTTPStatus.NOT_FOUND, "no such story")
        changes = {
            "drop": {"dropped": True}, "keep": {"dropped": False},
            "lead": {"lead": True}, "unlead": {"lead": False},
        }.get(action)
        if action == "headline":
            headline = " ".join(_one(form, "headline").split())
            if not headline:
                raise _Refused(HTTPStatus.BAD_REQUEST, "a headline cannot be empty")
            changes = {"headline": headline}
        elif action == "section":
            section = _one(form, "section")
            if section not in {r.title for r in load_sections(self.settings.options.sections)}:
                raise _Refused(HTTPStatus.BAD_REQUEST, "no such section")
            changes = {"section": section, "lead": False}
        elif action == "sentences":
            try:
                chosen = tuple(sorted({int(v) for v in form.get("sentence", [])}))
            except ValueError:
                raise _Refused(HTTPStatus.BAD_REQUEST, "sentences are given by number") from None
            changes = {"sentences": chosen, "brief": None}
        elif action == "brief":
            changes = {"brief": _one(form, "brief").strip() or None}
        self.archive.decide(uid, **changes)
        return f"已保存：{stored.brief.article.headline}"

    def send(self, week: str) -> str:
        from .commands import send_week

        if not self.settings.recipients:
            raise _Refused(HTTPStatus.BAD_REQUEST, "no recipients: start the review with --email-to")
        try:
            built, where = send_week(self.archive, self.settings, week)
        except DigestError as exc:
            return f"没有发出：{exc}"
        return f"已完成{where}"


class _Refused(Exception):
    def __init__(self, status: HTTPStatus, message: str):
        super().__init__(message)
        self.status = status


def _one(form: dict[str, list[str]], name: str) -> str:
    values = form.get(name) or [""]
    return values[0]


def _e(value) -> str:
    return html.escape(str(value), quote=True)


class _Handler(BaseHTTPRequestHandler):
    review: Review  # set on the subclass that make_server creates
    allowed_hosts: frozenset[str]
    server_version = "digest-review"
    sys_version = ""

    def log_message(self, format, *args):  # noqa: A002 - the name http.server uses
        pass  # the console is for the editor; requests are not news

    def _check_host(self) -> bool:
        if self.headers.get("Host", "") not in self.allowed_hosts:
            self._reply(HTTPStatus.FORBIDDEN, "unknown host: open the address the command printed")
            return False
        return True

    def do_GET(self):  # noqa: N802 - http.server's naming
        if not self._check_host():
            return
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        week = _one(query, "week") or self.review.week
        try:
            week_period(week)
        except ValueError:
            return self._reply(HTTPStatus.BAD_REQUEST, "not an ISO week")
        with self.review.lock:
            try:
                if url.path == "/":
                    body = self.review.page(week, _one(query, "notice"))
                    return self._reply(HTTPStatus.OK, body, html_page=True)
                if url.path == "/preview":
                    return self._reply(HTTPStatus.OK, self.review.preview(week), html_page=True, csp=_CSP_PREVIEW)
            except DigestError as exc:
                return self._reply(HTTPStatus.INTERNAL_SERVER_ERROR, str(exc))
        self._reply(HTTPStatus.NOT_FOUND, "not found")

    def do_POST(self):  # noqa: N802
        if not self._check_host():
            return
        try:
            form = self._form()
            week = _one(form, "week") or self.review.week
            week_period(week)
            with self.review.lock:
                url = urlsplit(self.path)
                if url.path.startswith("/story/"):
                    notice = self.review.decide(url.path.removeprefix("/story/"), form)
                    anchor = "#s-" + quote(url.path.removeprefix("/story/"))
                elif url.path == "/send":
                    notice, anchor = self.review.send(week), ""
                else:
                    raise _Refused(HTTPStatus.NOT_FOUND, "not found")
        except _Refused as exc:
            return self._reply(exc.status, str(exc))
        except ValueError:
            return self._reply(HTTPStatus.BAD_REQUEST, "not an ISO week")
        # Post, then redirect, then get: reloading the page does not post the decision again.
        self.send_response(HTTPStatus.SEE_OTHER)
        self.send_header("Location", f"/?week={quote(week)}&notice={quote(notice)}{anchor}")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _form(self) -> dict[str, list[str]]:
        """The posted form, once it is known to come from the review page itself."""
        origin = self.headers.get("Origin")
        if origin is not None and urlsplit(origin).netloc not in self.allowed_hosts:
            raise _Refused(HTTPStatus.FORBIDDEN, "cross-site post refused")
        if self.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
            raise _Refused(HTTPStatus.FORBIDDEN, "cross-site post refused")
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            raise _Refused(HTTPStatus.BAD_REQUEST, "bad Content-Length") from None
        if length > MAX_FORM_BYTES:
            raise _Refused(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "form too large")
        kind = self.headers.get("Content-Type", "").split(";")[0].strip()
        if kind != "application/x-www-form-urlencoded":
            raise _Refused(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "post the page's forms")
        form = parse_qs(self.rfile.read(length).decode("utf-8", "replace"), keep_blank_values=True)
        if not hmac.compare_digest(_one(form, "token").encode(), self.review.token.encode()):
            raise _Refused(HTTPStatus.FORBIDDEN, "missing or wrong token: reload the review page")
        return form

    def _reply(self, status: HTTPStatus, body: str, *, html_page: bool = False, csp: str = _CSP_PAGE) -> None:
        # A message in text/plain (with nosniff) is never read as markup: it needs no escaping.
        data = body.encode("utf-8") if html_page else (body + "\n").encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8" if html_page else "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Content-Security-Policy", csp)
        self.send_header("X-Content-Type-Options", "nosniff")
        # same-origin, not no-referrer: with no-referrer Chromium posts forms with "Origin: null",
        # which the cross-site check must refuse.
        self.send_header("Referrer-Policy", "same-origin")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)


def make_server(review: Review, host: str, port: int) -> ThreadingHTTPServer:
    """A server for ``review`` on ``host:port`` (port 0: any free one), not yet serving."""
    handler = type("Handler", (_Handler,), {"review": review, "allowed_hosts": frozenset()})
    try:
        server = ThreadingHTTPServer((host, port), handler)
    except OSError as exc:
        raise DigestError(f"{host}:{port}: cannot listen there ({exc.strerror or exc}); "
                          "give another --port") from None
    port = server.server_address[1]
    names = {host, "127.0.0.1", "localhost"} if host in ("127.0.0.1", "localhost") else {host}
    handler.allowed_hosts = frozenset(f"{n}:{port}" for n in names)
    return server


def serve(archive: Archive, settings: Settings, week: str) -> None:
    """Serve the review page until Ctrl-C."""
    review = Review(archive, settings, week)
    server = make_server(review, settings.host, settings.port)
    host, port = server.server_address[:2]
    print(f"Review {week} at http://{host}:{port}/ — Ctrl-C to stop", file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


_HEAD = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>审阅 · {title}</title>
<style>
body {{ font: 16px/1.6 "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 0; color: #1a1a1a; }}
header {{ padding: 12px 20px; background: #f3f1ec; border-bottom: 1px solid #ddd; }}
h1 {{ font-size: 20px; margin: 0 0 8px; }}
main {{ display: flex; gap: 20px; padding: 0 20px; }}
.stories {{ flex: 1 1 50%; min-width: 0; }}
aside {{ flex: 1 1 50%; position: sticky; top: 0; height: 100vh; }}
iframe {{ width: 100%; height: calc(100vh - 60px); border: 1px solid #ccc; }}
.story {{ border: 1px solid #ddd; border-radius: 6px; padding: 10px 14px; margin: 10px 0; overflow-wrap: anywhere; }}
.story h3 {{ margin: 0; font-size: 17px; }}
.meta {{ color: #555; font-size: 14px; margin: 2px 0; }}
form {{ margin: 6px 0; }}
input[name=headline] {{ width: 60%; }}
textarea {{ width: 100%; }}
.notice {{ background: #e7f4e4; padding: 4px 8px; }}
@media (max-width: 800px) {{ main {{ display: block; }} aside {{ position: static; height: auto; }} }}
</style></head><body>
"""
