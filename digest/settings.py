"""One frozen record of everything an archive command runs with.

Defaults live in code (here and in :class:`digest.pipeline.Options`), the config file's
``[digest]`` and ``[smtp]`` tables override them, and flags override both; the command line builds
one :class:`Settings` and passes it on, so no module reads flags or the environment on its own.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .archive import ENV_VAR, default_path
from .mail import SmtpSettings
from .pipeline import Options

REVIEW_HOST = "127.0.0.1"  # the review page answers this machine only, unless told otherwise
REVIEW_PORT = 8765


@dataclass(frozen=True)
class Settings:
    """The archive, the digest's options, the output and the mail of one command."""

    db: Path
    options: Options = Options()
    week: str | None = None
    format: str = "md"
    output: Path | None = None
    templates: Path | None = None
    sent: str = "leave-out"  # stories sent in an earlier digest: "leave-out" or "mark" (已发)
    recipients: tuple[str, ...] = ()
    sender: str | None = None
    subject: str | None = None
    bcc: bool = True
    dry_run: bool = False
    smtp: SmtpSettings | None = None
    host: str = REVIEW_HOST
    port: int = REVIEW_PORT


def archive_path(flag: Path | None, environ: Mapping[str, str] = os.environ) -> Path:
    """``--db``, else ``$DIGEST_DB``, else the user data folder's archive."""
    return flag if flag is not None else default_path(environ)


__all__ = ["Settings", "archive_path", "ENV_VAR", "REVIEW_HOST", "REVIEW_PORT"]
