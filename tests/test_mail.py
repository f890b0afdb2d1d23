"""The mail module against real SMTP servers (aiosmtpd) on 127.0.0.1, plain, STARTTLS and TLS."""
import email
import email.policy
import os
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta, timezone

import pytest

pytest.importorskip("aiosmtpd", reason="the mail tests need aiosmtpd: pip install -e '.[test]'")
trustme = pytest.importorskip("trustme", reason="the mail tests need trustme: pip install -e '.[test]'")

from aiosmtpd.controller import Controller  # noqa: E402
from aiosmtpd.smtp import AuthResult, LoginPassword  # noqa: E402

from digest.errors import ConfigError  # noqa: E402
from digest.patterns import typeset_headline  # noqa: E402
from digest.mail import (  # noqa: E402
    MailError, SmtpSettings, build_message, read_addresses, send, smtp_settings, write_eml,
)

TITLE = "工会新闻周报 · 2017年第34周（8月21日—8月27日）"
PREHEADER = "本周 5 个版面、42 篇稿件：天津市总举办职工乒乓球赛……"
TEXT = f"{TITLE}\n\n本周要闻\n\n天津市总举办职工乒乓球赛\n  8月21日，天津市第十三届职工乒乓球比赛落幕。“以赛促练”，职工踊跃参加！\n"
HTML = (f"<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{TITLE}</title></head>"
        f"<body><span class=\"preheader\">{PREHEADER}</span><h1>{TITLE}</h1>"
        "<h2>天津市总举办职工乒乓球赛</h2><p>8月21日，天津市第十三届职工乒乓球比赛落幕。“以赛促练”，职工踊跃参加！</p>"
        "</body></html>")
WHEN = datetime(2017, 8, 28, 9, 30, tzinfo=timezone(timedelta(hours=8)))
SENDER = "工会宣传部 <digest@example.org>"
RECIPIENTS = ["a@example.org", "职工服务中心 <b@example.org>", "c@example.net"]
PASSWORD = "s3cret-口令"  # smtplib alone cannot send this one


def message(recipients=RECIPIENTS, **kw):
    return build_message(subject=TITLE, sender=SENDER, recipients=recipients, text=TEXT, html=HTML,
                         message_date=WHEN, preheader=PREHEADER, **kw)


def parsed(raw: bytes):
    return email.message_from_bytes(raw, policy=email.policy.default)


def content(part) -> str:
    """A text part as written: MIME sends lines ending in CRLF, and the last line ended."""
    return part.get_content().replace("\r\n", "\n")


def header_block(raw: bytes) -> str:
    return raw.split(b"\r\n\r\n", 1)[0].decode("ascii")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Recorder:
    """Keeps what the server received; ``replies`` are answers to DATA, used up in order."""

    def __init__(self, replies=(), refuse=()):
        self.received, self.replies, self.refuse = [], list(replies), set(refuse)
        self.data_calls = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return f"550 5.1.1 <{address}>: no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.data_calls += 1
        if self.replies:
            return self.replies.pop(0)
        tls = session.ssl or server.transport.get_extra_info("ssl_object")  # STARTTLS, implicit TLS
        self.received.append({"from": envelope.mail_from, "to": list(envelope.rcpt_tos), "content": envelope.content,
                              "tls": bool(tls), "user": session.auth_data.login if session.auth_data else None})
        return "250 OK"


PASSWORDS = {b"digest": PASSWORD.encode(), b"ascii": b"s3cret"}


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and PASSWORDS.get(auth_data.login) == auth_data.password
    # handled=False: aiosmtpd answers a failure itself, with 535.
    return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)


@pytest.fixture
def serve():
    """Start a real aiosmtpd server on 127.0.0.1; returns (handler, port)."""
    started = []

    def start(handler=None, **kw):
        handler = handler or Recorder()
        port = free_port()
        controller = Controller(handler, hostname="127.0.0.1", port=port, **kw)
        controller.start()
        started.append(controller)
        return handler, port

    yield start
    for controller in started:
        controller.stop()


