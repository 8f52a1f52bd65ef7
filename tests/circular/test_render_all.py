"""All three files of one circular at once (`files.render_all`, what issuing does): a large
circular's DOCX and XLSX come from the render pool while its PDF's parts are laid out there
too, and the files are the same as rendering one format at a time in this process."""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest

from circular.kit import Rendered
from planwatch.circular import files, pool


@pytest.fixture(autouse=True, scope="module")
def _stop_the_pool() -> Iterator[None]:
    yield
    pool.shutdown()


def _members(data: bytes) -> dict[str, bytes]:
    """A DOCX's or XLSX's parts, without the one openpyxl stamps with the clock on saving."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}


def test_the_pool_gives_the_files_one_format_at_a_time_gives(
        tongbao: Rendered, monkeypatch: pytest.MonkeyPatch) -> None:
    c = tongbao.circular
    monkeypatch.setattr(files, "PARALLEL_ROWS", 0)  # this circular counts as large
    one_at_a_time = {fmt: files.render(c, fmt) for fmt in files.FORMATS}  # DOCX and XLSX here
    together = files.render_all(c, files.FORMATS)
    assert list(together) == list(files.FORMATS)
    assert together["pdf"] == one_at_a_time["pdf"]
    for fmt in ("docx", "xlsx"):
        assert _members(together[fmt]) == _members(one_at_a_time[fmt]), fmt
        assert _members(together[fmt]) == _members(files.render_here(c, fmt)), fmt
    assert files.render_all(c, ["xlsx", "pdf"]).keys() == {"xlsx", "pdf"}


def test_the_pool_is_started_only_for_a_large_circular(
        tongbao: Rendered, monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[dict[str, Any]] = []

    class Refused:
        def __init__(self, *args: object, **kwargs: Any) -> None:
            started.append(kwargs)
            raise AssertionError("a small circular started a process")

    pool.shutdown()
    monkeypatch.setattr(pool, "ProcessPoolExecutor", Refused)
    small = files.render_all(tongbao.circular, files.FORMATS)  # the demo circular is below PARALLEL_ROWS
    assert set(small) == set(files.FORMATS) and not started
    assert small["pdf"] == tongbao.paths["pdf"].read_bytes()  # the one-process PDF
    monkeypatch.setattr(files, "PARALLEL_ROWS", 0)
    with pytest.raises(AssertionError, match="started a process"):
        files.render_all(tongbao.circular, ["pdf"])
    assert started and started[0]["mp_context"].get_start_method() == "spawn"  # never fork: the web app has threads
    assert started[0]["max_workers"] == min(2, os.cpu_count() or 1)
    with pytest.raises(ValueError, match="format 'odt'"):
        files.render_all(tongbao.circular, ["odt"])
