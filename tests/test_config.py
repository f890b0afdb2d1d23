import re
from pathlib import Path

import pytest

from digest.config import load_config
from digest.errors import ConfigError


def config_file(tmp_path, text):
    path = tmp_path / "digest.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_no_file_means_no_settings():
    assert load_config(None) == {"digest": {}, "smtp": {}}


def test_a_full_file_is_read_and_converted(tmp_path):
    path = config_file(tmp_path, """
[digest]
format = "html"
title = "工会新闻周报"
paper = "工人日报"
lead = 4
brief_chars = 120
brief_sentences = 2
engine = "textrank4zh"
templates = "my-templates"
sections = "/etc/digest/sections.toml"
note = "~/note.md"
output = "out/digest.html"
report = "out/report.md"
include_notices = true
archive_url = "https://intranet.example.org/digest/{period}.html"
email_to = ["宣传部 <xcb@example.org>", " zgfw@example.org "]
email_from = "digest@example.org"
subject = "本周工会新闻"

[smtp]
host = "smtp.example.org"
port = 2525
security = "ssl"
username = "digest"
verify = false
cafile = "ca.pem"
timeout = 10
deadline = 45.5
retries = 0
""")
    config = load_config(path)
    assert config["digest"] == {
        "format": "html", "title": "工会新闻周报", "paper": "工人日报", "lead": 4, "brief_chars": 120, "brief_sentences": 2,
        "engine": "textrank4zh", "templates": tmp_path / "my-templates",
        "sections": Path("/etc/digest/sections.toml"), "note": Path("~/note.md").expanduser(),
        "output": tmp_path / "out" / "digest.html", "report": tmp_path / "out" / "report.md",
        "include_notices": True, "archive_url": "https://intranet.example.org/digest/{period}.html",
        "email_to": ["宣传部 <xcb@example.org>", "zgfw@example.org"], "email_from": "digest@example.org",
        "subject": "本周工会新闻",
    }
    assert config["smtp"] == {"host": "smtp.example.org", "port": 2525, "security": "ssl", "username": "digest",
                              "verify": False, "cafile": tmp_path / "ca.pem", "timeout": 10.0, "deadline": 45.5,
                              "retries": 0}


def test_one_table_alone_is_enough(tmp_path):
    assert load_config(config_file(tmp_path, '[smtp]\nhost = "127.0.0.1"\n')) == {
        "digest": {}, "smtp": {"host": "127.0.0.1"}}
    assert load_config(config_file(tmp_path, "")) == {"digest": {}, "smtp": {}}


