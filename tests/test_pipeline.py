"""One page or one story that fails is set aside with its reason; the run goes on with the rest.

The failures are provoked by making one stage raise for one item only, as a bug would.
"""
import json
import logging
import re
from pathlib import Path

import pytest

import digest.assemble
import digest.pipeline
from digest.cli import main
from digest.pipeline import Options, build_digest, collect

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
FIRST = "000_f332fbbfdc60002e.txt"


def failing_for(real, matches, exc=KeyError("659000")):
    def stage(*args, **kwargs):
        if matches(*args, **kwargs):
            raise exc
        return real(*args, **kwargs)
    return stage


@pytest.fixture(scope="module")
def whole():
    return build_digest([SAMPLES], Options())


def test_a_page_that_fails_is_skipped_and_the_others_are_read(monkeypatch, whole, caplog):
    monkeypatch.setattr(digest.pipeline, "segment", failing_for(digest.pipeline.segment,
                                                                lambda page: page.source.name == FIRST))
    d = build_digest([SAMPLES], Options())
    assert {b.article.source.name for b in d.briefs} == {b.article.source.name for b in whole.briefs} - {FIRST}
    [s] = d.skipped
    assert (s.source.name, s.reason) == (FIRST, "could not be cut into articles (KeyError: '659000')")
    assert d.pages == 4
    assert f"{FIRST}: could not be cut into articles (KeyError: '659000') — left out, the run goes on" in caplog.text


def test_an_article_that_fails_is_skipped_and_the_others_are_briefed(monkeypatch, whole):
    victim = whole.briefs[3].article
    monkeypatch.setattr(digest.pipeline, "summarize_article", failing_for(
        digest.pipeline.summarize_article, lambda article, **kw: article.id == victim.id,
        ValueError("no sentence")))
    d = build_digest([SAMPLES], Options())
    assert [b.article.id for b in d.briefs] == [b.article.id for b in whole.briefs if b.article.id != victim.id]
    [s] = d.skipped
    assert (s.source, s.item, s.reason) == (victim.source, victim.headline, "could not be briefed (ValueError: no sentence)")


