"""The command line: ``python run_digest.py [INPUT ...]`` or ``digest [INPUT ...]``."""
from __future__ import annotations

import argparse
import logging
import os
import sys
from datetime import date
from pathlib import Path
from typing import NamedTuple, NoReturn

from . import __version__
from .config import load_config
from .errors import ConfigError, DigestError, OutputError, describe
from .ingest import shown
from .models import STORY_KINDS, Digest
from .output import check_target, write_atomic
from .pipeline import DEFAULT_TITLE, Options, by_week, collect, digest_of, iso_week, week_period
from .render import FORMATS, format_of, mail, render, templates_folder
from .report import mail_summary, report, summary

log = logging.getLogger("digest")
STRICT_EXIT = 3
INTERRUPTED_EXIT = 130  # 128 + SIGINT, as shells report a command ended by Ctrl-C
# The archive's commands (digest.commands, imported only to run one: it brings in SQLite and the
# mail modules).
COMMANDS = ("add", "build", "send", "review", "search")


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {value!r} (use YYYY-MM-DD)") from None


def _week(value: str) -> str:
    try:
        week_period(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO week: {value!r} (use e.g. 2017-W34)") from None
    return value


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"not a positive number: {value!r}")
    return int(value)


class _HelpFormatter(argparse.HelpFormatter):
    """Shows defaults that say something, at a fixed width so the README's copy of --help holds."""

    def __init__(self, prog):
        super().__init__(prog, width=100)

    def _get_help_string(self, action):
        if action.default in (None, False, argparse.SUPPRESS) or isinstance(action.default, list):
            return action.help
        return action.help + " (default: %(default)s)"


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="digest",
        description="Turn raw text of Chinese trade-union newspaper pages into a digest: every story "
                    "cut out of its page and condensed by TextRank into a few of its own sentences.",
        epilog="Pages kept day by day in an archive, a week reviewed before it is sent: "
               "digest add | build | send | review | search (each with its own --help).",
        formatter_class=_HelpFormatter,
    )
    p.add_argument("inputs", nargs="*", default=["samples"], metavar="INPUT",
                   help="page files (.txt, .md) or folders of them, read recursively (default: samples)")
    p.add_argument("-o", "--output", type=Path,
                   help="file to write (a folder with --weekly); standard output when not given")
    p.add_argument("--format", choices=FORMATS,
                   help="output format (default: the output file's extension, .md .html .txt .json; else md)")
    period = p.add_argument_group("period (default: all pages read)")
    period.add_argument("--week", type=_week, metavar="YYYY-Www", help="keep the pages of this ISO week, e.g. 2017-W34")
    period.add_argument("--since", type=_date, metavar="YYYY-MM-DD", help="keep pages dated on or after this day")
    period.add_argument("--until", type=_date, metavar="YYYY-MM-DD", help="keep pages dated on or before this day")
    period.add_argument("--weekly", action="store_true",
                        help="write one digest per ISO week found, into the --output folder")
    p.add_argument("--page-date", type=_date, metavar="YYYY-MM-DD",
                   help="date of every input page (otherwise from pages.toml, the file name or the text)")
    p.add_argument("--date", type=_date, metavar="YYYY-MM-DD", help="issue date printed on the digest")
    p.add_argument("--title", default=DEFAULT_TITLE, help="name of the digest, before its period")
    p.add_argument("--paper", metavar="NAME",
                   help="name of the paper the pages are from, shown on the digest (pages.toml may name "
                        "another for its folder or a page)")
    p.add_argument("--note", type=Path, metavar="FILE", help="editor's note, a Markdown file, printed at the top")
    p.add_argument("--sections", type=Path, metavar="FILE",
                   help="TOML file of topic sections and their keywords (default: the shipped sections.toml)")
    p.add_argument("--lead", type=_positive, default=3, metavar="N", help="stories in 本周要闻")
    p.add_argument("--brief-chars", type=_positive, default=150, metavar="N",
                   help="longest brief, in characters (whole sentences only)")
    p.add_argument("--brief-sentences", type=_positive, default=3, metavar="N",
                   help="most sentences in a brief")
    p.add_argument("--engine", choices=("numpy", "textrank4zh"), default="numpy",
                   help="TextRank implementation used for the briefs")
    p.add_argument("--include-notices", action="store_true",
                   help="show notices (遗失声明, 公告) in the digest; they are otherwise only in the report")
    p.add_argument("--report", type=Path, metavar="FILE",
                   help="write the editor's report here: skipped files, page lines set aside, notices, "
                        "contents boxes, repeats and the mail's size, all left out of the digest")
    p.add_argument("--templates", type=Path, metavar="DIR",
                   help="folder of your own templates (digest.md, digest.html, digest.txt); "
                        "shipped ones fill the gaps")
    p.add_argument("--config", type=Path, metavar="FILE",
                   help="TOML file of defaults: [digest] for these options, [smtp] for the mail server "
                        "(the password only from DIGEST_SMTP_PASSWORD)")
    email = p.add_argument_group("email (SMTP server from [smtp] in --config and DIGEST_SMTP_* variables)")
    email.add_argument("--email-to", action="append", metavar="ADDR",
                      help="email the digest to this address (repeat for more); recipients after the first "
                           "get blind copies")
    email.add_argument("--email-to-file", type=Path, metavar="FILE",
                      help="file of recipient addresses, one a line (# starts a comment), added to --email-to")
    email.add_argument("--email-from", metavar="ADDR",
                      help="sender address, e.g. '工会宣传部 <digest@example.org>' (needed with --email-to)")
    email.add_argument("--subject", metavar="TEXT", help="subject of the email (default: the digest's title)")
    email.add_argument("--email-no-bcc", action="store_true",
                      help="list every recipient in To, visible to all, instead of blind copies")
    email.add_argument("--archive-url", metavar="URL",
                      help="address of the full digest online ({period} becomes e.g. 2017-W34): a mail over "
                           "its size budget links there instead of attaching the full digest")
    email.add_argument("--dry-run", action="store_true",
                      help="with --email-to, write the message as a .eml file beside the output instead of sending it")
    p.add_argument("--strict", action="store_true",
                   help="exit with status 3 when anything was skipped (the output is written all the same)")
    p.add_argument("--max-file-mb", type=_positive, default=64, metavar="N",
                   help="skip input files larger than this many MiB (a long file is read page by page)")
    p.add_argument("--jobs", type=_positive, metavar="N",
                   help="processes cutting and briefing pages (default: one a core)")
    p.add_argument("-v", "--verbose", action="store_true", help="log details and show tracebacks")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the digest; return the exit code (0 done, 1 nothing produced or an error, 2 bad usage,
    3 something skipped under --strict, 130 interrupted). The one place errors become messages.

    A first argument naming an archive command (``add``, ``build``, ``send``, ``review``,
    ``search``) runs it: see :mod:`digest.commands`."""
    if argv is None:  # the command itself, not a call from code: the process ends after it
        code = main(sys.argv[1:])
        _leave(code)
    argv = list(argv)
    command = bool(argv) and argv[0] in COMMANDS
    if command:
        from . import commands
    p = commands.parser(argv[0]) if command else parser()
    known, _ = p.parse_known_args(argv[1:] if command else argv)
    logging.basicConfig(level=logging.DEBUG if known.verbose else logging.WARNING,
                        format="%(levelname)s: %(message)s", stream=sys.stderr, force=True)
    try:
        return commands.run(argv) if command else _run(p, argv, known.config)
    except DigestError as exc:
        return _fail(str(exc), exc.exit_code, known.verbose)
    except KeyboardInterrupt:
        return _fail("interrupted; files written before are complete, none is half written",
                     INTERRUPTED_EXIT, known.verbose)
    except Exception as exc:  # a bug: still one line, the traceback under -v
        return _fail(f"unexpected {describe(exc)}; run with -v for the traceback, and please report it",
                     1, known.verbose)


def _leave(code: int) -> NoReturn:
    """End the process once what it wrote is flushed, without tearing the interpreter down: that
    frees every object the run made or loaded, one by one (0.02 s of a 50-page week's 0.88 s).
    Every file the command writes is closed by then, and its pool of processes shut down."""
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a reader gone (`digest … | head`), or a closed stream
            pass
    os._exit(code)


def _fail(message: str, code: int, verbose: bool) -> int:
    if verbose:
        log.exception("failed")
    print(f"error: {message}", file=sys.stderr)
    return code


def _run(p: argparse.ArgumentParser, argv: list[str] | None, config_path: Path | None) -> int:
    config = load_config(config_path)
    # Defaults in code, then the config file, then the flags; the format of an output file's
    # extension beats the config's, which is a default for files that do not say.
    p.set_defaults(**{k: v for k, v in config["digest"].items() if k not in ("email_to", "format")})
    args = p.parse_args(argv)
    fmt = (args.format or (None if args.weekly else format_of(args.output))
           or config["digest"].get("format", "md"))
    options = _options(args)
    recipients = _recipients(args, config)
    settings = None
    if recipients and not args.dry_run:
        from .mail import smtp_settings

        settings = smtp_settings(config["smtp"])
    check_target(args.output, args.inputs, folder=args.weekly)
    check_target(args.report, args.inputs)
    progress = _Progress(args.inputs)
    collected = collect(args.inputs, options, progress)
    progress.done()
    if not collected.read:
        raise DigestError("no page could be read from " + ", ".join(map(shown, args.inputs))
                          + ": give .txt or .md files of newspaper pages")
    # Everything is rendered before anything is written: a template error leaves every file as it was.
    if args.weekly:
        digests = {args.output / f"digest-{week}.{fmt}": digest_of(part, options, week_period(week)
                                                                    if week != "undated" else None)
                   for week, part in by_week(collected).items()}
        files = {path: render(d, fmt, args.templates) for path, d in digests.items()}
        editor = _editor(list(digests.values()), args.report)
        for path, text in files.items():
            write_atomic(path, text)
        where = f" → {len(files)} files in {shown(args.output)}"
    else:
        digest = digest_of(collected, options)
        if not digest.stories and (recipients or fmt != "json"):
            raise DigestError(_nothing_to_send(args, collected.dates))
        text = render(digest, fmt, args.templates)
        mailed = _mail(digest, args) if recipients else None
        editor = _editor([digest], args.report, mailed)
        _write(text, args.output)
        where = f" → {shown(args.output)}" if args.output else ""
        if mailed:  # the digest is on disk before anything is sent
            where += _email(_message(mailed, args, recipients), args, recipients, settings)
            editor.lines.insert(0, mail_summary(mailed))
    if args.report:
        write_atomic(args.report, editor.report)
    for line in editor.lines:
        print(line, file=sys.stderr)
    stories = sum(b.article.kind in STORY_KINDS for b in collected.briefs)
    print(f"Done: {len(collected.pages)} pages, {len(collected.briefs)} articles ({stories} stories), "
          f"{len(collected.skipped)} skipped{where}", file=sys.stderr)
    if args.strict and collected.skipped:
        print(f"error: {len(collected.skipped)} item(s) skipped (--strict); see the warnings above", file=sys.stderr)
        return STRICT_EXIT
    return 0


def _nothing_to_send(args, dates) -> str:
    """Why an empty period is not written or mailed, and which weeks the pages do cover."""
    period = args.week or (f"{args.since or '…'} to {args.until or '…'}" if args.since or args.until else None)
    weeks = sorted({iso_week(d) for d in dates})
    if len(weeks) > 6:
        weeks = [f"{weeks[0]} to {weeks[-1]} ({len(weeks)} weeks)"]
    covered = ("the pages cover " + ", ".join(weeks) if weeks
               else "no page has a date: name the files like 2017-08-23.txt or give --page-date")
    return f"no story {f'dated in {period}' if period else 'in the pages read'} — nothing to send; {covered}"


class _Editor(NamedTuple):
    report: str  # the editor's report, for --report
    lines: list[str]  # its summary, for the console


def _editor(digests: list[Digest], path: Path | None, mailed=None) -> _Editor:
    lines = [line for line in map(summary, digests) if line]
    if lines:
        lines[-1] += f" (report in {shown(path)})" if path else " (see --report FILE)"
    return _Editor("\n".join(report(d, mailed) for d in digests) if path else "", lines)


def _mail(digest: Digest, args):
    """The digest as mailed: within Gmail's size budget, the full digest attached or linked when it is not."""
    start, end = digest.period_start, digest.period_end
    period = (iso_week(start) if not end or iso_week(end) == iso_week(start) else f"{start}_{end}") if start else None
    url = args.archive_url and args.archive_url.replace("{period}", period or "undated")
    return mail(digest, args.templates, full_url=url, attachment=f"digest-{period}.html" if period else "digest.html")


class _Progress:
    """A progress bar on standard error, by bytes of input read; silent when that is not a terminal."""

    def __init__(self, inputs):
        self.on = sys.stderr.isatty()
        self.total = sum(_size(Path(p)) for p in inputs) if self.on else 0
        self.read = self.pages = 0

    def __call__(self, page) -> None:
        if not self.on:
            return
        self.pages += 1
        self.read += len(page.text.encode("utf-8"))
        share = min(1.0, self.read / self.total) if self.total else 0.0
        bar = "#" * int(30 * share)
        sys.stderr.write(f"\r[{bar:<30}] {share:4.0%}  {self.pages} pages")
        sys.stderr.flush()

    def done(self) -> None:
        if self.on and self.pages:
            sys.stderr.write("\r\033[K")


def _size(path: Path) -> int:
    try:
        if path.is_dir():
            return sum(f.stat().st_size for f in path.rglob("*") if f.suffix in (".txt", ".md") and f.is_file())
        return path.stat().st_size
    except OSError:
        return 0


def _recipients(args, config) -> tuple[str, ...]:
    """Every address to mail, checked before any work is done; empty when not mailing."""
    # The mail module (SMTP, TLS, email: 0.02 s of imports) only when there is mail to send.
    wanted = list(args.email_to or config["digest"].get("email_to", []))
    if args.email_to_file:
        from .mail import read_addresses

        wanted += read_addresses(args.email_to_file)
    if args.weekly and not args.output:
        raise ConfigError("--weekly writes one file per week: give the folder with -o/--output")
    if not wanted:
        if args.dry_run:
            raise ConfigError("--dry-run writes the email it would send: give --email-to as well")
        return ()
    if args.weekly:
        raise ConfigError("--weekly cannot be emailed: send one week at a time with --week")
    if not args.email_from:
        raise ConfigError("--email-to needs a sender: give --email-from (or email_from in [digest])")
    from .mail import envelope_recipients, parse_address

    parse_address(args.email_from)
    return envelope_recipients(wanted)


def _message(mailed, args, recipients):
    from .mail import build_message

    attachment = (mailed.digest.attachment, mailed.full_html) if mailed.full_html else None
    return build_message(subject=args.subject or mailed.digest.title, sender=args.email_from, recipients=recipients,
                         text=mailed.text, html=mailed.html, preheader=mailed.digest.preheader,
                         bcc=not args.email_no_bcc, attachment=attachment)


def _email(message, args, recipients, settings) -> str:
    from .mail import send, write_eml

    if args.dry_run:
        path = write_eml(message, args.output.with_suffix(".eml") if args.output else Path("digest.eml"))
        return f", message in {shown(path)}"
    send(message, recipients, settings)
    return f", emailed to {len(recipients)} via {settings.server}"


def _options(args) -> Options:
    if args.week and (args.since or args.until):
        raise ConfigError("give either --week or --since/--until, not both")
    if args.since and args.until and args.since > args.until:
        raise ConfigError(f"--since {args.since} is after --until {args.until}; swap them")
    if args.templates:
        templates_folder(args.templates)
    period = week_period(args.week) if args.week else None
    if args.since or args.until:
        period = (args.since or date.min, args.until or date.max)
    note = None
    if args.note:
        try:
            note = args.note.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{args.note}: cannot read the editor's note ({exc}); give a UTF-8 Markdown file") from None
    return Options(page_date=args.page_date, period=period, brief_chars=args.brief_chars,
                   brief_sentences=args.brief_sentences, engine=args.engine, title=args.title,
                   lead=args.lead, sections=args.sections, note=note, issue_date=args.date,
                   max_bytes=args.max_file_mb * 2**20, paper=args.paper, include_notices=args.include_notices,
                   jobs=args.jobs or 0)


def _write(text: str, path: Path | None) -> None:
    if path is not None:
        write_atomic(path, text)
        return
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        # Python would complain again when it flushes standard output at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise OutputError("standard output: closed before the digest was written (broken pipe)") from None
    except OSError as exc:
        raise OutputError(f"standard output: cannot write the digest ({exc.strerror or exc})") from None
