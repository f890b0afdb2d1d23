"""The archive: every page added, its stories and briefs, the editor's decisions, what was sent.

One SQLite file (standard library), in WAL mode so that the review page can read while ``digest
add`` writes. An edge like ingest and mail: it stores and returns the records the stages pass
(:class:`Article`, :class:`Summary`), and knows nothing of the order of the stages.

A page is known by its file (resolved path) and its part in the file, and by the SHA-256 of its
text: the same page added again is stored once, a page whose text changed replaces its earlier
version (its stories and their search entries), and the same text under another name is the same
page. Full-text search is SQLite FTS5 over jieba's tokens, written with spaces between them so
that FTS5's own ``unicode61`` tokenizer splits exactly there.
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path

from .errors import DigestError
from .models import Article, Brief, Page, Summary

SCHEMA_VERSION = 1
ENV_VAR = "DIGEST_DB"
FILE_NAME = "archive.sqlite3"
# An anchor found in more sent stories than this is boilerplate (`本报讯（记者`), not a sign of
# a reprint: the limit assemble puts on its own anchors (assemble._MAX_BUCKET).
BOILERPLATE = 50
# A second writer (a `digest add` from cron while the review page saves a decision) waits this
# long for the lock rather than failing at once; a page's transaction takes milliseconds.
BUSY_SECONDS = 30.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pages (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL,
    part INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    page_date TEXT,
    added TEXT NOT NULL,
    UNIQUE (path, part)
);
CREATE INDEX IF NOT EXISTS pages_sha256 ON pages (sha256);
CREATE TABLE IF NOT EXISTS stories (
    id INTEGER PRIMARY KEY,
    page_id INTEGER NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
    uid TEXT NOT NULL UNIQUE,
    position INTEGER NOT NULL,
    page_date TEXT,
    kind TEXT NOT NULL,
    headline TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS stories_date ON stories (page_date);
CREATE INDEX IF NOT EXISTS stories_page ON stories (page_id);
CREATE VIRTUAL TABLE IF NOT EXISTS story_text USING fts5 (headline, body, tokenize = 'unicode61');
CREATE TABLE IF NOT EXISTS decisions (
    uid TEXT PRIMARY KEY,
    dropped INTEGER NOT NULL DEFAULT 0,
    lead INTEGER NOT NULL DEFAULT 0,
    headline TEXT,
    sentences TEXT,
    brief TEXT,
    section TEXT
);
CREATE TABLE IF NOT EXISTS sends (
    id INTEGER PRIMARY KEY,
    week TEXT NOT NULL,
    sent_on TEXT NOT NULL,
    recipients INTEGER NOT NULL,
    subject TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sent_stories (
    id INTEGER PRIMARY KEY,
    send_id INTEGER NOT NULL REFERENCES sends (id),
    uid TEXT NOT NULL,
    kind TEXT NOT NULL,
    source TEXT NOT NULL,
    headline TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sent_stories_uid ON sent_stories (uid);
CREATE TABLE IF NOT EXISTS sent_anchors (
    anchor TEXT NOT NULL,
    sent_id INTEGER NOT NULL REFERENCES sent_stories (id)
);
CREATE INDEX IF NOT EXISTS sent_anchors_anchor ON sent_anchors (anchor);
"""


class ArchiveError(DigestError):
    """The archive file cannot be opened or used; the message names the file."""


@dataclass(frozen=True, slots=True)
class Stored:
    """A story of the archive: its brief as added, and the id it keeps across builds."""

    uid: str
    brief: Brief


@dataclass(frozen=True, slots=True)
class Decision:
    """What the editor decided for one story; ``None`` leaves the computed value."""

    uid: str
    dropped: bool = False
    lead: bool = False
    headline: str | None = None
    sentences: tuple[int, ...] | None = None  # indexes into the article's sentences
    brief: str | None = None  # the brief's text as the editor wrote it
    section: str | None = None


@dataclass(frozen=True, slots=True)
class SentStory:
    """A story that went out in a digest: enough of it to find it again when it is reprinted."""

    uid: str
    sent_on: date
    week: str
    brief: Brief


def default_path(environ=os.environ) -> Path:
    """``$DIGEST_DB``, else ``archive.sqlite3`` in the user data folder (platformdirs)."""
    if environ.get(ENV_VAR):
        return Path(environ[ENV_VAR]).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("union-news-digest", appauthor=False)) / FILE_NAME


