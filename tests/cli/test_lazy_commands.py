"""The command group imports a command's module only when the command is looked up.

A typo in the name table would surface only when that one command is run, so every entry is
loaded here; what a run imports is checked in a fresh interpreter, as a user's shell starts one.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest

from planwatch.cli import COMMANDS, LazyCommands, main

SAMPLE = Path(__file__).parents[2] / "src" / "planwatch" / "examples" / "001_e1ad1d33f2229fbe.txt"
_RUN = """
import contextlib, io, json, sys
from planwatch.cli import main
names = sorted(main.commands)
with contextlib.redirect_stdout(io.StringIO()):
    try:
        main(sys.argv[1:], prog_name="planwatch")
    except SystemExit as e:
        assert not e.code, e.code
print(json.dumps([names, sorted(sys.modules)]), file=sys.stderr)
"""


def _run(*args: str) -> tuple[list[str], list[str]]:
    """The command names the group lists, and the modules imported by running args."""
    run = subprocess.run([sys.executable, "-c", _RUN, *args], capture_output=True, text=True, timeout=300, check=True)
    names, modules = json.loads(run.stderr.strip().splitlines()[-1])
    return names, modules


def _commands(modules: list[str]) -> list[str]:
    return [m for m in modules if m.startswith("planwatch.cli.")]


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_listed_command_loads_under_its_name(name: str) -> None:
    command = main.commands[name]
    assert isinstance(command, click.Command)
    assert command.name == name


def test_extract_of_a_small_file_imports_no_other_command_module() -> None:
    names, modules = _run("extract", str(SAMPLE))
    assert names == sorted(COMMANDS)
    assert _commands(modules) == ["planwatch.cli.common", "planwatch.cli.extract"]


def test_extract_of_one_file_imports_neither_the_folder_machinery_nor_the_table() -> None:
    modules = set(_run("extract", str(SAMPLE))[1])
    assert "planwatch.extract.meta" in modules  # it did extract
    assert not modules & {"planwatch.extract.batch", "concurrent.futures", "multiprocessing", "planwatch.summary"}


def test_the_group_help_still_describes_every_command() -> None:
    names, modules = _run("--help")
    loaded = {m.removeprefix("planwatch.cli.") for m in _commands(modules)}
    assert loaded >= {v.partition(":")[0] for v in COMMANDS.values()}
    assert names == sorted(COMMANDS)


def test_the_mapping_loads_once_and_takes_added_commands() -> None:
    commands = LazyCommands({"extract": "extract:extract"})
    assert list(commands) == ["extract"] and "extract" in commands and "demo" not in commands
    assert commands["extract"] is commands["extract"]
    assert commands.get("nope") is None
    extra = click.Command("extra")
    commands["extra"] = extra
    assert list(commands) == ["extract", "extra"] and commands["extra"] is extra
    del commands["extract"]
    assert list(commands) == ["extra"] and len(commands) == 1
