"""The circular as DOCX, following GB/T 9704-2012 (design/circular.md §2, §3 python-docx).

A4, margins 37/35/28/26 mm, 仿宋 3号 body on exact 579-twip lines (22 a page, `docGrid`
type "lines", never "linesAndChars"), −0.25 pt spacing for 28 characters a line, headings
黑体/楷体/仿宋, the 2号 小标宋 title in a 梯形, "— 1 —" page numbers in 4号 right on odd and
left on even pages, 7 mm below the 版心 (footer distance 22 mm). Every run names its East
Asian font (`w:eastAsia`) and every `*Theme` attribute is removed, since a theme attribute
overrides the name. The 版记 is a last section aligned to the bottom of the 版心, with no
page number.
"""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from docx import Document as new_document
from docx.document import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Emu, Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from planwatch.circular import charts, fonts
from planwatch.circular import wording as w
from planwatch.circular.model import Chart, Circular, Heading, Para, Table
from planwatch.circular.zipped import reproducible

LINE = Emu(579 * 635)  # 579 twips: 22 lines in the 225 mm 版心
BODY, TITLE, PAGE_NO, TABLE_PT = Pt(16), Pt(22), Pt(14), Pt(10.5)
CHAR = 16  # one body character, pt
RED = RGBColor(0xFF, 0x00, 0x00)
SHADE = {"红": "FFC7CE", "黄": "FFEB9C", "蓝": "BDD7EE"}
LEVEL_FONT = {1: "hei", 2: "kai", 3: "fang", 4: "fang"}
CELL_STYLE, HEAD_STYLE = "PWTableText", "PWTableHead"  # style names without spaces: id == name
THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def write_docx(circular: Circular) -> bytes:
    doc = new_document()
    _page_setup(doc)
    _defaults(doc)
    if circular.layout == "tongbao":
        _mark(doc, circular)
    else:
        _masthead(doc, circular)
    for _ in range(2):
        _para(doc, "")
    for line in circular.title_lines:
        _para(doc, line, role="title", size=TITLE, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _para(doc, "")
    _para(doc, circular.recipients, indent=False)
    for block in circular.body:
        _block(doc, block)
    _closing(doc, circular)
    for a in circular.attachments:
        _para(doc, "").add_run().add_break(WD_BREAK.PAGE)
        _para(doc, f"附件{a.number}", role="hei", indent=False)
        _para(doc, "")
        _para(doc, a.title, role="title", size=TITLE, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
        _table(doc, a.table, caption=False)
    _para(doc, "").add_run().add_break(WD_BREAK.PAGE)
    _para(doc, "数据说明", role="hei", indent=False)
    for line in circular.data_note:
        _para(doc, line)
    _colophon(doc, circular)
    out = io.BytesIO()
    doc.save(out)
    return reproducible(out.getvalue(), circular.generated_at)


# --- page, defaults, fonts -----------------------------------------------------------------

def _page_setup(doc: Document) -> None:
    s = doc.sections[0]
    s.page_width, s.page_height = Mm(210), Mm(297)
    s.top_margin, s.bottom_margin, s.left_margin, s.right_margin = Mm(37), Mm(35), Mm(28), Mm(26)
    s.header_distance, s.footer_distance = Mm(15), Mm(22)
    grid = s._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        s._sectPr.append(grid)
    for attr in list(grid.attrib):
        del grid.attrib[attr]
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), "579")
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number(s.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(s.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)


def _page_number(p: Paragraph, align: Any) -> None:
    p.alignment = align
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        p.paragraph_format.right_indent = PAGE_NO
    else:
        p.paragraph_format.left_indent = PAGE_NO
    _fonted(p.add_run("— "), "song", PAGE_NO)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = p.add_run()
        _fonted(run, "song", PAGE_NO)
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text or ""
    _fonted(p.add_run(" —"), "song", PAGE_NO)


def _defaults(doc: Document) -> None:
    """docDefaults and Normal: 仿宋 16 pt, zh-CN, no theme fonts, exact 579-twip lines, −0.25 pt."""
    styles = doc.styles.element
    rpr_default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr_default, "fang")
    for rfonts in styles.iter(qn("w:rFonts")):  # every style: a theme attribute would win over the name
        rpr = rfonts.getparent()
        _set_fonts(rpr, "hei" if rfonts.get(qn("w:asciiTheme"), "").startswith("major") else "fang")
    normal = doc.styles["Normal"]
    _set_fonts(normal.element.get_or_add_rPr(), "fang")
    normal.font.size = BODY
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), "-5")
    normal.element.get_or_add_rPr().append(spacing)
    pf = normal.paragraph_format
    pf.line_spacing_rule, pf.line_spacing = WD_LINE_SPACING.EXACTLY, LINE
    pf.space_before = pf.space_after = Pt(0)
    pf.widow_control = False
    _table_styles(doc)


