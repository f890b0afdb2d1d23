"""The archive's subcommands: ``digest add|build|send|review|search``.

``digest PAGES…`` stays the one-off digest of :mod:`digest.cli`; a first argument naming one of
these commands runs it instead (a page file called ``add`` is still read as ``./add``). The
options a command shares with the one-off digest are the same argparse actions, borrowed from
:func:`digest.cli.parser`, so each is defined, checked and documented once.
"""
from __future__ import annotations

import argparse
import copy
import logging
import sys
import unicodedata
from datetime import date
from pathlib import Path

from . import cli
from .archive import ENV_VAR, Archive
from .config import load_config
from .editing import SENT_CHOICES
from .errors import ConfigError, DigestError
from .ingest import shown
from .mail import send as send_mail
from .mail import build_message, smtp_settings, write_eml
from .models import STORY_KINDS
from .output import write_atomic
from .pipeline import Options, add_pages, build_week, week_period
from .render import FORMATS, mail, render, templates_folder
from .settings import REVIEW_HOST, REVIEW_PORT, Settings, archive_path

log = logging.getLogger("digest")

COMMANDS = cli.COMMANDS
_DIGEST_OPTIONS = ("output", "format", "title", "note", "sections", "lead", "date", "templates")
_OWN_HELP = {  # where the one-off digest's help says something else
    "output": "file to write; standard output when not given",
    "format": "output format (default: the output file's extension, .md .html .txt .json; else md)",
}
_MAIL_OPTIONS = ("email_to", "email_to_file", "email_from", "subject", "email_no_bcc", "dry_run")


def parser(command: str) -> argparse.ArgumentParser:
    """The parser of one subcommand."""
    one_off = cli.parser()
    actions = {a.dest: a for a in one_off._actions}
    about = {
        "add": "Read, cut and brief pages into the archive. A page stored already is skipped; a page "
               "whose text changed replaces its earlier version.",
        "build": "Write the digest of a week from the archive, with the editor's decisions applied.",
        "send": "Build the digest of a week, email it, and record what was sent, so that those stories "
                "(and reprints of them) stay out of later digests.",
        "review": "Serve a page on this machine to review a week: drop, lead, edit, move, preview and send.",
        "search": "Find archived stories that hold every word given (jieba words, SQLite FTS5).",
    }[command]
    p = argparse.ArgumentParser(prog=f"digest {command}", description=about, formatter_class=cli._HelpFormatter)

    def borrow(container, *dests):
        # What argparse's ``parents=`` does for a whole parser, for some of its options.
        for dest in dests:
            action = actions[dest]
            if dest in _OWN_HELP:
                action = copy.copy(action)
                action.help = _OWN_HELP[dest]
                action.default = None if dest == "format" else action.default
            container._add_action(action)

    if command == "add":
        p.add_argument("inputs", nargs="+", metavar="INPUT", help="page files (.txt, .md) or folders of them")
        borrow(p, "page_date", "brief_chars", "brief_sentences", "engine", "max_file_mb", "strict")
    elif command == "search":
        p.add_argument("words", nargs="+", metavar="WORD", help="words every story found must hold")
        p.add_argument("--since", type=cli._date, metavar="YYYY-MM-DD", help="only pages dated on or after this day")
        p.add_argument("--limit", type=cli._positive, default=50, metavar="N", help="most stories listed")
    else:
        p.add_argument("--week", type=cli._week, metavar="YYYY-Www", required=command != "review",
                              help="the ISO week, e.g. 2017-W34" + (" (default: the latest week in the archive)"
                                                                   if command == "review" else ""))
        borrow(p, *_DIGEST_OPTIONS)
        p.add_argument("--sent", choices=SENT_CHOICES, default="leave-out",
                       help="stories sent in an earlier digest (or reprints of them): leave them out, or "
                            "list them as 已发 with the day they went out")
        if command in ("send", "review"):
            mail = p.add_argument_group("email (SMTP server from [smtp] in --config and DIGEST_SMTP_* variables)")
            borrow(mail, *_MAIL_OPTIONS)
        if command == "review":
            p.add_argument("--host", default=REVIEW_HOST,
                           help="address to listen on; anything but 127.0.0.1 lets others on the network edit")
            p.add_argument("--port", type=int, default=REVIEW_PORT, help="port of the review page")
    p.add_argument("--db", type=Path, metavar="FILE",
                   help=f"the archive file (default: ${ENV_VAR}, else archive.sqlite3 in your user data folder)")
    borrow(p, "config", "verbose")
    return p


