"""How a status was decided, in a plain-Chinese sentence a 规划处 reader can check by hand.

Pure: built from one row of the progress table (`services.status.StatusRow.as_dict()`, the
rows of `planwatch status --format json`) and, for change targets, the level the target
asks for. The words follow the decisions of `progress.status` (module doc there) and the
`method` string each decision leaves: ``comparator``, ``cagr``, ``escap (cagr undefined:
…)``, ``elapsed``, ``annual flow, 2020: …``, ``target year passed``, ``figure for 2020 due
by 2021-03-31`` and so on. A method string this module does not know still gets a sentence
(the status and the numbers), never an error.

The CAGR sentence states the growth achieved as the method measures it: the pace index is
P = actual / needed (`methods.cagr_ratio`), so the actual yearly rate shown is P × needed,
which spreads the growth over the time passed up to the measure point, as the index does.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from planwatch.progress.methods import MODERATE, ON_TRACK, cagr

METHOD_LABELS: dict[str, str] = {
    "comparator": "对照目标",
    "cagr": "年均增速法",
    "escap": "ESCAP现状指数法",
    "elapsed": "序时进度法",
    "target year passed": "目标年已过",
    "no observations": "无数据",
    "change target without a baseline": "缺基期",
    "one observation and no baseline": "缺基期",
}
GRADES = (f"进度指数≥{ON_TRACK:g}为进度正常，≥{MODERATE:g}为需加快，≥0为进展缓慢，<0为倒退；"
          "指数1表示恰好按所需进度推进。")
_WHY = {
    "zero or negative values": "数据含零或负值",
    "no time between baseline and latest figure": "基期与最新数据之间没有时间间隔",
    "target equals the baseline": "目标值等于基期值",
    "no figure after the baseline": "基期之后没有新数据",
    "index undefined": "指数无法计算",
    "elapsed applies to within-year running totals": "序时进度法只适用于年内累计数",
}
_COMPARATOR_WORDS = {">=": "不低于", "<=": "不高于", "~": "左右", "range": "区间"}
_DUE = re.compile(r"(?:no figure for|figure for) (\d{4}) (?:by|due by) (\d{4})-(\d{2})-(\d{2})")
_PERIOD = re.compile(r"(\d{4})(?:-(\d{2})|-Q([1-4])|H([12]))?")
_QUARTERS, _HALVES = "一二三四", ("上半年", "下半年")


def period_text(label: str | None) -> str:
    """A stored period label as a sentence writes it.

    >>> [period_text(p) for p in ("2019", "2018-05", "2019-Q3", "2020H1", "2019年1-9月", None)]
    ['2019年', '2018年5月', '2019年三季度', '2020年上半年', '2019年1-9月', '—']
    """
    if not label:
        return "—"
    m = _PERIOD.fullmatch(label)
    if m is None:
        return label
    year, month, quarter, half = m.groups()
    if month:
        return f"{year}年{int(month)}月"
    if quarter:
        return f"{year}年{_QUARTERS[int(quarter) - 1]}季度"
    return f"{year}年{_HALVES[int(half) - 1]}" if half else f"{year}年"


def num(value: float | None, digits: int = 2) -> str:
    """A figure as officials write it: grouped, trailing zeros dropped.

    >>> num(1576.0), num(12345.678), num(0.256, 3), num(None)
    ('1,576', '12,345.68', '0.256', '—')
    """
    if value is None or not math.isfinite(value):
        return "—"
    text = f"{value:,.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def share(value: float | None) -> str:
    """A share as a percentage with one decimal at most.

    >>> share(0.6842), share(1.0), share(None)
    ('68.4%', '100%', '—')
    """
    return "—" if value is None or not math.isfinite(value) else f"{num(value * 100, 1)}%"


def method_label(method: str | None) -> str:
    """A short Chinese name of what decided a status, for a table column.

    >>> method_label("cagr"), method_label("escap (cagr undefined: zero or negative values)")
    ('年均增速法', 'ESCAP现状指数法（年均增速法不适用）')
    >>> method_label("annual flow, 2020: comparator"), method_label("figure for 2020 due by 2021-03-31")
    ('每年目标·对照目标', '待数据')
    >>> method_label("target year passed; no figure for 2020 by 2021-03-31"), method_label(None)
    ('目标年已过', '—')
    """
    if not method:
        return "—"
    if method.startswith("annual flow"):
        _year, _, inner = method.removeprefix("annual flow, ").partition(": ")
        return f"每年目标·{method_label(inner)}"
    if method.startswith("escap"):
        return "ESCAP现状指数法" + ("（年均增速法不适用）" if "cagr undefined" in method else "")
    if method.startswith("figure for"):
        return "待数据"
    if method.startswith("target year passed"):
        return "目标年已过"
    head = method.split(":")[0]
    return METHOD_LABELS.get(method, METHOD_LABELS.get(head, method))


def target_text(row: Mapping[str, Any], level: float | None = None, change: str | None = None) -> str:
    """The target as the plan states it, with the level it asks for when that differs
    (a change target converted at the baseline, or a region's allocated share).

    >>> target_text({"target": {"value": 1500, "comparator": "=", "year": 2020}, "unit": "个"})
    '1,500个（2020年）'
    >>> target_text({"target": {"value": 18, "comparator": "=", "year": 2020}, "unit": "%",
    ...              "baseline": {"value": 0.5, "year": 2015}}, level=0.41, change="decrease")
    '比2015年下降18%（2020年，折合0.41）'
    >>> target_text({"target": {"value": 40, "comparator": "~", "year": 2020, "source": "allocation"}, "unit": "%"})
    '40%左右（2020年，分解到本地区的目标）'
    """
    target, unit = row["target"], row.get("unit") or ""
    word = _COMPARATOR_WORDS.get(target.get("comparator") or "=", "")
    value = f"{num(target['value'])}{unit}"
    if target.get("comparator") == "range" and target.get("value_max") is not None:
        value = f"{num(target['value'])}～{num(target['value_max'])}{unit}"
    text = f"{value}{word}" if word == "左右" else (f"{word}{value}" if word != "区间" else value)
    if change in ("increase", "decrease"):
        since = (row.get("baseline") or {}).get("year")
        text = f"{f'比{since}年' if since else ''}{'下降' if change == 'decrease' else '增长'}{text}"
    notes = [f"{target['year']}年"]
    if target.get("flow") == "annual":
        notes[0] = f"每年，至{target['year']}年"
    if target.get("source") == "allocation":
        notes.append("分解到本地区的目标")
    if level is not None and not math.isclose(level, float(target["value"]), rel_tol=1e-9):
        notes.append(f"折合{num(level)}{'' if unit == '%' else unit}")
    return f"{text}（{'，'.join(notes)}）"


def _unit(row: Mapping[str, Any]) -> str:
    return str(row.get("unit") or "")


def _latest(row: Mapping[str, Any]) -> str:
    latest = row.get("latest") or {}
    return f"（{period_text(latest.get('period'))}）为{num(latest.get('value'))}{_unit(row)}"


def _base(row: Mapping[str, Any]) -> str:
    base = row.get("baseline") or {}
    return f"{base.get('year')}年{num(base.get('value'))}{_unit(row)}"


def _cagr_pace(row: Mapping[str, Any], level: float) -> str | None:
    """实际年均增长a%，需年均增长n%: the rates behind the CAGR index."""
    base, ratio, year = row.get("baseline") or {}, row.get("ratio"), row["target"].get("judged_year") or row["target"]["year"]
    if base.get("value") is None or base.get("year") is None or ratio is None:
        return None
    needed = cagr(float(base["value"]), level, float(year) - float(base["year"]))
    if needed is None or needed == 0:
        return None
    actual = ratio * needed  # P = d·actual/|needed| and d = sign(needed) short of the target
    return (f"以{_base(row)}为基期，至{period_text(row['latest']['period'])}实际年均{_rate(actual)}，"
            f"需年均{_rate(needed)}方能于{year}年达到{num(level)}{row.get('unit') or ''}，")


def _rate(r: float) -> str:
    return f"{'增长' if r >= 0 else '下降'}{num(abs(r) * 100, 1)}%"


def _escap_pace(row: Mapping[str, Any], level: float) -> str:
    """已完成目标增量的c%，所用时间占e%: the two shares behind the ESCAP index."""
    covered, ratio = row.get("covered"), row.get("ratio")
    time = covered / ratio if covered is not None and ratio else row.get("elapsed")
    return (f"从基期（{_base(row)}）到目标{num(level)}{row.get('unit') or ''}，"
            f"至{period_text(row['latest']['period'])}已完成目标增量的{share(covered)}，所用时间占全程的{share(time)}，")


def _pace(row: Mapping[str, Any], method: str, level: float) -> str:
    """The words of a graded status (on_track … deterioration) for the method that graded it."""
    ratio = f"进度指数{num(row.get('ratio'))}，"
    if method == "cagr":
        pace = _cagr_pace(row, level)
        return f"按年均增速法（CAGR）：{pace or ''}{ratio}"
    if method == "elapsed":
        return (f"按序时进度法：累计数{_latest(row)}，完成全年目标的{share(row.get('covered'))}，"
                f"序时进度{share(row.get('elapsed'))}，{ratio}")
    why = re.search(r"\((?:cagr undefined: )?(.+)\)", method)
    note = f"（{'年均增速法不适用：' if 'cagr undefined' in method else ''}{_WHY.get(why[1], why[1])}）" if why else ""
    return f"按ESCAP现状指数法{note}：{_escap_pace(row, level)}{ratio}"


def _undecided(row: Mapping[str, Any], status: str, method: str) -> str:
    """The words of the statuses that no pace decided."""
    if status == "no_data":
        if method.startswith("no figure for"):
            return f"尚无{row['target'].get('judged_year') or row['target']['year']}年从1月起的累计数据，"
        if ":" in method:
            why = method.rsplit(": ", 1)[-1]
            return f"已有数据（{_latest(row)}），但进度指数无法计算（{_WHY.get(why, why)}），"
        return "尚无实际数据，"
    if method == "change target without a baseline":
        return "目标是相对基期的变化，但缺少基期数值，无法换算为目标值，"
    return f"只有一个数据（{_latest(row)}）且没有基期，无法测算进度，"


def _overdue(row: Mapping[str, Any], status: str, method: str, target: str) -> str:
    year = row["target"].get("judged_year") or row["target"]["year"]
    found = _DUE.search(method)
    due = f"{found[2]}年{int(found[3])}月{int(found[4])}日" if found else ""
    if status == "awaiting" and found:
        return f"目标年{year}年已过，{year}年数据应于{due}前发布，暂无；最新数据{_latest(row)}，尚未达到目标{target}，"
    if found:
        latest = row.get("latest") or {}
        return (f"目标年{year}年已过，至{due}仍无{year}年数据（最新为{period_text(latest.get('period'))}的"
                f"{num(latest.get('value'))}{_unit(row)}），未达到目标{target}，")
    return f"目标年{year}年已过，最新数据{_latest(row)}，未达到目标{target}，"


def _forecast(row: Mapping[str, Any]) -> str:
    if row.get("forecast") is None or row.get("forecast_met") is None or row["status"] in ("achieved", "missed"):
        return ""
    year = row["target"].get("judged_year") or row["target"]["year"]
    verdict = "可以达到目标" if row["forecast_met"] else "难以达到目标"
    return f"按现有数据的线性趋势外推，{year}年预计为{num(row['forecast'])}{row.get('unit') or ''}，{verdict}。"


def explain(row: Mapping[str, Any], *, level: float | None = None, change: str | None = None) -> str:
    """How the row's status was decided, in one or two sentences. `level` is the level the
    target asks for (`Progress.target_level`: a change target converted at the baseline);
    without it the row's target value is used. `change` ("increase", "decrease") says the
    target is a change from the baseline (the indicator's `change`).

    >>> row = {"status": "moderate", "status_label": "需加快", "method": "cagr", "unit": "亿元",
    ...        "target": {"value": 200.0, "comparator": "=", "year": 2020, "judged_year": 2020},
    ...        "baseline": {"value": 100.0, "year": 2015}, "latest": {"value": 121.0, "period": "2017"},
    ...        "ratio": 0.673, "forecast": 176.0, "forecast_met": False}
    >>> print(explain(row))
    按年均增速法（CAGR）：以2015年100亿元为基期，至2017年实际年均增长10%，需年均增长14.9%方能于2020年达到200亿元，进度指数0.67，判为需加快。按现有数据的线性趋势外推，2020年预计为176亿元，难以达到目标。
    >>> print(explain({**row, "status": "achieved", "status_label": "已完成", "method": "comparator",
    ...                "latest": {"value": 1576.0, "period": "2018-05"}, "unit": "个",
    ...                "target": {"value": 1500.0, "comparator": "=", "year": 2020}}))
    最新数据（2018年5月）为1,576个，已达到目标1,500个（2020年），判为已完成。
    >>> print(explain({**row, "status": "limited", "status_label": "进展缓慢", "ratio": 0.4, "covered": 0.3,
    ...                "method": "escap (cagr undefined: zero or negative values)", "forecast": None}))
    按ESCAP现状指数法（年均增速法不适用：数据含零或负值）：从基期（2015年100亿元）到目标200亿元，至2017年已完成目标增量的30%，所用时间占全程的75%，进度指数0.4，判为进展缓慢。
    >>> print(explain({"status": "missed", "status_label": "未完成", "unit": "个",
    ...                "method": "target year passed; no figure for 2020 by 2021-03-31",
    ...                "target": {"value": 18.0, "comparator": "=", "year": 2020},
    ...                "latest": {"value": 13.0, "period": "2018-05"}}))
    目标年2020年已过，至2021年3月31日仍无2020年数据（最新为2018年5月的13个），未达到目标18个（2020年），判为未完成。
    >>> print(explain({"status": "no_data", "status_label": "无数据", "method": "no observations",
    ...                "target": {"value": 40.0, "comparator": "~", "year": 2020}, "unit": "%"}))
    目标40%左右（2020年）：尚无实际数据，判为无数据。
    """
    status, method = row["status"], row.get("method") or ""
    label = row.get("status_label") or status
    lead = ""
    if method.startswith("annual flow"):
        year, _, method = method.removeprefix("annual flow, ").partition(": ")
        lead = f"每年目标，按{year}年从1月起的累计判断："
    target = target_text(row, level, change)
    if status == "achieved":
        body = f"最新数据{_latest(row)}，已达到目标{target}，"
    elif status in ("missed", "awaiting"):
        body = _overdue(row, status, method, target)
    elif status in ("on_track", "moderate", "limited", "deterioration"):
        body = _pace(row, method, level if level is not None else float(row["target"]["value"]))
    else:
        body = f"目标{target}：{_undecided(row, status, method)}"
    return f"{lead}{body}判为{label}。{_forecast(row)}"


__all__ = ["GRADES", "METHOD_LABELS", "explain", "method_label", "num", "period_text", "share", "target_text"]
