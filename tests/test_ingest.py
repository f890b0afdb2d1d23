import logging
import os
import re
from datetime import date
from pathlib import Path

import pytest

from digest.errors import ConfigError
from digest.ingest import read_pages
from digest.models import Page, Skipped

TEXT = "本报讯 8 月 23 日，陕西省总工会召开会议。2017 年上半年，全省职工……\n"


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def only(paths, **kwargs):
    results = list(read_pages(paths, **kwargs))
    assert len(results) == 1, results
    return results[0]


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("gbk"), "gb18030"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.encode("utf-16"), "utf-16"),
    ],
)
def test_encodings_are_detected(tmp_path, caplog, data, encoding):
    caplog.set_level(logging.DEBUG, logger="digest.ingest")
    page = only(write(tmp_path / "p.txt", data))
    assert isinstance(page, Page)
    assert page.text == TEXT  # BOM removed
    assert page.encoding == encoding
    assert f"decoded as {encoding}" in caplog.text
    assert (page.date, page.date_source) == (date(2017, 8, 23), "inferred")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary file (a PDF)"),
        (bytes(range(256)) * 4, "binary file"),
        (b"\x00\x01\x02\x03abc" * 100, "binary file"),
        (b"", "empty file"),
        (" \n\t\r\n\u3000\n".encode("utf-8"), "only whitespace"),
        (b"\x81\x30\xff\xfe\xfd" * 20, "not UTF-8, GB18030 or Big5"),
    ],
)
def test_unusable_files_are_skipped_with_a_warning(tmp_path, caplog, data, reason):
    path = write(tmp_path / "x.txt", data)
    skipped = only(path)
    assert isinstance(skipped, Skipped) and skipped.source == path
    assert skipped.reason.startswith(reason)
    [record] = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert record.getMessage().startswith(f"skipped {path}: {reason}")
    assert " — " in record.getMessage()  # and says what to do


def test_skipping_goes_on_with_the_rest(tmp_path):
    write(tmp_path / "a.txt", b"")
    write(tmp_path / "b.txt", TEXT)
    results = list(read_pages([tmp_path]))
    assert [type(r) for r in results] == [Skipped, Page]


def test_control_characters_are_removed_with_a_warning(tmp_path, caplog):
    path = write(tmp_path / "p.txt", "工会\x00会议\x07召开。\t第二版\n")
    page = only(path)
    assert page.text == "工会会议召开。\t第二版\n"
    assert f"{path}: removed 2 control character(s)" in caplog.text


def test_form_feeds_separate_the_pages_of_one_file(tmp_path):
    path = write(tmp_path / "2017-08-23.txt", "第一版的稿件。\n\f第二版的稿件。\n")
    pages = list(read_pages(path))
    assert [(p.part, p.text.strip(), p.date.isoformat()) for p in pages] == [
        (1, "第一版的稿件。", "2017-08-23"), (2, "第二版的稿件。", "2017-08-23")]


