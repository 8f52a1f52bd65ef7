"""A large circular's PDF is laid out in parts by the render pool, numbered and joined
(`circular.pdf_parts`): it must be the document the one-process PDF is. The demo circular is
made large by setting `files.PARALLEL_ROWS` to 0, and compared with the one the `tongbao`
fixture wrote in one process: pages, text per page, the numbers and their places, fonts,
metadata, bytes run to run, and the same file when the pool cannot start or breaks. Its
PNG pages go to build/circulars/split/ beside the one-process ones for a person to look at.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import shutil
import subprocess
from collections.abc import Iterator
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from pypdf import PdfReader

from circular.kit import OUT, Rendered
from planwatch.circular import files, fonts, pdf, pdf_parts, pool

MM = 72 / 25.4


@dataclass(frozen=True)
class Split:
    path: Path  # the PDF from parts, written beside its PNG pages
    data: bytes
    whole: Path  # the one-process PDF of the same circular


@pytest.fixture(scope="module")
def split(tongbao: Rendered) -> Iterator[Split]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(files, "PARALLEL_ROWS", 0)
        data = files.render_all(tongbao.circular, ["pdf"])["pdf"]
    folder = OUT / "split" / os.environ.get("PYTEST_XDIST_WORKER", "main")
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    path = folder / "tongbao.pdf"
    path.write_bytes(data)
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(path), str(folder / "page")], check=True)
    yield Split(path, data, tongbao.paths["pdf"])
    pool.shutdown()


def _page_texts(path: Path) -> list[str]:
    count = len(PdfReader(path).pages)
    return [subprocess.run(["pdftotext", "-layout", "-f", str(i), "-l", str(i), str(path), "-"],
                           capture_output=True, text=True, check=True).stdout for i in range(1, count + 1)]


def _feet(path: Path) -> list[list[tuple[str, float, float, float]]]:
    """Each page's characters below the 版心 (the page number): text, x0, top, size."""
    with pdfplumber.open(str(path)) as doc:
        return [sorted((c["text"], round(c["x0"], 2), round(c["top"], 2), round(c["size"], 2))
                       for c in page.chars if c["top"] > 262 * MM) for page in doc.pages]


def test_the_circular_is_laid_out_in_two_parts_cut_at_forced_page_breaks(tongbao: Rendered) -> None:
    c = tongbao.circular
    documents = pdf_parts.part_documents(c)
    assert len(documents) == 2
    pieces = pdf.segments(c)
    assert documents[1].split("<body>", 1)[1].startswith("<section class='attachment'>")
    bodies = "".join(d.split("<body>", 1)[1].removesuffix("</body></html>") for d in documents)
    assert bodies == "".join(pieces)  # every piece once, in order
    assert all("@bottom-right" not in d and "@bottom-left" not in d for d in documents)
    assert "@bottom-right" in pdf.to_html(c)


def test_same_pages_with_the_same_text_as_the_one_process_pdf(split: Split) -> None:
    whole, parts = _page_texts(split.whole), _page_texts(split.path)
    assert len(parts) == len(whole) > 3
    for number, (a, b) in enumerate(zip(whole, parts, strict=True), start=1):
        assert a == b, f"page {number}"


def test_every_page_but_the_colophon_has_its_number_where_the_one_process_pdf_has_it(split: Split) -> None:
    whole, parts = _feet(split.whole), _feet(split.path)
    assert parts == whole
    *numbered, colophon = parts
    assert colophon == []
    for number, foot in enumerate(numbered, start=1):
        by_x = sorted(foot, key=lambda ch: ch[1])
        assert "".join(ch[0] for ch in by_x).replace(" ", "") == f"—{number}—"
        left = by_x[0][1] / MM
        assert (left > 105) == (number % 2 == 1), (number, left)  # odd right, even left


def test_the_fonts_are_embedded(split: Split) -> None:
    rows = subprocess.run(["pdffonts", str(split.path)], capture_output=True, text=True,
                          check=True).stdout.splitlines()[2:]
    assert rows
    families = {r.family.replace(" ", "-") for r in fonts.ROLES.values()}
    for row in rows:
        assert row.split()[-5] == "yes", row
        assert row.split()[0].split("+", 1)[-1] in families, row


