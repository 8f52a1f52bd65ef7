"""Plain text in the encodings and line endings users actually send."""

from __future__ import annotations

from pathlib import Path

import pytest

from planwatch.errors import DocumentError
from planwatch.readers import read_document

ASSETS = Path(__file__).parents[1] / "assets"
EXAMPLES = Path(__file__).parents[2] / "src" / "planwatch" / "examples"


def example(prefix: str) -> str:
    (path,) = EXAMPLES.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def test_utf8_with_bom_and_crlf_reads_as_the_original_text() -> None:
    doc = read_document(ASSETS / "001_bom_crlf.txt")
    assert doc.encoding == "utf-8-sig"
    assert doc.text == example("001")
    assert "\r" not in doc.text and not doc.text.startswith("\ufeff")


def test_gb18030_file_is_detected_and_decoded() -> None:
    doc = read_document(ASSETS / "003_gb18030.txt")
    assert doc.encoding == "gb18030"
    assert doc.text == example("003")
    assert doc.name == "003_gb18030" and doc.format == "txt"


def test_bare_cr_line_endings_become_lf(tmp_path: Path) -> None:
    path = tmp_path / "mac.txt"
    path.write_bytes("一、总体要求\r到2020年，产值达到100亿元。\r".encode("gbk"))
    assert read_document(path).text == "一、总体要求\n到2020年，产值达到100亿元。\n"


def test_utf16_with_bom_from_windows_notepad(tmp_path: Path) -> None:
    path = tmp_path / "notepad.txt"
    path.write_bytes("到2025年，建成10个示范园区。".encode("utf-16"))
    doc = read_document(path)
    assert doc.text == "到2025年，建成10个示范园区。"
    assert doc.encoding == "utf-16"


def test_full_width_blanks_only_count_as_empty(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_text("\u3000\u3000\n\u3000", encoding="utf-8")
    with pytest.raises(DocumentError, match="the file is empty"):
        read_document(path)
