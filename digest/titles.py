"""Titles for items printed without a headline: the lead's subject and predicate, short.

A reader takes a title for a complete phrase: who did what (`青岛市总工会整合三方资源`). The
lead's first clauses are not one: they set the time and place (`8月18日，`, `在重阳节即将来临之际，`)
or the means (`…通过整合三方资源、健全指导员队伍等措施，`), and the predicate follows them. So the
title is built from the sentence's grammar, with rjieba's part-of-speech tags: setting clauses
are passed over, a means phrase gives way to the predicate after it, and a title still too long
loses, in turn, the bracketed asides, the job titles before a name, adverbs, and all but the
first of a list; it is then cut after a word that can end a phrase, never after a preposition,
a particle or the first half of a compound.
"""
from __future__ import annotations

import re

from . import nlp
from . import patterns as P
from .sentences import split_sentences

# Headlines on the sample pages run 8-20 characters (a few decks longer); a title past 20
# characters reads as a sentence.
MAX_CHARS = 20
_ASIDE = re.compile(r"[（(][^（）()]{0,16}[）)]")
_CLAUSE = re.compile(r"[，,；;：:]")
# Clauses that set the scene rather than say the news: how they open and how they end.
_SETTING_OPENS = ("在", "由", "为", "为了", "随着", "针对", "根据", "按照", "由于", "截至", "自", "从", "当", "经过",
                  "近日", "日前", "近年来", "今年以来", "目前", "据", "记者")
_SETTING_ENDS = ("之际", "时", "期间", "以来", "之后", "前夕", "当天", "当日")
# Prepositions that open the means (`通过…等措施`): the predicate is in the clause after.
_MEANS = ("通过", "借助", "依托", "利用", "采取", "以")
_MEANS_TAIL = re.compile(r"等(?:措施|方式|举措|形式|办法|途径|手段|活动)$")
_PLACE_WORD = re.compile(rf"^[{P.CJK}]{{1,8}}(?:省|市|县|区|镇|乡|村|州|旗|盟)$")
_DATE = re.compile(r"^\d{1,2}月\d{1,2}日(?:至\d{1,2}日)?(?:[上中下]午|晚|早)?")
_FROM = re.compile(r"^来自[^，,的]{1,24}的")
# The theme a lead gives before its subject (`以“发展稻米产业、促进粮食安全”为主题的第九届…`).
# Who organised it, before the event's name (`中联西北院承办的…职工篮球赛`).
_HOST = re.compile(r"^[^，,]{1,24}?(?:主办|承办|协办|举办)的")
# A time clause's last word left at the end of a title (`…参加开放日活动后`).
_TIME_TAIL = re.compile(r"(?:之后|以后|后|之际|期间|时)$")
_THEME = re.compile(r"^以.{1,30}?为(?:主题|题|核心|重点|主线)的")
# Tags of words a title cannot end on: prepositions, conjunctions, particles, adverbs, locality
# words, numerals and measure words, pronouns, punctuation (jieba's tag set, after ICTCLAS).
_WEAK_END = ("p", "c", "u", "d", "f", "m", "q", "r", "x", "b")
_DROPPABLE = ("d", "t")  # adverbs and time words (`专程`, `先后`) go first when a title is long


def make_title(lead: str) -> str:
    """A title of at most :data:`MAX_CHARS` characters for an item whose lead is ``lead``."""
    text = lead.strip()
    for pattern in (P.DATELINE, P.OPENING_CREDIT):
        m = pattern.match(text)
        if m:
            text = text[m.end():].strip()
    text = _ASIDE.sub("", text)
    sentences = split_sentences(text) or [text]
    # A quotation opening a lead is what someone said; the news is in the sentence after it,
    # unless that only says who spoke (`…赵东霞告诉记者。`).
    quoted = [s for s in sentences if s.startswith(("“", "「"))]
    plain = [s for s in sentences if not s.startswith(("“", "「"))]
    title = _title(plain[0]) if plain else ""
    if quoted and (not title or title.endswith(P.ATTRIBUTION_VERBS)):
        title = _title(quoted[0])
    if P.quote_depth(title):  # a quotation cut in two
        title = title.replace("“", "").replace("”", "")
    return title


def _title(sentence: str) -> str:
    sentence = sentence.rstrip(P.SENTENCE_END + P.CLOSERS + "；;").lstrip("“「")
    clauses = [c.strip() for c in _CLAUSE.split(sentence) if c.strip()]
    if not clauses:
        return ""
    purpose = False
    while len(clauses) > 1 and (_is_setting(clauses[0]) or purpose and _opens_with_verb(clauses[0])):
        # A purpose (`为活跃…，提高…，`) goes on in the clauses after it that have no subject.
        purpose = clauses.pop(0).startswith("为") or purpose
    clauses[0] = _THEME.sub("", _HOST.sub("", _FROM.sub("", _DATE.sub("", clauses[0]))))
    title = _subject_and_predicate(clauses)
    if len(title) > MAX_CHARS:
        title = _shorten(title)
    if len(title) > 6:
        title = _TIME_TAIL.sub("", title)
    return title


def _opens_with_verb(clause: str) -> bool:
    words = nlp.tag(clause)
    return bool(words) and words[0][1].startswith("v")


