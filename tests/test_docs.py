"""Docs are tested: every command and every setting a user can reach is documented."""

from __future__ import annotations

import re
from pathlib import Path

from planwatch.cli import main

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme() -> None:
    documented = set(re.findall(r"^### `planwatch ([a-z-]+)", README, re.M))
    missing = sorted(set(main.commands) - documented)
    assert not missing, f"commands missing from README usage: {missing}"


def test_readme_documents_no_command_that_does_not_exist() -> None:
    documented = set(re.findall(r"^### `planwatch ([a-z-]+)", README, re.M))
    assert documented <= set(main.commands)


def test_every_environment_setting_is_in_the_readme() -> None:
    src = Path(__file__).parents[1] / "src" / "planwatch"
    names = set()
    for path in src.rglob("*.py"):
        names |= set(re.findall(r"\bPLANWATCH_[A-Z_]+\b", path.read_text(encoding="utf-8")))
    missing = sorted(n for n in names if n not in README)
    assert not missing, f"settings missing from README: {missing}"
