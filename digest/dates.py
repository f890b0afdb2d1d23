"""Page dates and numbers: from the user, from the file name, or inferred from the text.

The rule for text, in full (``page_date`` applies it when nothing better is known):

1. Candidates are the dates the text mentions: ``2017年8月23日`` keeps its own year; a bare ``8月23日``
   (also ``8 月 23 日``, ``８月２３日``) takes the *text year*.
2. The text year is the latest ``YYYY年`` (1949–2100) the text mentions, ``2017年度`` and ``2017年上半年``
   included, except future targets: a year or date preceded by ``到``, ``力争``, ``争取``, ``预计``, ``计划``,
   ``将于`` or ``将在`` (``到2020年``, ``力争在2019年底``), or followed by ``前``, ``底前``, ``末前``
   (``2019年底前``, ``2020年前``; not ``2017年前三季度`` or ``2016年前后``). News pages look back, so the
   latest past year they name is their own.
3. The page date is the latest candidate. Mentions that are targets are not candidates either.
4. Month-days but no year anywhere, or no dates at all: no date, ``(None, "none")``.

Known limit: a page from early January that recalls late-December events gets December's date of the text
year; give such pages their date in ``pages.toml`` or on the command line.
"""
from __future__ import annotations

import re
import tomllib
from datetime import date, datetime
from pathlib import Path

from . import patterns as P
from .errors import ConfigError
from .normalize import translator

SIDECAR_NAME = "pages.toml"
SIDECAR_KEYS = ("date", "paper")
FOLDER = ""  # the key of the folder-wide values in a loaded pages.toml: no file has an empty name
_SIDECAR_EXAMPLE = '"page1.txt" = {date = 2017-08-23, paper = "工人日报"}'

# The People's Republic's papers start in 1949; later than 2100 is a serial number, not a date.
MIN_YEAR, MAX_YEAR = 1949, 2100

# Only digits and spaces are folded, for matching; the text itself is never changed here (see DESIGN.md).
_FOLD = str.maketrans("０１２３４５６７８９\u3000\u00a0", "0123456789  ")
_fold = translator(_FOLD)

_FULL_OR_MONTH_DAY = re.compile(
    r"(?<!\d)(?:(?P<y>\d{4})\s*年\s*)?(?<!\d)(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
)
_YEAR = re.compile(r"(?<!\d)(\d{4})\s*年")
_NAME_PATTERNS = (
    re.compile(r"(?<!\d)(\d{4})[-_.](\d{1,2})[-_.](\d{1,2})(?!\d)"),
    re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)"),
    re.compile(r"(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"),
)
# A page number in a file name: `第3版`, `03版`, `rmrb_2019-02-02_p05`, `page5`, `pg-12`.
_NAME_PAGE = re.compile(r"第?\s*(\d{1,3})\s*版|(?<![A-Za-z])(?:page|pg|p)[-_ ]?(\d{1,3})(?!\d)", re.IGNORECASE)
# The running head is in the first lines of a page (the page number sits there on e-paper and
# PDF pages alike); looking no further keeps a jump line or a contents box out of it.
_HEAD_LINES = 8
_TARGET_BEFORE = re.compile(r"(?:力争|争取|预计|计划|将于|将在)\S{0,2}$|(?<![得受达收看提来回直])到$")
# "前" after a year or date is a deadline, unless it starts a count ("前三季度") or means "around" ("前后").
_TARGET_AFTER = re.compile(r"\s*(?:底|末)?\s*(?:之|以)?前(?![后一二两三四五六七八九十几半\d])")


def page_date(name: str, text: str, given: date | None = None) -> tuple[date | None, str]:
    """Return ``(date, source)``: the given date, else one in ``name``, else one inferred from ``text``."""
    if given is not None:
        return given, "given"
    found = date_in_name(name)
    if found is not None:
        return found, "filename"
    found = date_in_text(text)
    if found is not None:
        return found, "inferred"
    return None, "none"


def page_number(name: str, text: str) -> int | None:
    """The printed page number: from the file name (`第3版.txt`, `2017-08-23_p03.txt`), else from
    the page's running head (a line `第3版`, or `2017年8月23日 第3版`), else None."""
    m = _NAME_PAGE.search(_fold(name))
    if m and int(m.group(1) or m.group(2)):
        return int(m.group(1) or m.group(2))
    head = [line for line in text[:4000].split("\n") if line.strip()][:_HEAD_LINES]
    return next((n for n in map(P.page_number, map(_fold, head)) if n), None)