@pytest.fixture
def talker():
    """A TCP server on 127.0.0.1 that answers every connection with ``speak(conn, stop)`` in a thread
    of its own; everything stops when the test ends."""
    stop = threading.Event()
    listeners, threads = [], []

    def start(speak):
        listener = socket.create_server(("127.0.0.1", 0))
        listener.settimeout(0.1)  # so that the thread sees ``stop``
        listeners.append(listener)
        connected = threading.Event()

        def serve():
            while not stop.is_set():
                try:
                    conn, _ = listener.accept()
                except TimeoutError:
                    continue
                except OSError:
                    return
                connected.set()
                thread = threading.Thread(target=talk, args=(conn,), daemon=True)
                thread.start()
                threads.append(thread)

        def talk(conn):
            with conn:
                try:
                    speak(conn, stop)
                except OSError:
                    pass  # the client went away

        thread = threading.Thread(target=serve, daemon=True)
        thread.start()
        threads.append(thread)
        return listener.getsockname()[1], connected

    yield start
    stop.set()
    for listener in listeners:
        listener.close()
    for thread in threads:
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def ca():
    return trustme.CA()


@pytest.fixture(scope="module")
def server_tls(ca):
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    return context


@pytest.fixture
def cafile(ca, tmp_path):
    path = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return path


def settings(port, **kw):
    return SmtpSettings(**{"host": "127.0.0.1", "port": port, "security": "none", "timeout": 10, **kw})


# --- the message -------------------------------------------------------------------------------

def test_message_is_multipart_alternative_text_then_html_in_utf8():
    msg = parsed(message().as_bytes())
    assert msg.get_content_type() == "multipart/alternative"
    plain, html = msg.iter_parts()
    assert (plain.get_content_type(), html.get_content_type()) == ("text/plain", "text/html")
    assert plain.get_content_charset() == html.get_content_charset() == "utf-8"
    assert content(plain) == TEXT and content(html) == HTML + "\n"
    assert msg["Subject"] == TITLE
    assert msg["Date"].datetime == WHEN
    assert msg["Message-ID"].endswith("@example.org>")
    assert msg["From"].addresses[0].display_name == "工会宣传部"


def test_headers_are_ascii_with_the_subject_encoded_per_rfc_2047():
    raw = message().as_bytes()
    headers = header_block(raw)  # decodes as ASCII or fails
    assert "=?utf-8?" in headers.split("Subject:", 1)[1].split("\r\nFrom:")[0]
    assert all(len(line) <= 78 for line in headers.split("\r\n"))
    assert max(len(line) for line in raw.split(b"\r\n")) <= 78  # base64 bodies: 7-bit, short lines


@pytest.mark.parametrize("bcc, to", [
    (True, ["a@example.org"]),
    (False, ["a@example.org", "b@example.org", "c@example.net"]),
])
def test_recipients_beyond_the_first_are_blind_copies_unless_asked(bcc, to):
    msg = message(bcc=bcc)
    assert [a.addr_spec for a in msg["To"].addresses] == to
    assert "Bcc" not in msg and "Cc" not in msg
    hidden = {"a@example.org", "b@example.org", "c@example.net"} - set(to)
    assert not any(address in header_block(msg.as_bytes()) for address in hidden)


def test_the_same_address_twice_is_listed_once():
    msg = message(["a@example.org", "A@Example.org", "b@example.org"], bcc=False)
    assert [a.addr_spec for a in msg["To"].addresses] == ["a@example.org", "b@example.org"]


