"""The README's usage section is the real --help."""
import re
from pathlib import Path

from digest.cli import parser

README = Path(__file__).resolve().parent.parent / "README.md"


def test_usage_section_is_the_real_help():
    text = README.read_text(encoding="utf-8")
    block = re.search(r"<!-- usage:.*?-->\n```text\n(.*?)```", text, re.S).group(1)
    assert block == parser().format_help()


if __name__ == "__main__":  # python tests/test_readme.py: copy the current --help into the README
    text = README.read_text(encoding="utf-8")
    README.write_text(re.sub(r"(<!-- usage:.*?-->\n```text\n).*?```", lambda m: m.group(1) + parser().format_help() + "```",
                             text, flags=re.S), encoding="utf-8")
