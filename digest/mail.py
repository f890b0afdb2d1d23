"""Email the digest: a MIME message built from the text and HTML renders, sent over SMTP.

The only module that talks SMTP. Settings come from the ``[smtp]`` table of the config file and
from the environment, which wins; the password only ever from ``DIGEST_SMTP_PASSWORD``. Every
failure becomes a one-line :class:`MailError` naming the server and what to do about it.
"""
from __future__ import annotations

import base64
import html as html_lib
import logging
import os
import re
import smtplib
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, getaddresses, make_msgid
from pathlib import Path

from .config import SECURITY
from .errors import ConfigError, MailError
from .output import write_atomic
from .render import GENERATOR

log = logging.getLogger(__name__)

# The ports of RFC 8314 §3.3 (submission with STARTTLS, implicit TLS) and RFC 5321 (relay).
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
DEFAULT_TIMEOUT = 30.0  # seconds per socket operation; smtplib's own default is to wait forever
# Seconds for the whole send, retries and waits included: per-operation timeouts alone let a
# server that answers one line a second hold the run for ever.
DEFAULT_DEADLINE = 60.0
DEFAULT_RETRIES = 3
BACKOFF = 1.0  # seconds before the first retry, doubled before each next one


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    """Where and how to send. ``repr`` never shows the password."""

    host: str = "localhost"
    port: int = DEFAULT_PORTS["starttls"]
    security: str = "starttls"
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    verify: bool = True
    cafile: Path | None = None  # CA bundle that signed the server's certificate (a private CA)
    timeout: float = DEFAULT_TIMEOUT
    deadline: float = DEFAULT_DEADLINE
    retries: int = DEFAULT_RETRIES

    @property
    def server(self) -> str:
        return f"{self.host}:{self.port}"


def smtp_settings(file_settings: Mapping[str, object], environ: Mapping[str, str] = os.environ) -> SmtpSettings:
    """Settings from the ``[smtp]`` table (already validated by :func:`digest.config.load_config`),
    overridden by ``DIGEST_SMTP_HOST``, ``_PORT``, ``_SECURITY``, ``_USER``; the password comes
    only from ``DIGEST_SMTP_PASSWORD``. Empty variables count as unset."""
    env = {k: v.strip() for k, v in environ.items() if k.startswith("DIGEST_SMTP_") and v.strip()}
    security = env.get("DIGEST_SMTP_SECURITY", file_settings.get("security", "starttls")).lower()
    if security not in SECURITY:
        raise ConfigError(f"DIGEST_SMTP_SECURITY={security!r} is not one of {', '.join(SECURITY)}")
    port = file_settings.get("port", DEFAULT_PORTS[security])
    if "DIGEST_SMTP_PORT" in env:
        raw = env["DIGEST_SMTP_PORT"]
        if not raw.isdigit() or not 0 < int(raw) < 65536:
            raise ConfigError(f"DIGEST_SMTP_PORT={raw!r} is not a port number (1–65535)")
        port = int(raw)
    cafile = file_settings.get("cafile")
    return SmtpSettings(
        host=env.get("DIGEST_SMTP_HOST", file_settings.get("host", "localhost")),
        port=port,
        security=security,
        username=env.get("DIGEST_SMTP_USER", file_settings.get("username")) or None,
        # Not stripped: a password may end in a space.
        password=environ.get("DIGEST_SMTP_PASSWORD") or None,
        verify=bool(file_settings.get("verify", True)),
        cafile=Path(cafile) if cafile else None,
        timeout=float(file_settings.get("timeout", DEFAULT_TIMEOUT)),
        deadline=float(file_settings.get("deadline", DEFAULT_DEADLINE)),
        retries=int(file_settings.get("retries", DEFAULT_RETRIES)),
    )


def parse_address(value: str) -> Address:
    """One address, bare (``a@example.org``) or with a name (``工会宣传部 <a@example.org>``)."""
    pairs = getaddresses([value])
    name, spec = pairs[0] if len(pairs) == 1 else ("", "")
    local, _, domain = spec.rpartition("@")
    if not local or not domain or re.search(r"[\s<>,;]", spec):
        raise ConfigError(f"not an email address: {value!r} (give e.g. name@example.org)")
    return Address(display_name=name, username=local, domain=domain)


