"""Reading input: files and folders in, decoded :class:`Page` records out. The only stage that touches bytes."""
from __future__ import annotations

import codecs
import errno
import logging
import os
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from .dates import SIDECAR_NAME, load_sidecar, page_date
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
_CLEAN = {ord("\f"): "\n", ord("\v"): "\n", **{b: None for b in _CONTROL_BYTES}}


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
    Only a malformed ``pages.toml`` stops the run (:class:`digest.errors.ConfigError`).
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
                sidecars[path.parent] = _sidecar(path.parent)
            yield _read(path, sidecars[path.parent].get(path.name, {}), given_date, max_bytes)


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


def _read(path: Path, meta: dict, given_date: date | None, max_bytes: int) -> Page | Skipped:
    try:
        text, encoding = _decode(_load(path, max_bytes), path)
    except _Skip as skip:
        return _skipped(path, skip.reason, skip.hint)
    log.debug("%s: decoded as %s", path, encoding)
    found, source = page_date(path.name, text, given_date or meta.get("date"))
    if found is None:
        log.warning("%s: no date found — name it like 2017-08-23.txt or give its date in %s", path, SIDECAR_NAME)
    else:
        log.debug("%s: date %s (%s)", path, found, source)
    return Page(path, text, found, source, meta.get("paper"), encoding)


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
            text, encoding = _try(data, "gb18030")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    cleaned = text.translate(_CLEAN)
    removed = len(text) - len(cleaned)
    if removed:
        log.warning("%s: removed %d control character(s) (NUL etc.) from the text — check the export", path, removed)
    if not cleaned.strip():
        raise _Skip("only whitespace", "export the page again")
    return cleaned, encoding


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
