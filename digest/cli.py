"""The command line: ``python run_digest.py [INPUT ...]`` or ``digest [INPUT ...]``."""
from __future__ import annotations

import argparse
import logging
import sys
from datetime import date
from pathlib import Path

from . import __version__
from .errors import DigestError
from .pipeline import DEFAULT_TITLE, Options, build_digest
from .render import FORMATS, render

log = logging.getLogger("digest")


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {value!r} (use YYYY-MM-DD)") from None


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
    p.add_argument("-o", "--output", type=Path, help="file to write; standard output when not given")
    p.add_argument("--format", choices=FORMATS, default="md", help="output format")
    p.add_argument("--page-date", type=_date, metavar="YYYY-MM-DD",
                   help="date of every input page (otherwise from pages.toml, the file name or the text)")
    p.add_argument("--title", default=DEFAULT_TITLE, help="title of the digest")
    p.add_argument("--brief-chars", type=_positive, default=150, metavar="N",
                   help="longest brief, in characters (whole sentences only)")
    p.add_argument("--brief-sentences", type=_positive, default=3, metavar="N",
                   help="most sentences in a brief")
    p.add_argument("--engine", choices=("numpy", "textrank4zh"), default="numpy",
                   help="TextRank implementation used for the briefs")
    p.add_argument("--templates", type=Path, metavar="DIR",
                   help="folder of your own templates (digest.md, digest.html); shipped ones fill the gaps")
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
    options = Options(page_date=args.page_date, brief_chars=args.brief_chars,
                      brief_sentences=args.brief_sentences, engine=args.engine, title=args.title)
    try:
        digest = build_digest(args.inputs, options)
        if not digest.pages:
            raise DigestError("no page could be read from " + ", ".join(map(str, args.inputs))
                              + ": give .txt or .md files of newspaper pages")
        text = render(digest, args.format, args.templates)
        if args.output:
            args.output.parent.mkdir(parents=True, exist_ok=True)
            args.output.write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
    except DigestError as exc:
        if args.verbose:
            log.exception("failed")
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    stories = sum(b.article.kind in ("news", "feature", "commentary") for b in digest.briefs)
    where = f" → {args.output}" if args.output else ""
    print(f"Done: {digest.pages} pages, {len(digest.briefs)} articles ({stories} stories), "
          f"{len(digest.skipped)} skipped{where}", file=sys.stderr)
    return 0
