"""`planwatch extract DIR… --out DIR`: a policy library in, one JSON per document and an
index out, through the real command line.

The library is the bundled samples and the test assets (Word, PDF, web pages, GB18030,
broken and empty files), so every reader and every kind of failure passes through it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import crashing
from planwatch.cli import main
from planwatch.extract import batch

ROOT = Path(__file__).parent
EXAMPLES = ROOT.parent / "src" / "planwatch" / "examples"
ASSETS = ROOT / "assets"
# A real kind of document with nothing to track: a meeting notice.
NOTICE = "关于召开全市工业经济运行调度会议的通知\n各县区人民政府，市直有关单位：\n经研究，定于本周五上午召开调度会议，请各单位主要负责同志准时参加。\n市政府办公室\n2023年5月8日\n"


def _library(tmp: Path) -> Path:
    """Samples at the top, formats in a subfolder, bad files and a notice beside them."""
    lib = tmp / "library"
    (lib / "formats").mkdir(parents=True)
    for f in sorted(EXAMPLES.glob("*.txt"))[:3]:
        shutil.copy(f, lib / f.name)
    for name in ("002.docx", "004.pdf", "000.html", "003_gb18030.txt", "scanned.pdf", "broken.docx"):
        shutil.copy(ASSETS / name, lib / "formats" / name)
    (lib / "会议通知.txt").write_text(NOTICE, encoding="utf-8")
    (lib / "empty.txt").write_bytes(b"")
    (lib / "photo.png").write_bytes((ASSETS / "image.png").read_bytes())  # not a document suffix
    (lib / ".hidden.txt").write_text(NOTICE, encoding="utf-8")
    return lib


def _single(path: Path) -> str:
    result = CliRunner().invoke(main, ["extract", str(path), "--format", "json"])
    return result.stdout


def _index(out: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in (out / "index.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_library_in_one_json_per_document_out(tmp_path: Path, jobs: str) -> None:
    lib = _library(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["extract", str(lib), "--out", str(out), "--jobs", jobs])
    assert result.exit_code == 1  # some failed; the others were all extracted
    rows = _index(out)
    assert [r["source"] for r in rows] == [str(p) for p in batch.collect([lib]).documents]
    by_name = {Path(str(r["source"])).name: r for r in rows}
    assert set(by_name) == {*(p.name for p in sorted(EXAMPLES.glob("*.txt"))[:3]), "002.docx", "004.pdf",
                            "000.html", "003_gb18030.txt", "scanned.pdf", "broken.docx", "会议通知.txt", "empty.txt"}
    for row in rows:
        if row["status"] == "failed":
            assert row["output"] is None
            continue
        written = (out / str(row["output"])).read_text(encoding="utf-8")
        assert written == _single(Path(str(row["source"])))  # byte for byte the single-file output
    assert by_name["002.docx"]["output"] == "formats/002.json"
    assert by_name["002.docx"]["status"] == "ok" and int(str(by_name["002.docx"]["targets"])) > 0
    assert by_name["会议通知.txt"]["status"] == "empty"
    assert {n for n, r in by_name.items() if r["status"] == "failed"} == {"scanned.pdf", "broken.docx", "empty.txt"}
    err = result.stderr
    assert f"{lib / '会议通知.txt'}: nothing found" in err
    assert f"failed: {lib / 'formats' / 'scanned.pdf'}: PDF has no text layer" in err
    assert f"failed: {lib / 'empty.txt'}: the file is empty" in err
    assert "8 of 11 documents extracted" in err and "2 other files passed over" in err
    assert "Traceback" not in err


def test_all_good_exits_zero_and_files_may_be_named(tmp_path: Path) -> None:
    one, two = sorted(EXAMPLES.glob("*.txt"))[:2]
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["extract", str(one), str(ASSETS / "002.docx"), str(two), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert [r["output"] for r in _index(out)] == [f"{one.stem}.json", "002.json", f"{two.stem}.json"]


def test_names_that_clash_keep_their_suffix(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    (lib / "sub").mkdir(parents=True)
    text = (EXAMPLES / "001_e1ad1d33f2229fbe.txt").read_text(encoding="utf-8")
    for name in ("plan.txt", "plan.html", "sub/plan.txt"):
        (lib / name).write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert CliRunner().invoke(main, ["extract", str(lib), "--out", str(out), "-j", "1"]).exit_code == 0
    assert sorted(str(r["output"]) for r in _index(out)) == ["plan.json", "plan.txt.json", "sub/plan.json"]


def test_a_document_that_kills_its_process_fails_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A parser crash (segfault) ends the worker process; only that document fails."""
    lib = tmp_path / "lib"
    lib.mkdir()
    examples = sorted(EXAMPLES.glob("*.txt"))
    for f in examples:
        shutil.copy(f, lib / f.name)
    shutil.copy(examples[0], lib / f"{crashing.MARK}.txt")
    monkeypatch.setattr(batch, "extract_one", crashing.dies_on_marked)  # the workers fork after this
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["extract", str(lib), "--out", str(out), "--jobs", "2"])
    assert result.exit_code == 1
    status = {Path(str(r["source"])).stem: r["status"] for r in _index(out)}
    assert status.pop(crashing.MARK) == "failed"
    assert status == {f.stem: "ok" for f in examples}
    assert f"{crashing.MARK}.txt: the process reading it died" in result.stderr


def test_nothing_found_is_said_on_stderr_naming_the_file(tmp_path: Path) -> None:
    notice = tmp_path / "会议通知.txt"
    notice.write_text(NOTICE, encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(notice)])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["targets"] == []
    assert result.stderr == f"planwatch: {notice}: nothing found (no targets, indicators, tasks or milestones)\n"
    plan = CliRunner().invoke(main, ["extract", str(EXAMPLES / "001_e1ad1d33f2229fbe.txt")])
    assert plan.exit_code == 0 and plan.stderr == ""


def test_usage_errors(tmp_path: Path) -> None:
    one, two = sorted(EXAMPLES.glob("*.txt"))[:2]
    several = CliRunner().invoke(main, ["extract", str(one), str(two)])
    assert several.exit_code == 2 and "need --out DIR" in several.stderr
    table = CliRunner().invoke(main, ["extract", str(one), "--out", str(tmp_path / "o"), "--format", "table"])
    assert table.exit_code == 2 and "--format table is for one document" in table.stderr
    (tmp_path / "nothing").mkdir()
    (tmp_path / "nothing" / "a.png").write_bytes(b"\x89PNG")
    none = CliRunner().invoke(main, ["extract", str(tmp_path / "nothing"), "--out", str(tmp_path / "o")])
    assert none.exit_code == 2 and "no documents found" in none.stderr
