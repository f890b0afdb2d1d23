"""Errors a user can act on: each says what went wrong, where, and how to fix it.

Library code raises them; only :func:`digest.cli.main` turns them into ``error: …`` and an exit code.
A failure on one page or one story is no error of the run: :func:`item_failed` sets it aside.
"""
from __future__ import annotations

import logging
from pathlib import Path

from .models import Skipped

log = logging.getLogger("digest")


class DigestError(Exception):
    """Base class; the CLI prints ``error: <message>`` and exits with :attr:`exit_code`."""

    exit_code = 1


class InputError(DigestError):
    """An input path or file cannot be used."""


class ConfigError(DigestError):
    """A configuration or sidecar file is malformed; the message names the key or line."""

    exit_code = 2


class DependencyError(DigestError):
    """An optional or required library is missing; the message says what to install."""


class RenderError(DigestError):
    """A template cannot be used; the message names the file, the line and the problem."""


class OutputError(DigestError):
    """The digest cannot be written where asked; the message names the path."""


class MailError(DigestError):
    """The digest could not be emailed; the message names the server and the cause."""


def describe(exc: BaseException) -> str:
    """An unexpected exception in one line: ``KeyError: '659000'``."""
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def item_failed(source: Path, what: str, exc: Exception, item: str | None = None) -> Skipped:
    """Log the failure of one page or story, with its traceback under ``-v``, and set the item aside."""
    where = f"{source}: {item}" if item else str(source)
    log.warning("%s: %s (%s) — left out, the run goes on; -v shows where it failed", where, what, describe(exc))
    log.debug("%s: traceback", where, exc_info=exc)
    return Skipped(source, f"{what} ({describe(exc)})", item)
