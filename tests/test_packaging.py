"""The wheel holds what the installed command needs: templates, data and the `digest` entry point."""
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from digest import __version__

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    """A wheel built from a copy of the project (so that no build files land in the checkout)."""
    pytest.importorskip("setuptools", reason="building the wheel needs setuptools: pip install -e '.[test]'")
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "digest", source / "digest", ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--wheel-dir", str(out), str(source)], check=True, timeout=300)
    [built] = out.glob("*.whl")
    return built


def test_the_wheel_holds_every_template_and_data_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {p.relative_to(ROOT).as_posix() for folder in ("templates", "data")
               for p in (ROOT / "digest" / folder).iterdir()}
    assert shipped >= {"digest/templates/digest.html", "digest/templates/digest.md", "digest/templates/digest.txt",
                       "digest/data/sections.toml"}
    assert shipped <= names


def test_the_wheel_installs_the_digest_command_at_the_package_version(wheel):
    assert wheel.name.startswith(f"union_news_digest-{__version__}-")
    archive = zipfile.ZipFile(wheel)
    [entry_points] = [n for n in archive.namelist() if n.endswith(".dist-info/entry_points.txt")]
    assert "digest = digest.cli:main" in archive.read(entry_points).decode()
