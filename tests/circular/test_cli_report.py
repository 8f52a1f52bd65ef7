"""`planwatch report` as the issue writes it: one file of a plan's or a region's circular for
a period, `-o FILE` naming the format, `--layout notice|bulletin`; the same circular as
`planwatch circular` writes, and a clear error with nothing written on bad input."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
from click.testing import CliRunner
from pypdf import PdfReader

from circular.kit import require_tools
from planwatch.cli import main
from planwatch.store import Store


def _run(store: Store, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["report", "--db", str(store.engine.url), *args])
    return result.exit_code, result.output


def _docx_text(path: Path) -> str:
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as z:
        return z.read("word/document.xml").decode()


def test_a_plans_circular_in_each_format(store: Store, tmp_path: Path) -> None:
    require_tools()
    tmp_path = tmp_path / "out"  # the fixture's database copy lies in tmp_path itself
    for name in ("月报.docx", "月报.pdf", "月报.xlsx"):
        code, out = _run(store, "--plan", "anhui", "--period", "2019-09", "-o", str(tmp_path / name))
        assert code == 0, out
        assert out.strip() == str(tmp_path / name)
    assert "安徽省发展和改革委员会" in _docx_text(tmp_path / "月报.docx")  # the plan's region, found from the plan
    assert "通报" in "".join(p.extract_text() for p in PdfReader(tmp_path / "月报.pdf").pages[:1])
    assert openpyxl.load_workbook(tmp_path / "月报.xlsx").sheetnames
    assert sorted(p.name for p in tmp_path.iterdir()) == ["月报.docx", "月报.pdf", "月报.xlsx"]  # no temporary left


def test_it_is_the_circular_the_circular_command_writes(store: Store, tmp_path: Path) -> None:
    require_tools()
    code, out = _run(store, "--region", "安徽省", "--period", "2019-09", "--layout", "bulletin",
                     "--as-of", "2019-10-31", "-o", str(tmp_path / "a" / "简报.docx"))
    assert code == 0, out
    full = CliRunner().invoke(main, ["circular", "--db", str(store.engine.url), "--region", "安徽省",
                                     "--period", "2019-09", "--layout", "jianbao", "--as-of", "2019-10-31",
                                     "--format", "docx", "--out", str(tmp_path / "b")])
    assert full.exit_code == 0, full.output
    (other,) = (tmp_path / "b").iterdir()
    strip = lambda text: text.split("</w:body>")[0].split("编发")[0]  # noqa: E731 - the generation time differs
    assert strip(_docx_text(tmp_path / "a" / "简报.docx")) == strip(_docx_text(other))


def test_bad_input_is_named_and_nothing_is_written(store: Store, tmp_path: Path) -> None:
    require_tools()
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    code, out = _run(store, "--plan", "anhui", "--period", "2019-09", "--format", "pdf", "-o", str(tmp_path / "x.docx"))
    assert code == 2 and "must end in .pdf" in out
    code, out = _run(store, "--plan", "anhui", "--period", "2019-09", "-o", str(tmp_path / "x.txt"))
    assert code == 2 and ".docx, .pdf or .xlsx" in out
    code, out = _run(store, "--period", "2019-09", "-o", str(tmp_path / "x.docx"))
    assert code == 2 and "--plan KEY or --region" in out
    code, out = _run(store, "--plan", "no-such-plan", "--period", "2019-09", "-o", str(tmp_path / "x.docx"))
    assert code == 2 and "no-such-plan" in out
    code, out = _run(store, "--plan", "anhui", "--period", "2010-09", "-o", str(tmp_path / "x.docx"))
    assert code == 2 and "before the plan starts" in out
    assert list(tmp_path.iterdir()) == []