def test_a_preheader_missing_from_the_html_is_added_at_the_top_of_the_body_only():
    bare = "<html><body><h1>周报</h1></body></html>"
    msg = build_message(subject="周报", sender=SENDER, recipients=["a@example.org"], text="周报\n", html=bare,
                        preheader="本周要闻 <3 条>")
    plain, html = msg.iter_parts()
    assert content(html).startswith("<html><body><span style=\"display:none")
    assert "本周要闻 &lt;3 条&gt;</span><h1>" in content(html)
    assert "本周要闻" not in content(plain) and "本周要闻" not in str(msg["Subject"])
    assert content(message().get_body(("html",))) == HTML + "\n"  # already there: left alone
    quoted = '<html><body><span>本周 &#34;要闻&#34; &amp; 图片</span></body></html>'
    msg = build_message(subject="周报", sender=SENDER, recipients=["a@example.org"], text="", html=quoted,
                        preheader='本周 "要闻" & 图片')
    assert content(msg.get_body(("html",))) == quoted + "\n"


def test_a_subject_never_spans_lines():
    msg = build_message(subject="周报\r\nBcc: x@evil.example", sender=SENDER, recipients=["a@example.org"],
                        text="", html="")
    assert msg["Subject"] == "周报 Bcc: x@evil.example" and "Bcc" not in msg


@pytest.mark.parametrize("field, value", [
    ("recipients", ["not an address"]),
    ("recipients", ["a@example.org, b@example.org"]),
    ("recipients", []),
    ("sender", "digest"),
])
def test_bad_addresses_are_refused_naming_them(field, value):
    kw = {"subject": "周报", "sender": SENDER, "recipients": ["a@example.org"], "text": "", "html": "", field: value}
    with pytest.raises(ConfigError) as e:
        build_message(**kw)
    assert (str(value[0]) if value and field == "recipients" else "recipient" if field == "recipients"
            else value) in str(e.value)


def test_write_eml_writes_the_wire_form(tmp_path):
    path = write_eml(message(), tmp_path / "out" / "digest.eml")
    msg = parsed(path.read_bytes())
    assert msg["Subject"] == TITLE and content(msg.get_body(("html",))) == HTML + "\n"
    assert b"\r\n" in path.read_bytes()


def test_read_addresses_skips_comments_and_blank_lines(tmp_path):
    path = tmp_path / "list.txt"
    path.write_text("\ufeff# 宣传部\na@example.org\n\n  职工服务中心 <b@example.org>  \n", encoding="utf-8")
    assert read_addresses(path) == ("a@example.org", "职工服务中心 <b@example.org>")
    path.write_text("a@example.org\nb-at-example.org\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"list\.txt, line 2: not an email address: 'b-at-example\.org'"):
        read_addresses(path)


# --- settings ----------------------------------------------------------------------------------

@pytest.mark.parametrize("file, env, expected", [
    ({}, {}, ("localhost", 587, "starttls", None)),
    ({"security": "ssl"}, {}, ("localhost", 465, "ssl", None)),
    ({}, {"DIGEST_SMTP_SECURITY": "none"}, ("localhost", 25, "none", None)),
    ({"host": "smtp.example.org", "port": 2525, "username": "u"}, {}, ("smtp.example.org", 2525, "starttls", "u")),
    ({"host": "smtp.example.org", "port": 2525, "username": "u"},
     {"DIGEST_SMTP_HOST": "127.0.0.1", "DIGEST_SMTP_PORT": "8025", "DIGEST_SMTP_USER": "v"},
     ("127.0.0.1", 8025, "starttls", "v")),
    ({"security": "ssl"}, {"DIGEST_SMTP_SECURITY": "STARTTLS"}, ("localhost", 587, "starttls", None)),
    ({"host": "smtp.example.org"}, {"DIGEST_SMTP_HOST": "  "}, ("smtp.example.org", 587, "starttls", None)),
])
def test_settings_come_from_the_file_and_the_environment_wins(file, env, expected):
    s = smtp_settings(file, env)
    assert (s.host, s.port, s.security, s.username) == expected
    assert s.verify is True and s.password is None and s.retries == 3


@pytest.mark.parametrize("env, message", [
    ({"DIGEST_SMTP_PORT": "smtp"}, "DIGEST_SMTP_PORT='smtp' is not a port number"),
    ({"DIGEST_SMTP_PORT": "70000"}, "DIGEST_SMTP_PORT='70000'"),
    ({"DIGEST_SMTP_SECURITY": "tls"}, "DIGEST_SMTP_SECURITY='tls' is not one of starttls, ssl, none"),
])
def test_bad_environment_values_are_config_errors(env, message):
    with pytest.raises(ConfigError, match=message):
        smtp_settings({}, env)


def test_the_password_comes_from_the_environment_and_never_shows():
    s = smtp_settings({"username": "digest", "password": "from-file"}, {"DIGEST_SMTP_PASSWORD": PASSWORD})
    assert s.password == PASSWORD
    assert PASSWORD not in repr(s) and PASSWORD not in str(s) and "password" not in repr(s)
    assert smtp_settings({"password": "from-file"}, {}).password is None


# --- sending -----------------------------------------------------------------------------------

def test_plain_delivery_reaches_every_recipient_and_leaks_no_bcc(serve):
    handler, port = serve()
    send(message(), RECIPIENTS, settings(port))
    [got] = handler.received
    assert got["from"] == "digest@example.org"
    assert got["to"] == ["a@example.org", "b@example.org", "c@example.net"]
    headers = header_block(got["content"])
    assert "b@example.org" not in headers and "c@example.net" not in headers and "Bcc" not in headers
    msg = parsed(got["content"])
    assert msg.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in msg.iter_parts()] == ["text/plain", "text/html"]
    assert msg["Subject"] == TITLE
    assert "“以赛促练”，职工踊跃参加！" in content(msg.get_body(("plain",)))
    assert "<h2>天津市总举办职工乒乓球赛</h2>" in content(msg.get_body(("html",)))
    assert msg["To"].addresses[0].addr_spec == "a@example.org" and len(msg["To"].addresses) == 1


