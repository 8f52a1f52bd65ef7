"""Templates and the filters that write dates and numbers as Chinese officials do."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from fastapi.templating import Jinja2Templates

from planwatch.progress.status import STATUS_LABELS

TEMPLATES = Path(__file__).parent / "templates"

STATUS_COLOURS = {"achieved": "green", "on_track": "green", "moderate": "yellow", "limited": "orange",
                  "deterioration": "red", "missed": "red", "no_data": "grey", "no_baseline": "grey",
                  "awaiting": "blue"}


def cn_date(value: date | datetime | str | None) -> str:
    """2021年3月31日 (no leading zeros, as in 公文).

    >>> cn_date(date(2021, 3, 1)), cn_date("2020-12-31"), cn_date(None)
    ('2021年3月1日', '2020年12月31日', '—')
    """
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        try:
            day: date = date.fromisoformat(value[:10])
        except ValueError:
            return value
    else:
        day = value
    return f"{day.year}年{day.month}月{day.day}日"


def cn_number(value: float | int | None, digits: int = 2) -> str:
    """Thousands grouped, trailing zeros dropped: 12,345.6 (— for none).

    >>> cn_number(12345.60), cn_number(1500.0), cn_number(None), cn_number(0.256, 3)
    ('12,345.6', '1,500', '—', '0.256')
    """
    if value is None:
        return "—"
    text = f"{value:,.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def percent(value: float | None, digits: int = 1) -> str:
    """A share as 87.5% (— for none).

    >>> percent(0.875), percent(None), percent(1.0)
    ('87.5%', '—', '100%')
    """
    if value is None:
        return "—"
    return f"{cn_number(value * 100, digits)}%"


def templates() -> Jinja2Templates:
    t = Jinja2Templates(directory=str(TEMPLATES))
    t.env.filters.update(cn_date=cn_date, cn_number=cn_number, percent=percent)
    t.env.globals.update(STATUS_LABELS=STATUS_LABELS, STATUS_COLOURS=STATUS_COLOURS, ROLE_LABELS=ROLE_LABELS)
    return t


ROLE_LABELS: dict[str, str] = {"admin": "系统管理员", "planner": "规划人员", "reporter": "填报员", "viewer": "查看人员"}

