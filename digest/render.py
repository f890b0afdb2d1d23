"""Lay a digest out as Markdown, HTML or JSON. Templates only lay out; nothing is computed there."""
from __future__ import annotations

import json
import re
import traceback
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .assemble import shorten
from .errors import ConfigError, DigestError, RenderError
from .models import Digest

FORMATS = ("md", "html", "txt", "json")
SUFFIXES = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".txt": "txt", ".json": "json"}
# Gmail clips a message whose HTML passes about 102 KB ("[Message clipped]"; measured at 102 to
# 105 KB by email developers, e.g. github.com/hteumeuleu/email-bugs/issues/41): the mailed HTML
# stays within 100,000 bytes, which is under 100 KB whether a KB is 1000 or 1024 bytes.
MAIL_BUDGET = 100_000
TEXT_WIDTH = 72  # columns of the plain-text digest; a Chinese character takes two
SHIPPED_TEMPLATES = Path(__file__).resolve().parent / "templates"
# Every file the tool writes says so, in a way its format hides from readers, so that a digest
# saved among the pages is never read back as a page (see ``is_digest``).
GENERATOR = f"union-news-digest {__version__}"
_SIGNED = re.compile(re.escape(GENERATOR.split()[0]).encode() + rb" \d+\.\d+")
SIGNATURE_BYTES = 4096  # the signature sits this near the start (JSON, email headers) or the end

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
    """The digest in ``fmt``; ``templates`` is a folder whose files replace the shipped ones.

    A template that cannot be used raises :class:`RenderError` naming its file and line.
    """
    if fmt == "json":
        return to_json(digest)
    if fmt not in FORMATS:
        raise ConfigError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    text = _fill(f"digest.{fmt}", digest, templates)
    if fmt == "txt":  # an email signature ("-- " line, RFC 3676 section 4.3)
        return text.rstrip("\n") + f"\n\n-- \n{GENERATOR}\n"
    return text.rstrip("\n") + f"\n<!-- {GENERATOR} -->\n"  # a comment, hidden in Markdown and HTML alike


def format_of(path: Path | None) -> str | None:
    """The format a file name asks for by its suffix (`week.html` → html), or None."""
    return SUFFIXES.get(path.suffix.lower()) if path else None


@dataclass(frozen=True, slots=True)
class Mail:
    """The digest as mailed: the HTML and plain-text parts, and the full digest when they name
    some stories by headline only (attached unless it is online at ``digest.full_url``)."""

    digest: Digest
    html: str
    text: str
    full_html: str | None = None

    @property
    def size(self) -> int:
        return wire_size(self.html)


def wire_size(html: str) -> int:
    """The bytes of an HTML part as a mail carries it: UTF-8, every line ended by CRLF."""
    return len(html.encode("utf-8")) + html.count("\n")


def mail(digest: Digest, templates: Path | None = None, *, budget: int = MAIL_BUDGET,
         full_url: str | None = None, attachment: str = "digest.html") -> Mail:
    """The digest as one mail whose HTML fits ``budget`` bytes.

    A week larger than that keeps its lead stories and each section's first stories with their
    briefs, as many as fit, and names the others by headline; the full digest then goes along
    (``full_html``, to attach as ``attachment``) or is linked at ``full_url``.
    """
    html = render(digest, "html", templates)
    if wire_size(html) <= budget:
        return Mail(digest, html, render(digest, "txt", templates))

    def shortened(top: int) -> tuple[Digest, str]:
        short = shorten(digest, top, full_url=full_url, attachment=None if full_url else attachment)
        return short, render(short, "html", templates)

    # The size grows with the stories kept per section: find the most that fit by halving.
    low, high = 0, max(len(s.stories) for s in digest.all_sections) - 1
    best = shortened(0)
    if wire_size(best[1]) > budget:
        raise DigestError(f"the mail would be {wire_size(best[1]) / 1000:.0f} KB with every story "
                          f"but the lead ones named by headline only, over the {budget / 1000:.0f} KB that "
                          "mail clients show whole; mail a shorter period (--week)")
    while low < high:
        middle = (low + high + 1) // 2
        attempt = shortened(middle)
        if wire_size(attempt[1]) <= budget:
            low, best = middle, attempt
        else:
            high = middle - 1
    short, html = best
    return Mail(short, html, render(short, "txt", templates), None if full_url else render(digest, "html", templates))


def is_digest(head: bytes, tail: bytes = b"") -> bool:
    """True when a file beginning with ``head`` and ending with ``tail`` was written by this tool."""
    return bool(_SIGNED.search(head[:SIGNATURE_BYTES]) or _SIGNED.search(tail[-SIGNATURE_BYTES:]))


def templates_folder(path: Path) -> Path:
    """``path`` when it is a folder of templates; a :class:`ConfigError` saying what is wrong otherwise."""
    if not path.is_dir():
        what = "is not a folder" if path.exists() else "does not exist"
        raise ConfigError(f"{path}: the templates folder {what}; give a folder holding digest.md, digest.html "
                          "or digest.txt (copies of the shipped templates, edited)")
    return path


