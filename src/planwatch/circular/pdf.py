"""The circular as PDF: HTML from the content model, laid out by WeasyPrint with the free
CJK fonts embedded (@font-face over the files `fonts` finds, so no fontconfig alias is
needed and nothing falls back to another font).

Why WeasyPrint and not LibreOffice from the DOCX (design/circular.md §3): it is a Python
package (no 300 MB office suite on the server), it measured 0.5–1.6 s for a 10-page
document against 1.5–1.6 s plus a cold start for LibreOffice, its page geometry follows the
CSS exactly (27→28 characters and 22 lines were measured), and the HTML it lays out is the
same markup the web page shows. The DOCX remains the editable original.
"""

from __future__ import annotations

import base64
import functools
import html
import logging
from typing import Any

from planwatch.circular import charts, fonts
from planwatch.circular import wording as w
from planwatch.circular.model import Chart, Circular, Heading, Para, Table

MARGINS = "37mm 26mm 35mm 28mm"  # the same on left and right pages (GB/T 9704: no mirrored margins)
SHADE = {"红": "#FFC7CE", "黄": "#FFEB9C", "蓝": "#BDD7EE"}
# The role's font first (its own digits: one font's metrics a line, so lines keep the 28.95 pt
# pitch; a Latin font first made lines with digits 29.7 pt), then Latin, then rare characters.
FAMILY = {key: f"'{r.family}', '{fonts.ROLES['latin'].family}', '{fonts.ROLES['rare'].family}'"
          for key, r in fonts.ROLES.items()}


def css(dirs: Any = None, *, numbers: bool = True) -> str:
    """The stylesheet. Without `numbers` the pages have no page-number margin boxes: the parts
    of a large circular are laid out so and numbered afterwards (`pdf_parts`), which changes
    nothing else, since the margins are the same on left and right pages."""
    faces = "\n".join(
        f"@font-face {{ font-family: '{r.family}'; src: url('{fonts.font_path(k, dirs).as_uri()}'); }}"
        for k, r in fonts.ROLES.items() if k != "rare")
    fonts.font_path("rare", dirs)  # a FontError when missing; drawn through fontconfig (the SC face)
    number = (f"content: '— ' counter(page) ' —'; font: 14pt {FAMILY['song']}; vertical-align: top; "
              "padding-top: 7mm; white-space: nowrap; letter-spacing: 0;")
    pages = (f"""
@page {{ size: A4; margin: {MARGINS};
  @bottom-right {{ {number} margin-right: 14pt; }} }}
@page :left {{ @bottom-right {{ content: none; }} @bottom-left {{ {number} margin-left: 14pt; }} }}
@page colophon {{ @bottom-right {{ content: none; }} @bottom-left {{ content: none; }} }}""" if numbers else f"""
@page {{ size: A4; margin: {MARGINS}; }}""")
    return faces + pages + f"""
html, body {{ margin: 0; padding: 0; }}
body {{ font: 16pt/28.95pt {FAMILY['fang']}; letter-spacing: -0.25pt; color: #000; }}
p {{ margin: 0; text-indent: 2em; text-align: justify; orphans: 1; widows: 1; }}
p.flush {{ text-indent: 0; }}
.mark {{ color: #f00; text-align: center; text-indent: 0; font-family: {FAMILY['title']};
  margin-top: 35mm; line-height: 1.3; white-space: nowrap; letter-spacing: 0; }}
.number {{ text-align: center; text-indent: 0; margin-top: 57.9pt; }}
.rule {{ border-top: 1pt solid #f00; margin-top: 4mm; margin-bottom: 57.9pt; }}
.masthead {{ color: #f00; text-align: center; text-indent: 0; font-family: {FAMILY['title']};
  line-height: 1.3; margin-top: 20mm; letter-spacing: 0; }}
.editline {{ text-indent: 0; white-space: nowrap; border-bottom: 1pt solid #f00;
  padding-bottom: 2mm; margin-bottom: 57.9pt; }}
h1, h2, .title {{ font-weight: normal; margin: 0; }}
.title {{ font: 22pt/28.95pt {FAMILY['title']}; text-align: center; text-indent: 0; letter-spacing: 0; }}
h1 {{ font: 16pt/28.95pt {FAMILY['hei']}; text-indent: 2em; }}
h2 {{ font: 16pt/28.95pt {FAMILY['kai']}; text-indent: 2em; }}
.recipients {{ margin-top: 28.95pt; }}
.caption {{ font: 14pt/24pt {FAMILY['hei']}; text-align: center; text-indent: 0; margin-top: 6pt; }}
.unit {{ font-size: 12pt; line-height: 18pt; text-align: right; }}
table {{ width: 100%; border-collapse: collapse; table-layout: fixed; font: 10.5pt/14pt {FAMILY['fang']}; letter-spacing: 0;
  margin: 4pt 0 8pt; }}
th {{ font-family: {FAMILY['hei']}; font-weight: normal; }}
th, td {{ border: 0.5pt solid #000; padding: 1.5pt 2pt; text-align: center; }}
td.text {{ text-align: left; }}
thead {{ display: table-header-group; }}
tr {{ break-inside: avoid; }}
figure {{ margin: 4pt 0; text-align: center; }} figure img {{ width: 150mm; }}
.attachment {{ break-before: page; }}
.attachment .label {{ font-family: {FAMILY['hei']}; text-indent: 0; }}
.attachment .title {{ margin: 28.95pt 0; }}
.signature {{ text-align: right; margin-top: 57.9pt; }}
.colophon {{ page: colophon; break-before: page; display: flex; flex-direction: column; justify-content: flex-end;
  height: 225mm; }}
.colophon p {{ font-size: 14pt; text-indent: 0; padding: 0 14pt; border-top: 0.25mm solid #000; white-space: nowrap; }}
.right {{ float: right; }}
.colophon p:first-child {{ border-top-width: 0.35mm; }}
.colophon p:last-child {{ border-bottom: 0.35mm solid #000; }}
"""


