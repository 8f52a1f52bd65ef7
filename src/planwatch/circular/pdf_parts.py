"""A large circular's PDF laid out in parts, side by side, then numbered and joined.

WeasyPrint lays out one document on one core (~2,000 table cells a second), so the 44 pages
of a province circular took 3–4 s of a 5 s budget. The body's HTML is cut where a page break
is forced anyway (each attachment, 数据说明, the 版记: `pdf.segments`), the pieces are grouped
into two parts of about equal work, and each part is laid out by a process of the render pool
(`pool`) without the page-number margin boxes. Nothing on a page depends on its number or
side (the margins are the same on left and right pages), so the pages come out as in the
whole document. The numbers come from a PDF of numbered empty pages laid out with the same
`@page` rules ("— N —" bottom-right on odd, bottom-left on even pages), which pypdf draws
over each content page but the 版记's; the parts are joined keeping the first part's
metadata (title, dates, language, outline). Same input, same bytes: whether the parts ran in
the pool or one after another in this process.
"""

from __future__ import annotations

import hashlib
import io
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any

from planwatch.circular import pdf
from planwatch.circular.model import Chart, Circular, Para, Table

COLOPHON = "colophon"  # the named page of the 版记, which has no number
STAMP_PAGES = 100  # numbered pages made at once (pages of nothing: ~0.2 s), kept for the process

Submit = Callable[..., "Future[Any]"]


@dataclass(frozen=True)
class Laid:
    """One part as laid out: its PDF and the name of each page ('' or 'colophon')."""

    pdf: bytes
    names: tuple[str, ...]


def segment_costs(c: Circular) -> list[float]:
    """The work of each `pdf.segments` piece, in table cells (what layout time follows: a cell
    ~1 ms, a body line of text about as much as 5 characters' share, a chart a few cells)."""
    front = 100.0
    for b in c.body:
        if isinstance(b, Table):
            front += len(b.rows) * len(b.columns)
        elif isinstance(b, Para):
            front += len(b.lead + b.text) / 5
        elif isinstance(b, Chart):
            front += 30
    return [front, *(100.0 + len(a.table.rows) * len(a.table.columns) for a in c.attachments), 100.0, 100.0]


def plan(costs: Sequence[float]) -> list[range]:
    """Two consecutive groups of the segments whose larger cost is smallest (the parts run
    side by side, so the larger one is the wait); one group for a single segment. Order is
    kept: the pages are joined in the order of the groups.

    >>> plan([10, 25, 24, 3, 1, 1, 1])
    [range(0, 2), range(2, 7)]
    >>> plan([5])
    [range(0, 1)]
    """
    n = len(costs)
    if n <= 1:
        return [range(n)]
    cut = min(range(1, n), key=lambda k: max(sum(costs[:k]), sum(costs[k:])))
    return [range(cut), range(cut, n)]


def part_documents(c: Circular, *, dirs: Any = None) -> list[str]:
    """The HTML document of each part (no page-number margin boxes)."""
    pieces = pdf.segments(c)
    return [pdf.document(c, "".join(pieces[i] for i in group), dirs=dirs, numbers=False)
            for group in plan(segment_costs(c))]


def write_pdf(c: Circular, *, submit: Submit | None = None, dirs: Any = None) -> bytes:
    """The circular's PDF from parts laid out through `submit` (the render pool's, or in this
    process when None); every character checked against its font first."""
    run = submit or _here
    pdf.check_glyphs(c, dirs)
    documents = part_documents(c, dirs=dirs)
    identifier = hashlib.md5("".join(documents).encode(), usedforsecurity=False).hexdigest()
    laying = [run(layout, html, identifier if i == 0 else None) for i, html in enumerate(documents)]
    numbered = pdf.css(dirs)  # the numbers' stylesheet: the same @page rules, with margin boxes
    early = None if _kept(numbered, STAMP_PAGES) else run(stamps, numbered, STAMP_PAGES)  # beside the parts
    laid = [f.result() for f in laying]
    names = [name for part in laid for name in part.names]
    count = stamp_count(len(names))
    numbers = _kept(numbered, count)
    if numbers is None:
        drawing = early if early is not None and count == STAMP_PAGES else run(stamps, numbered, count)
        numbers = _keep(numbered, count, drawing.result())
    return join([part.pdf for part in laid], names, numbers)