def test_metadata_outline_and_language_are_the_one_process_pdfs(split: Split, tongbao: Rendered) -> None:
    whole, parts = PdfReader(split.whole), PdfReader(split.path)
    assert parts.metadata == whole.metadata
    assert parts.metadata is not None and parts.metadata.title == tongbao.circular.title
    assert parts.metadata["/CreationDate"] == parts.metadata["/ModDate"] == "D:20261105093000+00'00"
    assert parts.root_object["/Lang"] == whole.root_object["/Lang"] == "zh-CN"

    def outline(reader: PdfReader) -> list[tuple[str, int]]:
        flat: list[Any] = []
        stack = list(reader.outline)
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack[:0] = item
            else:
                flat.append((item.title, reader.get_destination_page_number(item)))
        return flat

    assert outline(parts) == outline(whole) != []
    first, _ = parts.trailer["/ID"]  # names the input: the parts' HTML (its bytes come from the run)
    html = "".join(pdf_parts.part_documents(tongbao.circular))
    assert str(first) == hashlib.md5(html.encode(), usedforsecurity=False).hexdigest()


def test_the_same_bytes_on_a_second_render_and_without_the_pool(
        split: Split, tongbao: Rendered, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "PARALLEL_ROWS", 0)
    assert files.render(tongbao.circular, "pdf") == split.data  # the web download, through the pool
    assert pdf_parts.write_pdf(tongbao.circular) == split.data  # the parts one after another, here


def test_without_a_pool_the_files_are_rendered_here_and_are_the_same(
        split: Split, tongbao: Rendered, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    def no_semaphores(*args: object, **kwargs: object) -> None:
        raise OSError(38, "Function not implemented: no /dev/shm")

    pool.shutdown()
    monkeypatch.setattr(pool, "ProcessPoolExecutor", no_semaphores)
    monkeypatch.setattr(files, "PARALLEL_ROWS", 0)
    with caplog.at_level(logging.WARNING, logger=pool.__name__):
        data = files.render_all(tongbao.circular, files.FORMATS)
        again = files.render_all(tongbao.circular, ["pdf"])
    assert data["pdf"] == again["pdf"] == split.data
    assert set(data) == set(files.FORMATS) and data["docx"][:2] == data["xlsx"][:2] == b"PK"
    assert pool.executor() is None and pool.start() == 0.0
    warned = [r.getMessage() for r in caplog.records]
    assert len(warned) == 1 and "no /dev/shm" in warned[0] and "the files are the same" in warned[0]
    pool.shutdown()  # forget the refusal: the next test may start a pool


def test_a_broken_pool_falls_back_to_this_process(
        split: Split, tongbao: Rendered, monkeypatch: pytest.MonkeyPatch) -> None:
    class Broken:
        def submit(self, *args: object) -> None:
            raise BrokenProcessPool("a worker was killed")

        def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
            dropped.append(self)

    dropped: list[object] = []
    broken = Broken()
    monkeypatch.setattr(pool, "executor", lambda: broken)
    monkeypatch.setattr(files, "PARALLEL_ROWS", 0)
    data = files.render_all(tongbao.circular, ["docx", "pdf"])
    assert data["pdf"] == split.data and data["docx"][:2] == b"PK"
    assert dropped == [broken]  # shut down, and the next call starts a new pool


def test_the_split_pages_look_like_the_one_process_pages(split: Split) -> None:
    pngs = sorted(split.path.parent.glob("page-*.png"))
    whole = sorted(split.whole.parent.glob("page-*.png"))
    assert len(pngs) == len(whole) == len(PdfReader(io.BytesIO(split.data)).pages)
    from PIL import Image, ImageChops

    for a, b in zip(whole, pngs, strict=True):
        with Image.open(a) as x, Image.open(b) as y:
            assert ImageChops.difference(x.convert("RGB"), y.convert("RGB")).getbbox() is None, b.name