@pytest.mark.parametrize("user, password", [("ascii", "s3cret"), ("digest", PASSWORD)])
def test_starttls_with_login(serve, server_tls, cafile, user, password):
    handler, port = serve(tls_context=server_tls, require_starttls=True, authenticator=authenticator)
    send(message(), ["a@example.org"], settings(port, security="starttls", username=user, password=password,
                                                cafile=cafile))
    [got] = handler.received
    assert got["tls"] and got["user"] == user.encode()
    assert parsed(got["content"])["Subject"] == TITLE


def test_implicit_tls(serve, server_tls, cafile):
    handler, port = serve(ssl_context=server_tls, authenticator=authenticator, auth_require_tls=False)
    send(message(), ["a@example.org"], settings(port, security="ssl", username="digest", password=PASSWORD,
                                                cafile=cafile))
    assert handler.received[0]["tls"] and handler.received[0]["user"] == b"digest"


def test_a_wrong_password_is_an_authentication_error_that_never_shows_the_password(serve, server_tls, cafile):
    handler, port = serve(tls_context=server_tls, require_starttls=True, authenticator=authenticator)
    sleeps = []
    with pytest.raises(MailError) as e:
        send(message(), ["a@example.org"], settings(port, security="starttls", username="digest",
                                                    password="wrong-" + PASSWORD, cafile=cafile), sleep=sleeps.append)
    text = str(e.value)
    assert text.startswith(f"127.0.0.1:{port}: authentication failed: 535")
    assert "DIGEST_SMTP_USER" in text and PASSWORD not in text and "\n" not in text
    assert sleeps == [] and handler.received == []


def test_an_untrusted_certificate_is_refused(serve, server_tls):
    handler, port = serve(tls_context=server_tls, require_starttls=True)
    with pytest.raises(MailError) as e:
        send(message(), ["a@example.org"], settings(port, security="starttls"), sleep=[].append)
    assert str(e.value).startswith(f"127.0.0.1:{port}: TLS failed: the server's certificate is not trusted (")
    assert "verify = false" in str(e.value) and handler.received == []


