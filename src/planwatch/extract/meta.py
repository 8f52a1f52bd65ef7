"""Meta: title, 发文字号, issue date, issuer, governed region, horizon, implemented policies.

Official documents put these in fixed places, and only those places are read, so a number
or a date quoted in the body is never taken:

* a web page's labelled block (发文字号：… / 成文日期：… / 发文机关：…), when the page has one;
* the 发文字号 alone on a line near the top, perhaps in brackets;
* the signature block: issuer line(s), then a date line, at the end or after the 印发 sentence;
* the plan's name in 现将《…》印发, a news item's X印发《…》, 关于印发…的通知, or a title line;
* policies implemented in 为贯彻落实《…》（…号）, listed with 和/、 as the preamble writes them.

Line-based rules read the folded source (same offsets as the source, lines as printed);
sentence rules read the view, where a PDF's hard line breaks are already joined. Every value
is cut from the source, so full-width brackets and quotes stay as printed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from planwatch.extract.context import Context
from planwatch.extract.dates import DATE, NUMERIC_DATE, iso_date
from planwatch.extract.glosses import without_glosses
from planwatch.extract.regions_of_text import governed_region
from planwatch.extract.text import fold, is_menu
from planwatch.extract.years import per_text
from planwatch.model import IndicatorRow, Meta, PolicyRef, Target, Task

_HEAD = 1500  # characters at the top where the header block stands
_TAIL = 600  # characters at the end where the signature stands
_BRACKETS = r"[〔\[(【﹝]\s*(?:19|20)\d\d\s*[〕\])】﹞]"
DOC_NUMBER = re.compile(rf"[\u4e00-\u9fff]{{1,12}}[ \t]?{_BRACKETS}\s*第?\s*\d{{1,4}}\s*号")  # 菏政办字 〔2023〕1号: a typeset blank
_OWN_NUMBER_LINE = re.compile(
    rf"^[ \t]*\(?[ \t]*(?P<n>{DOC_NUMBER.pattern})[ \t]*\)?[ \t]*(?:签发人.*)?$", re.M
)
# A label starts a line or follows a blank (several labels share a line on many sites:
# 主题分类: 宏观经济 发文字号: 绍政发〔2025〕3号); its value runs to the next label or the line end.
# The pattern opens with the label words, so `re` skips to them in C; where the label stands is
# checked after (`_label_starts`): the look-behind opening the whole rule made it try every position.
_LABEL = r"(?:{})[ \t]*[:][ \t]*(?P<v>[^\n]*?)[ \t]*(?=[ \t\u3000]+[\u4e00-\u9fff]{{2,6}}[ \t]*:|$)"
_LABELS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("doc_number", re.compile(_LABEL.format(r"发文字号|发文文号|文件编号|文\s*号"), re.M)),
    ("issue_date", re.compile(_LABEL.format(r"成文日期|印发日期|发文日期|签发日期|发文时间|成文时间"), re.M)),
    ("issuer", re.compile(_LABEL.format(r"发文机关|发布机构|发文单位|发文机构|发文部门|制发机关"), re.M)),
    ("title", re.compile(_LABEL.format(r"发文标题|标\s*题|文件名称"), re.M)),
)
_ANY_LABEL = re.compile(r"(?:字号|文号|编号|文\s*号|日期|时间|机关|机构|单位|部门|标\s*题|名称)[ \t]*:")
# The verb may stand apart from the title: 根据省委办公厅省政府办公厅印发的《…》精神.
_IMPLEMENTS = re.compile(
    r"(?:贯彻落实|贯彻实施|贯彻执行|贯彻|落实|根据|按照|依据|对照)[^。,;:!?《》\n]{0,30}?(?=《)"
)
_CITED = re.compile(rf"《(?P<title>[^》]{{2,150}})》(?:\s*\(\s*(?P<number>{DOC_NUMBER.pattern})\s*\))?")
_AND = re.compile(r"\s*(?:和|及|以及|、|与|,)?\s*(?=《)")  # 《A》(…号)《B》(…号)和《C》: none needed
_ABBREVIATION = re.compile(r"简称\s*《([^》]{1,12})》")
_ITEM_LEVEL = 3  # numbered items (1. / (1)) are tasks; a policy cited there is a task's, not the plan's
# Where the plan names itself, most telling first.
_TITLE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "现将《…》印发",  # 现将《A》《B》和《C》印发: a notice may issue several documents
        re.compile(r"现将\s*《(?P<t>[^《》]{2,120})》(?:\s*(?:、|和|及|以及)?\s*《[^》]{2,120}》)*\s*"
                   r"(?:\(以下简称\s*[《“]?[^《》()]{1,12}[》”]?\)\s*)?(?:印发|予以印发|转发|发给)"),  # (以下简称《方案》)
    ),
    (
        "《…》已经…同意，现印发",
        re.compile(r"《(?P<t>[^《》]{2,120})》(?:《[^》]*》|、|和)*[^。《]{0,40}?现(?:予)?印发给你们"),
    ),
    ("印发《…》", re.compile(r"(?:印发|出台|发布)(?:了)?\s*《(?P<t>[^《》]{2,150})》")),
    (
        "《…》经…批复印发",  # 近日，《…规划》(以下简称《规划》)经市政府批复正式印发
        re.compile(r"《(?P<t>[^《》]{2,150})》(?:\([^()]{0,30}\))?\s*(?:已)?经[^。《,]{0,20}?(?:批复|同意|审议通过)"
                   r"(?:后)?[,]?(?:正式)?(?:印发|出台|发布|实施)"),
    ),
    # 关于下达2025年…计划的通知: an annual plan is 下达 (handed down) as others are 印发
    ("关于印发…的通知", re.compile(r"关于(?:印发|下达)(?P<t>[^》。\n]{2,80}?)的通知")),
)
_GENRE_END = r"(?:方案|意见|规划|计划|纲要|办法|措施|举措|安徽篇|细则|决定|行动|通知|若干政策)"
_TITLE_LINE = re.compile(rf"^[^。,;:!?\s\d(][^。,;:!?]{{3,60}}{_GENRE_END}(?:\([^()]{{4,20}}\))?$")
# 附件 / 附件1 / 附件2： alone on a line above an attached plan's title.
_ATTACHMENT_LINE = re.compile(r"^附\s*件\s*\d{0,2}\s*[:]?$")
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+[、.]|第[一二三四五六七八九十]+[章节部分])")  # 三、保障措施
# A plan's period or edition on the line under its title: （2021-2023年）, (2025年版).
_PERIOD_LINE = re.compile(r"^\s*\(\s*(?:19|20)\d\d\s*(?:年)?\s*(?:[-—–~至]+\s*(?:19|20)\d\d\s*年|年版|年修订)\s*\)\s*$")
_ORGAN = r"(?:人民政府|政府|办公厅|办公室|委员会|委|局|厅|部|院|小组|中心|管委会)"
_ISSUER_LINE = re.compile(rf"^[\u4e00-\u9fff\s]{{2,40}}{_ORGAN}$")
_NEWS_ISSUER = re.compile(
    rf"(?P<who>[\u4e00-\u9fff]{{2,24}}?{_ORGAN})(?:近日|日前|正式|近期|今天|今日|联合)?(?:印发|出台|发布)(?:了)?\s*《"
)
# Every news issuer match ends in its verb and the opening 《: a text without them has none,
# and this search is much cheaper than the lazy name pattern tried at every character.
_NEWS_VERB = re.compile(r"(?:印发|出台|发布)(?:了)?\s*《")
_TIME_WORDS = re.compile(r"^(?:近日|日前|近期|最近|今年以来|今年|今天|今日|此前|同时|目前)")
_DATE_LINE = re.compile(r"^[ \t]*\(?[ \t]*(?P<d>[^\n()]{6,30}?)[ \t]*\)?[ \t]*$", re.M)
_GOAL_YEAR = re.compile(r"(?:到|至|到了)\s*((?:20|21)\d\d)\s*年")
_PERIOD = re.compile(r"((?:19|20)\d\d)\s*[-—–~至]+\s*((?:19|20)\d\d)\s*年")
_JUNK = re.compile(r"[#*■□◆●]+|\s*\n\s*")


def _clean(text: str) -> str:
    """Source text without the junk of copied pages: ###### markers, line breaks."""
    return _JUNK.sub("", text).strip()


