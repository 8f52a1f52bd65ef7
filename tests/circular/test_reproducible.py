"""The same circular gives the same DOCX and XLSX bytes, whenever it is rendered: the files'
SHA-256 is kept with an issued circular, and nothing in them is the clock's."""

from __future__ import annotations

import io
import time
import zipfile

from circular.kit import Rendered
from planwatch.circular import files


def test_two_renders_a_second_apart_are_the_same_bytes(tongbao: Rendered) -> None:
    c = tongbao.circular
    first = {fmt: files.render(c, fmt) for fmt in ("docx", "xlsx")}
    time.sleep(2.1)  # past a zip timestamp's two-second grain: the clock would show
    assert {fmt: files.render(c, fmt) for fmt in ("docx", "xlsx")} == first


def test_every_member_is_dated_when_the_circular_was_made(tongbao: Rendered) -> None:
    c = tongbao.circular
    made = c.generated_at
    for fmt in ("docx", "xlsx"):
        with zipfile.ZipFile(io.BytesIO(files.render(c, fmt))) as z:
            assert {i.date_time[:3] for i in z.infolist()} == {(made.year, made.month, made.day)}, fmt
            core = z.read("docProps/core.xml").decode()
            assert "<dcterms:modified" in core and made.strftime("%Y-%m-%dT") in core.split("dcterms:modified")[1], fmt
            assert z.testzip() is None