def test_verify_false_is_the_explicit_way_past_an_untrusted_certificate(serve, server_tls, caplog):
    handler, port = serve(tls_context=server_tls, require_starttls=True)
    send(message(), ["a@example.org"], settings(port, security="starttls", verify=False))
    assert handler.received[0]["tls"]
    assert "not verified" in caplog.text


def test_a_server_without_starttls_is_never_used_in_plain_text(serve):
    handler, port = serve()
    with pytest.raises(MailError, match=rf"127\.0\.0\.1:{port}: the server does not offer STARTTLS"):
        send(message(), ["a@example.org"], settings(port, security="starttls"))
    assert handler.received == []


def test_plain_text_to_a_server_that_requires_starttls_says_so(serve, server_tls):
    handler, port = serve(tls_context=server_tls, require_starttls=True)
    with pytest.raises(MailError, match=r"requires STARTTLS .*: 530"):
        send(message(), ["a@example.org"], settings(port))


def test_implicit_tls_to_a_plain_server_is_a_tls_failure(serve):
    handler, port = serve()
    with pytest.raises(MailError, match=rf"127\.0\.0\.1:{port}: TLS failed .*check the security setting"):
        send(message(), ["a@example.org"], settings(port, security="ssl"))


def test_nothing_listening_is_connection_refused_at_once():
    port = free_port()
    sleeps = []
    with pytest.raises(MailError) as e:
        send(message(), ["a@example.org"], settings(port), sleep=sleeps.append)
    assert str(e.value).startswith(f"127.0.0.1:{port}: connection refused")
    assert "DIGEST_SMTP_PORT" in str(e.value) and sleeps == []


def test_temporary_failures_are_retried_with_growing_delays(serve):
    handler, port = serve(Recorder(replies=["451 4.3.0 try again later"] * 2))
    sleeps = []
    send(message(), RECIPIENTS, settings(port), sleep=sleeps.append)
    assert sleeps == [1.0, 2.0] and handler.data_calls == 3
    assert handler.received[0]["to"] == ["a@example.org", "b@example.org", "c@example.net"]


def test_retries_give_up_with_one_line_naming_the_server(serve):
    handler, port = serve(Recorder(replies=["451 4.3.0 try again later"] * 10))
    sleeps = []
    with pytest.raises(MailError) as e:
        send(message(), ["a@example.org"], settings(port, retries=2), sleep=sleeps.append)
    assert str(e.value) == (f"127.0.0.1:{port}: the server refused the message: 451 4.3.0 try again later; "
                            "gave up after 3 attempts")
    assert sleeps == [1.0, 2.0] and handler.received == []


def test_a_dropped_connection_is_retried(talker, caplog):
    port, _ = talker(lambda conn, stop: None)  # hangs up on every connection, as an overloaded server does
    sleeps = []
    with pytest.raises(MailError, match=rf"127\.0\.0\.1:{port}: the server closed the connection .* "
                                        "gave up after 4 attempts"):
        send(message(), ["a@example.org"], settings(port), sleep=sleeps.append)
    assert sleeps == [1.0, 2.0, 4.0]
    assert caplog.text.count("trying again") == 3


def test_a_rejected_recipient_is_named_and_the_others_still_get_the_digest(serve):
    handler, port = serve(Recorder(refuse={"b@example.org"}))
    with pytest.raises(MailError) as e:
        send(message(), RECIPIENTS, settings(port), sleep=[].append)
    assert str(e.value) == (f"127.0.0.1:{port}: recipient rejected: b@example.org "
                            "(550 5.1.1 <b@example.org>: no such user); sent to 2 of 3")
    assert handler.received[0]["to"] == ["a@example.org", "c@example.net"]