@per_text
def labelled_fields(text: str) -> dict[str, tuple[int, int]]:
    """Spans of the values in a web page's labelled metadata block (发文字号：…). Several
    finders ask; the block is read once per text, and only when a label word is there."""
    found: dict[str, tuple[int, int]] = {}
    head = text[:_HEAD]
    if _ANY_LABEL.search(head) is None:
        return found
    for field, rule in _LABELS:
        m = _label_search(rule, head)
        if m and m.group("v"):
            start, end = m.span("v")
            # A block printed as a table (文 号: | 六盘水府办发〔2022〕10号 | 是否有效: |) keeps its
            # cell rules: the value is what stands between them.
            while start < end and head[start] in _CELL_EDGE:
                start += 1
            while end > start and head[end - 1] in _CELL_EDGE:
                end -= 1
            if end > start:
                found[field] = (start, end)
    return found


_CELL_EDGE = frozenset("| \t\u3000")


def _label_search(rule: re.Pattern[str], head: str) -> re.Match[str] | None:
    """The first match of a label rule whose label starts a line or follows a blank."""
    pos = 0
    while (m := rule.search(head, pos)) is not None:
        if _label_starts(head, m.start()):
            return m
        pos = m.start() + 1
    return None


def _label_starts(head: str, at: int) -> bool:
    """Whether a label at `at` stands at a line's start or after a blank, blanks before it
    allowed: what ``(?:^|(?<=[ \t\u3000]))[ \t]*`` before the label words asked."""
    start = at
    while start > 0 and head[start - 1] in " \t":
        start -= 1
    return start < at or start == 0 or head[start - 1] in "\n\u3000"