def to_html(c: Circular, *, dirs: Any = None) -> str:
    """The whole circular as one HTML document (what WeasyPrint lays out)."""
    return document(c, "".join(segments(c)), dirs=dirs)


def document(c: Circular, body: str, *, dirs: Any = None, numbers: bool = True) -> str:
    """An HTML document of the circular's head (title, dates, stylesheet) around `body`:
    the whole circular, or one part of it."""
    when = _e(c.generated_at.isoformat())
    return (f"<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'><title>{_e(c.title)}</title>"
            f"<meta name='dcterms.created' content='{when}'><meta name='dcterms.modified' content='{when}'>"
            f"<style>{css(dirs, numbers=numbers)}</style></head><body>{body}</body></html>")


def segments(c: Circular) -> list[str]:
    """The body's HTML cut where a page break is forced: the main text, each attachment,
    数据说明 and the 版记 (each of the last ones starts a new page), so a part made of some
    of them lays out as those pages do in the whole document."""
    front = [*_head(c), *(f"<p class='title'>{_e(line)}</p>" for line in c.title_lines),
             f"<p class='flush recipients'>{_e(c.recipients)}</p>", *map(body_block, c.body), *_closing(c)]
    out = ["".join(front)]
    out += [f"<section class='attachment'><p class='label'>附件{a.number}</p>"
            f"<p class='title'>{_e(a.title)}</p>{table_html(a.table, caption=False)}</section>"
            for a in c.attachments]
    out.append("<section class='attachment'><p class='label'>数据说明</p>"
               + "".join(f"<p>{_e(line)}</p>" for line in c.data_note) + "</section>")
    out.append(_colophon(c))
    return out


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _head(c: Circular) -> list[str]:
    from planwatch.circular.docx import mark_size

    if c.layout == "tongbao":
        return [f"<p class='mark' style='font-size:{mark_size(c.mark)}pt'>{_e(c.mark)}</p>",
                f"<p class='number'>{_e(c.doc_number)}</p><div class='rule'></div>"]
    return [f"<p class='masthead' style='font-size:{min(mark_size(c.mark), 42)}pt'>{_e(c.mark)}</p>",
            f"<p class='flush' style='text-align:center'>{_e(c.doc_number)}</p>",
            f"<p class='editline'><span class='right'>{_e(w.date_cn(c.date))}</span>{_e(c.printed)}</p>"]


def body_block(block: Any) -> str:
    """One block as HTML (also the web page's preview)."""
    if isinstance(block, Heading):
        tag = {1: "h1", 2: "h2"}.get(block.level, "p")
        return f"<{tag}>{_e(block.text)}</{tag}>"
    if isinstance(block, Para):
        return f"<p>{_e(block.lead + block.text)}</p>"
    if isinstance(block, Table):
        return table_html(block, caption=True)
    if isinstance(block, Chart):
        return chart_html(block)
    raise TypeError(block)


def chart_html(chart: Chart) -> str:
    """The chart as the DOCX's PNG (200 dpi at 150 mm: 1,181 px across, print quality): one
    drawing for both files, and WeasyPrint places a bitmap in a few ms where an SVG chart of
    text-as-paths cost it ~0.3 s to parse and draw."""
    png = base64.b64encode(charts.render(chart, "png")).decode()
    return f"<figure><img alt='{_e(chart.title)}' src='data:image/png;base64,{png}'></figure>"