def _fill(name: str, digest: Digest, templates: Path | None) -> str:
    import jinja2
    from jinja2.exceptions import SecurityError

    env = _environment(templates, html=name.endswith(".html"))
    try:
        return env.get_template(name).render(digest=digest)
    except jinja2.TemplateSyntaxError as exc:
        raise RenderError(f"{exc.filename or name}, line {exc.lineno}: {exc.message}") from exc
    except jinja2.TemplateNotFound as exc:
        raise RenderError(f"template {exc.name} not found in {', '.join(map(str, env.loader.searchpath))}; "
                          "reinstall the package or add it to --templates") from exc
    except UnicodeDecodeError as exc:
        path = next(p for p in (Path(f) / name for f in env.loader.searchpath) if p.exists())
        raise RenderError(f"{path}: the template is not UTF-8 text; save it as UTF-8") from exc
    except Exception as exc:  # a mistake while filling in a template: an undefined name, unsafe access, …
        hint = " — a template may lay the digest out, not run code" if isinstance(exc, SecurityError) else ""
        raise RenderError(f"{_where(exc, env.loader.searchpath) or name}: {_one_line(exc)}{hint}") from exc


def _where(exc: Exception, folders: list[str]) -> str | None:
    """``file, line N`` of the innermost template frame of ``exc`` (Jinja puts them in tracebacks)."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.startswith(tuple(folders))]
    return f"{frames[-1].filename}, line {frames[-1].lineno}" if frames else None


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _environment(templates: Path | None, html: bool):
    import jinja2
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    folders = [str(p) for p in (templates and templates_folder(templates), SHIPPED_TEMPLATES) if p]
    # A user's template may lay the digest out, never run code: the sandbox refuses ``__class__``,
    # ``mro`` and the other ways from a string to ``subprocess``, and changing the digest.
    env = ImmutableSandboxedEnvironment(
        loader=jinja2.FileSystemLoader(folders),
        undefined=jinja2.StrictUndefined,
        autoescape=html,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = md_escape
    env.filters["wrap"] = wrap
    return env


# A line may not start with closing punctuation (Chinese line-breaking rule, 避头点).
_NO_LINE_START = set("，。、；：？！…）》」』”’,.;:?!)]")
_NO_LINE_END = set("（《「『“‘")  # nor end with opening punctuation (避尾点)


def wrap(text: str, width: int = TEXT_WIDTH, indent: str = "") -> str:
    """Text folded to ``width`` terminal columns, Chinese characters counting two.

    No line starts with closing punctuation or ends with opening punctuation: the characters
    next to the break move down together instead.
    """
    import unicodedata

    def cols(s: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)

    lines = []
    for para in text.split("\n"):
        line = indent
        for ch in para:
            if cols(line) + cols(ch) > width and line.strip():
                carry = ""
                while len(line) > len(indent) + 1 and (
                        (carry or ch)[0] in _NO_LINE_START or line[-1] in _NO_LINE_END) and len(carry) < 3:
                    carry, line = line[-1] + carry, line[:-1]
                lines.append(line.rstrip())
                line = indent + carry
                if ch == " " and not carry:
                    continue
            line += ch
        lines.append(line.rstrip())
    return "\n".join(lines)


def to_json(digest: Digest) -> str:
    """The digest as JSON: ``{"articles": [...], "skipped": [...]}`` plus the digest's own fields."""
    placed = {st.article.id: (sec.title, st) for sec in digest.all_sections for st in sec.stories}
    articles = []
    for b in digest.briefs:
        a = b.article
        section, story = placed.get(a.id, (None, None))
        articles.append({
            "id": a.id,
            "source": {"file": a.source.name, "path": str(a.source)},
            "position": a.position,
            "date": a.page_date.isoformat() if a.page_date else None,
            "date_source": a.date_source,
            "paper": a.paper,
            "page": a.page,
            "kind": a.kind,
            "headline": a.headline,
            "headline_generated": a.headline_generated,
            "subheadlines": list(a.subheadlines),
            "byline": a.byline,
            "truncated": a.truncated,
            "continuation": a.continuation,
            "column": a.column,
            "lines": list(a.lines),
            "body": a.body,
            "summary": b.summary.text,
            "summary_sentences": list(b.summary.sentences),
            "keywords": list(b.summary.keywords),
            "section": section,
            "region": story.region if story else None,
            "importance": story.importance if story else None,
        })
    doc = {
        "generator": GENERATOR,
        "title": digest.title,
        "period": {"start": _iso(digest.period_start), "end": _iso(digest.period_end),
                   "label": digest.period_label},
        "pages": digest.pages,
        "keywords": list(digest.keywords),
        "sections": [{"title": sec.title, "articles": [st.article.id for st in sec.stories]}
                     for sec in digest.all_sections],
        "duplicates": [{"id": a, "same_as": b} for a, b in digest.duplicates],
        "articles": articles,
        "skipped": [{"file": s.source.name, "path": str(s.source), "reason": s.reason, "item": s.item,
                     "line": s.line} for s in digest.skipped + digest.set_aside],
        "repeats": digest.repeats,
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _iso(d):
    return d.isoformat() if d else None
