"""Bad, hostile and huge input: each gives its one-line message, the rest is read, nothing is lost."""
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from digest.cli import STRICT_EXIT, main

GOOD = ("天津市总举办职工乒乓球赛\n\n本报讯（记者张奎）8月21日，天津市第十三届职工乒乓球比赛落幕。\n\n"
        "据悉，本次大赛有近10万名职工参加了初赛和复赛。\n")
LONG_LINE = "本报讯（记者康劲）兰州市总工会组织志愿服务队来到黄河岸边开展宣传活动，向游客宣传文明旅游知识。" * 1000


def corpus(root: Path) -> dict[str, str]:
    """Write one file per bad case; return the message each must produce, by file name."""
    pages = root / "pages"
    pages.mkdir()
    (pages / "2017-08-23-good.txt").write_text(GOOD, encoding="utf-8")
    (pages / "gbk.txt").write_bytes(GOOD.replace("天津", "河北").encode("gbk"))
    (pages / "empty.txt").write_bytes(b"")
    (pages / "blank.txt").write_text(" \n\u3000\n\t\n", encoding="utf-8")
    (pages / "scan.txt").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    (pages / "noise.txt").write_bytes(bytes(range(128, 256)) * 200)
    (pages / "mixed.txt").write_bytes(GOOD.encode() + "（通讯员李四）另一段是GBK编码的文字。\n".encode("gbk"))
    (pages / "nul.txt").write_text(GOOD.replace("落幕", "落\x00幕\x07"), encoding="utf-8")
    (pages / "huge.txt").write_bytes(b"x" * (2 * 2**20))
    (pages / "longline.txt").write_text(LONG_LINE, encoding="utf-8")
    (pages / "noheadline.txt").write_text("本报讯（记者丛民）日前，济南铁路局工会组织文艺小分队下基层演出。\n", encoding="utf-8")
    (pages / "punct.txt").write_text("。。。，，，！！！\n——……\n", encoding="utf-8")
    (pages / "numbers.txt").write_text("2017 08 23\n123456\n", encoding="utf-8")
    (pages / "pages.toml").write_text('"2017-08-23-good.txt" = {date = 2017-13-01}\n', encoding="utf-8")
    (pages / "loop.txt").symlink_to(pages / "loop.txt")
    (root / "nopages").mkdir()
    expected = {
        "missing": "no such file or folder",
        "nopages": "folder has no .txt or .md files",
        "pages.toml": "pages.toml",
        "empty.txt": "empty file",
        "blank.txt": "only whitespace",
        "scan.txt": "binary file (a PDF)",
        "noise.txt": "not UTF-8, GB18030 or Big5",
        "mixed.txt": "mixed encodings",
        "nul.txt": "removed 2 control character(s)",
        "huge.txt": "file is 2 MiB, over the limit of 1 MiB",
        "longline.txt": "was cut into paragraphs",
        "punct.txt": "no articles found",
        "numbers.txt": "no articles found",
        "loop.txt": "symlink loop",
    }
    if os.geteuid() != 0:  # root reads anything
        locked = pages / "locked.txt"
        locked.write_text(GOOD, encoding="utf-8")
        locked.chmod(0)
        expected["locked.txt"] = "permission denied"
    return expected