def run(argv: list[str]) -> int:
    """Run ``argv`` (its first item a command name); errors are raised for :func:`digest.cli.main`."""
    command, rest = argv[0], argv[1:]
    p = parser(command)
    known, _ = p.parse_known_args(rest)
    config = load_config(known.config)
    p.set_defaults(**{k: v for k, v in config["digest"].items() if k != "email_to"})
    args = p.parse_args(rest)
    settings = _settings(command, args, config)
    with Archive(settings.db, create=command == "add") as archive:
        return _COMMANDS[command](archive, settings, args)


def _settings(command: str, args, config) -> Settings:
    defaults = Options()
    options = Options(
        page_date=getattr(args, "page_date", None),
        brief_chars=getattr(args, "brief_chars", defaults.brief_chars),
        brief_sentences=getattr(args, "brief_sentences", defaults.brief_sentences),
        engine=getattr(args, "engine", defaults.engine),
        title=getattr(args, "title", defaults.title),
        lead=getattr(args, "lead", defaults.lead),
        sections=getattr(args, "sections", None),
        note=_note(getattr(args, "note", None)),
        issue_date=getattr(args, "date", None),
        max_bytes=getattr(args, "max_file_mb", 64) * 2**20,
    )
    if getattr(args, "templates", None):
        templates_folder(args.templates)
    recipients = ()
    if command in ("send", "review"):
        args.weekly = False  # what cli._recipients checks for the one-off digest
        recipients = cli._recipients(args, config)
        if command == "send" and not recipients:
            raise ConfigError("send needs recipients: give --email-to (or email_to in [digest])")
    mailing = recipients and not getattr(args, "dry_run", False)
    return Settings(
        db=archive_path(args.db),
        options=options,
        week=getattr(args, "week", None),
        format=_format(getattr(args, "format", None), getattr(args, "output", None)),
        output=getattr(args, "output", None),
        templates=getattr(args, "templates", None),
        sent=getattr(args, "sent", "leave-out"),
        recipients=recipients,
        sender=getattr(args, "email_from", None),
        subject=getattr(args, "subject", None),
        bcc=not getattr(args, "email_no_bcc", False),
        dry_run=getattr(args, "dry_run", False),
        smtp=smtp_settings(config["smtp"]) if mailing else None,
        host=getattr(args, "host", REVIEW_HOST),
        port=getattr(args, "port", REVIEW_PORT),
    )


def _format(given: str | None, output: Path | None) -> str:
    """The format asked for, else the output file's (``week.html``), else Markdown."""
    if given:
        return given
    suffix = output.suffix.lower().lstrip(".") if output else ""
    return {"markdown": "md", "htm": "html"}.get(suffix, suffix) if suffix in (*FORMATS, "markdown", "htm") else "md"


def _note(path: Path | None) -> str | None:
    if path is None:
        return None
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the editor's note ({exc}); give a UTF-8 Markdown file") from None


def _add(archive: Archive, settings: Settings, args) -> int:
    progress = cli._Progress(args.inputs)
    added = add_pages(args.inputs, archive, settings.options, today=date.today(), progress=progress)
    progress.done()
    if not (added.new or added.changed or added.same):
        raise DigestError("no page could be read from " + ", ".join(map(shown, args.inputs))
                          + ": give .txt or .md files of newspaper pages")
    undated = (f"; {added.undated} undated, in no week: add them again with --page-date"
               if added.undated else "")
    pages, stories = archive.counts()
    weeks = sorted(added.weeks)
    if len(weeks) > 4:
        weeks = [f"{weeks[0]} to {weeks[-1]}"]
    touched = f" ({', '.join(weeks)})" if weeks else ""
    print(f"Done: {added.new} new pages, {added.changed} changed, {added.same} already stored; "
          f"{added.stories} stories added{touched}, {len(added.skipped)} skipped{undated} → {shown(archive.path)} "
          f"({pages} pages, {stories} stories)", file=sys.stderr)
    if args.strict and added.skipped:
        print(f"error: {len(added.skipped)} item(s) skipped (--strict); see the warnings above", file=sys.stderr)
        return cli.STRICT_EXIT
    return 0