def date_in_name(name: str) -> date | None:
    """The first real date in a file name: ``2017-08-24``, ``2017_08_24``, ``20170824`` or ``2017年8月24日``."""
    folded = _fold(name)
    for pattern in _NAME_PATTERNS:
        for match in pattern.finditer(folded):
            found = _real_date(*map(int, match.groups()))
            if found is not None:
                return found
    return None


def date_in_text(text: str) -> date | None:
    """The page date the text implies, by the rule in this module's docstring, or None."""
    folded = _fold(text)
    year = text_year(folded)
    candidates = []
    for match in _FULL_OR_MONTH_DAY.finditer(folded):
        if _is_target(folded, match):
            continue
        y = int(match["y"]) if match["y"] else year
        if y is not None:
            found = _real_date(y, int(match["m"]), int(match["d"]))
            if found is not None:
                candidates.append(found)
    return max(candidates, default=None)


def text_year(text: str) -> int | None:
    """The latest ``YYYY年`` the text mentions that is a plausible year and not a future target."""
    folded = _fold(text)
    years = [
        int(match[1])
        for match in _YEAR.finditer(folded)
        if MIN_YEAR <= int(match[1]) <= MAX_YEAR and not _is_target(folded, match)
    ]
    return max(years, default=None)


def _is_target(text: str, match: re.Match) -> bool:
    """True when the mention is a goal or deadline (``到2020年``, ``2019年底前``), not a date in the past."""
    before = re.sub(r"\s", "", text[max(0, match.start() - 8) : match.start()])[-4:]
    return bool(_TARGET_BEFORE.search(before) or _TARGET_AFTER.match(text, match.end()))


def _real_date(year: int, month: int, day: int) -> date | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def load_sidecar(folder: Path) -> dict[str, dict]:
    """Read ``pages.toml`` in ``folder``: file name -> ``{"date": date, "paper": str}`` (keys optional).

    A top-level ``paper = "工人日报"`` names the paper of every page in the folder; it is returned
    under the key :data:`FOLDER`, and :func:`sidecar_entry` merges it into each file's entry.
    A missing file gives ``{}``; a malformed one raises :class:`ConfigError` naming the line or key at fault.
    """
    path = Path(folder) / SIDECAR_NAME
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror}) — check its permissions") from exc
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 (byte {exc.start}) — save it as UTF-8") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc} — fix the TOML syntax, e.g. {_SIDECAR_EXAMPLE}") from exc
    entries = {}
    for name, entry in data.items():
        if name == "paper" and not isinstance(entry, dict):  # paper = "工人日报": every page's paper
            entries[FOLDER] = {"paper": _paper(f"{path}: paper", entry)}
        elif name:
            entries[name] = _sidecar_entry(path, name, entry)
    return entries


def sidecar_entry(sidecar: dict[str, dict], name: str) -> dict:
    """What a loaded ``pages.toml`` says of the file ``name``: its own entry over the folder's values."""
    return {**sidecar.get(FOLDER, {}), **sidecar.get(name, {})}


def _sidecar_entry(path: Path, name: str, entry: object) -> dict:
    where = f"{path}: [\"{name}\"]"
    if not isinstance(entry, dict):
        raise ConfigError(f"{where} must be a table — write it like {_SIDECAR_EXAMPLE}")
    unknown = sorted(set(entry) - set(SIDECAR_KEYS))
    if unknown:
        raise ConfigError(f"{where} has unknown key '{unknown[0]}' — allowed keys are {', '.join(SIDECAR_KEYS)}")
    result: dict = {}
    if "date" in entry:
        result["date"] = _sidecar_date(where, entry["date"])
    if "paper" in entry:
        result["paper"] = _paper(f"{where} paper", entry["paper"])
    return result


def _paper(where: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where} must be a non-empty string — write paper = \"工人日报\"")
    return value.strip()


def _sidecar_date(where: str, value: object) -> date:
    # TOML has native dates; datetime is a subclass of date, and a time of day is a mistake here.
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ConfigError(f"{where} date '{value}' is not a date — write date = 2017-08-23")
