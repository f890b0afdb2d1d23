"""Writing the digest: whole or not at all; each mistake one `error:` line naming the path, the
previous file left as it was."""
import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from digest.cli import main
from digest.errors import OutputError
from digest.output import write_atomic

ROOT = Path(__file__).resolve().parent.parent
PREVIOUS = "上周的摘要，不应被覆盖。\n"
PAGE = "天津市总举办职工乒乓球赛\n\n本报讯（记者张奎）8月21日，天津市第十三届职工乒乓球比赛落幕。\n"


def one_error_line(capsys) -> str:
    """The only line on standard error, which must be an error and no traceback."""
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: "), err
    return err[0]


@pytest.fixture
def week(tmp_path):
    """A folder with a page, and the previous digest beside it."""
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "2017-08-24.txt").write_text(PAGE, encoding="utf-8")
    previous = tmp_path / "previous.md"
    previous.write_text(PREVIOUS, encoding="utf-8")
    return pages, previous


def test_write_atomic_replaces_the_file_and_leaves_nothing_behind(tmp_path):
    path = tmp_path / "new" / "digest.md"
    write_atomic(path, "第一版\n")
    write_atomic(path, "第二版\n")
    assert path.read_text(encoding="utf-8") == "第二版\n"
    assert [p.name for p in path.parent.iterdir()] == ["digest.md"]
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask  # as any new file, not the temporary's 0600


def test_write_atomic_keeps_the_permissions_of_the_file_it_replaces(tmp_path):
    path = tmp_path / "d.md"
    path.write_text(PREVIOUS, encoding="utf-8")
    path.chmod(0o640)
    write_atomic(path, "新的\n")
    assert path.stat().st_mode & 0o777 == 0o640


def test_devices_are_written_into_not_replaced(tmp_path, capsys):
    null = Path("/dev/null")
    assert main([str(ROOT / "samples"), "-o", str(null)]) == 0
    assert null.is_char_device() and null.read_bytes() == b""
    assert capsys.readouterr().err.splitlines()[-1].startswith("Done: 5 pages")


def test_write_atomic_writes_through_a_link(tmp_path):
    target = tmp_path / "real.md"
    target.write_text(PREVIOUS, encoding="utf-8")
    (tmp_path / "link.md").symlink_to(target)
    write_atomic(tmp_path / "link.md", "新的\n")
    assert (tmp_path / "link.md").is_symlink() and target.read_text(encoding="utf-8") == "新的\n"


@pytest.mark.parametrize("failure", [KeyboardInterrupt(), OSError(errno.EIO, "Input/output error")])
def test_a_write_that_fails_halfway_leaves_the_previous_file_and_no_temporary(tmp_path, monkeypatch, failure):
    path = tmp_path / "d.md"
    path.write_text(PREVIOUS, encoding="utf-8")

    def fail(fd):  # the data is in the temporary file, not yet on disk for sure
        raise failure

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(KeyboardInterrupt if isinstance(failure, KeyboardInterrupt) else OutputError) as e:
        write_atomic(path, "新的摘要\n" * 1000)
    if isinstance(failure, OSError):
        assert str(e.value) == f"{path}: cannot write the digest (input/output error); check the path"
    assert path.read_text(encoding="utf-8") == PREVIOUS
    assert [p.name for p in tmp_path.iterdir()] == ["d.md"]


@pytest.mark.parametrize("case", ["folder", "file in the way", "input page", "weekly into a file"])
def test_output_mistakes_are_one_line_and_keep_every_file(week, capsys, case):
    pages, previous = week
    page = pages / "2017-08-24.txt"
    argv, message = {
        "folder": (["-o", str(pages.parent)], f"{pages.parent}: is a folder; give the file to write"),
        "file in the way": (["-o", str(previous / "d.md")],
                            f"{previous / 'd.md'}: cannot write the digest (file exists); "
                            "a part of the path is a file, not a folder"),
        "input page": (["-o", str(page)], f"{page}: is one of the input pages and would be overwritten"),
        "weekly into a file": (["--weekly", "-o", str(previous)],
                               f"{previous}: is a file, and --weekly writes one file per week into a folder"),
    }[case]
    assert main([str(pages), *argv]) == 1
    assert one_error_line(capsys).startswith("error: " + message)
    assert previous.read_text(encoding="utf-8") == PREVIOUS and page.read_text(encoding="utf-8") == PAGE


