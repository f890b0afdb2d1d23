"""Reading input: files and folders in, decoded :class:`Page` records out. The only stage that touches bytes."""
from __future__ import annotations

import codecs
import errno
import itertools
import logging
import os
import re
import stat
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from .dates import FOLDER, SIDECAR_NAME, load_sidecar, page_date, page_number, sidecar_entry
from .errors import ConfigError, item_failed
from .models import Page, Skipped
from .normalize import translator
from .render import SIGNATURE_BYTES, is_digest

log = logging.getLogger(__name__)

PAGE_SUFFIXES = (".txt", ".md")
# Pages are tens of kilobytes; a file this large is a dump or a mistake. The limit holds for
# what is read, not only for the size a file reports (files in /proc report 0).
MAX_BYTES = 64 * 1024 * 1024
_CHUNK = 2**20
NOT_A_PAGE = "not a text page: convert it first"
# How to make a page of the files people keep beside their pages, by suffix.
_CONVERT = {".pdf": "extract its text, e.g. pdftotext -layout",
            **dict.fromkeys((".doc", ".docx", ".wps", ".odt", ".rtf", ".htm", ".html"), "save it as plain text (.txt)"),
            **dict.fromkeys((".jpg", ".jpeg", ".png", ".tif", ".tiff", ".gif", ".bmp"),
                            "run OCR on the scan and save the text as .txt")}
_SPECIAL = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
            (stat.S_ISBLK, "a block device"))
