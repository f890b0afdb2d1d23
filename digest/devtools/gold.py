"""Gold story labels of a page, read from the label files (one JSON file per page).

A label file lists the page's items (``articles``: headline, subheadlines, byline, kind, …) and
the lines that belong to none (``non_article``). Which lines make up an item is in its ``notes``:
``[lines: head 3,5; body 9 | 11+13 | 15]`` names the item's heading lines (headline, kicker,
deck, section heads, stand-alone bylines and credits), then its body lines in reading order, ``|``
between paragraphs and ``+`` between the pieces of one paragraph; a non-article entry's notes
start with ``[line N]``. Line numbers count from 1 over the page split at ``\\n``.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

_ITEM_LINES = re.compile(r"\[lines: (?:head(?:/byline)?) ([-\d, ]+); body ([\d|+ ]+)\]")
_OTHER_LINE = re.compile(r"\[lines? (\d+)")


@dataclass(frozen=True, slots=True)
class GoldItem:
    kind: str
    headline: str | None
    subheadlines: tuple[str, ...]
    byline: str | None
    heads: tuple[int, ...]  # heading lines, in file order
    paragraphs: tuple[tuple[int, ...], ...]  # body lines: paragraphs in reading order, pieces in order

    @property
    def body_lines(self) -> tuple[int, ...]:
        return tuple(n for p in self.paragraphs for n in p)


@dataclass(frozen=True, slots=True)
class GoldPage:
    file: str
    items: tuple[GoldItem, ...]
    others: dict[int, str]  # line → kind of a non-article line (duplicate, column_label, …)

    def owner(self) -> dict[int, tuple[int | None, str]]:
        """Every labelled line → (item index or None, ``head``, ``body`` or the non-article kind)."""
        out: dict[int, tuple[int | None, str]] = {n: (None, kind) for n, kind in self.others.items()}
        for k, item in enumerate(self.items):
            out.update({n: (k, "head") for n in item.heads})
            out.update({n: (k, "body") for n in item.body_lines})
        return out


def load(path: Path) -> GoldPage:
    """The gold labels of one page from its label file."""
    return parse(json.loads(Path(path).read_text(encoding="utf-8")))


def parse(doc: dict) -> GoldPage:
    """The gold labels of one page from the content of its label file."""
    items = []
    for a in doc["articles"]:
        m = _ITEM_LINES.match(a["notes"])
        if not m:
            raise ValueError(f"{doc['file']}: notes without a line map: {a['notes'][:60]}")
        heads = () if m.group(1).strip() == "-" else tuple(int(n) for n in m.group(1).split(",") if n.strip())
        paragraphs = tuple(tuple(int(n) for n in p.split("+") if n.strip())
                           for p in m.group(2).split("|") if p.strip())
        items.append(GoldItem(a["kind"], a.get("headline"), tuple(a.get("subheadlines") or ()),
                              a.get("byline"), heads, paragraphs))
    others = {}
    for x in doc.get("non_article", ()):
        m = _OTHER_LINE.match(x["notes"])
        if m:
            others[int(m.group(1))] = x["kind"]
    return GoldPage(doc["file"], tuple(items), others)


def pairs(pages_dir: Path, gold_dir: Path) -> list[tuple[Path, Path]]:
    """(page, label file) for every label file in ``gold_dir`` whose page is in ``pages_dir``."""
    out = []
    for gold in sorted(Path(gold_dir).glob("*.json")):
        doc = json.loads(gold.read_text(encoding="utf-8"))
        page = Path(pages_dir) / doc["file"]
        if page.exists():
            out.append((page, gold))
    return out
