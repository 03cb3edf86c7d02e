"""The editors' guide (docs/redaktor.md) names only commands and files that exist."""

from __future__ import annotations

import re
import subprocess

import pytest

from bot.config import PROJECT_ROOT

GUIDE = (PROJECT_ROOT / "docs" / "redaktor.md").read_text(encoding="utf-8")
TARGETS = sorted(set(re.findall(r"\bmake ([a-z][a-z-]*)", GUIDE)))
FILES = sorted(set(re.findall(r"`((?:content|data|locales|docs)/[^`<>*]+?\.(?:yml|md|po))`", GUIDE)))


def test_the_guide_names_the_editors_commands():
    assert {"check", "publish", "translations", "run", "report", "import-examples"} <= set(TARGETS)


@pytest.mark.parametrize("target", TARGETS)
def test_each_make_command_in_the_guide_exists(target):
    """make -n plans the command without running it: it fails for a target that does not exist."""
    planned = subprocess.run(["make", "-n", target], cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert planned.returncode == 0, planned.stderr
    assert "scripts/" in planned.stdout


@pytest.mark.parametrize("name", FILES)
def test_each_file_in_the_guide_exists(name):
    assert (PROJECT_ROOT / name).exists(), name
