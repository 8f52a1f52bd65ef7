"""Make the reader test assets from the bundled sample plans.

Run once (`.venv/bin/python tests/assets/make_assets.py`) and commit the outputs; the
tests read the committed files and need neither this script's tools (reportlab, a CJK
font) nor anything outside the repository. Outputs are deterministic where the
libraries allow (seeded random bytes, reportlab's invariant mode).

Good documents: 002.docx (indicator table and annex task table as real Word tables,
categories vertically merged), merged_cells.docx, 004.pdf (several pages, hard line
breaks at 35 characters, running header and `- n -` page numbers), indicators.pdf
(a ruled table between two paragraphs), 000.html (GB18030 page, article in a layout
table among site furniture), rowspan.html, 003_gb18030.txt, 001_bom_crlf.txt.
Broken ones: empty.txt, blank.txt, binary.bin, broken.docx, notdocx.docx, scanned.pdf,
image.png, book.xlsx.
"""

from __future__ import annotations

import html
import io
import random
import zipfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
EXAMPLES = HERE.parents[1] / "src" / "planwatch" / "examples"
INDICATOR_TITLE = "2020年和2025年制造业主要指标体系"
ANNEX_TITLE = "重点任务分工方案"
FONT = "STSong-Light"
PDF_LINE_CHARS = 35


def example(prefix: str) -> str:
    (path,) = EXAMPLES.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


# --- 002.docx -------------------------------------------------------------------------------------


def split_002(text: str) -> tuple[list[str], list[list[str]], list[str], list[list[str]]]:
    """The 002 sample cut into: paragraphs, indicator rows, paragraphs, annex rows."""
    lines = text.split("\n")
    ind_at = next(i for i, line in enumerate(lines) if line.strip() == INDICATOR_TITLE) + 1
    ind_end = next(i for i in range(ind_at, len(lines)) if not lines[i].strip())
    annex_at = next(i for i, line in enumerate(lines) if line.strip() == ANNEX_TITLE) + 1
    return (lines[:ind_at], table_cells(lines[ind_at:ind_end]), lines[ind_end:annex_at],
            table_cells(lines[annex_at:]))


def table_cells(lines: list[str]) -> list[list[str]]:
    """Rows of a tab-separated table; a category wrapped onto its own lines joins its row."""
    rows: list[list[str]] = []
    carry = ""
    for line in lines:
        if not line.strip():
            continue
        if "\t" not in line:
            carry += line.strip()
            continue
        cells = [c.strip() for c in line.split("\t")]
        cells[0] = carry + cells[0]
        carry = ""
        rows.append(cells)
    return rows


def add_table(doc: Any, rows: list[list[str]], *, merge_first_column: bool) -> None:
    width = max(len(r) for r in rows)
    table = doc.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    for r, cells in enumerate(rows):
        for c, value in enumerate(cells):
            table.cell(r, c).text = value
    if merge_first_column:
        start = 1
        for r in range(2, len(rows) + 1):
            if r == len(rows) or rows[r][0]:
                if r - 1 > start:
                    table.cell(start, 0).merge(table.cell(r - 1, 0))
                start = r


def make_002_docx() -> None:
    import docx

    before, indicators, middle, annex = split_002(example("002"))
    doc = docx.Document()
    for part, rows, merge in ((before, indicators, True), (middle, annex, False)):
        for line in part:
            if line.strip():
                doc.add_paragraph(line)
        add_table(doc, rows, merge_first_column=merge)
    doc.save(str(HERE / "002.docx"))


def make_merged_docx() -> None:
    """Horizontal and vertical merges, a line break inside a cell, text after the table."""
    import docx

    doc = docx.Document()
    doc.add_paragraph("表前段落")
    table = doc.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "横向合并"
    table.cell(0, 2).text = "表头"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "纵向合并"
    table.cell(1, 1).text = "第一行"
    table.cell(1, 2).paragraphs[0].add_run("分两").add_break()
    table.cell(1, 2).paragraphs[0].add_run("行写")
    table.cell(2, 1).text = "第二行"
    table.cell(2, 2).text = "50"
    doc.add_paragraph("表后段落")
    doc.save(str(HERE / "merged_cells.docx"))


# --- PDFs -----------------------------------------------------------------------------------------


def _canvas(name: str) -> Any:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return canvas.Canvas(str(HERE / name), pagesize=A4, invariant=1)


def wrap(text: str, width: int = PDF_LINE_CHARS) -> list[str]:
    out: list[str] = []
    for para in text.split("\n"):
        para = para.strip()
        out.extend(para[i : i + width] for i in range(0, len(para), width))
    return out


def make_004_pdf() -> None:
    c = _canvas("004.pdf")
    lines = wrap(example("004"))
    per_page = 40
    for page, start in enumerate(range(0, len(lines), per_page), start=1):
        c.setFont(FONT, 9)
        c.drawCentredString(297, 810, "巢湖市制造业转型升级工作简报")
        c.drawCentredString(297, 30, f"- {page} -")
        c.setFont(FONT, 12)
        for i, line in enumerate(lines[start : start + per_page]):
            c.drawString(60, 770 - i * 18, line)
        c.showPage()
    c.save()