def test_a_story_that_cannot_be_laid_out_is_skipped_and_the_digest_is_written(monkeypatch, whole, tmp_path, capsys):
    victim = whole.lead.stories[0].article
    monkeypatch.setattr(digest.assemble, "region", failing_for(digest.assemble.region,
                                                               lambda headline, text: headline == victim.headline))
    out = tmp_path / "d.json"
    assert main([str(SAMPLES), "--format", "json", "-o", str(out)]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert victim.id not in [a["id"] for a in doc["articles"]]
    assert victim.id not in [i for s in doc["sections"] for i in s["articles"]]
    assert [s for s in doc["skipped"] if s["line"] is None] == [
        {"file": victim.source.name, "path": str(victim.source),
         "reason": "could not be laid out (KeyError: '659000')", "item": victim.headline, "line": None}]
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.splitlines()[-1].startswith("Done: 5 pages")


def test_a_bug_that_stops_everything_is_one_line(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(digest.pipeline, "assemble", failing_for(digest.pipeline.assemble, lambda *a, **k: True))
    out = tmp_path / "d.md"
    out.write_text("上周的摘要。\n", encoding="utf-8")
    assert main([str(SAMPLES), "-o", str(out)]) == 1
    assert capsys.readouterr().err.strip().splitlines() == [
        "error: unexpected KeyError: '659000'; run with -v for the traceback, and please report it"]
    assert out.read_text(encoding="utf-8") == "上周的摘要。\n"
    assert main([str(SAMPLES), "-o", str(out), "-v"]) == 1
    assert "Traceback" in capsys.readouterr().err


def test_ids_and_links_are_unique_across_folders(tmp_path):
    for day in ("day1", "day2"):
        (tmp_path / day).mkdir()
        (tmp_path / day / "01.txt").write_bytes((SAMPLES / FIRST).read_bytes())
    # its ids would read like day1/01's once made into link anchors (a-day1-01-…)
    (tmp_path / "day1-01.txt").write_bytes(sorted(SAMPLES.glob("*.txt"))[1].read_bytes())
    d = build_digest([tmp_path, tmp_path / "day2" / "01.txt"], Options())
    ids = [b.article.id for b in d.briefs]
    assert len(ids) == len(set(ids))
    assert {i.rsplit("-", 1)[0] for i in ids} == {"day1/01", "day2/01", "day1-01"}
    anchors = [st.anchor for sec in d.all_sections for st in sec.stories]
    assert len(anchors) == len(set(anchors))
    assert all(re.fullmatch(r"s\d+", a) for a in anchors), "a link never shows a file name"


def test_pages_cut_in_a_pool_of_processes_give_what_one_process_gives(tmp_path, caplog):
    from digest.devtools import pagegen

    labels = sorted((ROOT / "tests" / "data" / "samples_gold").glob("*.json"))
    clean = [pagegen.articles_of_labelled_page((ROOT / "samples" / json.loads(g.read_text(encoding="utf-8"))["file"])
                                               .read_text(encoding="utf-8"), json.loads(g.read_text(encoding="utf-8")))
             for g in labels]
    for k in range(10):
        (tmp_path / f"p{k:02d}.txt").write_text(pagegen.generate(clean, 500 + k)[0], encoding="utf-8")
    (tmp_path / "p10.txt").write_text("。。。\n……\n", encoding="utf-8")  # a warning from a pool's process
    caplog.set_level(logging.INFO)
    alone = collect([tmp_path], Options(jobs=1))
    alone_said = [(r.levelname, r.getMessage()) for r in caplog.records]
    caplog.clear()
    pooled = collect([tmp_path], Options(jobs=2))
    assert len(alone.pages) == 11 > digest.pipeline.POOL_AFTER
    assert (pooled.briefs, pooled.skipped, pooled.set_aside, pooled.repeats, pooled.pages) == \
        (alone.briefs, alone.skipped, alone.set_aside, alone.repeats, alone.pages)
    assert [(r.levelname, r.getMessage()) for r in caplog.records] == alone_said
    assert any("p10.txt: no articles found" in message for _, message in alone_said)


def test_numpy_computes_on_one_thread_so_the_pools_processes_keep_a_core_each():
    import os
    import subprocess
    import sys

    if not Path("/proc/self/task").is_dir() or len(os.sched_getaffinity(0)) < 2:
        pytest.skip("counts threads in /proc; BLAS starts one thread a core, so it needs two cores")
    env = {k: v for k, v in os.environ.items() if not k.endswith(("_NUM_THREADS", "_MAXIMUM_THREADS"))}

    def threads(imports: str) -> int:
        code = f"{imports}; import os; print(len(os.listdir('/proc/self/task')))"
        return int(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                                  check=True).stdout)

    assert threads("import numpy") > 1, "numpy's BLAS starts its own threads when nothing limits them"
    assert threads("import digest, numpy") == 1
    assert threads("import digest.cli, numpy") == 1


def test_ctrl_c_while_a_pool_cuts_pages_ends_with_one_line(tmp_path):
    import os
    import signal
    import subprocess
    import sys

    for k in range(40):
        for sample in sorted(SAMPLES.glob("*.txt")):
            (tmp_path / f"{k:02d}-{sample.name}").write_text(sample.read_text(encoding="utf-8"), encoding="utf-8")
    with subprocess.Popen([sys.executable, "-m", "digest", str(tmp_path), "-v", "--jobs", "2", "-o",
                           str(tmp_path / "d.md")], stderr=subprocess.PIPE, text=True, start_new_session=True,
                          preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL)) as run:  # as a terminal gives
        read = 0
        for line in run.stderr:  # -v logs every page read; the pool starts after the fourth
            read += "decoded as" in line
            if read == 20:
                break
        os.killpg(run.pid, signal.SIGINT)  # what Ctrl-C in a terminal sends: to every process of the group
        rest = run.stderr.read()
    assert run.returncode == 130, rest
    assert rest.count("Traceback") == 1 and rest.strip().splitlines()[-1] == \
        "error: interrupted; files written before are complete, none is half written"
    assert not (tmp_path / "d.md").exists()