def find_doc_number(text: str, source: str) -> str | None:
    """This document's 发文字号: labelled, or alone on its line near the top."""
    span = labelled_fields(text).get("doc_number")
    if span is None:
        m = _OWN_NUMBER_LINE.search(text[:_HEAD])
        span = m.span("n") if m else None
    if span is None or not DOC_NUMBER.search(text[span[0] : span[1]]):
        return None
    return re.sub(r"\s+", "", source[span[0] : span[1]])


def find_implements(ctx: Context) -> tuple[PolicyRef, ...]:
    """Policies the plan says it implements: in the preamble or a chapter's own text, not
    inside a task item, and never a short name the text defined (以下简称《意见》)."""
    text = ctx.view.text[: _HEAD * 2]
    short = set(_ABBREVIATION.findall(text))
    refs: list[PolicyRef] = []
    for verb in _IMPLEMENTS.finditer(text):
        section = ctx.outline.at(verb.start())
        if section is not None and section.level >= _ITEM_LEVEL:
            continue
        for m in _cited_list(text, verb.end()):
            if m.group("title") in short:
                continue
            title = _clean(ctx.view.source_text(*m.span("title")))
            number = m.group("number") and re.sub(r"\s+", "", ctx.view.source_text(*m.span("number")))
            if title and all(r.title != title for r in refs):
                refs.append(PolicyRef(title=title, doc_number=number or None))
    return tuple(refs)


def _cited_list(text: str, pos: int) -> list[re.Match[str]]:
    """《A》(…号)、《B》和《C》 from `pos`: every policy one verb governs."""
    found: list[re.Match[str]] = []
    while (m := _CITED.match(text, pos)) is not None:
        found.append(m)
        joiner = _AND.match(text, m.end())
        if joiner is None:
            break
        pos = joiner.end()
    return found