def read_addresses(path: Path) -> tuple[str, ...]:
    """The addresses in a file, one a line; blank lines and lines starting with ``#`` are skipped."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the address list ({exc}); "
                          "give a UTF-8 file, one address a line") from None
    found = []
    for number, line in enumerate(lines, 1):
        line = line.strip()
        if line and not line.startswith("#"):
            try:
                parse_address(line)
            except ConfigError as exc:
                raise ConfigError(f"{path}, line {number}: {exc}") from None
            found.append(line)
    if not found:
        raise ConfigError(f"{path}: no address in the file; give one address a line")
    return tuple(found)


def envelope_recipients(recipients: Iterable[str]) -> tuple[str, ...]:
    """The bare addresses, each once (case-insensitively), in the order given."""
    seen, out = set(), []
    for value in recipients:
        spec = parse_address(value).addr_spec
        if spec.lower() not in seen:
            seen.add(spec.lower())
            out.append(spec)
    return tuple(out)


def build_message(*, subject: str, sender: str, recipients: Iterable[str], text: str, html: str,
                  message_date: datetime | None = None, preheader: str | None = None,
                  bcc: bool = True, attachment: tuple[str, str] | None = None) -> EmailMessage:
    """A ``multipart/alternative`` message: the plain-text digest, then the HTML one, both UTF-8.

    ``attachment``, a file name and an HTML page (the full digest of a mail that names some
    stories by headline only), makes it a ``multipart/mixed`` message with that file attached.

    ``To`` holds the first recipient only; with ``bcc=True`` (the default) the others are blind
    copies, which appear in no header: pass the same ``recipients`` to :func:`send`, which puts
    them all on the envelope. ``bcc=False`` lists everyone in ``To``. ``message_date`` (a local
    time when naive) defaults to now. The preheader belongs at the top of the HTML, where the
    shipped template puts it; it is added there only when the HTML lacks it (a user's template).
    """
    addresses = {}
    for value in recipients:  # each once, as first written
        address = parse_address(value)
        addresses.setdefault(address.addr_spec.lower(), address)
    addresses = list(addresses.values())
    if not addresses:
        raise ConfigError("no recipient: give at least one --email-to address")
    from_ = parse_address(sender)
    message = EmailMessage(policy=policy.SMTP)
    # A subject is one line; folding for the wire and RFC 2047 encoding are the policy's job.
    message["Subject"] = " ".join(subject.split())
    message["From"] = from_
    message["To"] = addresses[:1] if bcc else addresses
    message["Date"] = format_datetime((message_date or datetime.now()).astimezone())
    message["Message-ID"] = make_msgid(domain=from_.domain)
    message["X-Mailer"] = GENERATOR  # also how a saved .eml is known not to be a page
    if preheader and preheader not in html_lib.unescape(html):  # however the template escaped it
        html = _with_preheader(html, preheader)
    # base64 keeps both parts 7-bit clean: 8bit needs a server that offers 8BITMIME, which
    # smtplib does not ask for, and quoted-printable costs 9 bytes per Chinese character, base64 4.
    message.set_content(text, subtype="plain", charset="utf-8", cte="base64")
    message.add_alternative(html, subtype="html", charset="utf-8", cte="base64")
    if attachment:
        name, page = attachment
        message.add_attachment(page, subtype="html", charset="utf-8", cte="base64", filename=name)
    return message


def _with_preheader(html: str, preheader: str) -> str:
    # The hidden span that email templates use for preview text: first in the body, so that
    # clients show it after the subject, and hidden in every client (mso-hide for Outlook).
    span = ('<span style="display:none;max-height:0;max-width:0;overflow:hidden;opacity:0;mso-hide:all">'
            f"{html_lib.escape(preheader)}</span>")
    body = re.search(r"<body[^>]*>", html, re.IGNORECASE)
    return html[:body.end()] + span + html[body.end():] if body else span + html


def write_eml(message: EmailMessage, path: Path) -> Path:
    """Write the message as it would go on the wire (an ``.eml`` file any mail client opens)."""
    write_atomic(path, message.as_bytes(policy=policy.SMTP))
    return path


class _Temporary(Exception):
    """A failure worth retrying (4xx reply, dropped connection); ``args[0]`` says what happened."""


def send(message: EmailMessage, recipients: Iterable[str], settings: SmtpSettings, *,
         sleep: Callable[[float], object] = time.sleep) -> None:
    """Send ``message`` to every recipient (``To`` and blind copies alike) over SMTP.

    Temporary failures (4xx replies, a dropped connection) are retried ``settings.retries``
    times, waiting 1, 2, 4 … seconds through ``sleep``; recipients the server accepted are not
    sent to again. Everything, retries and waits included, ends by ``settings.deadline``.
    Anything else raises :class:`MailError` at once, one line naming the server.
    """
    pending = list(envelope_recipients(recipients))
    if not pending:
        raise ConfigError("no recipient: give at least one --email-to address")
    if settings.username and not settings.password:
        raise ConfigError(f"a user name is set for {settings.server} ({settings.username}) but no password: "
                          "set DIGEST_SMTP_PASSWORD in the environment")
    total, refused = len(pending), {}
    deadline = time.monotonic() + settings.deadline
    for attempt in range(settings.retries + 1):
        delay = BACKOFF * 2 ** attempt  # before the next attempt
        try:
            rejected = _deliver(message, pending, settings, deadline)
        except _Temporary as exc:
            if _last(attempt, delay, deadline, settings):
                tries = "1 attempt" if attempt == 0 else f"{attempt + 1} attempts"
                why = "" if attempt == settings.retries else f" (another would pass the {settings.deadline:g} s deadline)"
                raise MailError(_clean(f"{settings.server}: {exc.args[0]}; gave up after {tries}{why}",
                                       settings)) from None
            log.warning("%s", _clean(f"{settings.server}: {exc.args[0]}; trying again in {delay:g} s", settings))
            sleep(delay)
            continue
        except MailError as exc:
            raise MailError(_clean(str(exc), settings)) from exc.__cause__
        # Accepted recipients have the message; retry only those refused for now (4xx).
        refused.update({a: r for a, r in rejected.items() if not 400 <= r[0] < 500})
        pending = [a for a, r in rejected.items() if 400 <= r[0] < 500]
        if not pending:
            break
        if _last(attempt, delay, deadline, settings):
            refused.update(rejected)
            break
        log.warning("%s: %s refused for now; trying again in %g s", settings.server, ", ".join(pending), delay)
        sleep(delay)
    if refused:
        raise MailError(_clean(f"{settings.server}: recipient rejected: {_refusals(refused)}; "
                               f"sent to {total - len(refused)} of {total}", settings))
    log.info("sent to %d recipient(s) through %s", total, settings.server)


def _last(attempt: int, delay: float, deadline: float, settings: SmtpSettings) -> bool:
    """True when no attempt may follow: none is left, or waiting for it would pass the deadline."""
    return attempt == settings.retries or time.monotonic() + delay >= deadline


def _deliver(message: EmailMessage, recipients: list[str], settings: SmtpSettings, deadline: float) -> dict:
    """One connection, cut off at ``deadline`` (a ``time.monotonic()``) whatever the server does."""
    remaining = deadline - time.monotonic()
    with _Watchdog(remaining) as watchdog:
        try:
            return _attempt(message, recipients, settings, min(settings.timeout, remaining), watchdog)
        except (MailError, _Temporary) as exc:
            if watchdog.fired or time.monotonic() >= deadline:
                # When the watchdog cut the connection, the error is of its making.
                what = "the server was too slow" if watchdog.fired else \
                    str(exc.args[0]).removeprefix(f"{settings.server}: ")
                raise MailError(f"{settings.server}: no delivery within the {settings.deadline:g} s deadline "
                                f"({what}); try again later, or raise deadline in [smtp]") from None
            raise


class _Watchdog:
    """Shuts the connection down when its time is up, however slowly the server talks.

    Socket timeouts bound each read, so a server that sends a line a second never trips them;
    shutting the socket down from a timer ends any read at once, in plain text or TLS alike.
    """

    def __init__(self, seconds: float):
        self.fired = False
        self._socket: socket.socket | None = None
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(seconds, 0.0), self._cut)
        self._timer.daemon = True

    def watch(self, sock: socket.socket) -> None:
        """Watch the connection of ``sock`` (a duplicate is kept: TLS wrapping detaches ``sock``)."""
        with self._lock:
            self._socket = sock.dup()
            if self.fired:
                self._shutdown()

    def _cut(self) -> None:
        with self._lock:
            self.fired = True
            self._shutdown()

    def _shutdown(self) -> None:
        try:
            if self._socket:
                self._socket.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass  # already closed

    def __enter__(self) -> _Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self._timer.cancel()
        with self._lock:
            if self._socket:
                self._socket.close()


class _Client(smtplib.SMTP):
    """smtplib's client, showing its socket to a watchdog as soon as it is connected."""

    def __init__(self, watchdog: _Watchdog, host: str, port: int, **kw):
        self.watchdog = watchdog
        super().__init__(host, port, **kw)

    def _get_socket(self, host, port, timeout):
        sock = super()._get_socket(host, port, timeout)
        self.watchdog.watch(sock)
        return sock


class _ClientSSL(smtplib.SMTP_SSL, _Client):
    """Implicit TLS: ``SMTP_SSL`` wraps the socket that ``_Client._get_socket`` returns (the MRO
    puts ``_Client`` between ``SMTP_SSL`` and ``SMTP``), so the watchdog sees it before the handshake."""

    def __init__(self, watchdog: _Watchdog, host: str, port: int, **kw):
        self.watchdog = watchdog
        smtplib.SMTP_SSL.__init__(self, host, port, **kw)


def _attempt(message: EmailMessage, recipients: list[str], settings: SmtpSettings, timeout: float,
             watchdog: _Watchdog) -> dict:
    """Connect, secure, log in, send; the recipients refused, with their replies."""
    where = settings.server
    silent = (f"{where}: no answer within {timeout:g} s; check DIGEST_SMTP_HOST and DIGEST_SMTP_PORT, "
              "or raise timeout in [smtp]")
    try:
        smtp = _connect(settings, timeout, watchdog)
    except ConnectionRefusedError:
        raise MailError(f"{where}: connection refused — is the SMTP server running? "
                        "check DIGEST_SMTP_HOST and DIGEST_SMTP_PORT") from None
    except socket.gaierror as exc:
        raise MailError(f"{where}: unknown host ({exc.strerror}); check DIGEST_SMTP_HOST") from None
    except smtplib.SMTPConnectError as exc:
        _response(exc, where, "the server refused the connection")
    except (smtplib.SMTPServerDisconnected, ConnectionResetError, ConnectionAbortedError, BrokenPipeError) as exc:
        _closed(exc, silent)
    except ssl.SSLError as exc:
        _tls_failure(exc, settings)
    except TimeoutError:
        raise MailError(silent) from None
    except OSError as exc:
        raise MailError(f"{where}: cannot connect ({_reason(exc)}); "
                        "check DIGEST_SMTP_HOST and DIGEST_SMTP_PORT") from None
    try:
        return _session(smtp, message, recipients, settings)
    except smtplib.SMTPRecipientsRefused as exc:  # every recipient refused
        if all(400 <= code < 500 for code, _ in exc.recipients.values()):
            raise _Temporary(f"recipients refused for now: {_refusals(exc.recipients)}") from None
        permanent = {a: r for a, r in exc.recipients.items() if not 400 <= r[0] < 500}
        raise MailError(f"{where}: recipient rejected: {_refusals(permanent)}; nothing was sent") from None
    except smtplib.SMTPAuthenticationError as exc:
        _response(exc, where, "authentication failed", "check DIGEST_SMTP_USER and DIGEST_SMTP_PASSWORD")
    except smtplib.SMTPSenderRefused as exc:
        if exc.smtp_code == 530:  # RFC 3207 / RFC 4954: "Must issue a STARTTLS command first" / auth required
            _response(exc, where, "the server requires STARTTLS or a login before sending",
                      "set security = \"starttls\" in [smtp] (or DIGEST_SMTP_SECURITY) and DIGEST_SMTP_USER")
        _response(exc, where, f"sender {exc.sender} refused", "check --email-from")
    except smtplib.SMTPDataError as exc:
        _response(exc, where, "the server refused the message")
    except smtplib.SMTPResponseException as exc:
        _response(exc, where, "the server refused")
    except smtplib.SMTPNotSupportedError as exc:
        raise MailError(f"{where}: {_reason(exc)}") from None
    except (smtplib.SMTPServerDisconnected, ConnectionResetError, ConnectionAbortedError, BrokenPipeError) as exc:
        _closed(exc, silent)
    except ssl.SSLError as exc:
        _tls_failure(exc, settings)
    except TimeoutError:
        raise MailError(silent) from None
    except OSError as exc:
        raise MailError(f"{where}: connection failed ({_reason(exc)})") from None


def _closed(exc: Exception, silent: str):
    """A dropped connection is worth another try; a server that stopped answering is not (smtplib
    reports a read that timed out as a closed connection)."""
    if isinstance(exc.__context__, TimeoutError):
        raise MailError(silent) from None
    raise _Temporary(f"the server closed the connection ({_reason(exc)})") from None


def _session(smtp: smtplib.SMTP, message: EmailMessage, recipients: list[str], settings: SmtpSettings) -> dict:
    try:
        _secure_and_login(smtp, settings)
        refused = smtp.send_message(message, to_addrs=recipients)
    except (smtplib.SMTPResponseException, MailError):
        _quit(smtp)  # the server still talks: say goodbye
        raise
    except BaseException:
        # A broken or half-encrypted connection: a QUIT could only fail or hang, and would
        # replace the real error (smtplib's ``with`` block raises from its QUIT).
        smtp.close()
        raise
    _quit(smtp)
    return refused


def _quit(smtp: smtplib.SMTP) -> None:
    try:
        smtp.quit()
    except (smtplib.SMTPException, OSError):
        smtp.close()


def _connect(settings: SmtpSettings, timeout: float, watchdog: _Watchdog) -> smtplib.SMTP:
    if settings.security == "ssl":
        return _ClientSSL(watchdog, settings.host, settings.port, timeout=timeout, context=_tls_context(settings))
    return _Client(watchdog, settings.host, settings.port, timeout=timeout)


def _secure_and_login(smtp: smtplib.SMTP, settings: SmtpSettings) -> None:
    smtp.ehlo_or_helo_if_needed()
    if settings.security == "starttls":
        if not smtp.has_extn("starttls"):
            # Never fall back to plain text: the login and the digest would travel readable.
            raise MailError(f"{settings.server}: the server does not offer STARTTLS; use security = \"ssl\" "
                            "(port 465) or, for a local relay only, \"none\" in [smtp] or DIGEST_SMTP_SECURITY")
        smtp.starttls(context=_tls_context(settings))
        smtp.ehlo()
    if settings.username:
        if not smtp.has_extn("auth"):
            raise MailError(f"{settings.server}: the server offers no login (AUTH) on this connection; "
                            "use security = \"starttls\" or \"ssl\", or unset DIGEST_SMTP_USER")
        _login(smtp, settings)


def _login(smtp: smtplib.SMTP, settings: SmtpSettings) -> None:
    user, password = settings.username or "", settings.password or ""
    if (user + password).isascii():
        smtp.login(user, password)
        return
    # smtplib sends credentials as ASCII only and fails on anything else (bpo-29750); AUTH
    # PLAIN is UTF-8 by definition (RFC 4616), so send that one ourselves.
    if "PLAIN" not in smtp.esmtp_features.get("auth", "").upper().split():
        raise MailError(f"{settings.server}: the user name or password is not plain ASCII and the server does "
                        "not offer AUTH PLAIN, the only login that carries it")
    blob = base64.b64encode(f"\0{user}\0{password}".encode("utf-8")).decode("ascii")
    code, reply = smtp.docmd("AUTH", "PLAIN " + blob)
    if code not in (235, 503):  # 503: already authenticated
        raise smtplib.SMTPAuthenticationError(code, reply)


def _tls_context(settings: SmtpSettings) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=settings.cafile)
    if not settings.verify:
        # Only when the user set verify = false in [smtp]: encrypted, but anyone in between can listen.
        log.warning("%s: the server's certificate is not verified (verify = false in [smtp])", settings.server)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context