def _set_fonts(rpr: Any, role: str) -> None:
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in THEME_ATTRS:
        rfonts.attrib.pop(qn(attr), None)
    latin = fonts.ROLES["latin"].official
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    rfonts.set(qn("w:eastAsia"), fonts.ROLES[role].official)
    rfonts.set(qn("w:cs"), latin)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")


def _fonted(run: Any, role: str, size: Any, colour: RGBColor | None = None) -> Any:
    _set_fonts(run._r.get_or_add_rPr(), role)
    run.font.size = size
    if colour is not None:
        run.font.color.rgb = colour
    return run


def _para(doc: Document, text: str, *, role: str = "fang", size: Any = BODY, align: Any = None,
          indent: bool = True, colour: RGBColor | None = None) -> Paragraph:
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    if indent and align is None:
        p.paragraph_format.first_line_indent = Pt(2 * CHAR)
    if text:
        _fonted(p.add_run(text), role, size, colour)
    return p


def _border(p: Paragraph, side: str, *, colour: str = "000000", eighths: int = 6, space: int = 1) -> None:
    ppr = p._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        ppr.append(borders)
    edge = OxmlElement(f"w:{side}")
    for k, v in (("val", "single"), ("sz", str(eighths)), ("space", str(space)), ("color", colour)):
        edge.set(qn(f"w:{k}"), v)
    borders.append(edge)


# --- 版头 ---------------------------------------------------------------------------------

def mark_size(text: str, *, largest: float = 36.0) -> float:
    """The 发文机关标志 in one line of the 156 mm 版心: at most 小初 (36 pt), smaller for long names.

    >>> mark_size("合肥市发展和改革委员会文件")  # 13 characters in 442 pt, with 3% to spare
    32.0
    """
    width_pt = 156 / 25.4 * 72
    return float(min(largest, int(width_pt / max(w.ems(text), 1) * 0.97)))


def _mark(doc: Document, c: Circular) -> None:
    p = _para(doc, c.mark, role="title", size=Pt(mark_size(c.mark)), align=WD_ALIGN_PARAGRAPH.CENTER, colour=RED)
    p.paragraph_format.space_before = Mm(35) - LINE  # top edge 35 mm below the top of the 版心
    p.paragraph_format.line_spacing = Pt(mark_size(c.mark) * 1.3)
    for _ in range(2):
        _para(doc, "")
    number = _para(doc, c.doc_number, align=WD_ALIGN_PARAGRAPH.CENTER)
    _border(number, "bottom", colour="FF0000", eighths=12, space=11)  # the red rule, 4 mm below


def _masthead(doc: Document, c: Circular) -> None:
    size = Pt(min(mark_size(c.mark), 42))
    p = _para(doc, c.mark, role="title", size=size, align=WD_ALIGN_PARAGRAPH.CENTER, colour=RED)
    p.paragraph_format.space_before = Mm(20)
    p.paragraph_format.line_spacing = Pt(size.pt * 1.3)
    _para(doc, c.doc_number, align=WD_ALIGN_PARAGRAPH.CENTER)
    line = _para(doc, "", indent=False)
    line.paragraph_format.tab_stops.add_tab_stop(Mm(156), alignment=2)  # right
    _fonted(line.add_run(f"{c.printed}\t{w.date_cn(c.date)}"), "fang", BODY)
    _border(line, "bottom", colour="FF0000", eighths=12, space=4)


# --- body --------------------------------------------------------------------------------

def _block(doc: Document, block: Any) -> None:
    if isinstance(block, Heading):
        p = _para(doc, block.text, role=LEVEL_FONT[block.level])
        p.paragraph_format.keep_with_next = True
    elif isinstance(block, Para):
        p = _para(doc, "")
        if block.lead:
            _fonted(p.add_run(block.lead), "fang", BODY)
        _fonted(p.add_run(block.text), "fang", BODY)
    elif isinstance(block, Table):
        _table(doc, block, caption=True)
    elif isinstance(block, Chart):
        _chart(doc, block)


def _chart(doc: Document, chart: Chart) -> None:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    p.paragraph_format.keep_with_next = False
    p.add_run().add_picture(io.BytesIO(charts.render(chart, "png")), width=Mm(150))


TWIPS_WIDE = int(156 / 25.4 * 1440)  # the 版心, in twips