def find_title(ctx: Context, text: str, items: Sequence[int] = ()) -> str | None:
    """The plan's own name, from the most telling place that gives one. A notice that issues
    several documents names the one that carries the plan's items (`items`: where targets
    and tasks start in the source)."""
    view = ctx.view.text[: _HEAD * 2]
    for _name, rule in _TITLE_RULES:
        for m in rule.finditer(view):
            if not _inside_citation(view, m.start()):
                titles = _issued_together(view, m, ctx)
                return _governing(titles, text, items) if len(titles) > 1 else titles[0]
    labelled = labelled_fields(text).get("title")
    if labelled is not None:
        return _clean(ctx.view.source[labelled[0] : labelled[1]])
    return _title_line(text, ctx.view.source)


def _title_line(text: str, source: str) -> str | None:
    """A title standing alone in the first lines, perhaps broken over two of them, with its
    period when that stands on the next line (行动计划 / （2021-2023年）)."""
    lines = _head_lines(text)
    for i, (start, end) in enumerate(lines):
        line = text[start:end].strip()
        if is_menu(line) or _ATTACHMENT_LINE.match(line) or _HEADING.match(line):
            continue  # a site's menu line, or 附件1, is never part of the title below it
        nexts = [lines[i + 1][1]] if i + 1 < len(lines) else []
        for n, stop in enumerate([end, *nexts]):
            joined = re.sub(r"\s*\n\s*", "", text[start:stop]).strip()
            if _TITLE_LINE.match(joined) and "《" not in joined:
                after = i + 1 + n
                if after < len(lines) and _PERIOD_LINE.match(text[slice(*lines[after])]):
                    stop = lines[after][1]
                return _clean(source[start:stop])
    return None


_LISTED = re.compile(r"\s*(?:、|和|及|以及|与)?\s*《(?P<t>[^》]{2,150})》")
_AND_GENRE = re.compile(rf"{_GENRE_END}(?P<and>以及|和|及|与|、)(?=[^和及与、]{{4,}}{_GENRE_END}(?:$|和|及|与|、))")


def _issued_together(view: str, m: re.Match[str], ctx: Context) -> list[str]:
    """Every document the notice issues: 现将《A》《B》和《C》印发 or 关于印发A和B的通知."""
    first = _clean(ctx.view.source_text(*m.span("t")))
    if view[m.start("t") - 1 : m.start("t")] != "《":  # 关于印发A和B的通知: split after a genre word
        cuts = [c.start("and") for c in _AND_GENRE.finditer(m.group("t"))]
        if not cuts:
            return [first]
        bounds = [m.start("t"), *(m.start("t") + c for c in cuts), m.end("t")]
        pieces = [ctx.view.source_text(a, b) for a, b in pairwise(bounds)]
        return [_clean(re.sub(r"^(?:和|及|以及|与|、)", "", p)) for p in pieces]
    titles = [first]
    pos = m.end("t") + 1
    while (more := _LISTED.match(view, pos)) is not None:
        titles.append(_clean(ctx.view.source_text(*more.span("t"))))
        pos = more.end()
    return titles


def _governing(titles: list[str], text: str, items: Sequence[int]) -> str:
    """The issued document whose part of the text holds most targets and tasks: each part
    runs from the document's title line in the body to the next one's. The first wins a tie,
    and when the body does not print the titles (an attachment left out)."""
    starts = sorted((at, i) for i, title in enumerate(titles) if (at := _title_line_at(text, title)) >= 0)
    if not starts:
        return titles[0]
    ends = [at for at, _ in starts[1:]] + [len(text)]
    held = [(sum(a <= p < b for p in items), -i) for (a, i), b in zip(starts, ends, strict=True)]
    best = max(range(len(held)), key=lambda k: held[k])
    return titles[starts[best][1]] if held[best][0] > 0 else titles[0]


def _title_line_at(text: str, title: str) -> int:
    """Where `title` stands alone on a line (perhaps broken over lines), or -1."""
    chars = [re.escape(c) for c in re.sub(r"\s+", "", fold(title))]
    m = re.search(r"(?m)^[ \t]*" + r"\s*".join(chars) + r"[ \t]*$", text)
    return m.start() if m else -1


