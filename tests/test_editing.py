"""The editor's decisions and earlier sends, applied to records (no archive, no files)."""
from datetime import date
from pathlib import Path

from digest.archive import Decision, SentStory, Stored
from digest.assemble import assemble, load_sections
from digest.editing import SENT_TITLE, already_sent, apply_decisions, place, sentences_of, unique_ids
from digest.models import Article, Brief, Summary

DAY = date(2017, 8, 23)
BODIES = {
    "乒乓": "本报讯（记者张奎）8月21日，天津市第十三届职工乒乓球比赛落幕。据悉，本次大赛有近10万名职工参加了初赛和复赛。",
    "志愿": "本报讯（记者康劲）8月18日，兰州市总工会组建职工志愿服务队。首批志愿者120人，将走进社区开展义务维修。",
    "培训": "本报讯（记者李娜）8月20日，成都市总工会举办农民工技能培训班。300余名农民工参加焊工、电工等工种培训。",
}


def stored(key: str, source: str = "a.txt", position: int = 1, id_: str | None = None) -> Stored:
    article = Article(id=id_ or f"{Path(source).stem}-{position:02d}", source=Path(source), position=position,
                      headline=f"{key}新闻", paragraphs=tuple(BODIES[key].split("。", 1)[0:1]) + (BODIES[key].split("。", 1)[1],),
                      page_date=DAY)
    return Stored(f"uid-{key}-{source}", Brief(article, Summary((BODIES[key].split("。")[0] + "。",))))


def test_ids_repeated_across_folders_are_made_unique():
    a, b = stored("乒乓", "day1/01.txt", id_="01-01"), stored("志愿", "day2/01.txt", id_="01-01")
    assert [s.brief.article.id for s in unique_ids([a, b])] == ["01-01", "01-01~2"]


def test_decisions_drop_retitle_and_rebrief():
    a, b, c = stored("乒乓"), stored("志愿", position=2), stored("培训", position=3)
    decisions = {a.uid: Decision(a.uid, dropped=True),
                 b.uid: Decision(b.uid, headline="  兰州志愿服务队 ", sentences=(1, 0, 9)),
                 c.uid: Decision(c.uid, sentences=(0,), brief="编辑写的摘要。")}
    out = apply_decisions([a, b, c], decisions)
    assert [s.uid for s in out] == [b.uid, c.uid]
    assert out[0].brief.article.headline == "兰州志愿服务队"
    assert out[0].brief.summary.sentences == sentences_of(b.brief)[:2]  # in document order, out of range ignored
    assert out[1].brief.summary.sentences == ("编辑写的摘要。",)


def test_a_reprint_on_another_page_counts_as_sent():
    sent = SentStory("uid-old", date(2017, 8, 25), "2017-W34", stored("乒乓", "old.txt").brief)
    reprint = stored("乒乓", "new.txt")
    same_page = Stored("uid-old", stored("培训", "old.txt").brief)
    other = stored("志愿", "new.txt", position=2)
    found = already_sent([reprint, same_page, other], [sent])
    assert set(found) == {reprint.uid, "uid-old"}
    assert found[reprint.uid].earlier.sent_on == date(2017, 8, 25)


def test_leads_and_moves_are_placed_and_sent_stories_listed():
    stories = [stored(k, position=n) for n, k in enumerate(BODIES, 1)]
    digest = assemble([s.brief for s in stories], [], pages=1, title="周报", sections=load_sections(), lead_count=1)
    last = [st for sec in digest.sections for st in sec.stories][-1]
    uid_of = {s.brief.article.id: s.uid for s in stories}
    target = next(sec.title for sec in digest.sections if last not in sec.stories)
    decisions = {uid_of[last.article.id]: Decision(uid_of[last.article.id], lead=True)}
    moved = digest.lead.stories[0]
    decisions[uid_of[moved.article.id]] = Decision(uid_of[moved.article.id], section=target)
    sent = SentStory("x", date(2017, 8, 25), "2017-W34", stored("培训", "old.txt").brief)
    from digest.editing import Sent
    out = place(digest, decisions, uid_of, [Sent(stored("培训", "old.txt"), sent)])
    assert out.lead.stories[0].article.id == last.article.id
    assert moved.article.id in [st.article.id for sec in out.sections if sec.title == target for st in sec.stories]
    [listed] = [sec for sec in out.sections if sec.title == SENT_TITLE]
    assert listed.stories[0].title == "培训新闻（已发 2017年8月25日）"
