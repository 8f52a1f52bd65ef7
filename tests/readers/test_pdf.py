"""PDFs: the text layer in reading order, page furniture dropped, tables as rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from planwatch.errors import DocumentError
from planwatch.readers import read_document
from planwatch.readers.pdf import NO_TEXT

ASSETS = Path(__file__).parents[1] / "assets"
EXAMPLES = Path(__file__).parents[2] / "src" / "planwatch" / "examples"


def test_cjk_text_round_trips_with_hard_line_breaks_kept() -> None:
    doc = read_document(ASSETS / "004.pdf")
    (original,) = EXAMPLES.glob("004_*.txt")
    assert doc.format == "pdf" and doc.name == "004"
    assert "".join(doc.text.split()) == "".join(original.read_text(encoding="utf-8").split())
    assert "力争通过3-5年的努力" in doc.text.replace("\n", "")
    assert max(len(line) for line in doc.text.split("\n")) <= 40
    assert "“制造强市”" in doc.text


def test_running_header_and_page_numbers_are_dropped() -> None:
    text = read_document(ASSETS / "004.pdf").text
    assert "工作简报" not in text
    assert not any(line.strip().startswith("- ") for line in text.split("\n"))
    assert text.endswith("13391219\n793")  # a short number line that is text, not a page number


def test_table_rows_sit_between_the_paragraphs_around_them() -> None:
    lines = read_document(ASSETS / "indicators.pdf").text.split("\n")
    assert lines[0] == "表前：主要指标如下。"
    assert lines[1] == "类别\t指 标\t2014年\t2020年\t2025年"
    assert "\t规模以上工业企业研发机构覆盖率（%）\t14.5\t40\t50" in lines
    assert "\t制造业全员劳动生产率年均增速（%）\t5.6\t6（“十三五”期间）\t6.5（“十四五”期间）" in lines
    assert lines[-1] == "表后：以上指标为预期性指标。"
    assert len(lines) == 8


def test_scanned_pdf_asks_for_ocr() -> None:
    with pytest.raises(DocumentError, match=r"scanned\.pdf: PDF has no text layer") as caught:
        read_document(ASSETS / "scanned.pdf")
    assert caught.value.problem == NO_TEXT
