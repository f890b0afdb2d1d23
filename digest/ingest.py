"""Reading input: files and folders in, decoded :class:`Page` records out. The only stage that touches bytes."""
from __future__ import annotations

import codecs
import errno
import logging
import os
import re
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from .dates import SIDECAR_NAME, load_sidecar, page_date
from .errors import ConfigError
from .models import Page, Skipped

log = logging.getLogger(__name__)

PAGE_SUFFIXES = (".txt", ".md")
# Pages are tens of kilobytes; a file this large is a dump or a mistake, and is read whole.
MAX_BYTES = 64 * 1024 * 1024

# Like git's binary check (xdiff-interface.c: the first 8000 bytes), but by share of control bytes, since a
# stray NUL in a text export is cleaned, not fatal. Random bytes are ~13% C0 controls, pages under 0.1%.
_SNIFF_BYTES = 8000
_BINARY_SHARE = 0.10
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\f\v") + b"\x7f"
_MAGIC = {
    b"%PDF": "a PDF",
    b"PK\x03\x04": "a zip/Office document",
    b"\xd0\xcf\x11\xe0": "an Office document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
}
# pdftotext ends each printed page with a form feed; treated as a line break, not as garbage.
_CLEAN = {ord("\v"): "\n", **{b: None for b in _CONTROL_BYTES}}
# A file longer than this is many pages (a dump of a month or a year): it is cut into pages at
# form feeds, else at blank lines, so memory and the page-level work grow with one page at a
# time. Printed pages run 10,000–30,000 characters.
PAGE_CHARS = 100_000
# A line longer than this (a page exported without line breaks, or garbage) is cut after a
# sentence end, or hard at the limit, so that no paragraph is megabytes long.
LINE_CHARS = 20_000
_SENTENCE_END = re.compile(r"(?<=[。！？])")
_BAD_SHARE = 0.1  # more of the file than this undecodable: it is not text


class _Skip(Exception):
    """A file cannot be used: the reason and what the user can do about it."""

    def __init__(self, reason: str, hint: str):
        super().__init__(reason)
        self.reason, self.hint = reason, hint