def test_a_previous_digest_among_the_pages_may_be_replaced_and_is_never_read(week, capsys):
    pages, _ = week
    out = pages / "digest.md"
    assert main([str(pages), "-o", str(out)]) == 0
    first = out.read_text(encoding="utf-8")
    capsys.readouterr()
    assert main([str(pages), "-o", str(out), "--strict"]) == 0  # the digest is neither a page nor skipped
    assert out.read_text(encoding="utf-8") == first
    assert capsys.readouterr().err.startswith("Done: 1 pages, 1 articles (1 stories), 0 skipped")


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_an_unwritable_folder_is_one_line(week, capsys):
    pages, previous = week
    previous.parent.chmod(0o555)
    try:
        assert main([str(pages), "-o", str(previous)]) == 1
        assert one_error_line(capsys) == (f"error: {previous}: cannot write the digest (permission denied); "
                                          "choose a folder you can write to")
    finally:
        previous.parent.chmod(0o755)
    assert previous.read_text(encoding="utf-8") == PREVIOUS


def test_a_full_disk_is_one_line_and_keeps_the_previous_file(week):
    """The file system refuses the write (here a file-size limit, as a full disk or a quota does)."""
    pages, previous = week
    limited = ("import resource, signal, sys\n"
               "from digest.cli import main\n"
               "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # so that the write fails with EFBIG\n"
               "resource.setrlimit(resource.RLIMIT_FSIZE, (200, 200))\n"
               "sys.exit(main(sys.argv[1:]))\n")
    run = subprocess.run([sys.executable, "-c", limited, str(pages), "-o", str(previous)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    assert run.stderr.strip() == (f"error: {previous}: cannot write the digest (file too large); "
                                  "the file system refuses a file this large; write elsewhere")
    assert previous.read_text(encoding="utf-8") == PREVIOUS
    assert sorted(p.name for p in previous.parent.iterdir()) == ["pages", "previous.md"]


def test_a_closed_standard_output_is_one_line():
    # The JSON of the samples is larger than a pipe holds, so the writer meets the closed end.
    with subprocess.Popen([sys.executable, "-m", "digest", str(ROOT / "samples"), "--format", "json"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as run:
        run.stdout.close()  # as `| head` does when it has read enough
        err = run.stderr.read()
    assert run.returncode == 1
    assert err.strip() == "error: standard output: closed before the digest was written (broken pipe)"


def test_a_really_full_disk_is_one_line_and_keeps_the_previous_file(tmp_path):
    """A 16 KiB file system of its own (tmpfs, in a private mount namespace) that the digest cannot fit."""
    disk = tmp_path / "disk"
    disk.mkdir()
    script = ('mount -t tmpfs -o size=16k tmpfs "$1" || exit 99\n'
              'printf "%s" "$2" > "$1/d.json"\n'
              '"$3" -m digest "$4" --format json -o "$1/d.json" 2> "$1/err"\n'
              'echo "exit $?"; cat "$1/err"; cat "$1/d.json"; echo; ls -A "$1"\n')
    try:
        run = subprocess.run(["unshare", "--mount", "sh", "-c", script, "sh", str(disk), PREVIOUS, sys.executable,
                              str(ROOT / "samples")], capture_output=True, text=True, timeout=120)
    except FileNotFoundError:
        pytest.skip("needs unshare (util-linux)")
    if run.returncode == 99 or "unshare:" in run.stderr:
        pytest.skip(f"cannot mount a small file system here: {run.stderr.strip()}")
    assert run.stdout.splitlines() == [
        "exit 1",
        f"error: {disk / 'd.json'}: cannot write the digest (no space left on device); "
        "free some space or write elsewhere",
        PREVIOUS.strip(), "",  # the previous digest, whole
        "d.json", "err",  # and no temporary file left
    ]
