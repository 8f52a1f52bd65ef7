"""All three files of one circular at once (`files.render_all`, what issuing does): a large
circular's DOCX and XLSX come from a second process while this one lays out the PDF, and
the files are the same as rendering one format at a time."""

from __future__ import annotations

import io
import zipfile

import pytest

from circular.kit import Rendered
from planwatch.circular import files


def _members(data: bytes) -> dict[str, bytes]:
    """A DOCX's or XLSX's parts, without the one openpyxl stamps with the clock on saving."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}


def test_the_second_process_gives_the_files_one_format_at_a_time_gives(
        tongbao: Rendered, monkeypatch: pytest.MonkeyPatch) -> None:
    c = tongbao.circular
    one_at_a_time = {fmt: files.render(c, fmt) for fmt in files.FORMATS}
    monkeypatch.setattr(files, "PARALLEL_ROWS", 0)  # this circular counts as large
    together = files.render_all(c, files.FORMATS)
    assert list(together) == list(files.FORMATS)
    assert together["pdf"] == one_at_a_time["pdf"]
    for fmt in ("docx", "xlsx"):
        assert _members(together[fmt]) == _members(one_at_a_time[fmt]), fmt


def test_the_second_process_is_used_only_for_a_large_circular(
        tongbao: Rendered, monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[object] = []

    class Refused:
        def __init__(self, *args: object, **kwargs: object) -> None:
            started.append(args)
            raise AssertionError("a small circular started a process")

    monkeypatch.setattr(files, "ProcessPoolExecutor", Refused)
    small = files.render_all(tongbao.circular, files.FORMATS)  # the demo circular is below PARALLEL_ROWS
    assert set(small) == set(files.FORMATS) and not started
    monkeypatch.setattr(files, "PARALLEL_ROWS", 0)
    with pytest.raises(AssertionError, match="started a process"):
        files.render_all(tongbao.circular, files.FORMATS)
    assert files.render_all(tongbao.circular, ["pdf"]).keys() == {"pdf"}  # one format: nothing to share
