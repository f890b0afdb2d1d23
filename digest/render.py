"""Lay a digest out as Markdown, HTML or JSON. Templates only lay out; nothing is computed there."""
from __future__ import annotations

import json
import re
from pathlib import Path

from .errors import ConfigError
from .models import Digest

FORMATS = ("md", "html", "json")
SHIPPED_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

# Characters that Markdown reads as markup anywhere in a line (an underscore only where it can
# open or close emphasis), escaped with a backslash as both Python-Markdown and CommonMark allow;
# `<` becomes an entity, since Python-Markdown has no backslash escape for it.
_MD_INLINE = re.compile(r"([\\`*\[\]>]|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z]))")
_MD_LINE_START = re.compile(r"^(\s*)([#+=-]|\d+(?=[.)]))", re.MULTILINE)


def md_escape(text: str) -> str:
    """Text that Markdown shows as written, not as headings, links, emphasis or HTML."""
    text = _MD_INLINE.sub(r"\\\1", text).replace("<", "&lt;")
    return _MD_LINE_START.sub(lambda m: m.group(0) + "\\" if m.group(2).isdigit()
                              else m.group(1) + "\\" + m.group(2), text)


def render(digest: Digest, fmt: str, templates: Path | None = None) -> str:
    """The digest in ``fmt``; ``templates`` is a folder whose files replace the shipped ones."""
    if fmt == "json":
        return to_json(digest)
    if fmt not in FORMATS:
        raise ConfigError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    return _environment(templates, html=fmt == "html").get_template(f"digest.{fmt}").render(digest=digest)


def _environment(templates: Path | None, html: bool):
    import jinja2

    folders = [str(p) for p in (templates, SHIPPED_TEMPLATES) if p]
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folders),
        undefined=jinja2.StrictUndefined,
        autoescape=html,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = md_escape
    return env


def to_json(digest: Digest) -> str:
    """The digest as JSON: ``{"articles": [...], "skipped": [...]}`` plus the digest's own fields."""
    articles = []
    for b in digest.briefs:
        a = b.article
        articles.append({
            "id": a.id,
            "source": {"file": a.source.name, "path": str(a.source)},
            "position": a.position,
            "date": a.page_date.isoformat() if a.page_date else None,
            "date_source": a.date_source,
            "paper": a.paper,
            "kind": a.kind,
            "headline": a.headline,
            "headline_generated": a.headline_generated,
            "subheadlines": list(a.subheadlines),
            "byline": a.byline,
            "truncated": a.truncated,
            "continuation": a.continuation,
            "body": a.body,
            "summary": b.summary.text,
            "summary_sentences": list(b.summary.sentences),
            "keywords": list(b.summary.keywords),
        })
    doc = {
        "title": digest.title,
        "period": {"start": _iso(digest.period_start), "end": _iso(digest.period_end)},
        "pages": digest.pages,
        "articles": articles,
        "skipped": [{"file": s.source.name, "path": str(s.source), "reason": s.reason, "item": s.item}
                    for s in digest.skipped],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _iso(d):
    return d.isoformat() if d else None