def _inside_citation(text: str, pos: int) -> bool:
    """Whether pos falls inside 《…》: words there belong to the cited policy. A 《 followed
    by another 《 before its 》 was never closed (a copied page cut off a title line)."""
    opened = text.rfind("《", 0, pos)
    return opened >= 0 and text.find("》", opened) > pos and "《" not in text[opened + 1 : pos + 1]


def find_date_and_issuer(text: str, source: str) -> tuple[str | None, str | None]:
    """The signature block: issuer line(s) then a date line, at the end or at the top.

    At the top a date line counts only under an issuer or after the 印发 sentence: a lone
    date at the head of a news page is the paper's."""
    tail_at = max(0, len(text) - _TAIL)
    for pos, date in reversed(_date_lines(text, tail_at, len(text))):
        issuer = _issuer_above(text, source, pos)
        if issuer or pos > tail_at:
            return date, issuer or _signed_above(text, source, pos)
    for pos, date in _date_lines(text, 0, min(_HEAD, tail_at)):
        issuer = _issuer_above(text, source, pos)
        if issuer or re.search(r"印发给你们|现将|现印发", text[:pos]):
            return date, issuer
    labels = labelled_fields(text)
    labelled_date = _as_date(text[slice(*labels["issue_date"])]) if "issue_date" in labels else None
    labelled_issuer = _clean(source[slice(*labels["issuer"])]) if "issuer" in labels else None
    return labelled_date, labelled_issuer


def _as_date(text: str) -> str | None:
    """ISO date of a text that is a date and nothing else."""
    body = text.strip()
    m = DATE.fullmatch(body) or NUMERIC_DATE.fullmatch(body)
    return iso_date(m) if m else None


def _date_lines(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """(position, ISO date) of every line in [start, end) that is a date and nothing else."""
    found = []
    for m in _DATE_LINE.finditer(text[:end], start):
        date = _as_date(m.group("d"))
        if date:
            found.append((m.start(), date))
    return found


def _issuer_above(text: str, source: str, pos: int) -> str | None:
    """Issuer line(s) right above a date line; a joint signature gives two, kept in order."""
    found: list[str] = []
    for m in reversed(list(re.finditer(r"[^\n]*\n", text[max(0, pos - 200) : pos]))):
        line = m.group(0).strip()
        if not line:
            continue
        if not _ISSUER_LINE.match(line) or len(found) == 2:
            break
        start = max(0, pos - 200) + m.start()
        found.insert(0, _spaced_out(source[start : start + len(m.group(0))].strip()))
    return " ".join(found) or None


# The signature over the date that ends a document, whatever the body is called (合肥市总工会,
# 国网安徽省电力有限公司, 合肥海关): one short line of names, no sentence, title or heading.
_SIGNATURE_LINE = re.compile(r"^[\u4e00-\u9fff][\u4e00-\u9fff() ]{1,38}[\u4e00-\u9fff)]$")
_NOT_SIGNATURE = re.compile(rf"^(?:附\s*件|抄送|印发|联系人|第[一二三四五六七八九十\d])|{_GENRE_END}$")


def _signed_above(text: str, source: str, pos: int) -> str | None:
    """The line right above the document's last date line, when it reads as a signature."""
    base = max(0, pos - 200)
    for m in reversed(list(re.finditer(r"[^\n]*\n", text[base:pos]))):
        line = m.group(0).strip()
        if not line:
            continue
        if not _SIGNATURE_LINE.match(line) or _NOT_SIGNATURE.search(line):
            return None
        return _spaced_out(source[base + m.start() : base + m.end()].strip())
    return None


def _spaced_out(line: str) -> str:
    """安 徽 省 人 民 政 府 (a justified PDF line) → 安徽省人民政府; 中共X市委　X市人民政府 kept."""
    parts = line.split()
    return "".join(parts) if all(len(p) == 1 for p in parts) else " ".join(parts)


def news_issuer(ctx: Context) -> str | None:
    """X in X印发《…》, for a news item that reports a policy."""
    head = ctx.view.text[: _HEAD * 2]
    m = _NEWS_ISSUER.search(head) if _NEWS_VERB.search(head) else None
    if m is None:
        return None
    who = _clean(ctx.view.source_text(*m.span("who")))
    return _TIME_WORDS.sub("", who) or None


# A document's own heading names its issuer before 关于 (发文机关标志): 包头市人民政府关于…的实施意见,
# 安徽省人民政府办公厅关于印发…的通知. Not a forwarding notice's (X转发Y关于…): Y did not issue it.
_HEADING_ISSUER = re.compile(
    rf"^(?P<org>[\u4e00-\u9fff][\u4e00-\u9fff ]{{1,80}}?{_ORGAN}) ?关于[^\n。]{{2,120}}?{_GENRE_END}"
    r"(?:\([^()\n]{2,20}\))?$"
)

_NOT_ISSUER = re.compile(r"转发|^(?:为|根据|按照|贯彻|落实|依据|关于)")


def heading_issuer(text: str, source: str) -> str | None:
    """The issuer a document's heading line names, when no signature does (the document was
    copied without its last lines): the heading is the first line of the header block
    reading ORGAN关于…(意见|通知|方案…)."""
    for start, end in _head_lines(text):
        raw = text[start:end]
        line = raw.strip()
        if "。" in line:
            return None  # the body has begun: a policy named there is a cited one
        if not line or is_menu(line):
            continue
        found = _HEADING_ISSUER.match(line)
        if found and not _NOT_ISSUER.search(found.group("org")):
            offset = start + len(raw) - len(raw.lstrip())
            return _spaced_out(source[offset + found.start("org") : offset + found.end("org")].strip())
    return None


def _head_lines(text: str) -> list[tuple[int, int]]:
    """[start, end) of the first 12 lines holding anything, in the header block: where a
    title and the heading's issuer stand."""
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text[:_HEAD])][:12]


