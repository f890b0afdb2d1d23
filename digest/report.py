"""The editor's report: what the readers' digest leaves out and why, for whoever runs the tool.

Readers see stories; the editor also needs the files that could not be read, the page lines the
cutter set aside, the notices and contents boxes, the repeats, and what the mail carried. They
are here and in the console summary, never in the digest that is mailed.
"""
from __future__ import annotations

from .models import Brief, Digest
from .render import GENERATOR, Mail, md_escape

# Items of a page that are not stories, as the report names them (a singular and a plural).
LEFT_OUT = {"notice": ("notice", "notices"), "toc": ("contents box", "contents boxes"),
            "other": ("other item", "other items")}
_SHOWN_CHARS = 60  # enough of an item's text to find it on the page


def left_out(digest: Digest) -> dict[str, list[Brief]]:
    """The articles the digest does not show, by kind (notices unless included, contents boxes, scraps)."""
    shown = {a.id for s in digest.all_sections for st in (*s.stories, *s.more) for a in st.sources}
    out: dict[str, list[Brief]] = {kind: [] for kind in LEFT_OUT}
    for b in digest.briefs:
        if b.article.id not in shown and b.article.kind in out:
            out[b.article.kind].append(b)
    return out


def summary(digest: Digest) -> str | None:
    """One line for the console: what the editor's report holds, or None when it holds nothing."""
    counts = [_count(len(briefs), *LEFT_OUT[kind]) for kind, briefs in left_out(digest).items() if briefs]
    if digest.set_aside:
        counts.append(_count(len(digest.set_aside), "page line", "page lines") + " set aside")
    if digest.skipped:
        counts.append(f"{len(digest.skipped)} skipped")
    return "Left out of the digest: " + ", ".join(counts) if counts else None


def mail_summary(mail: Mail) -> str:
    """One line for the console: how big the mail is and what it carries."""
    line = f"Mail: HTML part {mail.size / 1000:.1f} KB"
    d = mail.digest
    if not d.named_only:
        return line + ", every story with its brief"
    shown = sum(len(s.stories) for s in d.all_sections)
    where = f"linked at {d.full_url}" if d.full_url else f"attached as {d.attachment}"
    return (f"{line}: {shown} stories and photos with their briefs, {d.named_only} named by headline; "
            f"the full digest {where}")


def report(digest: Digest, mail: Mail | None = None) -> str:
    """The editor's report as Markdown: the mail, then everything left out, each item with its file."""
    lines = [f"# Editor's report: {md_escape(digest.title)}", "",
             f"{digest.pages} pages; {digest.stories} stories"
             + (f" and {digest.photos.count} photos" if digest.photos and digest.photos.count else "")
             + " in the digest.", ""]
    if mail:
        lines += ["## The mail", "", mail_summary(mail).removeprefix("Mail: ") + ".", ""]
    for kind, briefs in left_out(digest).items():
        if briefs:
            hint = " (`--include-notices` shows them in the digest)" if kind == "notice" else ""
            lines += [f"## {LEFT_OUT[kind][1].capitalize()}: {len(briefs)}{hint}", ""]
            lines += [f"- {_file(b.article.source)}: {_text(b.article.headline or b.article.body)}" for b in briefs]
            lines.append("")
    if digest.skipped:
        lines += [f"## Skipped: {len(digest.skipped)}", ""]
        lines += [f"- {_file(s.source)}: {md_escape(s.reason)}" + (f" ({_text(s.item)})" if s.item else "")
                  for s in digest.skipped]
        lines.append("")
    if digest.set_aside:
        lines += [f"## Page lines set aside: {len(digest.set_aside)}", ""]
        lines += [f"- {_file(s.source)}, line {s.line}: {md_escape(s.reason)}" + (f": {_text(s.item)}" if s.item else "")
                  for s in digest.set_aside]
        lines.append("")
    if digest.repeats:
        lines += ["## Repeated lines", "",
                  f"{_count(digest.repeats, 'page line', 'page lines')} repeat another line of their page "
                  "and are counted, not shown.", ""]
    repeats = [st for s in digest.all_sections for st in (*s.stories, *s.more) if st.also_in]
    if repeats:
        lines += [f"## Printed more than once: {len(repeats)}", "", "Each is shown once, naming the other printings.", ""]
        lines += [f"- {_text(st.article.headline)} ({_file(st.article.source)}), also in "
                  + ", ".join(_file(a.source) for a in st.also_in) for st in repeats]
        lines.append("")
    return "\n".join(lines) + f"\n<!-- {GENERATOR} -->\n"


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _file(path) -> str:
    return f"`{path}`"


def _text(text: str) -> str:
    text = " ".join(text.split())
    return md_escape(text if len(text) <= _SHOWN_CHARS else text[:_SHOWN_CHARS] + "…")