def stamp_count(pages: int) -> int:
    """How many numbered pages to draw for a document of `pages`: whole hundreds, so one
    drawing serves most circulars and the bytes depend on the page count alone.

    >>> stamp_count(44), stamp_count(100), stamp_count(101)
    (100, 100, 200)
    """
    return max(1, -(-pages // STAMP_PAGES)) * STAMP_PAGES


def layout(html: str, identifier: str | None = None) -> Laid:
    """One part laid out and written (in a pool worker). The first part carries the file
    identifier (a digest of the whole HTML: the same circular, the same /ID)."""
    from weasyprint import HTML

    pdf.quiet()
    document = HTML(string=html).render(font_config=_shared_fonts())
    # The page's name is WeasyPrint's (pinned 70.0): the 版记 page is `page: colophon`.
    names = tuple(page._page_box.page_type.name for page in document.pages)
    data: bytes = document.write_pdf(pdf_identifier=identifier.encode() if identifier else None)
    return Laid(data, names)


def stamps(css: str, count: int) -> bytes:
    """`count` empty pages with their numbers, laid out with the circular's @page rules."""
    from weasyprint import HTML

    pdf.quiet()
    body = "<div></div>" + "<div style='break-before: page'></div>" * (count - 1)
    html = f"<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'><style>{css}</style></head>" \
           f"<body>{body}</body></html>"
    data: bytes = HTML(string=html).write_pdf(font_config=_shared_fonts())
    return data


def join(parts: Sequence[bytes], names: Sequence[str], numbers: bytes) -> bytes:
    """The parts' pages in order, each but the 版记's with its number drawn over it."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(parts[0])))  # its /Info, /ID, /Lang, outline
    for data in parts[1:]:
        writer.append(PdfReader(io.BytesIO(data)))
    stamp = PdfReader(io.BytesIO(numbers)).pages
    for i, (page, name) in enumerate(zip(writer.pages, names, strict=True)):
        if name != COLOPHON:
            page.merge_page(stamp[i])
            page.compress_content_streams()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --- this process's state: the numbered pages; a worker's font set -------------------------

_STAMPS: dict[tuple[str, int], bytes] = {}  # (stylesheet, page count) → the numbered pages
_LOCK = threading.Lock()


def _kept(css: str, count: int) -> bytes | None:
    with _LOCK:
        return _STAMPS.get((css, count))


def _keep(css: str, count: int, data: bytes) -> bytes:
    with _LOCK:
        return _STAMPS.setdefault((css, count), data)


_FONTS: list[Any] = []  # a pool worker's FontConfiguration (set by `warm`)


def warm(dirs: Any = None) -> None:
    """In a pool worker, once: one font set for every document it lays out (WeasyPrint copies
    the 30 MB of @font-face files for each new one: ~0.1 s), and a first small layout, so
    that the first real part pays no first-use costs. Not in the web app's own process,
    whose threads must not share one."""
    from weasyprint.text.fonts import FontConfiguration

    _FONTS[:] = [FontConfiguration()]
    layout(f"<!doctype html><html><head><meta charset='utf-8'><style>{pdf.css(dirs, numbers=False)}</style>"
           "</head><body><p class='title'>一</p><table><tr><th>一</th><td>1</td></tr></table></body></html>")


def _shared_fonts() -> Any:
    return _FONTS[0] if _FONTS else None


def _here(fn: Callable[..., Any], *args: Any) -> Future[Any]:
    """`submit` without a pool: run now, in this process."""
    done: Future[Any] = Future()
    try:
        done.set_result(fn(*args))
    except Exception as e:  # raised again by .result(), as from a pool
        done.set_exception(e)
    return done