def _table(doc: Document, table: Table, *, caption: bool) -> None:
    """A table as one XML fragment (python-docx's cell API costs ~1 ms a cell): fixed layout
    over the 版心, the header row repeated on every page, cells in the table styles."""
    if caption:
        cap = _para(doc, table.title, role="hei", size=Pt(14), align=WD_ALIGN_PARAGRAPH.CENTER)
        cap.paragraph_format.keep_with_next = True
    if table.unit_note:
        _para(doc, table.unit_note, size=Pt(12), align=WD_ALIGN_PARAGRAPH.RIGHT)
    if not table.rows:
        _para(doc, table.empty_note)
        return
    from planwatch.circular.pdf import cell_text, column_weight

    weights = [column_weight(c) for c in table.columns]
    widths = [int(TWIPS_WIDE * x / sum(weights)) for x in weights]
    grid = "".join(f'<w:gridCol w:w="{x}"/>' for x in widths)
    head = "".join(_cell_xml(name, x, HEAD_STYLE) for name, x in zip(table.columns, widths, strict=True))
    body = []
    for values in table.rows:
        cells = []
        for i, (value, x) in enumerate(zip(values, widths, strict=True)):
            text = cell_text(value)
            shade = SHADE.get(text) if i == table.colour_column else None
            cells.append(_cell_xml(text, x, CELL_STYLE, shade=shade, left=isinstance(value, str) and len(value) > 8))
        body.append("<w:tr>" + "".join(cells) + "</w:tr>")
    xml = (f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="{TWIPS_WIDE}" w:type="dxa"/>'
           '<w:jc w:val="center"/><w:tblLayout w:type="fixed"/></w:tblPr>'
           f'<w:tblGrid>{grid}</w:tblGrid><w:tr><w:trPr><w:tblHeader/></w:trPr>{head}</w:tr>{"".join(body)}</w:tbl>')
    after = _para(doc, "")
    after._p.addprevious(parse_xml(xml))


def _cell_xml(text: str, width: int, style: str, *, shade: str | None = None, left: bool = False) -> str:
    fill = f'<w:shd w:val="clear" w:color="auto" w:fill="{shade}"/>' if shade else ""
    jc = '<w:jc w:val="left"/>' if left else ""
    run = f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>' if text else ""
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{fill}</w:tcPr>'
            f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{jc}</w:pPr>{run}</w:p></w:tc>')


def _table_styles(doc: Document) -> None:
    """Paragraph styles of table cells: 五号 仿宋 (header 黑体) on exact 15 pt lines, centred."""
    for name, role in ((CELL_STYLE, "fang"), (HEAD_STYLE, "hei")):
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles["Normal"]
        _set_fonts(style.element.get_or_add_rPr(), role)
        style.font.size = TABLE_PT
        pf = style.paragraph_format
        pf.first_line_indent = Pt(0)
        pf.alignment = WD_ALIGN_PARAGRAPH.CENTER
        pf.line_spacing_rule, pf.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(15)


# --- closing, 版记 ------------------------------------------------------------------------

def _closing(doc: Document, c: Circular) -> None:
    _para(doc, "")
    for i, a in enumerate(c.attachments):
        p = _para(doc, ("附件：" if i == 0 else "") + f"{a.number}.{a.title}", indent=i == 0)
        if i:
            p.paragraph_format.left_indent = Pt(5 * CHAR)  # under the first name
    _para(doc, "")
    _para(doc, "")
    issuer_len, date_text = w.ems(c.issuer), w.date_cn(c.date)
    date_len = w.ems(date_text)
    date_right = issuer_len - date_len if issuer_len - date_len >= 2 else 2
    issuer_right = 2 if issuer_len - date_len >= 2 else 4 + date_len - issuer_len
    for text, right in ((c.issuer, issuer_right), (date_text, date_right)):
        p = _para(doc, text, align=WD_ALIGN_PARAGRAPH.RIGHT)
        p.paragraph_format.right_indent = Pt(right * CHAR)
    _para(doc, c.note)


def _colophon(doc: Document, c: Circular) -> None:
    """版记 (A) / 报尾 (B): a new last section, bottom-aligned, without a page number."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    valign = OxmlElement("w:vAlign")
    valign.set(qn("w:val"), "bottom")
    section._sectPr.append(valign)
    for footer in (section.footer, section.even_page_footer):
        footer.is_linked_to_previous = False
    lines = [c.cc] if c.cc else []
    if c.layout == "tongbao":
        lines.append(f"{c.printed}\t{w.date_cn(c.date)}印发")
    else:
        lines.append(f"发：{c.recipients.rstrip('：')}。")
        lines.append(f"{c.printed}\t{w.date_cn(c.date)}编发")
    for i, text in enumerate(lines):
        p = _para(doc, "", indent=False)
        p.paragraph_format.left_indent = p.paragraph_format.right_indent = Pt(14)
        p.paragraph_format.tab_stops.add_tab_stop(Mm(156) - Pt(28), alignment=2)
        _fonted(p.add_run(text), "fang", Pt(14))
        _border(p, "top", eighths=8 if i == 0 else 4)
        if i == len(lines) - 1:
            _border(p, "bottom", eighths=8)