def page_sha256(page: Page) -> str:
    return hashlib.sha256(page.text.encode("utf-8")).hexdigest()


def story_uid(page_key: str, part: int, position: int) -> str:
    """A short id that stays the same when a page is added again, so decisions stay with their story."""
    return hashlib.sha1(f"{page_key}\0{part}\0{position}".encode()).hexdigest()[:12]


def page_key(page: Page) -> str:
    return str(Path(page.source).resolve())


class Archive:
    """An open archive file. Use as a context manager, or call :meth:`close`."""

    def __init__(self, path: Path, *, create: bool = True):
        self.path = Path(path)
        if not create and not self.path.exists():
            raise ArchiveError(f"{self.path}: no archive there yet; add pages with `digest add PAGES` "
                               f"(or give the archive with --db or {ENV_VAR})")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, timeout=BUSY_SECONDS, isolation_level=None,
                                      check_same_thread=False)
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA foreign_keys = ON")
            # WAL with synchronous NORMAL is durable at every checkpoint and cannot corrupt
            # (SQLite documentation, "WAL mode"); FULL would sync at each page added.
            self.db.execute("PRAGMA synchronous = NORMAL")
            with self._write():
                for statement in _SCHEMA.split(";"):  # no statement of the schema holds a ";"
                    if statement.strip():
                        self.db.execute(statement)
                self.db.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
            version = self.db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()[0]
        except (OSError, sqlite3.Error) as exc:
            raise ArchiveError(f"{self.path}: cannot open the archive ({exc}); give another file with --db "
                               f"or {ENV_VAR}") from None
        if int(version) > SCHEMA_VERSION:
            raise ArchiveError(f"{self.path}: written by a newer version of this tool (schema {version}); "
                               "upgrade union-news-digest")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[None]:
        # BEGIN IMMEDIATE takes the write lock first, so two writers queue instead of deadlocking.
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # --- pages ------------------------------------------------------------------------------

    def page_state(self, page: Page) -> str:
        """``new``, ``same`` (this text is stored already) or ``changed`` (the file's text is new)."""
        sha = page_sha256(page)
        row = self.db.execute("SELECT sha256 FROM pages WHERE path = ? AND part = ?",
                              (page_key(page), page.part)).fetchone()
        if row:
            return "same" if row[0] == sha else "changed"
        return "same" if self.db.execute("SELECT 1 FROM pages WHERE sha256 = ?", (sha,)).fetchone() else "new"

    def store_page(self, page: Page, briefs: Sequence[Brief], added: date) -> str:
        """Store the page and the briefs of its articles, replacing an earlier version; returns
        what :meth:`page_state` said before."""
        from . import nlp

        state = self.page_state(page)
        if state == "same":
            return state
        key = page_key(page)
        rows = []
        for b in briefs:
            a = b.article
            rows.append((story_uid(key, page.part, a.position), a.position,
                         a.page_date.isoformat() if a.page_date else None, a.kind, a.headline, _dump(b),
                         " ".join(nlp.tokenize(a.headline)), " ".join(nlp.tokenize(a.body))))
        with self._write():
            old = self.db.execute("SELECT id FROM pages WHERE path = ? AND part = ?", (key, page.part)).fetchone()
            if old:
                # A decision follows its story by position on the page; where the new version has
                # another story there (its headline differs), the decision was not about it.
                before = self.db.execute("SELECT uid, headline FROM stories WHERE page_id = ?", old).fetchall()
                after = {row[0]: row[4] for row in rows}
                self.db.executemany("DELETE FROM decisions WHERE uid = ?",
                                    [(uid,) for uid, headline in before if after.get(uid) != headline])
                self.db.execute("DELETE FROM story_text WHERE rowid IN (SELECT id FROM stories WHERE page_id = ?)",
                                old)
                self.db.execute("DELETE FROM pages WHERE id = ?", old)
            page_id = self.db.execute(
                "INSERT INTO pages (path, part, sha256, page_date, added) VALUES (?, ?, ?, ?, ?)",
                (key, page.part, page_sha256(page), page.date.isoformat() if page.date else None,
                 added.isoformat())).lastrowid
            for uid, position, day, kind, headline, record, head_tokens, body_tokens in rows:
                story_id = self.db.execute(
                    "INSERT INTO stories (page_id, uid, position, page_date, kind, headline, record) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)", (page_id, uid, position, day, kind, headline, record)).lastrowid
                self.db.execute("INSERT INTO story_text (rowid, headline, body) VALUES (?, ?, ?)",
                                (story_id, head_tokens, body_tokens))
        return state

    def counts(self) -> tuple[int, int]:
        """Pages and stories stored."""
        return (self.db.execute("SELECT count(*) FROM pages").fetchone()[0],
                self.db.execute("SELECT count(*) FROM stories").fetchone()[0])

    def page_count(self, start: date, end: date) -> int:
        """Pages dated from ``start`` to ``end``."""
        return self.db.execute("SELECT count(*) FROM pages WHERE page_date BETWEEN ? AND ?",
                               (start.isoformat(), end.isoformat())).fetchone()[0]

    def latest_week(self) -> str | None:
        """The ISO week of the latest dated page, e.g. ``2017-W34``."""
        row = self.db.execute("SELECT max(page_date) FROM pages").fetchone()
        if not row or not row[0]:
            return None
        year, week, _ = date.fromisoformat(row[0]).isocalendar()
        return f"{year}-W{week:02d}"

    # --- stories ----------------------------------------------------------------------------

    def stories(self, start: date, end: date) -> list[Stored]:
        """The stories of pages dated from ``start`` to ``end``, in the order a one-off run reads
        them (by file path, page of the file, position on the page)."""
        rows = self.db.execute(
            "SELECT s.uid, s.record FROM stories s JOIN pages p ON p.id = s.page_id "
            "WHERE s.page_date BETWEEN ? AND ? ORDER BY p.path, p.part, s.position",
            (start.isoformat(), end.isoformat()))
        return [Stored(uid, _load(record)) for uid, record in rows]

    def story(self, uid: str) -> Stored | None:
        row = self.db.execute("SELECT uid, record FROM stories WHERE uid = ?", (uid,)).fetchone()
        return Stored(row[0], _load(row[1])) if row else None

    def search(self, words: Iterable[str], since: date | None = None, limit: int = 50) -> list[tuple[Stored, str]]:
        """Stories holding every word (each cut by jieba as the stories were), best first, with
        the page's date (``""`` for undated pages)."""
        from . import nlp

        tokens = [t for w in words for t in nlp.tokenize(w) if t.strip() and any(c.isalnum() for c in t)]
        if not tokens:
            return []
        # Each token quoted: FTS5 reads a bare word such as AND or NEAR, or a `"`, as syntax.
        query = " AND ".join('"' + t.replace('"', '""') + '"' for t in tokens)
        rows = self.db.execute(
            "SELECT s.uid, s.record, coalesce(s.page_date, '') FROM story_text "
            "JOIN stories s ON s.id = story_text.rowid "
            "WHERE story_text MATCH ? AND (? IS NULL OR s.page_date >= ?) "
            "ORDER BY bm25(story_text, 4.0, 1.0), s.page_date DESC LIMIT ?",
            (query, since and since.isoformat(), since and since.isoformat(), limit))
        return [(Stored(uid, _load(record)), day) for uid, record, day in rows]

    # --- decisions --------------------------------------------------------------------------

    def decisions(self, uids: Iterable[str]) -> dict[str, Decision]:
        uids = list(uids)
        out: dict[str, Decision] = {}
        # SQLite allows 32,766 parameters a statement; a week has a few hundred stories.
        for i in range(0, len(uids), 500):
            chunk = uids[i:i + 500]
            rows = self.db.execute(f"SELECT uid, dropped, lead, headline, sentences, brief, section FROM decisions "
                                   f"WHERE uid IN ({','.join('?' * len(chunk))})", chunk)
            for uid, dropped, lead, headline, sentences, brief, section in rows:
                out[uid] = Decision(uid, bool(dropped), bool(lead), headline,
                                    tuple(json.loads(sentences)) if sentences is not None else None, brief, section)
        return out

    def decide(self, uid: str, **changes) -> Decision:
        """Record one change of the editor's (``dropped=True``, ``headline="…"``, ``sentences=(0, 2)``…)."""
        allowed = {f.name for f in fields(Decision)} - {"uid"}
        unknown = set(changes) - allowed
        if unknown:
            raise ValueError(f"unknown decision {sorted(unknown)[0]!r}")
        if "sentences" in changes and changes["sentences"] is not None:
            changes["sentences"] = json.dumps(list(changes["sentences"]))
        with self._write():
            self.db.execute("INSERT OR IGNORE INTO decisions (uid) VALUES (?)", (uid,))
            for name, value in changes.items():
                # Column names come from the dataclass's own fields, never from the request.
                self.db.execute(f"UPDATE decisions SET {name} = ? WHERE uid = ?", (value, uid))
        return self.decisions([uid])[uid]

    # --- sends ------------------------------------------------------------------------------

    def record_send(self, week: str, sent_on: date, recipients: int, subject: str,
                    stories: Sequence[Stored], anchors) -> int:
        """Remember that ``stories`` went out; ``anchors(text)`` gives the keys they are found again by."""
        with self._write():
            send_id = self.db.execute("INSERT INTO sends (week, sent_on, recipients, subject) VALUES (?, ?, ?, ?)",
                                      (week, sent_on.isoformat(), recipients, subject)).lastrowid
            for s in stories:
                a = s.brief.article
                sent_id = self.db.execute(
                    "INSERT INTO sent_stories (send_id, uid, kind, source, headline, body) VALUES (?, ?, ?, ?, ?, ?)",
                    (send_id, s.uid, a.kind, str(a.source), a.headline, a.body)).lastrowid
                self.db.executemany("INSERT INTO sent_anchors VALUES (?, ?)",
                                    ((anchor, sent_id) for anchor in sorted(anchors(a.body))))
        return send_id

    def sent_matching(self, uids: Iterable[str], anchors: Iterable[str], other_than_week: str) -> list[SentStory]:
        """Stories sent in digests of other weeks that are one of ``uids`` or share an anchor."""
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS wanted_anchor (anchor TEXT PRIMARY KEY)")
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS wanted_uid (uid TEXT PRIMARY KEY)")
        self.db.execute("DELETE FROM wanted_anchor")
        self.db.execute("DELETE FROM wanted_uid")
        self.db.executemany("INSERT OR IGNORE INTO wanted_anchor VALUES (?)", ((a,) for a in anchors))
        self.db.executemany("INSERT OR IGNORE INTO wanted_uid VALUES (?)", ((u,) for u in uids))
        rows = self.db.execute(
            "SELECT ss.id, ss.uid, ss.kind, ss.source, ss.headline, ss.body, se.sent_on, se.week "
            "FROM sent_stories ss JOIN sends se ON se.id = ss.send_id WHERE se.week != ? AND ss.id IN ("
            "  SELECT sent_id FROM sent_anchors WHERE anchor IN (SELECT anchor FROM wanted_anchor w"
            "    WHERE (SELECT count(*) FROM sent_anchors c WHERE c.anchor = w.anchor) <= ?)"
            "  UNION SELECT id FROM sent_stories WHERE uid IN (SELECT uid FROM wanted_uid))"
            "ORDER BY se.sent_on, ss.id", (other_than_week, BOILERPLATE))
        out = []
        for sent_id, uid, kind, source, headline, body, sent_on, week in rows:
            article = Article(id=f"sent-{sent_id}", source=Path(source), position=0, headline=headline,
                              paragraphs=tuple(body.split("\n")), kind=kind)
            out.append(SentStory(uid, date.fromisoformat(sent_on), week, Brief(article)))
        return out

    def sends(self) -> list[tuple[str, date, int, str]]:
        """Every digest sent: week, day, number of recipients, subject."""
        return [(w, date.fromisoformat(d), n, s) for w, d, n, s in
                self.db.execute("SELECT week, sent_on, recipients, subject FROM sends ORDER BY id")]


# --- records as JSON ------------------------------------------------------------------------

def _dump(b: Brief) -> str:
    a = b.article
    article = {f.name: getattr(a, f.name) for f in fields(Article)}
    article["source"] = str(a.source)
    article["page_date"] = a.page_date.isoformat() if a.page_date else None
    summary = {f.name: getattr(b.summary, f.name) for f in fields(Summary)}
    return json.dumps({"article": article, "summary": summary}, ensure_ascii=False)


def _load(record: str) -> Brief:
    doc = json.loads(record)
    a = doc["article"]
    a["source"] = Path(a["source"])
    a["page_date"] = date.fromisoformat(a["page_date"]) if a["page_date"] else None
    for f in fields(Article):
        if isinstance(a.get(f.name), list):
            a[f.name] = tuple(a[f.name])
    summary = Summary(**{k: tuple(v) for k, v in doc["summary"].items()})
    return Brief(Article(**a), summary)