def make_indicators_pdf() -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    _canvas("indicators.pdf")  # registers the font
    _, indicators, *_ = split_002(example("002"))
    style = ParagraphStyle("zh", fontName=FONT, fontSize=10, leading=14, wordWrap="CJK")
    rows = [list(row) for row in indicators[:6]]
    table = Table(rows, colWidths=[45, 230, 36, 80, 80])
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, 7), ("GRID", (0, 0), (-1, -1), 0.5, "black")]))
    doc = SimpleDocTemplate(str(HERE / "indicators.pdf"), pagesize=A4, invariant=1, leftMargin=40, rightMargin=40)
    doc.build([Paragraph("表前：主要指标如下。", style), table, Paragraph("表后：以上指标为预期性指标。", style)])


def make_scanned_pdf() -> None:
    """A page of drawn shapes and an image: what a scan looks like to a text extractor."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    c = _canvas("scanned.pdf")
    img = Image.new("L", (200, 100), 255)
    for x in range(20, 180, 3):
        for y in range(30, 70, 5):
            img.putpixel((x, y), 0)
    c.drawImage(ImageReader(img), 100, 500, width=400, height=200)
    c.rect(80, 480, 440, 240)
    c.showPage()
    c.save()


# --- HTML -----------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html><head>
<meta charset="gb18030">
<title>关于加快培育发展战略性新兴产业的实施意见_政策文件_市政府门户网站</title>
<style>.nav {{ color: red }} p {{ text-indent: 2em }}</style>
<script>var tip = "到2030年，这段脚本不应出现"; document.title = tip;</script>
</head>
<body>
<div id="topMenu"><a href="/">网站首页</a> | <a href="/zwgk">政务公开</a> | <a href="/hdjl">互动交流</a></div>
<nav><ul><li>政策文件</li><li>规划计划</li></ul></nav>
<div class="breadcrumb">当前位置：首页 &gt; 政务公开 &gt; 政策文件</div>
<table width="1000" align="center"><tr><td class="content">
<h1>关于加快培育发展战略性新兴产业的实施意见</h1>
{article}
<div class="bdsharebuttonbox">分享到：微信 微博</div>
</td></tr></table>
<noscript>请开启浏览器的脚本功能</noscript>
<div class="site-footer">主办单位：市人民政府办公室&nbsp;&nbsp;版权所有</div>
<footer>网站标识码 3401000001</footer>
</body></html>
"""


def make_000_html() -> None:
    paras = [line for line in example("000").split("\n") if line.strip()]
    article = "\n".join(f"<p>{html.escape(p)}</p>" for p in paras)
    (HERE / "000.html").write_bytes(PAGE.format(article=article).encode("gb18030"))


ROWSPAN = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body>
<p>主要指标</p>
<table border="1">
<tr><th>类别</th><th>指 标</th><th>2020年</th></tr>
<tr><td rowspan="2">创新<br>能力</td><td>研发机构覆盖率（%）</td><td>40</td></tr>
<tr><td>有效发明专利数（件）</td><td>0.7</td></tr>
<tr><td>绿色发展</td><td colspan="2">另行下达</td></tr>
</table>
<p>表后说明</p>
</body></html>
"""

# --- plain text and broken files ------------------------------------------------------------------


def make_texts() -> None:
    (HERE / "003_gb18030.txt").write_bytes(example("003").encode("gb18030"))
    (HERE / "001_bom_crlf.txt").write_bytes(b"\xef\xbb\xbf" + example("001").replace("\n", "\r\n").encode())
    (HERE / "rowspan.html").write_text(ROWSPAN, encoding="utf-8")


def make_broken() -> None:
    from PIL import Image

    rng = random.Random(2025)
    (HERE / "empty.txt").write_bytes(b"")
    (HERE / "blank.txt").write_bytes(b"  \r\n\t\n   \n")
    (HERE / "binary.bin").write_bytes(bytes(rng.randrange(256) for _ in range(2048)))
    (HERE / "broken.docx").write_bytes(b"\x13\x37" + bytes(rng.randrange(256) for _ in range(1024)))
    with zipfile.ZipFile(HERE / "notdocx.docx", "w") as z:
        z.writestr("hello.txt", "这是一个普通的压缩包，不是Word文档。")
    with zipfile.ZipFile(HERE / "book.xlsx", "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
    buf = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 30, 30)).save(buf, format="PNG")
    (HERE / "image.png").write_bytes(buf.getvalue())


def main() -> None:
    make_002_docx()
    make_merged_docx()
    make_004_pdf()
    make_indicators_pdf()
    make_scanned_pdf()
    make_000_html()
    make_texts()
    make_broken()


if __name__ == "__main__":
    main()
