"""Meta: title, 发文字号, issue date, issuer, governed region, horizon, implemented policies.

Official documents put these in fixed places: the 发文字号 alone on a line at the top, the
issuer and the date alone on lines after the 印发 sentence or at the very end, the plan's
name in 现将《…》印发 or a title line. News items about a policy say
``X印发《…》``. Policies the plan implements come as 为贯彻落实《…》（…号）. Only those
places are read, so a document number or a date quoted in the body is never taken.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from planwatch.extract.context import Context
from planwatch.extract.dates import DATE, NUMERIC_DATE, parse_date
from planwatch.extract.regions_of_text import governed_region
from planwatch.extract.text import fold
from planwatch.model import IndicatorRow, Meta, PolicyRef, Target

DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}[〔\[(]\s*(?:19|20)\d\d\s*[〕\])]\s*\d{1,4}\s*号")
_OWN_NUMBER_LINE = re.compile(rf"^\s*\(?\s*({DOC_NUMBER.pattern})\s*\)?\s*$", re.M)
_IMPLEMENTS = re.compile(
    r"(?:贯彻落实|贯彻实施|贯彻|落实|根据|按照|依据)\s*《(?P<title>[^》]{2,120})》"
    rf"(?:\s*\(\s*(?P<number>{DOC_NUMBER.pattern})\s*\))?"
)
_TITLE_PATTERNS = (
    re.compile(r"现将《(?P<t>[^》]{2,80})》印发"),
    re.compile(r"(?:印发|出台|发布)(?:了)?《(?P<t>[^》]{2,120})》"),
    re.compile(r"关于印发(?P<t>[^》\n]{2,80}?)的通知"),
)
_NEWS_ISSUER = re.compile(
    r"(?P<who>[\u4e00-\u9fff]{2,20}?(?:人民政府办公厅|人民政府办公室|人民政府|办公厅|办公室|委员会|政府))"
    r"(?:近日|日前|正式|近期|今天|今日)?(?:印发|出台|发布)(?:了)?《"
)
_ISSUER_LINE = re.compile(r"^\s*([\u4e00-\u9fff]{2,30}(?:人民政府|政府|办公厅|办公室|委员会|委|局|厅|部))\s*$")
_TITLE_LINE = re.compile(r"^\s*([^。,;:!?\s][^。;!?\n]{3,48}(?:方案|意见|规划|计划|纲要|办法|措施|安徽篇|篇|实施细则))\s*$")
_JUNK = re.compile(r"[#*■□◆●]+")
_DATE_LINE = re.compile(
    r"^\s*(?:" + re.sub(r"\(\?P<\w+>", "(?:", DATE.pattern + "|" + NUMERIC_DATE.pattern) + r")\s*$", re.M
)
_HEAD = 1500  # characters at the top where the header block stands
_TAIL = 600


def _clean(title: str) -> str:
    return _JUNK.sub("", title).strip()


def find_doc_number(text: str) -> str | None:
    """This document's 发文字号: alone on its line near the top (not inside a citation)."""
    m = _OWN_NUMBER_LINE.search(text[:_HEAD])
    return re.sub(r"\s+", "", m.group(1)) if m else None


_ABBREVIATION = re.compile(r"简称\s*《([^》]{1,12})》")
_ITEM_LEVEL = 3  # numbered items (1. / (1)) are tasks; a policy cited there is a task's, not the plan's


def find_implements(ctx: Context) -> tuple[PolicyRef, ...]:
    """Policies the plan says it implements: in the preamble or a chapter's own text, not
    inside a task item, and never a short name the text defined (以下简称《意见》)."""
    text = ctx.view.text
    short = set(_ABBREVIATION.findall(text[: _HEAD * 2]))
    refs: list[PolicyRef] = []
    for m in _IMPLEMENTS.finditer(text[: _HEAD * 2]):
        section = ctx.outline.at(m.start())
        if (section is not None and section.level >= _ITEM_LEVEL) or m.group("title") in short:
            continue
        title = _clean(m.group("title"))
        number = re.sub(r"\s+", "", m.group("number")) if m.group("number") else None
        if title and all(r.title != title for r in refs):
            refs.append(PolicyRef(title=title, doc_number=number))
    return tuple(refs)


def find_title(text: str) -> str | None:
    head = text[:_HEAD]
    for rule in _TITLE_PATTERNS:
        for m in rule.finditer(head):
            if not _inside_citation(head, m.start()):
                return _clean(m.group("t"))
    for line in head.split("\n")[:12]:
        found = _TITLE_LINE.match(line)
        if found and "《" not in line:
            return _clean(found.group(1))
    return None


def _inside_citation(text: str, pos: int) -> bool:
    """Whether pos falls inside 《…》: words there belong to the cited policy."""
    opened = text.rfind("《", 0, pos)
    return opened >= 0 and text.find("》", opened) > pos


def find_date_and_issuer(text: str) -> tuple[str | None, str | None]:
    """The signature block: an issuer line then a date line, at the end or at the top."""
    for chunk, offset in ((text[-_TAIL:], max(0, len(text) - _TAIL)), (text[:_HEAD], 0)):
        dates = list(_DATE_LINE.finditer(chunk))
        if not dates:
            continue
        m = dates[-1] if offset else dates[0]
        before = [ln for ln in text[: offset + m.start()].split("\n")[-4:] if ln.strip()]
        issuer = None
        if before:
            found = _ISSUER_LINE.match(before[-1])
            issuer = found.group(1) if found else None
        return parse_date(m.group(0)), issuer
    return None, None


def find_meta(ctx: Context, *, targets: Sequence[Target] = (), indicators: Sequence[IndicatorRow] = ()) -> Meta:
    # Header and signature blocks are line-based: read them on the folded source, where the
    # view's joining of wrapped lines has not merged a title line with the number below it.
    text = fold(ctx.view.source)
    issue_date, issuer = find_date_and_issuer(text)
    if issuer is None:
        news = _NEWS_ISSUER.search(text[: _HEAD * 2])
        issuer = news.group("who") if news else None
    implements = find_implements(ctx)
    return Meta(
        title=find_title(text),
        doc_number=find_doc_number(text),
        issue_date=issue_date,
        issuer=issuer,
        region=governed_region(text, issuer=issuer, cited=[r.title or "" for r in implements]),
        horizon=_horizon(targets, indicators),
        implements=implements,
    )


def _horizon(targets: Sequence[Target], indicators: Sequence[IndicatorRow]) -> int | None:
    years = [t.year for t in targets if t.year is not None]
    years += [int(y) for row in indicators for y, v in row.values.items() if v is not None and y.isdigit()]
    return max(years) if years else None