# The legacy encodings of Chinese pages: GB18030 (a superset of GBK and GB2312) from the
# mainland, Big5 from Taiwan and Hong Kong. Among all it knows, charset-normalizer takes short
# GBK lines for Korean (cp949); among these two it tells them apart even on a line of four characters.
_LEGACY_ENCODINGS = ["gb18030", "big5"]

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
_clean = translator(_CLEAN)
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
    paper: str | None = None,
    max_bytes: int = MAX_BYTES,
) -> Iterator[Page | Skipped]:
    """Yield a :class:`Page` per ``.txt``/``.md`` file under ``paths``, or a :class:`Skipped` saying why not.

    Folders are read recursively, sorted by relative path, without following links to folders
    outside them; any other file in them is skipped as not a page. A file named explicitly is read
    whatever its suffix. Only regular files are read (never a FIFO or a device), and digests this
    tool wrote are recognised and left out. A page's date is ``given_date``, else its
    ``pages.toml`` entry, else what :func:`digest.dates.page_date` finds; its paper is the one
    ``pages.toml`` names (for the file, else for the folder), else ``paper``; its number comes from
    the file name or the page's head. A malformed ``pages.toml`` is reported (a warning and a
    Skipped naming the line) and ignored.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    sidecars: dict[Path, dict[str, dict]] = {}
    seen: set[Path] = set()
    shown_as: dict[Path, Path] = {}  # name shown → the file, so that two names shown alike stay apart
    for arg in paths:
        for path in _expand(Path(arg)):
            if isinstance(path, Skipped):
                yield path
                continue
            key = path.resolve()  # the same file named twice, or through a link, is read once
            if key in seen:
                log.debug("%s: already read, not read again", shown(path))
                continue
            seen.add(key)
            named = path == Path(arg)  # named on the command line, not found in a folder
            if not named and path.suffix.lower() not in PAGE_SUFFIXES:
                yield from _not_a_page(path)
                continue
            if path.parent not in sidecars:
                try:
                    sidecars[path.parent] = _sidecar(path.parent)
                except ConfigError as exc:
                    # The pages are still worth reading: their dates come from names or text.
                    log.warning("%s; its pages are read without it", exc)
                    sidecars[path.parent] = {}
                    yield Skipped(_display(path.parent / SIDECAR_NAME), str(exc).split(": ", 1)[-1])
            source = first = _display(path)
            for n in itertools.count(2):
                if shown_as.setdefault(source, key) == key:
                    break
                source = first.with_stem(f"{first.stem}~{n}")
            try:
                meta = {"paper": paper, **sidecar_entry(sidecars[path.parent], path.name)}
                yield from _read(path, source, meta, given_date, max_bytes, named)
            except Exception as exc:  # a mistake of ours on one file must not cost the others
                yield item_failed(source, "could not be read", exc)


def shown(path: str | os.PathLike) -> str:
    """The path as text that can be printed and saved: bytes of a file name that are not UTF-8
    (a zip made on Windows names files in GBK) become U+FFFD replacement characters."""
    return os.fsencode(path).decode("utf-8", errors="replace")


def _display(path: Path) -> Path:
    text = shown(path)
    return path if text == str(path) else Path(text)


def is_input_page(path: Path, inputs: Iterable[str | os.PathLike]) -> bool:
    """True when reading ``inputs`` would take ``path`` in as a page (a digest of this tool never)."""
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return False
    for arg in inputs:
        root = Path(arg).resolve()
        inside = root.is_dir() and target.is_relative_to(root) and target.suffix.lower() in PAGE_SUFFIXES
        if target == root or inside:
            try:
                head, tail = _ends(path)
            except (_Skip, OSError):
                return False
            return not is_digest(head, tail)
    return False


def _expand(path: Path) -> Iterator[Path | Skipped]:
    """The files for one command-line path, or a Skipped for a path that cannot be used."""
    # pathlib answers False, not an error, for broken links and symlink loops; _missing tells them apart.
    is_dir = path.is_dir()
    exists = is_dir or path.exists()
    if not exists:
        yield _skipped(path, *_missing(path))
    elif not is_dir:
        yield path
    else:
        yield from _walk(path)


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
    """The files under ``root``, and Skipped for what cannot be listed, in order of relative path."""
    found: list[tuple[tuple[str, ...], Path | Skipped]] = []
    ancestors: set[tuple[int, int]] = set()  # a folder met again below itself is a symlink loop
    top = root.resolve()

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
                log.debug("%s: hidden, ignored", shown(path))
            elif path.is_dir():
                target = path.resolve()
                if entry.is_symlink() and not target.is_relative_to(top):
                    found.append((rel + (entry.name,), _skipped(
                        path, f"link to a folder outside the input ({shown(target)}), not followed",
                        "name that folder on the command line to read it")))
                else:
                    visit(path, rel + (entry.name,))
            elif entry.name != SIDECAR_NAME:
                # a broken link or symlink loop is reported now, while we know which it is
                item = path if os.path.exists(path) else _skipped(path, *_missing(path))
                found.append((rel + (entry.name,), item))
        ancestors.discard(key)

    visit(root, ())
    found.sort(key=lambda item: item[0])
    if not any(rel and Path(rel[-1]).suffix.lower() in PAGE_SUFFIXES for rel, _ in found):
        found.append(((), _skipped(root, "folder has no .txt or .md files", "put the pages there as .txt or .md")))
    return [item for _, item in found]


def _sidecar(folder: Path) -> dict[str, dict]:
    entries = load_sidecar(folder)
    for name in entries:
        if name != FOLDER and not (folder / name).exists():
            log.warning("%s: names %s, which is not in the folder — check the file name",
                        shown(folder / SIDECAR_NAME), name)
    return entries


def _not_a_page(path: Path) -> Iterator[Skipped]:
    """A file in a folder of pages that is not one: said so, unless it is a digest of this tool."""
    try:
        head, tail = _ends(path)
    except _Skip as skip:
        yield _skipped(path, skip.reason, skip.hint)
        return
    if not _own_digest(path, head, tail):
        yield _skipped(path, NOT_A_PAGE, _CONVERT.get(path.suffix.lower(), "save it as a .txt file"))


def _own_digest(path: Path, head: bytes, tail: bytes) -> bool:
    if is_digest(head, tail):
        log.info("%s: a digest written by this tool, not read as a page", shown(path))
        return True
    return False


def _read(path: Path, source: Path, meta: dict, given_date: date | None, max_bytes: int,
          named: bool = False) -> Iterator[Page | Skipped]:
    """The pages of the file at ``path``, shown as ``source``."""
    try:
        data = _load(path, max_bytes)
        if _own_digest(path, data[:SIGNATURE_BYTES], data[-SIGNATURE_BYTES:]):
            if named:  # the user meant it: say why nothing came of it
                raise _Skip("a digest written by this tool, not a page", "give the pages it was made from")
            return
        text, encoding = _decode(data, path)
    except _Skip as skip:
        yield _skipped(path, skip.reason, skip.hint)
        return
    log.debug("%s: decoded as %s", shown(path), encoding)
    pages = _split_pages(text, path)
    for part, page_text in enumerate(pages, 1 if len(pages) > 1 else 0):
        found, how = page_date(path.name, page_text, given_date or meta.get("date"))
        where = f"{source} (page {part})" if part else str(source)
        if found is None:
            log.warning("%s: no date found — name it like 2017-08-23.txt or give its date in %s", where, SIDECAR_NAME)
        else:
            log.debug("%s: date %s (%s)", where, found, how)
        number = page_number("" if part else path.name, page_text)  # a file of many pages has one name
        yield Page(source, page_text, found, how, meta.get("paper"), encoding, part, number)


def _split_pages(text: str, path: Path) -> list[str]:
    """The printed pages of a file: cut at form feeds, long runs cut at blank lines."""
    lines = []
    for line in text.split("\n"):
        if len(line) > LINE_CHARS:
            log.warning("%s: a line of %d characters was cut into paragraphs — check the export", shown(path), len(line))
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
    """The bytes of a regular file, at most ``max_bytes`` of them whatever size the file reports."""
    with _open(path) as f:
        size = os.fstat(f.fileno()).st_size
        chunks, got = [], 0
        while got <= max_bytes and size <= max_bytes:
            try:
                chunk = f.read(_CHUNK)
            except OSError as exc:
                raise _Skip(f"cannot read ({exc.strerror})", "check the file and the disk") from exc
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
            got += len(chunk)
        raise _Skip(f"file is {_amount(max(size, got))}{'' if size >= got else ' or more'}, over the limit of "
                    f"{_amount(max_bytes)}", "split it into pages or raise the limit (--max-file-mb)")


def _amount(size: int) -> str:
    return f"{size / 2**20:.3g} MiB" if size >= 2**20 else f"{size:,} bytes"


def _ends(path: Path) -> tuple[bytes, bytes]:
    """The first and last bytes of a regular file, where the signature of a digest would be."""
    with _open(path) as f:
        head = f.read(SIGNATURE_BYTES)
        size = os.fstat(f.fileno()).st_size
        if size > 2 * SIGNATURE_BYTES:
            f.seek(size - SIGNATURE_BYTES)
        return head, f.read(SIGNATURE_BYTES)


def _open(path: Path):
    """The file opened for reading, when it is a regular file: a FIFO would wait for a writer for
    ever, /dev/zero never ends, and opening a device can do things."""
    try:
        kind = _special(os.stat(path).st_mode)
        if kind:
            raise _Skip(f"not a regular file ({kind})", "give files of page text")
        # O_NONBLOCK: should a FIFO take the file's place after the check, opening it does not wait.
        f = os.fdopen(os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY), "rb")
        kind = _special(os.fstat(f.fileno()).st_mode)
        if kind:
            f.close()
            raise _Skip(f"not a regular file ({kind})", "give files of page text")
        return f
    except PermissionError as exc:
        raise _Skip("permission denied", "make it readable (chmod +r)") from exc
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _Skip("symlink loop", "point the link at a real file") from exc
        if exc.errno == errno.ENOENT:
            raise _Skip("no such file (it vanished or is a broken link)", "check the path") from exc
        raise _Skip(f"cannot read ({exc.strerror})", "check the file") from exc


def _special(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    return next((kind for test, kind in _SPECIAL if test(mode)), "not a file")


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
    cleaned = _clean(text)
    removed = len(text) - len(cleaned)
    if removed:
        log.warning("%s: removed %d control character(s) (NUL etc.) from the text — check the export",
                    shown(path), removed)
    if not cleaned.strip():
        raise _Skip("only whitespace", "export the page again")
    return cleaned, encoding


def _decode_lines(data: bytes, path: Path) -> tuple[str, str]:
    """Text that is not all UTF-8, decoded line by line: UTF-8 lines as such (pages pasted
    together), the others in the legacy encoding charset-normalizer finds for them; a line that is
    neither has its bad bytes replaced, with a warning."""
    raw_lines = data.split(b"\n")
    utf8 = [_is_utf8(raw) for raw in raw_lines]
    encoding = _guess(b"\n".join(raw for raw, ok in zip(raw_lines, utf8) if not ok), path)
    counts = {"utf-8": 0, encoding: 0, "bad": 0}
    lines, bad_bytes = [], 0
    for raw, ok in zip(raw_lines, utf8):
        if ok:
            lines.append(raw.decode("utf-8"))
            counts["utf-8"] += not raw.isascii()
            continue
        try:
            lines.append(raw.decode(encoding))
            counts[encoding] += 1
        except UnicodeDecodeError:
            lines.append(raw.decode(encoding, errors="replace"))
            counts["bad"] += 1
            bad_bytes += len(raw)
    if bad_bytes > _BAD_SHARE * len(data):
        raise _Skip("not UTF-8, GB18030 or Big5 text", "save the page as UTF-8 text")
    if counts["bad"]:
        log.warning("%s: %d line(s) with bytes that are not text were kept with � — check the export",
                    shown(path), counts["bad"])
    if counts["utf-8"] and counts[encoding]:
        log.warning("%s: mixed encodings, %d line(s) UTF-8 and %d %s — each line read in its own; "
                    "save the page as UTF-8", shown(path), counts["utf-8"], counts[encoding], _NAMES[encoding])
        return "\n".join(lines), f"utf-8+{encoding}"
    return "\n".join(lines), encoding


_NAMES = {"gb18030": "GB18030", "big5": "Big5"}


def _guess(data: bytes, path: Path) -> str:
    """The legacy encoding of ``data`` by charset-normalizer, logged; GB18030 when it has no answer.

    GB18030 decodes almost any bytes, Big5 pages included, into the wrong characters without an
    error, so trying encodings in turn cannot tell them apart; a detector that weighs how
    plausible the decoded text is can.
    """
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=_LEGACY_ENCODINGS).best()
    encoding = best.encoding if best and best.encoding in _NAMES else "gb18030"
    if encoding == "gb18030":  # the encoding of pages saved as "ANSI" on a mainland Windows
        log.info("%s: not UTF-8; read as GB18030 (charset-normalizer's guess)", shown(path))
    else:
        log.warning("%s: not UTF-8; read as %s (charset-normalizer's guess) — save the page as UTF-8 to be sure",
                    shown(path), _NAMES[encoding])
    return encoding


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def _try(data: bytes, encoding: str) -> tuple[str, str]:
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError as exc:
        raise _Skip(f"not valid {encoding.upper()} text (bad byte at {exc.start})",
                    "save the page as UTF-8 text") from exc


def _reject_binary(data: bytes) -> None:
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            raise _Skip(f"binary file ({kind}), not text", "export the page as .txt")
    head = data[:_SNIFF_BYTES]
    if len(head) - len(head.translate(None, _CONTROL_BYTES)) > _BINARY_SHARE * len(head):
        raise _Skip("binary file, not text", "export the page as .txt")


def _skipped(path: Path, reason: str, hint: str) -> Skipped:
    log.warning("skipped %s: %s — %s", shown(path), reason, hint)
    return Skipped(_display(path), reason)
