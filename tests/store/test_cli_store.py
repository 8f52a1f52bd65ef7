"""The storage commands end to end: import, publish, plans, observe (exit 2 on a bad file), backup."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from click.testing import CliRunner

from planwatch.cli import main

EXAMPLE = Path(str(resources.files("planwatch") / "data" / "example_actuals.csv"))
ANHUI = Path(__file__).parents[1] / "gold" / "002_7230ec801b983216.json"
SHAOXING = Path(__file__).parents[1] / "gold" / "003_6f0a94d0c08b789a.json"


def test_commands(db_url: str, tmp_path: Path) -> None:
    run = CliRunner().invoke
    db = ["--db", db_url]
    assert run(main, ["import", str(ANHUI), "--key", "anhui", *db]).exit_code == 0
    assert run(main, ["import", str(SHAOXING), "--key", "shaoxing", *db]).exit_code == 0
    published = run(main, ["publish", "anhui", *db])
    assert published.exit_code == 0 and "(a class of units, not one department): 省有关部门" in published.output
    assert run(main, ["publish", "shaoxing", *db]).exit_code == 0
    listing = run(main, ["plans", *db]).output
    assert "anhui\t中国制造2025安徽篇\t安徽省\t1\t1\t" in listing
    assert "recorded 8" in run(main, ["observe", str(EXAMPLE), *db]).output
    again = run(main, ["observe", str(EXAMPLE), *db])
    assert again.exit_code == 2 and "row 9: already stored" in again.output
    backup = tmp_path / "backup.json"
    assert run(main, ["backup", str(backup), *db]).exit_code == 0
    assert run(main, ["restore", str(backup), *db]).exit_code == 0
    assert run(main, ["regions", "淮南", *db]).output.startswith("淮南市\tcity")