def cell_text(value: Any) -> str:
    return "" if value is None else (w.number(value, 1) if isinstance(value, float) else str(value))


def table_html(t: Table, *, caption: bool) -> str:
    out = [f"<p class='caption'>{_e(t.title)}</p>"] if caption else []
    if t.unit_note:
        out.append(f"<p class='unit'>{_e(t.unit_note)}</p>")
    if not t.rows:
        return "".join(out) + f"<p>{_e(t.empty_note)}</p>"
    weights = [column_weight(c) for c in t.columns]
    cols = "".join(f"<col style='width:{100 * x / sum(weights):.2f}%'>" for x in weights)
    out.append(f"<table><colgroup>{cols}</colgroup><thead><tr>" + "".join(f"<th>{_e(c)}</th>" for c in t.columns)
               + "</tr></thead><tbody>")
    for row in t.rows:
        cells = []
        for i, value in enumerate(row):
            text = cell_text(value)
            style = f" style='background:{SHADE[text]}'" if i == t.colour_column and text in SHADE else ""
            klass = " class='text'" if isinstance(value, str) and len(value) > 8 else ""
            cells.append(f"<td{klass}{style}>{_e(text)}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    return "".join(out) + "</tbody></table>"


WIDE = {"指标": 3.2, "任务": 5.4, "项目": 6.0, "牵头单位": 3.5, "配合单位": 3.5, "类别": 2.0, "地区": 2.0,
        "序号": 1.0, "单位": 0.8, "预警": 0.8, "状态": 1.8, "目标值": 1.3, "本期实际": 1.3,
        "上级指标": 2.6, "本级指标": 2.6, "结论": 0.9, "依据": 3.6,  # these four: the 对标情况表
        "完成时限": 2.5, "进度(%)": 1.4}  # on one line at 10.5 pt: 2026-12-31, 100.0, 推进中, 300


def column_weight(name: str) -> float:
    """Relative column widths (a fixed table layout: WeasyPrint need not measure every cell)."""
    return WIDE.get(name, 1.1)


def _closing(c: Circular) -> list[str]:
    out = []
    for i, a in enumerate(c.attachments):
        text = ("附件：" if i == 0 else "") + f"{a.number}.{a.title}"
        style = "margin-top:28.95pt" if i == 0 else "text-indent:0;padding-left:5em"
        out.append(f"<p style='{style}'>{_e(text)}</p>")
    issuer, day = c.issuer, w.date_cn(c.date)
    gap = w.ems(issuer) - w.ems(day)
    date_right, issuer_right = (gap, 2) if gap >= 2 else (2, 4 - gap)
    out.append(f"<p class='signature' style='padding-right:{issuer_right}em'>{_e(issuer)}</p>")
    out.append(f"<p class='signature' style='margin-top:0;padding-right:{date_right}em'>{_e(day)}</p>")
    out.append(f"<p>{_e(c.note)}</p>")
    return out


def _colophon(c: Circular) -> str:
    lines = [f"<p><span>{_e(c.cc)}</span></p>"] if c.cc else []
    if c.layout == "tongbao":
        lines.append(f"<p><span class='right'>{_e(w.date_cn(c.date))}印发</span>{_e(c.printed)}</p>")
    else:
        lines.append(f"<p><span>发：{_e(c.recipients.rstrip('：'))}。</span></p>")
        lines.append(f"<p><span class='right'>{_e(w.date_cn(c.date))}编发</span>{_e(c.printed)}</p>")
    return "<section class='colophon'>" + "".join(lines) + "</section>"


def write_pdf(c: Circular, *, dirs: Any = None) -> bytes:
    """The PDF bytes; every character checked against its font first (a FontError, not a box)."""
    check_glyphs(c, dirs)
    from weasyprint import HTML

    quiet()
    data: bytes = HTML(string=to_html(c, dirs=dirs)).write_pdf()  # title and dates from the <head>
    return data


def check_glyphs(c: Circular, dirs: Any = None) -> None:
    """Each role's text must be drawable by its file (tables and body: 仿宋; headings: 黑体/楷体)."""
    heads = {1: "", 2: ""}
    for b in c.body:
        if isinstance(b, Heading) and b.level in heads:
            heads[b.level] += b.text
    cells = " ".join(pdf_cell for t in c.tables() for row in t.rows for pdf_cell in map(cell_text, row))
    fonts.check_text({"fang": c.text() + cells, "hei": heads[1] + "".join(t.title for t in c.tables()),
                      "kai": heads[2], "title": c.mark + c.title, "song": "— 0123456789"}, dirs)


@functools.cache
def quiet() -> None:
    """WeasyPrint and fontTools warn of every CSS property and font table they skip; the
    circular's stylesheet is known, so only their errors are worth a log line."""
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
