"""Writing the digest: whole or not at all, and a one-line error naming the path when it cannot be."""
from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .errors import OutputError
from .ingest import is_input_page, shown


def check_target(path: Path | None, inputs: Iterable[str | os.PathLike], *, folder: bool = False) -> None:
    """Refuse, before any work is done, an output path that cannot take the digest.

    ``folder`` is for ``--weekly``, which writes one file per week into ``path``. A file is refused
    when it is a folder, or an input page (a previous digest of this tool may be replaced).
    """
    if path is None:
        return
    if folder:
        if path.exists() and not path.is_dir():
            raise OutputError(f"{shown(path)}: is a file, and --weekly writes one file per week into a folder; "
                              "give a folder")
        return
    if path.is_dir():
        raise OutputError(f"{shown(path)}: is a folder; give the file to write, e.g. {shown(path / 'digest.md')}")
    if is_input_page(path, inputs):
        raise OutputError(f"{shown(path)}: is one of the input pages and would be overwritten; "
                          "write the digest somewhere else")


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write ``data`` (text as UTF-8) to ``path`` through a temporary file renamed into place.

    Readers of ``path`` see the old file or the new one, never half of one, and a run that fails
    or is killed leaves the previous file as it was. A device or a FIFO (``/dev/null``,
    ``/dev/stdout``) is written into, not replaced. Any failure is an :class:`OutputError`.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        if _is_special(path):
            with open(path, "wb") as f:
                f.write(data)
            return
        if path.is_symlink():  # write where the link points, as opening the file would
            path = path.resolve()
        path.parent.mkdir(parents=True, exist_ok=True)
        mode = _mode(path)
        # In the same folder, so that the rename stays on one file system and is atomic;
        # hidden, so that a leftover of a killed run is never read as a page.
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise OutputError(_message(path, exc)) from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException as exc:  # Ctrl-C included: no temporary file is left behind
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(exc, OSError):
            raise OutputError(_message(path, exc)) from None
        raise


def _is_special(path: Path) -> bool:
    try:
        mode = path.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def _mode(path: Path) -> int:
    """The permissions the file has, or those a new file gets (mkstemp's are owner-only)."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


_HINTS = {
    errno.ENOSPC: "free some space or write elsewhere",
    errno.EDQUOT: "free some space or write elsewhere",
    errno.EFBIG: "the file system refuses a file this large; write elsewhere",
    errno.EACCES: "choose a folder you can write to",
    errno.EPERM: "choose a folder you can write to",
    errno.EROFS: "choose a folder you can write to",
    errno.EISDIR: "give a file name, not a folder",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.EEXIST: "a part of the path is a file, not a folder",
}


def _message(path: Path, exc: OSError) -> str:
    hint = _HINTS.get(exc.errno, "check the path")
    return f"{shown(path)}: cannot write the digest ({(exc.strerror or str(exc)).lower()}); {hint}"
