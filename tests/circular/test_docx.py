"""The GB/T 9704-2012 checklist (design/circular.md §6) on the generated DOCX, read back
with python-docx and lxml: page, margins, grid, fonts by level with their East Asian
attributes, title, headings, 发文字号, 附件说明, 成文日期, page numbers, tables, 版记, colour."""

from __future__ import annotations

import re
from typing import Any

import docx
from docx.oxml.ns import qn

from circular.kit import Rendered
from planwatch.circular import fonts

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FANG, KAI, HEI, TITLE = (fonts.ROLES[k].official for k in ("fang", "kai", "hei", "title"))


def _doc(r: Rendered) -> Any:
    return docx.Document(str(r.paths["docx"]))


def _east_asia(run: Any) -> str | None:
    rfonts = run._r.rPr.find(qn("w:rFonts")) if run._r.rPr is not None else None
    return None if rfonts is None else rfonts.get(qn("w:eastAsia"))


def _texts(d: Any) -> list[Any]:
    return [p for p in d.paragraphs if p.text.strip()]


def test_page_margins_and_grid(tongbao: Rendered) -> None:
    d = _doc(tongbao)
    for s in d.sections:
        pg = s._sectPr.find(qn("w:pgSz"))
        assert (pg.get(qn("w:w")), pg.get(qn("w:h"))) == ("11906", "16838")
        mar = s._sectPr.find(qn("w:pgMar"))
        got = [int(mar.get(qn(f"w:{k}"))) for k in ("top", "bottom", "left", "right")]
        for value, want in zip(got, (2098, 1984, 1587, 1474), strict=True):
            assert abs(value - want) <= 57  # ±1 mm
        grid = s._sectPr.find(qn("w:docGrid"))
        assert grid.get(qn("w:type")) == "lines" and grid.get(qn("w:linePitch")) == "579"
    normal = d.styles["Normal"]
    assert normal.font.size.pt == 16
    assert normal.paragraph_format.line_spacing.twips == 579
    assert normal.element.rPr.find(qn("w:spacing")).get(qn("w:val")) == "-5"  # 28 characters a line


def test_east_asian_fonts_are_named_and_no_theme_overrides_them(tongbao: Rendered) -> None:
    d = _doc(tongbao)
    styles = d.styles.element
    for rfonts in styles.iter(f"{W}rFonts"):
        assert not any(k.endswith("Theme") for k in (a.split("}")[-1] for a in rfonts.attrib)), rfonts.attrib
    default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert default.find(qn("w:rFonts")).get(qn("w:eastAsia")) == FANG
    assert default.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"
    body = d.element.body
    for rfonts in body.iter(f"{W}rFonts"):
        assert rfonts.get(qn("w:eastAsia")) in {FANG, KAI, HEI, TITLE, fonts.ROLES["song"].official}
        assert not any("Theme" in a for a in rfonts.attrib)


def test_mark_number_rule_title_and_recipients(tongbao: Rendered) -> None:
    d = _doc(tongbao)
    ps = _texts(d)
    mark, number = ps[0], ps[1]
    assert mark.text == tongbao.circular.mark and mark.alignment == 1  # centred
    run = mark.runs[0]
    assert str(run.font.color.rgb) == "FF0000" and _east_asia(run) == TITLE
    assert run.font.size.pt * len(mark.text) <= 156 / 25.4 * 72  # one line inside the 版心
    assert re.fullmatch(r".+〔\d{4}〕[1-9]\d*号", number.text)
    bottom = number._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert bottom.get(qn("w:color")) == "FF0000"  # the red rule below the 发文字号
    titles = [p for p in ps if p.runs and p.runs[0].font.size is not None and p.runs[0].font.size.pt == 22]
    assert [p.text for p in titles[:len(tongbao.circular.title_lines)]] == list(tongbao.circular.title_lines)
    assert all(p.alignment == 1 and _east_asia(p.runs[0]) == TITLE for p in titles)
    assert all(len(p.text) > 1 for p in titles)
    index = ps.index(titles[len(tongbao.circular.title_lines) - 1])
    assert ps[index + 1].text.endswith("：")  # 主送
    # two blank lines between the rule and the title
    all_ps = d.paragraphs
    i, j = [p._p for p in all_ps].index(number._p), [p.text for p in all_ps].index(titles[0].text)
    assert [p.text for p in all_ps[i + 1:j]] == ["", ""]


HEADINGS = ((re.compile(r"^[一二三四五六七八九十]+、"), HEI), (re.compile(r"^（[一二三四五六七八九十]+）"), KAI),
            (re.compile(r"^\d+\."), FANG))
CN = "一二三四五六七八九十"