def _is_setting(clause: str) -> bool:
    return (len(clause) <= 8 or bool(P.DATE_LEAD.match(clause)) or clause.startswith(_SETTING_OPENS)
            or clause.endswith(_SETTING_ENDS))


def _subject_and_predicate(clauses: list[str]) -> str:
    """The main clause, with the clause after it when it has no verb (`区总工会主席康亮生一行，`);
    when it gives the means (`X通过…等措施，`), X and the predicate after it, or X and the means
    when only they fit."""
    main = clauses[0]
    words = nlp.tag(main)
    if len(clauses) > 1 and not any(t.startswith("v") for _, t in words):
        return main + clauses[1]
    at = 0
    for k, (word, tag) in enumerate(words):
        if k and word in _MEANS and (tag == "p" or len(word) > 1):
            subject = _drop_region(main[:at])
            means = _MEANS_TAIL.sub("", main[at + len(word):])
            predicate = subject + clauses[1] if len(clauses) > 1 else ""
            if predicate and len(predicate) <= MAX_CHARS:
                return predicate
            first = re.split(r"[、和及]", means)[0]
            if len(subject + first) <= MAX_CHARS and len(first) >= 4:
                return subject + first
            return predicate or subject + means
        at += len(word)
    return main


def _drop_region(text: str) -> str:
    """Places before a smaller place say no more than it (`山东青岛市` → `青岛市`,
    `江苏省连云港市新浦区涌南镇新湾村` → `新湾村`)."""
    words = nlp.tag(text)
    k = 0
    while k + 2 < len(words) and _is_place(words[k]) and _is_place(words[k + 1]):
        k += 1
    return text[sum(len(w) for w, _ in words[:k]):]


def _is_place(word: tuple[str, str]) -> bool:
    return word[1] == "ns" or bool(_PLACE_WORD.match(word[0]))


def _shorten(title: str) -> str:
    words = nlp.tag(_drop_region(title))
    # Job titles before the first personal name (`区总工会主席康亮生` → `康亮生`).
    # A name followed by what it does is the subject, whatever the words before it.
    for k, (word, tag) in enumerate(words[:-1]):
        if k and tag == "nr" and P.is_personal_name(word) and words[k + 1][1].startswith(("v", "p", "d", "m", "c")):
            words = words[k:]
            break
    if _length(words) > MAX_CHARS:
        words = [w for w in words if w[1] not in _DROPPABLE and w[0] != "一行"] or words
    if _length(words) > MAX_CHARS:
        # An attribute before `的` after the verb (`走访慰问了88岁高龄的退休劳模` → `走访慰问了退休劳模`).
        verb = next((k for k, w in enumerate(words) if w[1].startswith("v")), None)
        de = next((k for k, w in enumerate(words) if w[0] == "的" and verb is not None and k > verb + 1), None)
        if de is not None:
            start = verb + 1 + (words[verb + 1][1] == "ul")
            attribute = words[start:de]
            if (attribute and not any(t.startswith(("v", "nr")) for _, t in attribute)
                    and _length(words) - _length(attribute) - 1 <= MAX_CHARS and de + 1 < len(words)):
                words = words[:start] + words[de + 1:]
    if _length(words) > MAX_CHARS:
        first = next((k for k, w in enumerate(words) if w[0] in "、和及与" and _length(words[:k]) >= 8), None)
        if first is not None and 0 < first < len(words) - 1 and all(
                words[j][1].startswith("v") for j in (first - 1, first + 1)):
            # Two verbs sharing an object (`探望和慰问抗战老兵`): the second keeps it.
            words = words[:first - 1] + words[first + 1:]
        elif first is not None:
            rest = words[first + 1:]
            words = words[:first]
            # A list inside the subject is cut; the predicate after it stays.
            verb = next((k for k, w in enumerate(rest) if w[1].startswith("v")), None)
            if verb is not None and not any(w[1].startswith("v") for w in words):
                words += rest[verb:]
    best = []
    for k in range(1, len(words) + 1):
        if _length(words[:k]) > MAX_CHARS:
            break
        nxt = words[k] if k < len(words) else None
        if _can_end(words[k - 1]) and (nxt is None or not _continues(nxt, words[k - 1])):
            best = words[:k]
    if not best:  # no clean place to stop: the longest prefix that ends on a content word
        best = words[:1]
        for k in range(1, len(words) + 1):
            if _length(words[:k]) > MAX_CHARS:
                break
            if _can_end(words[k - 1]):
                best = words[:k]
    return "".join(w for w, _ in best)


def _length(words) -> int:
    return sum(len(w) for w, _ in words)


def _can_end(word: tuple[str, str]) -> bool:
    return not word[1].startswith(_WEAK_END) and word[0] not in P.FUNCTION_END


def _continues(word: tuple[str, str], before: tuple[str, str]) -> bool:
    """A word that the one before it needs: the next noun of a compound, `的`, a verb's object."""
    if before[1].startswith("v") and (word[1].startswith(("n", "v")) or word[0] in ("和", "与", "及", "并")):
        return True  # `开展` | `宣传活动`, `探望` | `和慰问抗战老兵`: a verb without its object
    return word[1].startswith(("n", "u", "q", "m", "f")) or word[0] in "的之"
