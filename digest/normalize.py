"""Clean the characters of extracted page text, line by line.

Only characters are touched here; which lines belong together is the job of
:mod:`digest.layout`. Punctuation is never NFKC-folded: ``，！？（）`` stay full width.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from .patterns import CJK, FULL_WIDTH_PUNCT

# Full-width ASCII digits and letters fold to ASCII (jieba splits full-width digits into
# single characters); full-width punctuation stays as printed.
_FOLD = {c: c - 0xFEE0 for r in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
         for c in range(r[0], r[1] + 1)}
_FOLD.update({0x3000: 0x20, 0x00A0: 0x20, 0x2002: 0x20, 0x2003: 0x20, 0x2009: 0x20, 0x200B: None,
              0xFEFF: None})

# PDF and e-paper extraction put spaces around numbers inside Chinese text (`415 户`,
# `8 月 16 日`); spaces between two Chinese words (a headline's `启动预案 保障防汛`) are kept.
_SPACE_BEFORE_NUMBER = re.compile(rf"(?<=[{CJK}{FULL_WIDTH_PUNCT}])[ \t]+(?=[0-9])")
_SPACE_AFTER_NUMBER = re.compile(rf"(?<=[0-9%])[ \t]+(?=[{CJK}{FULL_WIDTH_PUNCT}])")
_MARKDOWN_HEADING = re.compile(r"^\s{0,3}#{1,6}[ \t]+")
_MARKDOWN_QUOTE = re.compile(r"^\s{0,3}>[ \t]?")
_MARKDOWN_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_SPACES = re.compile(r"[ \t]{2,}")


def markdown_level(raw_line: str) -> int:
    """The Markdown heading level the extraction gave the line (``## 标题`` is 2), 0 for none."""
    m = _MARKDOWN_HEADING.match(raw_line)
    return m.group(0).count("#") if m else 0


# What an OCR model wraps text in: a caption centred as HTML, a table, grounding tokens
# (`<|ref|>text\text{上接一版），…`). The text stays; the wrapping goes.
_HTML_TAG = re.compile(r"</?(?:center|table|tr|td|th|tbody|thead|div|p|br)\s*/?>", re.I)
_OCR_TOKEN = re.compile(r"<\|/?(?:ref|det|grounding)\|>")
_OCR_TEXT = re.compile(r"^text\\text\{|\\text\{")


def markup(raw_line: str) -> str | None:
    """``center`` or ``table`` when the extraction wrapped the line in that HTML, else None."""
    head = raw_line.lstrip()[:8].lower()
    return "center" if head.startswith("<center") else "table" if head.startswith("<table") else None


def translator(table: dict[int, int | str | None]) -> Callable[[str], str]:
    """``str.translate`` of ``table`` that touches only the characters the table changes:
    translate looks every character of Chinese text up in the table (ten times as long on a page)."""
    changed = re.compile("[" + re.escape("".join(map(chr, table))) + "]")
    return lambda text: changed.sub(lambda m: m[0].translate(table), text)


fold = translator(_FOLD)  # full-width digits and letters to ASCII, odd spaces to plain ones


def clean_line(line: str) -> str:
    """Fold widths, strip Markdown and HTML markers and the spaces extraction put around numbers."""
    line = fold(line)
    if "<" in line or "\\" in line:
        line = _OCR_TEXT.sub("", _OCR_TOKEN.sub("", _HTML_TAG.sub(" ", line)))
    stripped = None
    while stripped != line:  # markers can nest (`> ## **…**`): strip until none is left
        stripped = line
        line = _MARKDOWN_HEADING.sub("", line)
        line = _MARKDOWN_QUOTE.sub("", line)
        line = _MARKDOWN_EMPHASIS.sub(r"\2", line)
    line = _SPACE_BEFORE_NUMBER.sub("", line)
    line = _SPACE_AFTER_NUMBER.sub("", line)
    line = _SPACES.sub(" ", line)
    return line.strip()


def normalize(text: str) -> str:
    """Clean every line of a page; the line structure (and blank lines) is kept."""
    return "\n".join(clean_line(line) for line in text.split("\n"))
