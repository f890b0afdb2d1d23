"""The optional TOML config file: defaults for command-line options and the SMTP settings.

Two tables, both optional::

    [digest]            # defaults for the command-line options of the same name
    format = "html"
    paper = "工人日报"
    email_to = ["宣传部 <xcb@example.org>", "zgfw@example.org"]

    [smtp]              # the password never goes here: set DIGEST_SMTP_PASSWORD
    host = "smtp.example.org"
    security = "starttls"
    username = "digest"

Unknown tables and keys are errors, so a typo never passes silently. Relative paths are read
from the file's own folder, so the file works from wherever the command runs.
"""
from __future__ import annotations

import math
import tomllib
from collections.abc import Callable
from pathlib import Path

from .errors import ConfigError
from .render import FORMATS
from .summarize import ENGINES

# A checker takes the value and returns it converted, or the reason it is wrong (a ``_Bad``).


class _Bad(str):
    """What a value should have been."""


def _text(value):
    return value if isinstance(value, str) and value.strip() else _Bad("a non-empty string")


def _path(value):
    return Path(value) if isinstance(value, str) and value.strip() else _Bad("a path, as a string")


def _positive(value):
    ok = isinstance(value, int) and not isinstance(value, bool) and value >= 1
    return value if ok else _Bad("a whole number, at least 1")


def _retries(value):
    ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 10
    return value if ok else _Bad("a whole number from 0 to 10")


def _port(value):
    ok = isinstance(value, int) and not isinstance(value, bool) and 0 < value < 65536
    return value if ok else _Bad("a port number, 1–65535")


def _seconds(value):
    # TOML has inf and nan: a wait without end is what these settings are there to prevent.
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) and 0 < value <= 3600
    return float(value) if ok else _Bad("a number of seconds, more than 0 and at most 3600")


def _flag(value):
    return value if isinstance(value, bool) else _Bad("true or false")


def _addresses(value):
    ok = isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value)
    return [v.strip() for v in value] if ok else _Bad('a list of addresses, e.g. ["a@example.org"]')


def _one_of(*choices: str) -> Callable:
    def check(value):
        return value if value in choices else _Bad("one of " + ", ".join(f'"{c}"' for c in choices))
    return check


DIGEST_KEYS: dict[str, Callable] = {
    "format": _one_of(*FORMATS),
    "title": _text,
    "paper": _text,
    "lead": _positive,
    "brief_chars": _positive,
    "brief_sentences": _positive,
    "engine": _one_of(*ENGINES),
    "templates": _path,
    "sections": _path,
    "note": _path,
    "output": _path,
    "report": _path,
    "include_notices": _flag,
    "archive_url": _text,
    "email_to": _addresses,
    "email_from": _text,
    "subject": _text,
}
SECURITY = ("starttls", "ssl", "none")  # how the mail server is reached
SMTP_KEYS: dict[str, Callable] = {
    "host": _text,
    "port": _port,
    "security": _one_of(*SECURITY),
    "username": _text,
    "verify": _flag,
    "cafile": _path,
    "timeout": _seconds,
    "deadline": _seconds,
    "retries": _retries,
}
TABLES = {"digest": DIGEST_KEYS, "smtp": SMTP_KEYS}
_PATHS = {"templates", "sections", "note", "output", "report", "cafile"}


def load_config(path: Path | None) -> dict[str, dict]:
    """``{"digest": {...}, "smtp": {...}}`` from the TOML file at ``path`` (both empty without one).

    Values are checked and converted (paths become :class:`Path`, relative ones taken from the
    file's folder); anything wrong raises :class:`ConfigError` naming the file and the key.
    """
    config: dict[str, dict] = {"digest": {}, "smtp": {}}
    if path is None:
        return config
    name = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise ConfigError(f"{name}: cannot read the config file ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{name}: not UTF-8 text; save the config file as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        # The message ends with "(at line N, column M)".
        raise ConfigError(f"{name}: not valid TOML: {exc}") from None
    for table, values in data.items():
        if table not in TABLES:
            where = f"table [{table}]" if isinstance(values, dict) else f"key {table} (outside any table)"
            raise ConfigError(f"{name}: unknown {where} — allowed tables: [digest], [smtp]")
        if not isinstance(values, dict):
            raise ConfigError(f"{name}: {table} must be a table, [{table}]")
        allowed = TABLES[table]
        for key, value in values.items():
            if key == "password" and table == "smtp":
                raise ConfigError(f"{name}: [smtp].password is not read from a file; "
                                  "set the DIGEST_SMTP_PASSWORD environment variable instead")
            if key not in allowed:
                raise ConfigError(f"{name}: unknown key [{table}].{key} — allowed: {', '.join(allowed)}")
            checked = allowed[key](value)
            if isinstance(checked, _Bad):
                raise ConfigError(f"{name}: [{table}].{key} = {_show(value)} should be {checked}")
            if key in _PATHS:
                checked = path.parent / checked.expanduser()
            config[table][key] = checked
    return config


def _show(value) -> str:
    text = repr(value) if not isinstance(value, bool) else str(value).lower()
    return text if len(text) <= 40 else text[:37] + "…"