def _tls_failure(exc: ssl.SSLError, settings: SmtpSettings):
    if isinstance(exc, ssl.SSLCertVerificationError):
        raise MailError(f"{settings.server}: TLS failed: the server's certificate is not trusted "
                        f"({exc.verify_message}); fix the server's certificate, give its CA as cafile "
                        "in [smtp], or set verify = false in [smtp] explicitly") from None
    raise MailError(f"{settings.server}: TLS failed ({exc.reason or exc}); check the security setting: "
                    "\"ssl\" is for port 465, \"starttls\" for 587, \"none\" for a plain relay") from None


def _response(exc: smtplib.SMTPResponseException, where: str, what: str, hint: str = ""):
    """Raise for a server reply: temporary (4xx) to be retried, otherwise a MailError."""
    said = f"{exc.smtp_code} {_text(exc.smtp_error)}".strip()
    if 400 <= exc.smtp_code < 500:
        raise _Temporary(f"{what}: {said}") from None
    raise MailError(f"{where}: {what}: {said}" + (f"; {hint}" if hint else "")) from None


def _refusals(refused: Mapping[str, tuple[int, bytes]]) -> str:
    return ", ".join(f"{address} ({code} {_text(reply)})" for address, (code, reply) in refused.items())


def _text(reply: bytes | str) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    return " ".join(text.split())


def _reason(exc: BaseException) -> str:
    return " ".join(str(getattr(exc, "strerror", None) or exc or type(exc).__name__).split())


def _clean(text: str, settings: SmtpSettings) -> str:
    """One line, and never the password, whatever a server echoed back."""
    text = " ".join(text.split())
    return text.replace(settings.password, "***") if settings.password else text