def test_every_bad_input_is_named_and_the_rest_is_read(tmp_path, capsys):
    expected = corpus(tmp_path)
    out = tmp_path / "out.json"
    code = main([str(tmp_path / "pages"), str(tmp_path / "nopages"), str(tmp_path / "missing"),
                 "--max-file-mb", "1", "--format", "json", "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 0 and "Traceback" not in err
    lines = err.splitlines()
    for name, message in expected.items():
        assert any(name in line and message in line for line in lines), (name, message, err)
    doc = json.loads(out.read_text(encoding="utf-8"))
    headlines = [a["headline"] for a in doc["articles"]]
    assert "天津市总举办职工乒乓球赛" in headlines and "河北市总举办职工乒乓球赛" in headlines
    assert any(a["source"]["file"] == "noheadline.txt" and a["headline_generated"] for a in doc["articles"])
    assert sum(a["source"]["file"] == "longline.txt" for a in doc["articles"]) >= 1
    skipped = {s["file"] for s in doc["skipped"]}
    assert {"empty.txt", "blank.txt", "scan.txt", "noise.txt", "huge.txt", "punct.txt", "numbers.txt",
            "pages.toml", "loop.txt", "missing", "nopages"} <= skipped
    assert re.search(r"^Done: \d+ pages, \d+ articles \(\d+ stories\), \d+ skipped", lines[-1])


def test_a_line_of_megabytes_is_read(tmp_path, capsys):
    (tmp_path / "line.txt").write_text(LONG_LINE * 25, encoding="utf-8")  # 3.6 MB, no line break
    out = tmp_path / "d.json"
    assert main([str(tmp_path), "--format", "json", "-o", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["articles"]
    assert "was cut into paragraphs" in capsys.readouterr().err


def test_strict_turns_skipped_input_into_an_error_after_writing(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    out = tmp_path / "d.md"
    assert main([str(tmp_path), "--strict", "-o", str(out)]) == STRICT_EXIT
    assert out.exists() and "1 item(s) skipped (--strict)" in capsys.readouterr().err
    assert main([str(tmp_path / "a.txt"), "--strict", "-o", str(out)]) == 0


def test_verbose_shows_the_traceback_of_an_error(tmp_path, capsys):
    assert main([str(tmp_path / "missing"), "-v"]) == 1
    assert "Traceback" in capsys.readouterr().err


HOSTILE = ("测试<script>alert(1)</script>标题{{ 7*7 }}\n\n"
           "本报讯（记者张三）8月1日，某市总工会举办活动<script>alert(1)</script>，{{ 7*7 }}职工参加，"
           "[点我](javascript:alert(1))，<img src=x onerror=alert(1)>，{% raw %}。\n\n"
           "## 假标题 **粗体** _斜体_ `代码`\n")


@pytest.mark.parametrize("fmt", ["md", "txt", "json", "html"])
def test_hostile_text_comes_out_as_text(tmp_path, fmt):
    (tmp_path / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    out = tmp_path / f"d.{fmt}"
    assert main([str(tmp_path), "--format", fmt, "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "49" not in text.replace("2017", "")
    if fmt == "html":
        assert "<script" not in text and "<img" not in text
        assert "{{ 7*7 }}" in text and "&lt;script&gt;" in text and 'href="javascript' not in text
    if fmt == "md":
        import markdown
        html = markdown.markdown(text, output_format="html")
        assert "<script" not in html and "<img" not in html and 'href="javascript' not in html
        assert "{{ 7\\*7 }}" in text
    if fmt in ("txt", "json"):
        assert "<script>alert(1)</script>" in text.replace("\\u003c", "<")


def test_a_folder_of_special_and_foreign_files_finishes_with_every_good_page(tmp_path):
    """A FIFO, a link to /dev/zero, a PDF, a page named in GBK and same-named pages in two folders."""
    samples = sorted((Path(__file__).parent.parent / "samples").glob("*.txt"))
    pages = tmp_path / "pages"
    for folder, sample in (("day1", samples[0]), ("day2", samples[1])):
        (pages / folder).mkdir(parents=True)
        (pages / folder / "01.txt").write_bytes(sample.read_bytes())
    gbk_name = "第三版.txt".encode("gbk")  # as a zip made on a Chinese Windows names it
    with open(os.path.join(os.fsencode(pages), gbk_name), "wb") as f:
        f.write(samples[2].read_bytes())
    os.mkfifo(pages / "pipe.txt")
    (pages / "zero.txt").symlink_to("/dev/zero")
    (pages / "scan.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    out = tmp_path / "d.json"
    # A separate process with a time limit: a hang would fail the test instead of stopping the suite.
    run = subprocess.run([sys.executable, "-m", "digest", str(pages), "--format", "json", "-o", str(out)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
    doc = json.loads(out.read_text(encoding="utf-8"))
    files = {a["source"]["path"] for a in doc["articles"]}
    assert files == {str(pages / "day1" / "01.txt"), str(pages / "day2" / "01.txt"),
                     str(pages / gbk_name.decode("utf-8", errors="replace"))}
    assert {(s["file"], s["reason"]) for s in doc["skipped"] if s["line"] is None} == {
        ("pipe.txt", "not a regular file (a FIFO)"), ("zero.txt", "not a regular file (a character device)"),
        ("scan.pdf", "not a text page: convert it first")}
    ids = [a["id"] for a in doc["articles"]]
    assert len(ids) == len(set(ids)) and {i.rsplit("-", 1)[0] for i in ids} >= {"day1/01", "day2/01"}
    assert run.stderr.splitlines()[-1].startswith("Done: 3 pages,")


def test_links_of_same_named_pages_land_on_their_own_stories(tmp_path):
    other = "兰州市总组建志愿服务队\n\n本报讯（记者康劲）8月28日，兰州市总工会组织志愿服务队来到黄河岸边开展宣传活动。\n"
    for folder, page in (("day1", GOOD), ("day2", other)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "01.txt").write_text(page, encoding="utf-8")
    out = tmp_path / "d.md"
    assert main([str(tmp_path), "-o", str(out)]) == 0
    md = out.read_text(encoding="utf-8")
    links = re.findall(r"\[([^\]]+)\]\(#(s\d+)\)", md)
    assert len(links) == 2 and len({anchor for _, anchor in links}) == 2
    for title, anchor in links:
        assert md.split(f'<a id="{anchor}"></a>', 1)[1].lstrip().startswith(f"### {title}")


def test_lines_in_other_scripts_are_kept(tmp_path):
    lines = ["Профсоюз провёл турнир по настольному теннису.", "مرحبا بكم في البطولة", "שלום לכולם"]
    (tmp_path / "2017-08-24.txt").write_text(GOOD + "\n" + "\n\n".join(lines) + "\n\n据悉，决赛在天津举行。\n",
                                             encoding="utf-8")
    out = tmp_path / "d.json"
    assert main([str(tmp_path), "--format", "json", "-o", str(out)]) == 0
    text = json.dumps(json.loads(out.read_text(encoding="utf-8"))["articles"], ensure_ascii=False)
    assert all(line in text for line in lines)