def render_week(archive: Archive, settings: Settings, week: str):
    """The week built from the archive, and its text in the chosen format."""
    built = build_week(archive, week, settings.options, sent=settings.sent)
    return built, render(built.digest, settings.format, settings.templates)


def _build(archive: Archive, settings: Settings, args) -> int:
    built, text = render_week(archive, settings, settings.week)
    cli._write(text, settings.output)
    _summary(built, settings.output)
    return 0


def _summary(built, output: Path | None, extra: str = "") -> None:
    digest = built.digest
    stories = sum(len(s.stories) for s in (digest.lead, *digest.sections) if s and s.anchor != "sent")
    before = f", {len(built.sent_before)} sent before" if built.sent_before else ""
    where = f" → {shown(output)}" if output else ""
    print(f"Done: {digest.period_label}: {digest.pages} pages, {stories} stories{before}{where}{extra}",
          file=sys.stderr)


def send_week(archive: Archive, settings: Settings, week: str, today: date | None = None) -> tuple[object, str]:
    """Build, email and record the week; returns the build and where the message went."""
    built, text = render_week(archive, settings, week)
    if settings.output:
        write_atomic(settings.output, text)
    # The mail a one-off run sends: within the size mail clients show whole, the full digest attached
    # when the week is larger.
    mailed = mail(built.digest, settings.templates, attachment=f"digest-{week}.html")
    message = build_message(subject=settings.subject or built.digest.title, sender=settings.sender,
                            recipients=settings.recipients, text=mailed.text, html=mailed.html,
                            preheader=mailed.digest.preheader, bcc=settings.bcc,
                            attachment=(mailed.digest.attachment, mailed.full_html) if mailed.full_html else None)
    if settings.dry_run:
        path = write_eml(message, settings.output.with_suffix(".eml") if settings.output else Path("digest.eml"))
        return built, f", message in {shown(path)} (not sent, not recorded)"
    send_mail(message, settings.recipients, settings.smtp)
    from .assemble import story_anchors

    archive.record_send(week, today or date.today(), len(settings.recipients), str(message["Subject"]),
                        built.shown, story_anchors)
    return built, f", emailed to {len(settings.recipients)} via {settings.smtp.server}"


def _send(archive: Archive, settings: Settings, args) -> int:
    built, where = send_week(archive, settings, settings.week)
    _summary(built, settings.output, where)
    return 0


def _review(archive: Archive, settings: Settings, args) -> int:
    from .review import serve

    week = settings.week or archive.latest_week()
    if week is None:
        raise DigestError(f"{shown(archive.path)}: the archive has no dated page yet; add pages with `digest add`")
    week_period(week)
    serve(archive, settings, week)
    return 0


def _search(archive: Archive, settings: Settings, args) -> int:
    found = archive.search(args.words, since=args.since, limit=args.limit)
    for stored, day in found:
        a = stored.brief.article
        print(_plain(f"{day or '----------'}  {a.headline}  ({a.paper or a.source.name})"))
    kinds = sum(s.brief.article.kind in STORY_KINDS for s, _ in found)
    print(f"Done: {len(found)} found ({kinds} stories){' — the first ' + str(args.limit) if len(found) == args.limit else ''}",
          file=sys.stderr)
    return 0


def _plain(text: str) -> str:
    """Text safe on a terminal: control characters (escape sequences a page may hold) shown as �."""
    return "".join("\ufffd" if unicodedata.category(c) == "Cc" else c for c in text)


_COMMANDS = {"add": _add, "build": _build, "send": _send, "review": _review, "search": _search}