@pytest.mark.parametrize("text, message", [
    ('[smtp]\npasword = "x"\n',
     r"digest\.toml: unknown key \[smtp\]\.pasword — allowed: host, port, security, username, verify, cafile, "
     r"timeout, deadline, retries$"),
    ('[digest]\nformats = "md"\n', r"unknown key \[digest\]\.formats — allowed: format, title, "),
    ('[mail]\nto = "a@example.org"\n', r"digest\.toml: unknown table \[mail\] — allowed tables: \[digest\], \[smtp\]"),
    ('format = "md"\n', r"unknown key format \(outside any table\)"),
    ('digest = "md"\n', r"digest must be a table, \[digest\]"),
    ('[smtp]\npassword = "hunter2"\n', r"\[smtp\]\.password is not read from a file; set the DIGEST_SMTP_PASSWORD"),
    ('[smtp]\nport = "587"\n', r"\[smtp\]\.port = '587' should be a port number, 1–65535"),
    ('[smtp]\nport = 0\n', r"\[smtp\]\.port = 0 should be a port number"),
    ('[smtp]\nport = true\n', r"\[smtp\]\.port = true should be a port number"),
    ('[smtp]\nsecurity = "tls"\n', r"\[smtp\]\.security = 'tls' should be one of \"starttls\", \"ssl\", \"none\""),
    ('[smtp]\nverify = "no"\n', r"\[smtp\]\.verify = 'no' should be true or false"),
    ('[smtp]\ntimeout = 0\n', r"\[smtp\]\.timeout = 0 should be a number of seconds, more than 0 and at most 3600"),
    ('[smtp]\ntimeout = inf\n', r"\[smtp\]\.timeout = inf should be a number of seconds"),
    ('[smtp]\ntimeout = nan\n', r"\[smtp\]\.timeout = nan should be a number of seconds"),
    ('[smtp]\ndeadline = -inf\n', r"\[smtp\]\.deadline = -inf should be a number of seconds"),
    ('[smtp]\ndeadline = 86400\n', r"\[smtp\]\.deadline = 86400 should be a number of seconds"),
    ('[smtp]\ndeadline = "60"\n', r"\[smtp\]\.deadline = '60' should be a number of seconds"),
    ('[smtp]\nretries = -1\n', r"\[smtp\]\.retries = -1 should be a whole number from 0 to 10"),
    ('[smtp]\nretries = 1000000\n', r"\[smtp\]\.retries = 1000000 should be a whole number from 0 to 10"),
    ('[digest]\nlead = [1, 2]\n', r"\[digest\]\.lead = \[1, 2\] should be a whole number, at least 1"),
    ('[digest]\ntitle = ["周报"]\n', r"\[digest\]\.title = \['周报'\] should be a non-empty string"),
    ('[smtp]\nhost = ""\n', r"\[smtp\]\.host = '' should be a non-empty string"),
    ('[digest]\nformat = "pdf"\n', r"\[digest\]\.format = 'pdf' should be one of \"md\", \"html\", \"txt\", \"json\""),
    ('[digest]\nengine = "sumy"\n', r"\[digest\]\.engine = 'sumy' should be one of \"numpy\", \"textrank4zh\""),
    ('[digest]\nlead = 0\n', r"\[digest\]\.lead = 0 should be a whole number, at least 1"),
    ('[digest]\nbrief_chars = 1.5\n', r"\[digest\]\.brief_chars = 1\.5 should be a whole number"),
    ('[digest]\nemail_to = "a@example.org"\n', r"\[digest\]\.email_to = 'a@example\.org' should be a list of addresses"),
    ('[digest]\nemail_to = []\n', r"\[digest\]\.email_to = \[\] should be a list of addresses"),
    ('[digest]\ntemplates = 3\n', r"\[digest\]\.templates = 3 should be a path, as a string"),
    ('[digest]\ninclude_notices = "yes"\n', r"\[digest\]\.include_notices = 'yes' should be true or false"),
    ('[digest]\ntitle = "工会新闻周报"\nlead = 3\nlead = 4\n', r"digest\.toml: not valid TOML: .*\(at line 4, column"),
    ('[smtp]\nhost = smtp.example.org\n', r"digest\.toml: not valid TOML: .*\(at line 2, column"),
])
def test_mistakes_name_the_file_and_the_key_in_one_line(tmp_path, text, message):
    with pytest.raises(ConfigError) as e:
        load_config(config_file(tmp_path, text))
    assert e.value.exit_code == 2 and "\n" not in str(e.value)
    assert str(e.value).startswith(str(tmp_path / "digest.toml") + ": ")
    assert re.search(message, str(e.value)), str(e.value)


def test_long_values_are_shortened_in_messages(tmp_path):
    with pytest.raises(ConfigError) as e:
        load_config(config_file(tmp_path, f'[smtp]\nport = "{"9" * 100}"\n'))
    assert "…" in str(e.value) and len(str(e.value)) < len(str(tmp_path)) + 120


@pytest.mark.parametrize("content, message", [
    (None, "cannot read the config file"),
    (b"[digest]\ntitle = \"\xb9\xa4\xbb\xe1\"\n", "not UTF-8 text"),
])
def test_unreadable_files(tmp_path, content, message):
    path = tmp_path / "digest.toml"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ConfigError, match=message):
        load_config(path)


def test_a_byte_order_mark_is_fine(tmp_path):
    path = tmp_path / "digest.toml"
    path.write_bytes("\ufeff[digest]\ntitle = \"周报\"\n".encode("utf-8"))
    assert load_config(path)["digest"] == {"title": "周报"}
