"""The reader is picked by what a file contains, not what it is called."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from planwatch.errors import DocumentError
from planwatch.readers import read_document

ASSETS = Path(__file__).parents[1] / "assets"


@pytest.mark.parametrize(
    ("asset", "renamed", "fmt"),
    [
        ("004.pdf", "plan.txt", "pdf"),
        ("002.docx", "plan.txt", "docx"),
        ("002.docx", "plan", "docx"),
        ("000.html", "plan.txt", "html"),
        ("003_gb18030.txt", "plan.html", "txt"),
    ],
)
def test_format_follows_content_not_suffix(tmp_path: Path, asset: str, renamed: str, fmt: str) -> None:
    path = tmp_path / renamed
    shutil.copy(ASSETS / asset, path)
    doc = read_document(path)
    assert doc.format == fmt
    assert doc.name == path.stem


def test_html_suffix_with_tags_but_no_doctype_is_html(tmp_path: Path) -> None:
    path = tmp_path / "saved.htm"
    path.write_text("\n  <p>一、总体要求</p><p>到2020年，产值达到100亿元。</p>", encoding="utf-8")
    doc = read_document(path)
    assert doc.format == "html"
    assert doc.text == "一、总体要求\n\n到2020年，产值达到100亿元。"  # paragraphs apart, as in text files


def test_text_that_mentions_tags_is_still_text(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("说明：网页中的<p>标签不影响。\n到2020年，产值达到100亿元。", encoding="utf-8")
    assert read_document(path).format == "txt"


def test_pdf_named_docx_is_read_as_pdf(tmp_path: Path) -> None:
    path = tmp_path / "方案.docx"
    shutil.copy(ASSETS / "004.pdf", path)
    assert read_document(path).format == "pdf"


def test_plain_text_named_docx_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "方案.docx"
    path.write_text("到2020年，产值达到100亿元。", encoding="utf-8")
    with pytest.raises(DocumentError, match=r"方案\.docx: not a Word \.docx document"):
        read_document(path)
