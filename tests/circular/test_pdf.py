"""The checklist on the PDF (WeasyPrint): A4, the 版心, 22 lines of 28 characters, page
numbers "— N —" on alternating sides 7 mm below the 版心, every font embedded and from the
allowed set, and every character present in the font that draws it (fontTools), so nothing
is a box. PNG pages are written beside the file (build/circulars/) for a person to look at."""

from __future__ import annotations

import itertools
import re
import subprocess
from collections import defaultdict
from typing import Any

import pdfplumber
import pytest

from circular.kit import Rendered
from planwatch.circular import fonts

MM = 72 / 25.4
FAMILY_ROLE = {r.family.replace(" ", "-"): key for key, r in fonts.ROLES.items()}


def _role(fontname: str) -> str:
    base = fontname.split("+", 1)[-1]
    assert base in FAMILY_ROLE, f"font {fontname!r} is not one of the circular's"
    return FAMILY_ROLE[base]


@pytest.fixture(scope="module")
def pdf(tongbao: Rendered) -> Any:
    with pdfplumber.open(str(tongbao.paths["pdf"])) as doc:
        yield doc


def test_a4_pages_and_pngs_for_a_person(tongbao: Rendered, pdf: Any) -> None:
    for page in pdf.pages:
        assert abs(page.width - 595.3) < 1 and abs(page.height - 841.9) < 1
    pngs = sorted(tongbao.paths["pdf"].parent.glob("page-*.png"))
    assert len(pngs) == len(pdf.pages)


def test_every_font_is_embedded_and_allowed(tongbao: Rendered) -> None:
    out = subprocess.run(["pdffonts", str(tongbao.paths["pdf"])], capture_output=True, text=True, check=True).stdout
    rows = out.splitlines()[2:]
    assert rows
    for row in rows:
        name, emb = row.split()[0], row.split()[-5]
        assert emb == "yes", row
        _role(name)
        assert not re.search(r"DejaVu|WenQuanYi|WQY", name)


def test_every_character_is_in_the_font_drawing_it(pdf: Any) -> None:
    lacking: dict[str, set[str]] = defaultdict(set)
    for page in pdf.pages:
        for ch in page.chars:
            role = _role(ch["fontname"])
            if ch["text"].strip() and ord(ch["text"]) not in fonts.role_coverage(role):
                lacking[role].add(ch["text"])
    assert not lacking


def test_text_stays_inside_the_text_block(pdf: Any) -> None:
    for page in pdf.pages:
        for ch in page.chars:
            if ch["top"] > 262 * MM:  # the page number, below the 版心
                continue
            assert ch["x0"] >= 28 * MM - 1 and ch["x1"] <= 184 * MM + 1, (page.page_number, ch["text"])
            assert ch["top"] >= 37 * MM - 2, (page.page_number, ch["text"])


def _body_lines(page: Any) -> dict[float, list[Any]]:
    lines: dict[float, list[Any]] = defaultdict(list)
    for ch in page.chars:
        if abs(ch["size"] - 16) < 0.1 and ch["top"] < 262 * MM and _role(ch["fontname"]) == "fang":
            lines[round(ch["top"], 1)].append(ch)
    return lines


def test_body_lines_are_28_characters_on_a_29_pt_pitch(pdf: Any) -> None:
    widest = 0
    pitches = []
    for page in pdf.pages:
        lines = _body_lines(page)
        tops = sorted(lines)
        pitches += [b - a for a, b in itertools.pairwise(tops) if b - a < 30]
        for chars in lines.values():
            cjk = [c for c in chars if ord(c["text"]) > 0x2E80]
            if len(cjk) == len(chars):
                widest = max(widest, len(chars))
                assert max(c["x1"] for c in chars) <= 184.5 * MM  # the 版心 ends at 184 mm (±1 mm)
    assert widest == 28
    assert pitches and all(28.8 <= p <= 29.1 for p in pitches), sorted(set(round(p, 2) for p in pitches))


def test_page_numbers_alternate_sides_below_the_text_block(pdf: Any) -> None:
    numbered = pdf.pages[:-1]  # the 版记 page has none
    for page in numbered:
        foot = sorted((c for c in page.chars if c["top"] > 262 * MM), key=lambda c: c["x0"])
        text = "".join(c["text"] for c in foot).replace(" ", "")
        assert text == f"—{page.page_number}—", (page.page_number, text)
        assert all(abs(c["size"] - 14) < 0.1 for c in foot)
        top = min(c["top"] for c in foot if c["text"].isdigit()) / MM
        assert 262 + 5 <= top <= 262 + 9, top
        if page.page_number % 2:
            assert abs((210 - foot[-1]["x1"] / MM) - 31) <= 2.5
        else:
            assert abs(foot[0]["x0"] / MM - 33) <= 2.5
    last = pdf.pages[-1]
    assert not [c for c in last.chars if c["top"] > 262 * MM]
    lines = last.extract_text().splitlines()
    assert lines[0].startswith("抄送：") and lines[0].endswith("。") and lines[-1].endswith("印发")


def test_the_text_is_the_circulars(tongbao: Rendered, pdf: Any) -> None:
    first = pdf.pages[0].extract_text().replace("\n", "")
    c = tongbao.circular
    assert c.mark in first and c.doc_number in first and c.title in first
    title_chars = [ch for ch in pdf.pages[0].chars if abs(ch["size"] - 22) < 0.1]
    assert title_chars and {_role(ch["fontname"]) for ch in title_chars if ord(ch["text"]) > 0x2E80} == {"title"}
    mark = next(ch for ch in pdf.pages[0].chars if ch["text"] == c.mark[0])
    assert mark["non_stroking_color"] in ((1, 0, 0), [1, 0, 0], (1.0, 0.0, 0.0))
    assert 35 * MM <= mark["top"] - 37 * MM <= 40 * MM  # 35 mm below the top of the 版心 (glyph box)
    everything = "".join(p.extract_text() or "" for p in pdf.pages)
    for a in c.attachments:
        assert f"附件{a.number}" in everything and a.title in everything
