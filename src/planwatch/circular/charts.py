"""The circular's charts, drawn by matplotlib (Agg) with the 黑体 substitute from its file:
PNG for the DOCX and the PDF (one drawing: WeasyPrint places a bitmap in milliseconds where
it took ~0.3 s to draw an SVG chart of text-as-paths), SVG for the web page. Same chart,
same data, same picture in all three."""

from __future__ import annotations

import functools
import io
import threading
from typing import Any, Literal

from planwatch.circular import fonts
from planwatch.circular.model import Chart

FILL = {"红": "#C00000", "黄": "#E0A800", "蓝": "#2F5597", "": "#7F7F7F"}
LINE_COLOURS = ("#2F5597", "#C00000", "#548235")
WIDTH_IN, HEIGHT_IN = 5.9, 3.0  # 150 × 76 mm: inside the 156 mm 版心
_LOCK = threading.Lock()  # pyplot's state is global; the web app draws from worker threads


@functools.lru_cache(maxsize=64)
def render(chart: Chart, fmt: Literal["png", "svg"] = "png", *, dpi: int = 200) -> bytes:
    """The chart as PNG or SVG bytes (deterministic: no dates or random ids in the file);
    remembered, since one circular's three files and its page draw the same charts."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.font_manager import FontProperties

    prop = FontProperties(fname=str(fonts.font_path("hei")), size=9)
    with _LOCK, matplotlib.rc_context({"svg.hashsalt": "planwatch", "svg.fonttype": "path",
                                       "axes.unicode_minus": False}):
        fig, ax = plt.subplots(figsize=(WIDTH_IN, HEIGHT_IN), dpi=dpi)
        try:
            _draw(ax, chart, prop)
            ax.set_title(chart.title, fontproperties=FontProperties(fname=str(fonts.font_path("hei")), size=11))
            fig.tight_layout()
            out = io.BytesIO()
            meta: dict[str, Any] = {"Date": None} if fmt == "svg" else {"Software": None}
            fig.savefig(out, format=fmt, metadata=meta)
            return out.getvalue()
        finally:
            plt.close(fig)


def _draw(ax: Any, chart: Chart, prop: Any) -> None:
    xs = list(range(len(chart.categories)))
    if not xs:
        ax.text(0.5, 0.5, "本期无数据", ha="center", va="center", fontproperties=prop, transform=ax.transAxes)
        ax.set_xticks([])
        ax.set_yticks([])
        return
    if chart.kind == "bar":
        name, values = chart.series[0]
        heights = [v or 0.0 for v in values]
        colours = [FILL[c] for c in chart.colours] if chart.colours else [FILL["蓝"]] * len(xs)
        bars = ax.bar(xs, heights, color=colours, label=name)
        for bar, v in zip(bars, values, strict=True):
            if v is not None:
                ax.annotate(f"{v:g}", (bar.get_x() + bar.get_width() / 2, bar.get_height()), ha="center",
                            va="bottom", fontsize=7)
    else:
        for (name, values), colour in zip(chart.series, LINE_COLOURS, strict=False):
            points = [(x, v) for x, v in zip(xs, values, strict=True) if v is not None]
            ax.plot([p[0] for p in points], [p[1] for p in points], marker="o", color=colour, label=name,
                    linestyle="--" if name == "序时进度" else "-")
    if chart.reference is not None:
        ax.axhline(chart.reference[1], color=FILL["红"], linestyle="--", linewidth=1, label=chart.reference[0])
    ax.set_xticks(xs)
    ax.set_xticklabels(chart.categories, fontproperties=prop, rotation=30 if len(xs) > 6 else 0,
                       ha="right" if len(xs) > 6 else "center")
    for label in ax.get_yticklabels():
        label.set_fontproperties(prop)
    ax.set_ylabel(chart.y_label, fontproperties=prop)
    ax.spines[["top", "right"]].set_visible(False)
    if chart.kind == "line" or chart.reference is not None:
        ax.legend(prop=prop, frameon=False)
