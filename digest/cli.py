"""The command line: ``python run_digest.py [INPUT ...]`` or ``digest [INPUT ...]``."""
from __future__ import annotations

import argparse
import logging
import sys
from datetime import date
from pathlib import Path

from . import __version__
from .errors import ConfigError, DigestError
from .models import STORY_KINDS
from .pipeline import DEFAULT_TITLE, Options, by_week, collect, digest_of, week_period
from .render import FORMATS, render

log = logging.getLogger("digest")


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
        prog="run_digest.py",
        description="Turn raw text of Chinese trade-union newspaper pages into a digest: every story "
                    "cut out of its page and condensed by TextRank into a few of its own sentences.",
        formatter_class=_HelpFormatter,
    )
    p.add_argument("inputs", nargs="*", default=["samples"], metavar="INPUT",
                   help="page files (.txt, .md) or folders of them, read recursively (default: samples)")
    p.add_argument("-o", "--output", type=Path,
                   help="file to write (a folder with --weekly); standard output when not given")
    p.add_argument("--format", choices=FORMATS, default="md", help="output format")
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
    p.add_argument("--templates", type=Path, metavar="DIR",
                   help="folder of your own templates (digest.md, digest.html, digest.txt); "
                        "shipped ones fill the gaps")
    p.add_argument("-v", "--verbose", action="store_true", help="log details and show tracebacks")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the digest; return the exit code (0 done, 1 nothing produced or an error, 2 bad usage)."""
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(levelname)s: %(message)s", stream=sys.stderr, force=True)
    if not args.verbose:
        logging.getLogger().setLevel(logging.WARNING)
    try:
        options = _options(args)
        collected = collect(args.inputs, options)
        if not collected.pages and not any("outside" in s.reason for s in collected.skipped):
            raise DigestError("no page could be read from " + ", ".join(map(str, args.inputs))
                              + ": give .txt or .md files of newspaper pages")
        if args.weekly:
            if not args.output:
                raise ConfigError("--weekly writes one file per week: give the folder with -o/--output")
            written = []
            for week, part in by_week(collected).items():
                period = week_period(week) if week != "undated" else None
                path = args.output / f"digest-{week}.{'md' if args.format == 'md' else args.format}"
                _write(render(digest_of(part, options, period), args.format, args.templates), path)
                written.append(path)
            where = f" → {len(written)} files in {args.output}"
        else:
            _write(render(digest_of(collected, options), args.format, args.templates), args.output)
            where = f" → {args.output}" if args.output else ""
    except DigestError as exc:
        if args.verbose:
            log.exception("failed")
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    stories = sum(b.article.kind in STORY_KINDS for b in collected.briefs)
    print(f"Done: {len(collected.pages)} pages, {len(collected.briefs)} articles ({stories} stories), "
          f"{len(collected.skipped)} skipped{where}", file=sys.stderr)
    return 0


def _options(args) -> Options:
    if args.week and (args.since or args.until):
        raise ConfigError("give either --week or --since/--until, not both")
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
                   lead=args.lead, sections=args.sections, note=note, issue_date=args.date)


def _write(text: str, path: Path | None) -> None:
    if path is None:
        sys.stdout.write(text)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