def test_headings_fonts_and_numbering(tongbao: Rendered) -> None:
    d = _doc(tongbao)
    body = _texts(d)
    end = next(i for i, p in enumerate(body) if p.text.startswith("附件："))
    level1, level2 = [], []
    for p in body[:end]:
        for pattern, font in HEADINGS[:2]:
            if pattern.match(p.text) and len(p.text) < 20:
                assert _east_asia(p.runs[0]) == font, p.text
                (level1 if font == HEI else level2).append(p.text)
    assert [h[0] for h in level1] == list(CN[:len(level1)]) and len(level1) == 5
    assert [h[1] for h in level2] == list(CN[:3])
    assert not any(re.match(r"^\d+、", p.text) for p in body)  # level 3 uses "." not "、"


def test_attachments_signature_date_and_note(tongbao: Rendered) -> None:
    d = _doc(tongbao)
    texts = [p.text for p in d.paragraphs]
    i = next(k for k, t in enumerate(texts) if t.startswith("附件："))
    assert re.match(r"^附件：1\.", texts[i])
    names = [re.sub(r"^(附件：)?\d+\.", "", t) for t in texts[i:i + 4]]
    assert names == [a.title for a in tongbao.circular.attachments]
    assert not any(n.endswith(("。", "；", "，")) for n in names)
    date_line = next(t for t in texts if re.fullmatch(r"\d{4}年[1-9]\d?月[1-9]\d?日", t))
    k = texts.index(date_line)
    assert texts[k - 1] == tongbao.circular.issuer and texts[k + 1] == "（此件公开发布）"
    issuer_p, date_p = d.paragraphs[k - 1], d.paragraphs[k]
    assert issuer_p.alignment == date_p.alignment == 2  # right
    assert issuer_p.paragraph_format.right_indent.pt == 32  # 右空二字
    # each attachment on a new page, "附件N" in 黑体 at the top left
    for a in tongbao.circular.attachments:
        all_ps = d.paragraphs
        k = next(i for i, p in enumerate(all_ps) if p.text == f"附件{a.number}")
        p, before = all_ps[k], all_ps[k - 1]
        assert any(br.get(qn("w:type")) == "page" for br in before._p.iter(qn("w:br")))
        assert _east_asia(p.runs[0]) == HEI and p.alignment is None


def test_page_numbers_alternate_sides(tongbao: Rendered) -> None:
    d = _doc(tongbao)
    assert d.settings.element.find(qn("w:evenAndOddHeaders")) is not None
    s = d.sections[0]
    assert abs(s.footer_distance.mm - 22) < 0.5
    for footer, align in ((s.footer, 2), (s.even_page_footer, 0)):
        p = footer.paragraphs[0]
        text = "".join(t.text for t in p._p.iter(qn("w:t"))).replace(" ", "")
        assert re.fullmatch(r"—\d+—", text)
        assert " PAGE " in "".join(t.text for t in p._p.iter(qn("w:instrText")))
        assert all(r.font.size.pt == 14 for r in p.runs)
        assert p.alignment == align
    last = d.sections[-1]
    assert last._sectPr.find(qn("w:vAlign")).get(qn("w:val")) == "bottom"  # 版记 at the foot of the 版心
    assert not "".join(p.text for p in last.footer.paragraphs).strip()  # no number on the 版记 page


def test_tables_repeat_their_header_and_fit_the_text_block(tongbao: Rendered) -> None:
    d = _doc(tongbao)
    assert d.tables
    for t in d.tables:
        assert t._tbl.tr_lst[0].trPr.find(qn("w:tblHeader")) is not None
        width = int(t._tbl.tblPr.find(qn("w:tblW")).get(qn("w:w")))
        assert width <= 156 / 25.4 * 1440 + 1
        assert sum(int(c.get(qn("w:w"))) for c in t._tbl.tblGrid.iter(qn("w:gridCol"))) <= width
    # a colour cell carries the word and a fill
    shaded = [tc for t in d.tables for tc in t._tbl.iter(qn("w:tc")) if tc.find(f"{W}tcPr/{W}shd") is not None]
    for tc in shaded:
        assert "".join(x.text for x in tc.iter(qn("w:t"))) in ("红", "黄", "蓝")


def test_colophon_and_colour(tongbao: Rendered) -> None:
    d = _doc(tongbao)
    cc, printed = d.paragraphs[-2:]
    assert cc.text.startswith("抄送：") and cc.text.endswith("。") and cc.runs[0].font.size.pt == 14
    assert printed.text.endswith("印发") and tongbao.circular.issuer in printed.text
    borders = printed._p.pPr.find(qn("w:pBdr"))
    assert borders.find(qn("w:bottom")) is not None  # the last rule
    red = [r.text for p in d.paragraphs for r in p.runs if r.font.color.rgb is not None]
    assert red == [tongbao.circular.mark]  # black text but the mark


def test_bulletin_layout_has_a_masthead_with_its_issue_number(jianbao: Rendered) -> None:
    d = _doc(jianbao)
    ps = _texts(d)
    assert ps[0].text == "规划实施推进情况通报" and str(ps[0].runs[0].font.color.rgb) == "FF0000"
    assert re.fullmatch(r"\d{4}年第\d+期", ps[1].text)
    assert ps[2].text.split("\t")[0] == jianbao.circular.printed
    assert d.paragraphs[-1].text.endswith("编发")
