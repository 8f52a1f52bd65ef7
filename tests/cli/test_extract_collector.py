"""`planwatch extract FILE` pauses the cyclic collector for the command and skips its passes
at exit; a process that runs the command in-process (a test, a notebook) gets it back on."""

from __future__ import annotations

import atexit
import gc
from pathlib import Path
from unittest import mock

from click.testing import CliRunner

from planwatch import extract
from planwatch.cli import main
from planwatch.document import Document
from planwatch.model import Plan

SAMPLE = Path(__file__).parents[2] / "src" / "planwatch" / "examples" / "001_e1ad1d33f2229fbe.txt"


def test_the_collector_is_paused_for_the_command_and_on_again_after() -> None:
    seen: list[bool] = []
    real = extract.extract_plan

    def spy(doc: Document) -> Plan:
        seen.append(gc.isenabled())  # as extract_plan finds it, before it pauses it itself
        return real(doc)

    assert gc.isenabled()
    with mock.patch("planwatch.extract.extract_plan", spy):
        result = CliRunner().invoke(main, ["extract", str(SAMPLE)])
    assert result.exit_code == 0, result.output
    assert seen == [False]
    assert gc.isenabled()


def test_each_run_replaces_the_exit_freeze_instead_of_adding_one() -> None:
    with mock.patch.object(atexit, "register") as register, mock.patch.object(atexit, "unregister") as unregister:
        for _ in range(2):
            assert CliRunner().invoke(main, ["extract", str(SAMPLE)]).exit_code == 0
    assert [c.args for c in register.call_args_list] == [(gc.freeze,), (gc.freeze,)]
    assert [c.args for c in unregister.call_args_list] == [(gc.freeze,), (gc.freeze,)]