def read_pages(
    paths: Iterable[str | os.PathLike] | str | os.PathLike,
    *,
    given_date: date | None = None,
    max_bytes: int = MAX_BYTES,
) -> Iterator[Page | Skipped]:
    """Yield a :class:`Page` per ``.txt``/``.md`` file under ``paths``, or a :class:`Skipped` saying why not.

    Folders are read recursively, sorted by relative path; a file named explicitly is read whatever its suffix.
    A page's date is ``given_date``, else its ``pages.toml`` entry, else what :func:`digest.dates.page_date` finds.
    A malformed ``pages.toml`` is reported (a warning and a Skipped naming the line) and ignored.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    sidecars: dict[Path, dict[str, dict]] = {}
    seen: set[Path] = set()
    for arg in paths:
        for path in _expand(Path(arg)):
            if isinstance(path, Skipped):
                yield path
                continue
            key = path.resolve()  # the same file named twice, or through a link, is read once
            if key in seen:
                log.debug("%s: already read, not read again", path)
                continue
            seen.add(key)
            if path.parent not in sidecars:
                try:
                    sidecars[path.parent] = _sidecar(path.parent)
                except ConfigError as exc:
                    # The pages are still worth reading: their dates come from names or text.
                    log.warning("%s; its pages are read without it", exc)
                    sidecars[path.parent] = {}
                    yield Skipped(path.parent / SIDECAR_NAME, str(exc).split(": ", 1)[-1])
            yield from _read(path, sidecars[path.parent].get(path.name, {}), given_date, max_bytes)


def _expand(path: Path) -> Iterator[Path | Skipped]:
    """The files to read for one command-line path, or a Skipped for a path that cannot be used."""
    # pathlib answers False, not an error, for broken links and symlink loops; _missing tells them apart.
    is_dir = path.is_dir()
    exists = is_dir or path.exists()
    if not exists:
        yield _skipped(path, *_missing(path))
    elif not is_dir:
        yield path
    else:
        found = _walk(path)
        yield from found
        if not found:
            yield _skipped(path, "folder has no .txt or .md files", "put the pages there as .txt or .md")


def _missing(path: Path) -> tuple[str, str]:
    if not path.is_symlink():
        return "no such file or folder", "check the path"
    try:
        path.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symlink loop", f"point the link at a real file (it resolves to {os.readlink(path)})"
    return "broken symlink", f"its target {os.readlink(path)} is missing"


def _walk(root: Path) -> list[Path | Skipped]:
    """The page files under ``root``, and Skipped for what cannot be listed, in order of relative path."""
    found: list[tuple[tuple[str, ...], Path | Skipped]] = []
    ancestors: set[tuple[int, int]] = set()  # a folder met again below itself is a symlink loop

    def visit(folder: Path, rel: tuple[str, ...]) -> None:
        try:
            st = folder.stat()
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            found.append((rel, _skipped(folder, f"cannot list folder ({exc.strerror})", "check its permissions")))
            return
        key = (st.st_dev, st.st_ino)
        if key in ancestors:
            found.append((rel, _skipped(folder, "symlink loop", "it links back to a folder that contains it")))
            return
        ancestors.add(key)
        for entry in entries:
            path = folder / entry.name
            if entry.name.startswith("."):  # .git, .DS_Store, macOS "._page.txt" resource forks
                log.debug("%s: hidden, ignored", path)
            elif path.is_dir():
                visit(path, rel + (entry.name,))
            elif path.suffix.lower() in PAGE_SUFFIXES:
                # a page-named broken link or symlink loop is reported now, while we know which it is
                item = path if os.path.exists(path) else _skipped(path, *_missing(path))
                found.append((rel + (entry.name,), item))
            elif entry.name != SIDECAR_NAME:
                log.debug("%s: not .txt or .md, ignored", path)
        ancestors.discard(key)

    visit(root, ())
    found.sort(key=lambda item: item[0])
    return [item for _, item in found]


def _sidecar(folder: Path) -> dict[str, dict]:
    entries = load_sidecar(folder)
    for name in entries:
        if not (folder / name).exists():
            log.warning("%s: names %s, which is not in the folder — check the file name", folder / SIDECAR_NAME, name)
    return entries


def _read(path: Path, meta: dict, given_date: date | None, max_bytes: int) -> Iterator[Page | Skipped]:
    try:
        text, encoding = _decode(_load(path, max_bytes), path)
    except _Skip as skip:
        yield _skipped(path, skip.reason, skip.hint)
        return
    log.debug("%s: decoded as %s", path, encoding)
    pages = _split_pages(text, path)
    for part, page_text in enumerate(pages, 1 if len(pages) > 1 else 0):
        found, source = page_date(path.name, page_text, given_date or meta.get("date"))
        where = f"{path} (page {part})" if part else str(path)
        if found is None:
            log.warning("%s: no date found — name it like 2017-08-23.txt or give its date in %s", where, SIDECAR_NAME)
        else:
            log.debug("%s: date %s (%s)", where, found, source)
        yield Page(path, page_text, found, source, meta.get("paper"), encoding, part)


def _split_pages(text: str, path: Path) -> list[str]:
    """The printed pages of a file: cut at form feeds, long runs cut at blank lines."""
    lines = []
    for line in text.split("\n"):
        if len(line) > LINE_CHARS:
            log.warning("%s: a line of %d characters was cut into paragraphs — check the export", path, len(line))
            lines += _cut_line(line)
        else:
            lines.append(line)
    pages = []
    for chunk in "\n".join(lines).split("\f"):
        page: list[str] = []
        size = 0
        for line in chunk.split("\n"):
            if size > PAGE_CHARS and not line.strip():
                pages.append("\n".join(page))
                page, size = [], 0
            page.append(line)
            size += len(line) + 1
        pages.append("\n".join(page))
    return [p for p in pages if p.strip()] or [text]


def _cut_line(line: str) -> list[str]:
    out, rest = [], line
    while len(rest) > LINE_CHARS:
        ends = [m.end() for m in _SENTENCE_END.finditer(rest, 0, LINE_CHARS)]
        cut = ends[-1] if ends and ends[-1] > LINE_CHARS // 2 else LINE_CHARS
        out += [rest[:cut], ""]
        rest = rest[cut:]
    return out + [rest]


def _load(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise _Skip(
                f"file is {size / 2**20:.1f} MiB, over the {max_bytes / 2**20:g} MiB limit",
                "split it into pages or raise the limit",
            )
        return path.read_bytes()
    except PermissionError as exc:
        raise _Skip("permission denied", "make it readable (chmod +r)") from exc
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _Skip("symlink loop", "point the link at a real file") from exc
        if exc.errno == errno.ENOENT:
            raise _Skip("no such file (it vanished or is a broken link)", "check the path") from exc
        raise _Skip(f"cannot read ({exc.strerror})", "check the file") from exc


def _decode(data: bytes, path: Path) -> tuple[str, str]:
    """Return the text, cleaned of control characters and with ``\\n`` line ends, and the encoding used."""
    if not data:
        raise _Skip("empty file", "export the page again")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Windows Notepad's "Unicode"
        text, encoding = _try(data, "utf-16")
    else:
        _reject_binary(data)
        encoding = "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text, encoding = _decode_lines(data, path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    cleaned = text.translate(_CLEAN)
    removed = len(text) - len(cleaned)
    if removed:
        log.warning("%s: removed %d control character(s) (NUL etc.) from the text — check the export", path, removed)
    if not cleaned.strip():
        raise _Skip("only whitespace", "export the page again")
    return cleaned, encoding


def _decode_lines(data: bytes, path: Path) -> tuple[str, str]:
    """GB18030 text, or text whose lines mix UTF-8 and GB18030 (pages pasted together), decoded
    line by line; a line that is neither has its bad bytes replaced, with a warning."""
    counts = {"utf-8": 0, "gb18030": 0, "bad": 0}
    lines, bad_bytes = [], 0
    for raw in data.split(b"\n"):
        for encoding in ("utf-8", "gb18030"):
            try:
                lines.append(raw.decode(encoding))
                counts[encoding] += not raw.isascii()
                break
            except UnicodeDecodeError:
                continue
        else:
            lines.append(raw.decode("gb18030", errors="replace"))
            counts["bad"] += 1
            bad_bytes += len(raw)
    if bad_bytes > _BAD_SHARE * len(data):
        raise _Skip("not UTF-8 or GB18030 text", "save the page as UTF-8 text")
    if counts["bad"]:
        log.warning("%s: %d line(s) with bytes that are not text were kept with � — check the export", path, counts["bad"])
    if counts["utf-8"] and counts["gb18030"]:
        log.warning("%s: mixed encodings, %d line(s) UTF-8 and %d GB18030 — each line read in its own; "
                    "save the page as UTF-8", path, counts["utf-8"], counts["gb18030"])
        return "\n".join(lines), "utf-8+gb18030"
    return "\n".join(lines), "gb18030"


def _try(data: bytes, encoding: str) -> tuple[str, str]:
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError as exc:
        raise _Skip(
            f"not UTF-8 or GB18030 text (bad byte at {exc.start})", "save the page as UTF-8 text"
        ) from exc


def _reject_binary(data: bytes) -> None:
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            raise _Skip(f"binary file ({kind}), not text", "export the page as .txt")
    head = data[:_SNIFF_BYTES]
    if len(head) - len(head.translate(None, _CONTROL_BYTES)) > _BINARY_SHARE * len(head):
        raise _Skip("binary file, not text", "export the page as .txt")


def _skipped(path: Path, reason: str, hint: str) -> Skipped:
    log.warning("skipped %s: %s — %s", path, reason, hint)
    return Skipped(path, reason)