def test_every_recipient_rejected_sends_nothing(serve):
    handler, port = serve(Recorder(refuse={"a@example.org"}))
    with pytest.raises(MailError, match=r"recipient rejected: a@example\.org \(550 .*\); nothing was sent"):
        send(message(), ["a@example.org"], settings(port), sleep=[].append)
    assert handler.received == []


def test_a_user_without_a_password_is_asked_for_one_before_connecting():
    with pytest.raises(ConfigError, match="set DIGEST_SMTP_PASSWORD"):
        send(message(), ["a@example.org"], settings(free_port(), username="digest"))


# --- the command line ------------------------------------------------------------------------------

from pathlib import Path  # noqa: E402

from digest.cli import main  # noqa: E402

SAMPLES = str(Path(__file__).resolve().parent.parent / "samples")


def smtp_env(monkeypatch, port, security="none"):
    for name in ("HOST", "PORT", "SECURITY", "USER", "PASSWORD"):
        monkeypatch.delenv(f"DIGEST_SMTP_{name}", raising=False)
    monkeypatch.setenv("DIGEST_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("DIGEST_SMTP_PORT", str(port))
    monkeypatch.setenv("DIGEST_SMTP_SECURITY", security)


def test_cli_emails_the_digest_of_the_samples(serve, monkeypatch, tmp_path):
    handler, port = serve()
    smtp_env(monkeypatch, port)
    assert main([SAMPLES, "--format", "json", "-o", str(tmp_path / "d.json")]) == 0
    doc = __import__("json").loads((tmp_path / "d.json").read_text(encoding="utf-8"))
    assert main([SAMPLES, "-o", str(tmp_path / "d.md"), "--email-to", "a@example.org",
                 "--email-to", "b@example.org", "--email-from", "digest@example.org"]) == 0
    [got] = handler.received
    assert got["to"] == ["a@example.org", "b@example.org"]
    msg = parsed(got["content"])
    assert msg.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in msg.iter_parts()] == ["text/plain", "text/html"]
    assert msg["Subject"] == doc["title"] and "b@example.org" not in header_block(got["content"])
    html = msg.get_body(("html",)).get_content()
    import html as html_lib
    for a in doc["articles"]:
        if a["kind"] in ("news", "feature", "commentary"):
            assert html_lib.escape(typeset_headline(a["headline"]), quote=False) in html, a["headline"]
    assert (tmp_path / "d.md").exists()


