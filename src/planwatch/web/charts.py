"""ECharts options built on the server from the page data, as plain JSON.

The page embeds each option in a ``<script type="application/json">`` beside its chart
element and `static/charts.js` draws it (SVG renderer, so the text is in the DOM; no
animation). JSON cannot carry functions, so a formatter is named as ``"fn:NAME"`` and
charts.js puts its function of that name in place. The same option is in the page's JSON
twin under ``chart`` (or ``charts``), so a test or a script sees exactly what is drawn.

Positions on the year axis are those of the status maths (`progress.periods.position`):
year Y's figure sits at Y, the end of year Y; 2018-05 sits at 2017.42. The target year's
tick is where the target is due.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from planwatch.progress.explain import num, period_text
from planwatch.progress.status import STATUS_LABELS

STATUS_HEX = {"achieved": "#1b5e20", "on_track": "#43a047", "moderate": "#b7791f", "limited": "#c75000",
              "deterioration": "#b71c1c", "missed": "#7f0000", "awaiting": "#1565c0", "no_baseline": "#9e9e9e",
              "no_data": "#757575"}
PATH_COLOUR, FORECAST_COLOUR, TARGET_COLOUR = "#5f6b76", "#6a1b9a", "#b71c1c"
FONT = '"Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", sans-serif'


def _base(description: str) -> dict[str, Any]:
    return {"animation": False, "textStyle": {"fontFamily": FONT},
            "aria": {"enabled": True, "label": {"description": description}}}


def status_bars(counts: dict[str, int], *, title: str = "指标状态") -> dict[str, Any]:
    """One horizontal bar per status with indicators in it, in decision order."""
    shown = [s for s in STATUS_LABELS if counts.get(s)]
    words = "，".join(f"{STATUS_LABELS[s]}{counts[s]}个" for s in shown) or "暂无跟踪指标"
    return {
        **_base(f"{title}：{words}。"),
        "grid": {"left": 8, "right": 40, "top": 8, "bottom": 8},
        "tooltip": {"trigger": "item"},
        "xAxis": {"type": "value", "minInterval": 1},
        "yAxis": {"type": "category", "inverse": True, "data": [STATUS_LABELS[s] for s in shown]},
        "series": [{"type": "bar", "name": title, "barMaxWidth": 22, "label": {"show": True, "position": "right"},
                    "data": [{"value": counts[s], "itemStyle": {"color": STATUS_HEX[s]}} for s in shown]}],
    }


def plans_stacked(plans: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """首页: one stacked bar per plan, a segment per status (the plan's status counts)."""
    statuses = [s for s in STATUS_LABELS if any(p["counts"].get(s) for p in plans)]
    names = [_short(p.get("title") or p["key"]) for p in plans]
    words = "；".join(f"{n}：" + "，".join(f"{STATUS_LABELS[s]}{p['counts'][s]}" for s in statuses
                                         if p["counts"].get(s)) for n, p in zip(names, plans, strict=True))
    return {
        **_base(f"各规划指标状态：{words or '暂无'}。"),
        "grid": {"left": 8, "right": 24, "top": 8, "bottom": 40},
        "legend": {"bottom": 0},
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "xAxis": {"type": "value", "minInterval": 1, "name": "指标数"},
        "yAxis": {"type": "category", "inverse": True, "data": names, "axisLabel": {"width": 220, "overflow": "truncate"}},
        "series": [{"type": "bar", "stack": "status", "name": STATUS_LABELS[s], "barMaxWidth": 26,
                    "itemStyle": {"color": STATUS_HEX[s]}, "emphasis": {"focus": "series"},
                    "data": [p["counts"].get(s) or None for p in plans]} for s in statuses],
    }


def _short(text: str, limit: int = 18) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _point(x: float, y: float, tip: str) -> dict[str, Any]:
    return {"value": [round(x, 4), y], "tip": tip}


def indicator_lines(*, metric: str, unit: str | None, figures: Sequence[dict[str, Any]],
                    focus: dict[str, Any] | None, years: tuple[int, int]) -> dict[str, Any]:
    """The actuals by region (a line each), and for the `focus` row (its region's status):
    the target as a markLine, the 序时 path (dashed, baseline → target at the target year)
    and the forecast (dotted, latest figure → the line's value at the target year). The year
    axis covers `years` (the plan's start to the target year) and every point drawn."""
    u = unit or ""
    regions = list(dict.fromkeys(f["region"] for f in figures))
    series: list[dict[str, Any]] = [
        {"name": r, "type": "line", "symbolSize": 8, "connectNulls": True,
         "data": [_point(f["at"], f["value"], f"{period_text(f['period'])}：{num(f['value'])}{f.get('unit') or u}")
                  for f in figures if f["region"] == r]} for r in regions]
    xs = [float(y) for y in years] + [f["at"] for f in figures]
    words = [f"{r}：" + "，".join(f"{period_text(f['period'])}{num(f['value'])}{u}" for f in figures if f["region"] == r)
             for r in regions]
    if focus is not None and focus.get("level") is not None:
        extra, more_x, said = _focus_series(focus, u)
        series += extra
        xs += more_x
        words.append(said)
    low, high = math.floor(min(xs)), math.ceil(max(xs))
    return {
        **_base(f"{metric}（{u or '无单位'}）。" + "；".join(words or ["暂无实际数据"]) + "。"),
        "title": {"text": metric, "left": 8, "top": 4, "textStyle": {"fontSize": 15, "width": 640, "overflow": "break"}},
        "graphic": [] if figures else [{"type": "text", "left": "center", "top": "middle", "silent": True,
                                        "style": {"text": "暂无实际数据", "fontSize": 16, "fill": "#757575"}}],
        "grid": {"left": 16, "right": 110, "top": 64, "bottom": 56},
        "legend": {"bottom": 0, "type": "scroll"},
        "tooltip": {"trigger": "item", "formatter": "fn:tip"},
        "xAxis": {"type": "value", "name": "年", "min": low, "max": max(high, low + 1), "interval": 1,
                  "axisLabel": {"formatter": "fn:year"}, "splitLine": {"show": False}},
        "yAxis": {"type": "value", "name": f"单位：{u}" if u else "", "scale": True,
                  "nameTextStyle": {"align": "left"}},
        "series": series,
    }


def _focus_series(focus: dict[str, Any], unit: str) -> tuple[list[dict[str, Any]], list[float], str]:
    """The target markLine, 序时 path and forecast segment of one region's row."""
    row, level = focus["row"], float(focus["level"])
    year = float(row["target"].get("judged_year") or row["target"]["year"])
    where = f"（{row['region']}）" if row.get("region") else ""
    label = f"目标 {num(level)}{unit}（{int(year)}年）"
    target = {"name": f"目标{where}", "type": "line", "symbol": "diamond", "symbolSize": 12,
              "itemStyle": {"color": TARGET_COLOUR}, "data": [_point(year, level, label)],
              "markLine": {"silent": True, "symbol": "none", "lineStyle": {"color": TARGET_COLOUR, "type": "solid"},
                           "label": {"formatter": label, "position": "insideEndTop"}, "data": [{"yAxis": level}]}}
    out, xs, said = [target], [year], [label]
    start = focus.get("path_start")
    if start is not None:
        out.append({"name": "序时进度路径", "type": "line", "symbol": "none",
                    "lineStyle": {"type": "dashed", "color": PATH_COLOUR}, "itemStyle": {"color": PATH_COLOUR},
                    "data": [_point(start[0], start[1], f"起点 {num(start[1])}{unit}"), _point(year, level, label)]})
        xs.append(start[0])
        said.append(f"序时进度路径自{num(start[1])}{unit}至{num(level)}{unit}")
    latest_at, forecast = focus.get("latest_at"), row.get("forecast")
    if latest_at is not None and forecast is not None and row["latest"]["value"] is not None:
        out.append({"name": "预测", "type": "line", "symbol": "emptyCircle",
                    "lineStyle": {"type": "dotted", "width": 2, "color": FORECAST_COLOUR},
                    "itemStyle": {"color": FORECAST_COLOUR},
                    "data": [_point(latest_at, row["latest"]["value"], f"最新 {num(row['latest']['value'])}{unit}"),
                             _point(year, forecast, f"{int(year)}年预测 {num(forecast)}{unit}")]})
        said.append(f"{int(year)}年预测{num(forecast)}{unit}")
    return out, xs, "，".join(said)


__all__ = ["STATUS_HEX", "indicator_lines", "plans_stacked", "status_bars"]
