"""Bad documents through the real command line: one clear line on stderr, exit status 2.

A planning officer who feeds `planwatch extract` a scan, an empty file or a renamed
spreadsheet must get a sentence naming the file and the problem, never a traceback.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from planwatch.cli import main

ASSETS = Path(__file__).parent / "assets"
PLANWATCH = Path(sys.executable).parent / "planwatch"

BAD = {
    "empty.txt": "the file is empty",
    "blank.txt": "the file is empty",
    "binary.bin": "binary file, not a text document",
    "broken.docx": "not a Word .docx document (it is not a zip archive",
    "notdocx.docx": "not a Word .docx document (a zip archive without word/document.xml)",
    "scanned.pdf": "PDF has no text layer (scanned?); run OCR first",
    "image.png": "an image (PNG), not a document",
    "book.xlsx": "an Excel workbook (.xlsx), not a plan document",
    "no-such-plan.docx": "no such file",
}


def _check_one_line(stderr: str, name: str, problem: str) -> None:
    assert "Traceback" not in stderr
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert name in lines[0] and problem in lines[0], lines[0]


@pytest.mark.parametrize(("name", "problem"), BAD.items())
def test_cli_reports_bad_document(name: str, problem: str) -> None:
    result = CliRunner().invoke(main, ["extract", str(ASSETS / name)])
    assert result.exit_code == 2
    assert result.stdout == ""
    _check_one_line(result.stderr, name, problem)


def test_directory_is_not_a_document(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["extract", str(tmp_path)])
    assert result.exit_code == 2
    _check_one_line(result.stderr, tmp_path.name, "is a directory")


@pytest.mark.skipif(not PLANWATCH.exists(), reason="console script not installed beside this python")
@pytest.mark.parametrize(("name", "problem"), BAD.items())
def test_installed_console_script_reports_bad_document(name: str, problem: str) -> None:
    run = subprocess.run([str(PLANWATCH), "extract", str(ASSETS / name)], capture_output=True, text=True,
                         timeout=120, check=False)
    assert run.returncode == 2
    assert run.stdout == ""
    _check_one_line(run.stderr, name, problem)


def test_extract_docx_end_to_end_with_the_console_script() -> None:
    run = subprocess.run([str(PLANWATCH), "extract", str(ASSETS / "002.docx"), "--format", "json"],
                         capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr
    plan = json.loads(run.stdout)
    assert plan["doc"] == "002"
    assert plan["format"] == "docx"


def test_python_dash_m_runs_the_cli() -> None:
    run = subprocess.run([sys.executable, "-m", "planwatch.cli", "extract", str(ASSETS / "empty.txt")],
                         capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 2
    _check_one_line(run.stderr, "empty.txt", "the file is empty")


@pytest.mark.parametrize(("name", "fmt"), [("004.pdf", "pdf"), ("000.html", "html"), ("003_gb18030.txt", "txt")])
def test_extract_other_formats_with_cli_runner(name: str, fmt: str) -> None:
    result = CliRunner().invoke(main, ["extract", str(ASSETS / name)])
    assert result.exit_code == 0, result.stderr
    plan = json.loads(result.stdout)
    assert plan["doc"] == Path(name).stem
    assert plan["format"] == fmt
