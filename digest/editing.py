"""The editor's decisions and what was sent before, applied to a week of archived stories.

Pure: records in, records out. Before assembling, a dropped story is left out, an edited headline
or brief replaces the computed one, and a story sent in an earlier digest is set apart; after
assembling, stories marked as leads move into 本周要闻 and a story moved to another section goes
there, and stories sent before are listed as 已发 when the user wants to see them.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from datetime import date

from .archive import Decision, SentStory, Stored
from .assemble import repeats_of
from .models import Brief, Digest, Section, Story, Summary
from .sentences import split_sentences

SENT_TITLE = "已发稿件"
SENT_CHOICES = ("leave-out", "mark")  # what `build` does with a story sent in an earlier digest


@dataclass(frozen=True, slots=True)
class Sent:
    """A story of this week that went out before, and when."""

    stored: Stored
    earlier: SentStory


def sentences_of(brief: Brief) -> tuple[str, ...]:
    """The sentences an editor may choose a brief from: every sentence of the article, in order."""
    return tuple(s for s in split_sentences(brief.article.body) if s)


def unique_ids(stored: list[Stored]) -> list[Stored]:
    """Stories with article ids unique in the week (pages added from different folders may both
    have a ``01.txt``), so that every link and JSON entry names one story."""
    taken: set[str] = set()
    out = []
    for s in stored:
        a = s.brief.article
        new = next(i for i in itertools.chain([a.id], (f"{a.id}~{n}" for n in itertools.count(2))) if i not in taken)
        taken.add(new)
        out.append(s if new == a.id else replace(s, brief=replace(s.brief, article=replace(a, id=new))))
    return out


def apply_decisions(stored: list[Stored], decisions: dict[str, Decision]) -> list[Stored]:
    """The stories not dropped, with the editor's headline and brief where given."""
    out = []
    for s in stored:
        d = decisions.get(s.uid)
        if d is None:
            out.append(s)
            continue
        if d.dropped:
            continue
        b = s.brief
        if d.headline and d.headline.strip():
            b = replace(b, article=replace(b.article, headline=d.headline.strip(), headline_generated=False))
        if d.brief and d.brief.strip():
            b = replace(b, summary=Summary((d.brief.strip(),), b.summary.keywords))
        elif d.sentences is not None:
            candidates = sentences_of(b)
            chosen = tuple(candidates[i] for i in sorted(set(d.sentences)) if 0 <= i < len(candidates))
            b = replace(b, summary=Summary(chosen, b.summary.keywords))
        out.append(replace(s, brief=b))
    return out


def already_sent(stored: list[Stored], earlier: list[SentStory]) -> dict[str, Sent]:
    """``{uid: Sent}`` for the stories that went out in an earlier digest: the same story (the
    same page added again) or a reprint of it, found as the digest finds repeats within a week."""
    by_uid = {e.uid: e for e in earlier}
    out = {s.uid: Sent(s, by_uid[s.uid]) for s in stored if s.uid in by_uid}
    rest = [s for s in stored if s.uid not in out]
    by_id = {e.brief.article.id: e for e in earlier}
    found = repeats_of([e.brief for e in earlier], [s.brief for s in rest])
    for s in rest:
        first = found.get(s.brief.article.id)
        if first:
            out[s.uid] = Sent(s, by_id[first])
    return out


def place(digest: Digest, decisions: dict[str, Decision], uid_of: dict[str, str],
          sent: list[Sent] = ()) -> Digest:
    """The assembled digest with the editor's leads and sections, and ``sent`` listed as 已发."""
    wanted: dict[str, str] = {}  # article id → title of the section it goes to
    for article_id, uid in uid_of.items():
        d = decisions.get(uid)
        if d and d.lead:
            wanted[article_id] = digest.lead.title if digest.lead else ""
        elif d and d.section:
            wanted[article_id] = d.section
    titles = {s.title for s in (digest.lead, *digest.sections) if s}
    wanted = {k: v for k, v in wanted.items() if v in titles}
    moved: dict[str, list[Story]] = {}
    sections = []
    for section in (digest.lead, *digest.sections):
        if section is None:
            sections.append(None)
            continue
        stay = []
        for story in section.stories:
            target = wanted.get(story.article.id, section.title)
            (stay if target == section.title else moved.setdefault(target, [])).append(story)
        sections.append(replace(section, stories=tuple(stay)))
    for i, section in enumerate(sections):
        if section is not None and section.title in moved:
            extra = tuple(moved[section.title])
            # Leads the editor chose open the week; a story moved to a section closes it.
            stories = extra + section.stories if section is sections[0] else section.stories + extra
            sections[i] = replace(section, stories=stories)
    lead, rest = sections[0], sections[1:]
    briefs = digest.briefs
    if sent:
        taken = {st.anchor for s in digest.all_sections for st in s.stories}
        shown = []
        for n, s in enumerate(sent, 1):
            anchor = next(a for a in itertools.chain([f"sent-{n}"], (f"sent-{n}-{k}" for k in itertools.count(2)))
                          if a not in taken)
            title = f"{s.stored.brief.article.headline}（已发 {_day(s.earlier.sent_on)}）"
            shown.append(Story(s.stored.brief, anchor, title))
        rest.append(Section(SENT_TITLE, "sent", tuple(shown)))
        briefs = briefs + tuple(s.stored.brief for s in sent)
    return replace(digest, lead=lead, sections=tuple(rest), briefs=briefs)


def _day(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"