def test_cli_with_no_server_fails_in_one_line_after_writing_the_digest(monkeypatch, tmp_path, capsys):
    smtp_env(monkeypatch, free_port())
    out = tmp_path / "d.html"
    assert main([SAMPLES, "--format", "html", "-o", str(out), "--email-to", "a@example.org",
                 "--email-from", "digest@example.org"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: 127.0.0.1:") and "connection refused" in err[0]
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_cli_starttls_and_login_from_config_and_environment(serve, server_tls, cafile, monkeypatch, tmp_path):
    handler, port = serve(authenticator=authenticator, tls_context=server_tls, require_starttls=True,
                          auth_require_tls=True)
    user, password = "ascii", "s3cret"
    config = tmp_path / "digest.toml"
    config.write_text(f'[digest]\nemail_from = "digest@example.org"\n\n[smtp]\nhost = "127.0.0.1"\nport = {port}\n'
                      f'security = "starttls"\nusername = "{user}"\ncafile = "{cafile}"\n', encoding="utf-8")
    for name in ("HOST", "PORT", "SECURITY", "USER"):
        monkeypatch.delenv(f"DIGEST_SMTP_{name}", raising=False)
    monkeypatch.setenv("DIGEST_SMTP_PASSWORD", password)
    assert main([SAMPLES, "--config", str(config), "-o", str(tmp_path / "d.md"), "--email-to", "a@example.org"]) == 0
    [got] = handler.received
    assert got["tls"] and got["user"] == user.encode()


def test_cli_dry_run_writes_the_message_beside_the_output(tmp_path):
    assert main([SAMPLES, "-o", str(tmp_path / "d.md"), "--email-to", "a@example.org",
                 "--email-from", "digest@example.org", "--dry-run"]) == 0
    msg = parsed((tmp_path / "d.eml").read_bytes())
    assert msg["To"] == "a@example.org" and msg["Subject"].startswith("工会新闻周报")


# --- the deadline: slow, silent and dripping servers ------------------------------------------------


DEADLINE = 2.0
MARGIN = 10.0  # generous: the bound only proves that nothing hangs


def drip_greeting(conn, stop):
    """A greeting that never ends: one continuation line every 0.2 s (RFC 5321 multiline reply)."""
    for _ in range(600):  # two minutes at most
        conn.sendall(b"220-still greeting you\r\n")
        if stop.wait(0.2):
            return


def drip_after_ehlo(conn, stop):
    """A normal greeting, then an EHLO reply dripping a line every 0.2 s."""
    conn.sendall(b"220 127.0.0.1 ESMTP\r\n")
    conn.recv(1024)
    for _ in range(600):
        conn.sendall(b"250-8BITMIME\r\n")
        if stop.wait(0.2):
            return


def silent(conn, stop):
    stop.wait(120)


@pytest.mark.parametrize("speak", [drip_greeting, drip_after_ehlo, silent])
def test_a_slow_or_silent_server_is_given_up_at_the_deadline(talker, speak):
    port, _ = talker(speak)
    started = time.monotonic()
    with pytest.raises(MailError) as e:
        send(message(), ["a@example.org"], settings(port, timeout=30, deadline=DEADLINE), sleep=[].append)
    elapsed = time.monotonic() - started
    assert str(e.value).startswith(f"127.0.0.1:{port}: no delivery within the 2 s deadline (")
    assert str(e.value).endswith("); try again later, or raise deadline in [smtp]") and "\n" not in str(e.value)
    assert DEADLINE - 0.5 < elapsed < DEADLINE + MARGIN


@pytest.mark.parametrize("speak", [silent, lambda conn, stop: conn.sendall(b"220 ready\r\n") or stop.wait(120)])
def test_a_server_that_stops_answering_is_not_tried_again(talker, speak):
    port, _ = talker(speak)
    sleeps = []
    with pytest.raises(MailError) as e:
        send(message(), ["a@example.org"], settings(port, timeout=1), sleep=sleeps.append)
    assert str(e.value) == (f"127.0.0.1:{port}: no answer within 1 s; check DIGEST_SMTP_HOST and DIGEST_SMTP_PORT, "
                            "or raise timeout in [smtp]")
    assert sleeps == []


def test_a_dripping_tls_server_is_given_up_at_the_deadline(talker, cafile):
    """Implicit TLS to a server that answers the handshake with a 16 KiB record, a byte every 0.2 s."""
    def drip_bytes(conn, stop):
        conn.recv(4096)  # the client's hello
        conn.sendall(b"\x16\x03\x03\x40\x00")  # a handshake record of TLS 1.2, 16384 bytes long
        for _ in range(600):
            conn.sendall(b"\x02")
            if stop.wait(0.2):
                return

    port, _ = talker(drip_bytes)
    started = time.monotonic()
    with pytest.raises(MailError, match=r"no delivery within the 2 s deadline"):
        send(message(), ["a@example.org"], settings(port, security="ssl", cafile=cafile, timeout=30,
                                                    deadline=DEADLINE), sleep=[].append)
    assert time.monotonic() - started < DEADLINE + MARGIN


def test_retries_and_their_waits_count_against_the_deadline(serve):
    handler, port = serve(Recorder(replies=["451 4.3.0 try again later"] * 10))
    started = time.monotonic()
    with pytest.raises(MailError) as e:  # real waits: 1 s, then 2 s would pass the 2.5 s deadline
        send(message(), ["a@example.org"], settings(port, retries=3, deadline=2.5))
    assert str(e.value) == (f"127.0.0.1:{port}: the server refused the message: 451 4.3.0 try again later; "
                            "gave up after 2 attempts (another would pass the 2.5 s deadline)")
    assert handler.data_calls == 2 and time.monotonic() - started < 2.5 + MARGIN


def test_cli_with_a_dripping_server_ends_by_the_configured_deadline(talker, monkeypatch, tmp_path, capsys):
    port, _ = talker(drip_greeting)
    smtp_env(monkeypatch, port)
    config = tmp_path / "digest.toml"
    config.write_text("[smtp]\ndeadline = 2\n", encoding="utf-8")
    out = tmp_path / "d.md"
    started = time.monotonic()
    assert main([SAMPLES, "--config", str(config), "-o", str(out), "--email-to", "a@example.org",
                 "--email-from", "digest@example.org"]) == 1
    assert time.monotonic() - started < DEADLINE + MARGIN + 30  # the digest itself takes a few seconds
    assert capsys.readouterr().err.strip().splitlines() == [
        f"error: 127.0.0.1:{port}: no delivery within the 2 s deadline (the server was too slow); "
        "try again later, or raise deadline in [smtp]"]
    assert out.read_text(encoding="utf-8").startswith("# 工会新闻周报")


def _interruptible() -> None:
    # A run started in the background by a shell inherits SIGINT ignored, and Python then never
    # raises KeyboardInterrupt: give the run what a terminal gives it, whatever runs the tests.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_ends_the_run_with_one_line_and_status_130(talker, tmp_path):
    port, connected = talker(drip_greeting)
    out = tmp_path / "d.md"
    env = {**os.environ, "DIGEST_SMTP_HOST": "127.0.0.1", "DIGEST_SMTP_PORT": str(port),
           "DIGEST_SMTP_SECURITY": "none"}
    with subprocess.Popen([sys.executable, "-m", "digest", SAMPLES, "-o", str(out), "--email-to", "a@example.org",
                           "--email-from", "digest@example.org"], env=env, stderr=subprocess.PIPE, text=True,
                          preexec_fn=_interruptible) as run:
        assert connected.wait(120), "the run never reached the mail server"
        run.send_signal(signal.SIGINT)  # what Ctrl-C sends
        err = run.stderr.read()
    assert (run.returncode, err.strip().splitlines()) == (
        130, ["error: interrupted; files written before are complete, none is half written"])
    assert out.read_text(encoding="utf-8").startswith("# 工会新闻周报")


def test_cli_mails_a_week_over_budget_with_the_full_digest_attached(serve, monkeypatch, week_pages):
    handler, port = serve()
    smtp_env(monkeypatch, port)
    assert main([str(week_pages), "--week", "2017-W34", "--paper", "工人日报", "--email-to", "a@example.org",
                 "--email-from", "digest@example.org"]) == 0
    [got] = handler.received
    msg = parsed(got["content"])
    assert msg.get_content_type() == "multipart/mixed"
    body, attachment = msg.iter_parts()
    assert [p.get_content_type() for p in body.iter_parts()] == ["text/plain", "text/html"]
    assert len(msg.get_body(("html",)).get_payload(decode=True)) <= 100_000
    assert attachment.get_filename() == "digest-2017-W34.html" and attachment.get_content_type() == "text/html"
    assert len(attachment.get_payload(decode=True)) > 100_000


def test_an_empty_week_is_not_mailed(serve, monkeypatch, tmp_path, capsys):
    handler, port = serve()
    smtp_env(monkeypatch, port)
    assert main([SAMPLES, "--week", "2017-W40", "-o", str(tmp_path / "d.html"), "--email-to", "a@example.org",
                 "--email-from", "digest@example.org"]) == 1
    assert handler.received == [] and not (tmp_path / "d.html").exists()
    assert capsys.readouterr().err == ("error: no story dated in 2017-W40 — nothing to send; the pages cover "
                                       "2016-W41, 2017-W27, 2017-W34, 2018-W46, 2019-W37\n")