def test_a_long_dump_is_cut_into_pages_and_endless_lines_into_paragraphs(tmp_path, caplog):
    from digest.ingest import LINE_CHARS, PAGE_CHARS

    story = "本报讯 某市总工会举办活动，职工踊跃参加。" * 20
    dump = "\n\n".join([story] * (3 * PAGE_CHARS // len(story))) + "\n\n" + "长" * (3 * LINE_CHARS)
    pages = list(read_pages(write(tmp_path / "dump.txt", dump)))
    assert len(pages) >= 3 and all(len(p.text) <= PAGE_CHARS + LINE_CHARS for p in pages)
    assert max(len(line) for p in pages for line in p.text.split("\n")) <= LINE_CHARS
    assert "".join(p.text for p in pages).replace("\n", "") == dump.replace("\n", "")
    assert "a line of 60000 characters was cut" in caplog.text


def test_line_endings_are_normalized(tmp_path):
    page = only(write(tmp_path / "p.txt", "第一行\r\n第二行\r第三行\n"))
    assert page.text == "第一行\n第二行\n第三行\n"


def test_missing_path(tmp_path, caplog):
    skipped = only(tmp_path / "nope.txt")
    assert skipped == Skipped(tmp_path / "nope.txt", "no such file or folder")
    assert "check the path" in caplog.text


def test_symlink_loop(tmp_path):
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    assert only(loop).reason == "symlink loop"
    assert only(tmp_path).reason == "symlink loop"  # also found inside a folder


def test_folder_symlink_loop_is_not_followed_forever(tmp_path):
    write(tmp_path / "a" / "p.txt", TEXT)
    (tmp_path / "a" / "back").symlink_to(tmp_path)
    results = list(read_pages(tmp_path))
    assert [r.source.name for r in results if isinstance(r, Page)] == ["p.txt"]
    assert [r.reason for r in results if isinstance(r, Skipped)] == ["symlink loop"]


def test_broken_symlink(tmp_path):
    (tmp_path / "p.txt").symlink_to(tmp_path / "gone.txt")
    assert only(tmp_path / "p.txt").reason == "broken symlink"


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_permission_denied(tmp_path):
    path = write(tmp_path / "p.txt", TEXT)
    path.chmod(0)
    try:
        assert only(path).reason == "permission denied"
    finally:
        path.chmod(0o644)


def test_folder_with_no_pages(tmp_path, caplog):
    write(tmp_path / "notes.pdf", b"%PDF-1.4")
    pdf, folder = read_pages(tmp_path)
    assert (pdf.source.name, pdf.reason) == ("notes.pdf", "not a text page: convert it first")
    assert (folder.source, folder.reason) == (tmp_path, "folder has no .txt or .md files")
    assert f"skipped {tmp_path}:" in caplog.text and "pdftotext" in caplog.text


def test_folders_recursive_in_relative_path_order(tmp_path):
    for name in ["b.txt", "a/z.md", "a/b/c.txt", "a.txt", "A.TXT", "c.pdf", ".hidden.txt", ".git/x.txt", "a-b.txt"]:
        write(tmp_path / name, TEXT)
    results = list(read_pages([tmp_path]))
    assert [r.source.relative_to(tmp_path).as_posix() for r in results] == [
        "A.TXT", "a/b/c.txt", "a/z.md", "a-b.txt", "a.txt", "b.txt", "c.pdf",
    ]
    assert [type(r) for r in results] == [Page] * 6 + [Skipped]


def test_explicit_file_is_read_whatever_its_suffix(tmp_path):
    page = only(write(tmp_path / "page.text", TEXT))
    assert isinstance(page, Page)


def test_same_file_twice_is_read_once(tmp_path):
    path = write(tmp_path / "p.txt", TEXT)
    assert len(list(read_pages([path, tmp_path]))) == 1


def test_huge_file_is_skipped(tmp_path):
    skipped = only(write(tmp_path / "p.txt", TEXT * 100), max_bytes=1000)
    assert "over the" in skipped.reason and "limit" in skipped.reason


def test_is_lazy(tmp_path):
    write(tmp_path / "a.txt", TEXT)
    write(tmp_path / "b.txt", TEXT)
    pages = read_pages(tmp_path)
    first = next(pages)
    (tmp_path / "b.txt").unlink()  # not read yet
    assert first.source.name == "a.txt"
    assert isinstance(next(pages), Skipped)


def test_dates_and_papers_from_sidecar_filename_and_flag(tmp_path, caplog):
    write(tmp_path / "a.txt", TEXT)
    write(tmp_path / "b-2017-08-21.txt", TEXT)
    write(tmp_path / "c.txt", "没有日期的版面。\n")
    write(tmp_path / "pages.toml", '"a.txt" = {date = 2017-08-22, paper = "工人日报"}\n"gone.txt" = {paper = "x"}\n')
    pages = list(read_pages(tmp_path))
    assert [(p.date, p.date_source, p.paper) for p in pages] == [
        (date(2017, 8, 22), "given", "工人日报"),
        (date(2017, 8, 21), "filename", None),
        (None, "none", None),
    ]
    assert "names gone.txt, which is not in the folder" in caplog.text
    assert f"{tmp_path / 'c.txt'}: no date found" in caplog.text
    flagged = list(read_pages(tmp_path, given_date=date(2017, 8, 25)))
    assert {(p.date, p.date_source) for p in flagged} == {(date(2017, 8, 25), "given")}
    assert flagged[0].paper == "工人日报"


def test_the_paper_from_the_sidecar_else_the_flag_and_the_page_number(tmp_path):
    write(tmp_path / "a" / "2017-08-23_p02.txt", TEXT)
    write(tmp_path / "a" / "pages.toml", 'paper = "陕西工人报"\n')
    write(tmp_path / "b" / "2017-08-23.txt", "第5版\n\n" + TEXT)
    pages = list(read_pages(tmp_path, paper="工人日报"))
    assert [(p.source.name, p.paper, p.number) for p in pages] == [
        ("2017-08-23_p02.txt", "陕西工人报", 2), ("2017-08-23.txt", "工人日报", 5)]


def test_malformed_sidecar_is_reported_and_the_pages_still_read(tmp_path, caplog):
    write(tmp_path / "a.txt", TEXT)
    write(tmp_path / "pages.toml", '"a.txt" = {dat = 2017-08-22}\n')
    skipped, page = list(read_pages(tmp_path))
    assert skipped.source.name == "pages.toml" and "unknown key 'dat'" in skipped.reason
    assert isinstance(page, Page) and "unknown key 'dat'" in caplog.text


def test_samples_folder():
    samples = Path(__file__).parent.parent / "samples"
    pages = list(read_pages(samples))
    assert all(isinstance(p, Page) for p in pages) and len(pages) == 5
    assert pages[0].date == date(2017, 8, 23)


def test_unreadable_parts_of_a_folder_keep_their_place(tmp_path):
    write(tmp_path / "a.txt", TEXT)
    (tmp_path / "b.txt").symlink_to(tmp_path / "gone.txt")
    (tmp_path / "b.pdf").symlink_to(tmp_path / "gone.pdf")
    write(tmp_path / "c.txt", TEXT)
    results = list(read_pages(tmp_path))
    assert [(type(r), r.source.name) for r in results] == [(Page, "a.txt"), (Skipped, "b.pdf"), (Skipped, "b.txt"),
                                                           (Page, "c.txt")]


def test_mixed_encodings_are_read_line_by_line_with_a_warning(tmp_path, caplog):
    data = "第一段是UTF-8。\n".encode() + "第二段是GBK。\n".encode("gbk") + b"\xff\xfe\n" + "第三段。\n".encode()
    page = only(write(tmp_path / "mixed.txt", data))
    assert page.text.split("\n")[:2] == ["第一段是UTF-8。", "第二段是GBK。"]
    assert page.encoding == "utf-8+gb18030"
    assert "mixed encodings, 2 line(s) UTF-8 and 1 GB18030" in caplog.text
    assert "1 line(s) with bytes that are not text" in caplog.text


# --- what is not a page -------------------------------------------------------------------------

def test_special_files_are_skipped_without_being_opened(tmp_path):
    import socket

    os.mkfifo(tmp_path / "pipe.txt")  # opening it would wait for a writer for ever
    (tmp_path / "zero.txt").symlink_to("/dev/zero")  # reading it would never end
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(tmp_path / "socket.txt"))
        write(tmp_path / "page.txt", TEXT)
        results = list(read_pages(tmp_path))
    assert [(r.source.name, getattr(r, "reason", "page")) for r in results] == [
        ("page.txt", "page"),
        ("pipe.txt", "not a regular file (a FIFO)"),
        ("socket.txt", "not a regular file (a socket)"),
        ("zero.txt", "not a regular file (a character device)"),
    ]
    assert only(tmp_path / "pipe.txt").reason == "not a regular file (a FIFO)"  # named on its own too


def test_the_size_limit_holds_for_files_that_report_no_size(tmp_path):
    status = Path("/proc/self/status")  # a regular file of a kilobyte or so, whose size says 0
    if not status.exists() or status.stat().st_size != 0:
        pytest.skip("needs Linux's /proc")
    (tmp_path / "status.txt").symlink_to(status)
    skipped = only(tmp_path / "status.txt", max_bytes=100)
    assert re.fullmatch(r"file is [\d,]+ bytes or more, over the limit of 100 bytes", skipped.reason), skipped.reason


def test_links_to_folders_outside_the_input_are_not_followed(tmp_path):
    inside, outside = tmp_path / "in", tmp_path / "elsewhere"
    write(inside / "a" / "p.txt", TEXT)
    write(outside / "q.txt", TEXT)
    (inside / "b").symlink_to(outside)
    (inside / "c").symlink_to(inside / "a")  # inside the input: followed, and its page read once
    results = list(read_pages(inside))
    assert [(r.source.relative_to(inside).as_posix(), getattr(r, "reason", "page")) for r in results] == [
        ("a/p.txt", "page"),
        ("b", f"link to a folder outside the input ({outside}), not followed"),
    ]


def test_every_file_that_is_not_a_page_is_named(tmp_path, caplog):
    write(tmp_path / "a.txt", TEXT)
    for name, data in [("scan.pdf", b"%PDF-1.7\n"), ("week.docx", b"PK\x03\x04"), ("photo.jpg", b"\xff\xd8\xff"),
                       ("notes", TEXT), ("list.csv", "标题,日期\n")]:
        write(tmp_path / name, data)
    results = list(read_pages(tmp_path))
    assert [(r.source.name, getattr(r, "reason", "page")) for r in results] == [
        ("a.txt", "page"), ("list.csv", "not a text page: convert it first"),
        ("notes", "not a text page: convert it first"), ("photo.jpg", "not a text page: convert it first"),
        ("scan.pdf", "not a text page: convert it first"), ("week.docx", "not a text page: convert it first"),
    ]
    assert "scan.pdf: not a text page: convert it first — extract its text, e.g. pdftotext" in caplog.text
    assert "photo.jpg: not a text page: convert it first — run OCR on the scan" in caplog.text


def test_digests_of_this_tool_are_not_read_as_pages(tmp_path):
    from digest.render import GENERATOR

    write(tmp_path / "a.txt", TEXT)
    write(tmp_path / "digest.md", f"# 工会新闻周报\n\n本报讯 8月23日，会议召开。\n\n<!-- {GENERATOR} -->\n")
    write(tmp_path / "digest.txt", f"工会新闻周报\n\n-- \n{GENERATOR}\n")
    write(tmp_path / "digest.json", f'{{"generator": "{GENERATOR}", "articles": []}}')
    write(tmp_path / "digest.html", f"<!DOCTYPE html><html></html>\n<!-- {GENERATOR} -->\n")
    write(tmp_path / "digest.eml", f"Subject: x\r\nX-Mailer: {GENERATOR}\r\n\r\nbody\r\n")
    assert [r.source.name for r in read_pages(tmp_path)] == ["a.txt"]
    named = only(tmp_path / "digest.md")  # named on the command line: said why nothing was read
    assert named.reason == "a digest written by this tool, not a page"


def test_file_names_that_are_not_utf8_are_shown_with_replacement_characters(tmp_path, caplog):
    folder = os.fsencode(tmp_path)
    for name in ("甲乙.txt", "丙丁.txt", "第一版.txt"):  # as a zip made on a Chinese Windows names them
        with open(os.path.join(folder, name.encode("gbk")), "wb") as f:
            f.write(TEXT.encode("utf-8"))
    with open(os.path.join(folder, "空.txt".encode("gbk")), "wb"):
        pass
    results = list(read_pages(tmp_path))
    names = [r.source.name for r in results]
    assert all("\ufffd" in n and n.encode("utf-8") for n in names)  # printable, savable
    assert [type(r) for r in results] == [Page, Page, Page, Skipped]
    # 甲乙 and 丙丁 are both shown as ����: the second gets a number, so that the two stay apart
    assert {"\ufffd" * 4 + ".txt", "\ufffd" * 4 + "~2.txt"} <= set(names) and len(set(names)) == 4
    assert "\ufffd" in caplog.text and "\\udc" not in caplog.text


@pytest.mark.parametrize("encoding, name", [("big5", "Big5"), ("gb18030", "GB18030")])
def test_big5_and_gb18030_are_told_apart(tmp_path, caplog, encoding, name):
    caplog.set_level(logging.INFO, logger="digest.ingest")
    traditional = "香港工會聯合會舉辦職工乒乓球比賽\n本報訊（記者張奎）8月21日，第十三屆職工乒乓球比賽落幕。\n勞工權益\n"
    page = only(write(tmp_path / "p.txt", traditional.encode(encoding)))
    assert page.text == traditional and page.encoding == encoding
    assert f"not UTF-8; read as {name} (charset-normalizer's guess)" in caplog.text
    level = {r.getMessage(): r.levelno for r in caplog.records}
    assert any(("Big5" in m) == (lvl == logging.WARNING) for m, lvl in level.items() if "guess" in m)