def find_meta(
    ctx: Context, *, targets: Sequence[Target] = (), indicators: Sequence[IndicatorRow] = (),
    tasks: Sequence[Task] = (),
) -> Meta:
    source = ctx.view.source
    text = ctx.view.folded or fold(source)  # same offsets as the source; lines as printed
    issue_date, issuer = find_date_and_issuer(text, source)
    issuer = issuer or news_issuer(ctx) or heading_issuer(text, source)
    implements = find_implements(ctx)
    title = find_title(ctx, text, items=[t.span.start for t in (*targets, *tasks) if t.span is not None])
    if ctx.view.glossed:  # names cut from a mirror's glossed copy: 關(guan) 於(yu)… → 關於…
        title, issuer = (without_glosses(n) if n else n for n in (title, issuer))
        implements = tuple(PolicyRef(title=without_glosses(r.title) if r.title else r.title,
                                     doc_number=r.doc_number) for r in implements)
    return Meta(
        title=title,
        doc_number=find_doc_number(text, source),
        issue_date=issue_date,
        issuer=issuer,
        region=governed_region(text, issuer=issuer, cited=[r.title or "" for r in implements]),
        horizon=horizon(ctx, title, targets, indicators),
        implements=implements,
    )


def horizon(
    ctx: Context, title: str | None, targets: Sequence[Target], indicators: Sequence[IndicatorRow]
) -> int | None:
    """The last year the plan sets a goal for: target years, indicator columns, 到20XX年 in a
    goal section, and the end of the plan's own period (行动计划(2018—2020年))."""
    years = [t.year for t in targets if t.year is not None]
    years += [int(y) for row in indicators for y, v in row.values.items() if v is not None and y.isdigit()]
    text = ctx.view.text
    for m in _GOAL_YEAR.finditer(text):
        if any("目标" in s.title for s in ctx.outline.chain(m.start())):
            years.append(int(m.group(1)))
    period = _PERIOD.search(fold(title or ""))
    if period:
        years.append(int(period.group(2)))
    return max(years) if years else None
