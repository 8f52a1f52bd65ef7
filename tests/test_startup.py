"""`planwatch` starts fast: `--help` and `extract` of a small file import only what they use.

Every command module is imported to build the command group, so one module-level import of
the store, numpy or the web stack would tax every command (a second per call in a shell
loop over a folder). Checked in a fresh interpreter, as a user's shell starts one.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SAMPLE = Path(__file__).parents[1] / "src" / "planwatch" / "examples" / "001_e1ad1d33f2229fbe.txt"
NEVER = ("sqlalchemy", "alembic", "psycopg", "numpy", "fastapi", "starlette", "uvicorn", "jinja2", "openpyxl",
         "planwatch.web", "planwatch.store", "planwatch.services", "distributed", "dask")
NOT_FOR_HELP = ("planwatch.extract", "planwatch.model", "pydantic", "yaml", "cn2an")
_RUN = """
import contextlib, io, json, sys
from planwatch.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    try:
        main(sys.argv[1:], prog_name="planwatch")
    except SystemExit as e:
        assert not e.code, e.code
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def _modules(*args: str) -> set[str]:
    run = subprocess.run([sys.executable, "-c", _RUN, *args], capture_output=True, text=True, timeout=300, check=True)
    return set(json.loads(run.stderr.strip().splitlines()[-1]))


def _loaded(modules: set[str], roots: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == r or m.startswith(r + ".") for r in roots))


def test_help_imports_no_extractor_store_numpy_or_web() -> None:
    assert _loaded(_modules("--help"), NEVER + NOT_FOR_HELP) == []


@pytest.mark.parametrize("command", ["status", "serve", "extract", "demo", "assess"])
def test_a_command_s_help_imports_no_more(command: str) -> None:
    assert _loaded(_modules(command, "--help"), NEVER + NOT_FOR_HELP) == []


def test_extract_of_a_small_file_imports_no_store_numpy_or_web() -> None:
    modules = _modules("extract", str(SAMPLE))
    assert "planwatch.extract.meta" in modules  # it did extract
    assert _loaded(modules, NEVER) == []
