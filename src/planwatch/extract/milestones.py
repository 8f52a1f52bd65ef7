"""Finder for milestones: dated actions on named projects or works.

A milestone needs three things in one clause: a named subject (…项目, …公司, …工程,
…集中供热, …产业园一期), an action (开工建设, 建成投产, 达产…) and a deadline (6月底前, 年底前,
上半年, 2017年…). The deadline is in the clause or governs the sentence (2017年，确保A达产，
开工建设B项目，C项目达产). Clauses without a deadline are aspirations (促进项目尽快建成投产),
not milestones. Listed subjects are one milestone each (A、B、C等新材料项目 → A项目, B项目, C项目).

Subjects are named works, so they need not end in 项目: what matters is a head that names a
work (`SUBJECT_HEADS`) and a modifier that names which one. The work noun after it (…一期建设)
is not part of the name. A clause that dates only a part of the work (确保10月底前主体完工)
takes its subject from the clause before it in the same sentence (加快推进X一期工程，…).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from planwatch.extract.context import Context
from planwatch.extract.numbers import parse_number
from planwatch.model import Milestone

# Actions, longest first so 开工建设 wins over 开工.
ACTIONS: tuple[str, ...] = (
    "开工建设", "建成投产", "竣工投产", "单班达产", "全面达产", "达产达标", "竣工验收", "建成运营", "投入运营",
    "投入使用", "建成投用", "试生产", "主体完工", "主体竣工", "主体封顶", "全面投产", "正式投产", "建成投运", "开工", "竣工",
    "投产", "达产", "建成", "完工", "完成", "签约", "落地", "投运", "开业", "封顶",
)
# Words a subject ends with: what a named project or work looks like.
SUBJECT_HEADS: tuple[str, ...] = (
    "项目", "工程", "公司", "基地", "产业园", "园区", "电厂", "生产线", "供热", "供气", "供水", "小镇", "中心",
    "工厂", "厂", "大道", "道路", "大桥", "园", "一期", "二期", "三期",
)
# Verbs and connectives that open a clause before its subject: 在确保A…, 新建B项目….
LEADING: tuple[str, ...] = (
    "在", "确保", "保证", "力争", "争取", "推进", "推动", "加快", "督促", "促进", "实现", "新建", "续建",
    "扩建", "启动", "全力", "年内", "同时", "其中", "并", "和", "及", "积极", "全面", "完成", "实施", "引进",
)
# Words between a subject and its deadline (X项目预计今年5月底完工, X力争9月底前完成征地).
TRAILING: tuple[str, ...] = ("预计", "计划", "力争", "争取", "确保", "今年", "年内", "将于", "将", "要", "在", "于")
# Work nouns after a subject that name the activity, not the work (智能制造产业园一期|建设).
WORK_TAILS: tuple[str, ...] = ("建设工作", "建设任务", "技术改造", "升级改造", "建设", "改造", "工作")
# Words that date only a part of a work (确保10月底前|主体|完工): the subject is named earlier.
PARTS: tuple[str, ...] = ("主体工程", "主体结构", "主体", "全部", "整体", "全线", "项目")
GENERIC_SUBJECTS = re.compile(
    r"^(?:重点|招商|一批|各类|所有|全部|新|在建|续建|储备)?(?:招商)?项目$|一批|\d+[个家项座条]"
    r"|^(?:各|全市|全省|全县|全区|所有|相关|有关|部分|其余|重点|现有)"
    r"|^(?:工业|产业|物流|科技|创业|特色|各类)?(?:园区|园|基地|中心|工程)$"
)

# Deadlines: (rule name, pattern); groups y (year), m (month), q (quarter), h (half), e (year end).
_BY = re.compile(
    r"(?P<y>20\d\d)年(?:(?P<ym>\d{1,2})月)?(?P<ye>底|末)?(?:前|以前|之前)?"
    r"|(?P<m>\d{1,2}|十[一二]?|[一二三四五六七八九])月(?:(?:底|末)(?:前|以前|之前)?|(?:\d{1,2}日|中旬|下旬|上旬|份)?(?:前|以前|之前)|份)"
    r"|(?P<e>年底|年末)(?:前|以前|之前)?"
    r"|(?P<h>上半年|下半年)"
    r"|(?:第)?(?P<q>[一二三四1-4])季度(?:末)?(?:前)?"
    r"|(?P<n>年内)"
)
_QUARTER = {"一": 3, "二": 6, "三": 9, "四": 12, "1": 3, "2": 6, "3": 9, "4": 12}
_ACTION = re.compile("|".join(ACTIONS))
_CLAUSE = re.compile(r"[^,;。\n]+")
_SENTENCE_MARKS = "。;"  # and the line break: a sentence is a run of text between them


def _action_sentences(text: str) -> Iterator[tuple[int, int]]:
    """[start, end) of each sentence that names an action, in order, each once.

    Most sentences name none, so the sentences are found from the actions: an action holds
    no mark, so each lies in one sentence, and a sentence holds an action exactly when the
    scan for actions finds one in it. The same sentences as reading every one and
    searching it, without reading the rest.
    """
    end = -1
    for m in _ACTION.finditer(text):
        if m.start() < end:
            continue  # another action of the sentence just read
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end
        start = max(text.rfind(mark, line_start, m.start()) + 1 for mark in _SENTENCE_MARKS)
        ends = [i for i in (text.find(mark, m.end(), line_end) for mark in _SENTENCE_MARKS) if i >= 0]
        end = min(ends, default=line_end)
        yield max(start, line_start), end
_AGENT = re.compile(r"由[^,;。]{2,20}$")


@dataclass(frozen=True)
class Deadline:
    start: int
    end: int
    year: int | None
    month: int | None


def find_milestones(ctx: Context) -> list[Milestone]:
    """Milestones clause by clause; a clause may borrow the sentence's opening deadline and
    the subject of the clause before it."""
    text = ctx.view.text
    found: list[Milestone] = []
    for sent_start, sent_end in _action_sentences(text):
        governing = _governing(text, sent_start, sent_end)
        prev: tuple[int, int] | None = None
        for clause in _CLAUSE.finditer(text, sent_start, sent_end):
            found.extend(_clause_milestones(ctx, clause.start(), clause.end(), governing, prev))
            prev = clause.span()
    return found


def _deadline(m: re.Match[str]) -> Deadline:
    year = int(m["y"]) if m["y"] else None
    month: int | None = None
    if m["ym"]:
        month = int(m["ym"])
    elif m["ye"] or m["e"]:
        month = 12
    elif m["m"]:
        month = int(parse_number(m["m"]) or 0) or None  # 12月 or 十二月
    elif m["h"]:
        month = 6 if m["h"] == "上半年" else 12
    elif m["q"]:
        month = _QUARTER[m["q"]]
    return Deadline(m.start(), m.end(), year, month)


def _governing(text: str, start: int, end: int) -> Deadline | None:
    """A deadline opening the sentence and followed by a comma (2017年，… / 年底前，…)."""
    head = text[start:end].lstrip(" \t\u3000")
    offset = start + len(text[start:end]) - len(head)
    m = _BY.match(text, offset + (2 if head.startswith(("到", "在")) else 0))
    if m and m.end() < end and (text[m.end()] in ",:" or text.startswith(LEADING, m.end())):
        return _deadline(m)  # 年内，… / 年内确保A开工，B竣工: the date opens the whole sentence
    return None


def _clause_milestones(
    ctx: Context, start: int, end: int, governing: Deadline | None, prev: tuple[int, int] | None
) -> Iterator[Milestone]:
    """Milestones of one clause: [subject][deadline][action], [action][subject] or [subject][action]."""
    text = ctx.view.text
    action = _last_action(text, start, end)
    local = [_deadline(m) for m in _BY.finditer(text, start, end) if m.group()]
    by = local[-1] if local else governing
    if action is None or by is None:
        return
    if governing and start <= governing.start < end:  # the clause that opens with the governing date
        start = governing.end + (1 if text[governing.end] in ",:" else 0)
    if local and by.end <= action.start() and by is not governing:  # [subject][deadline][action], [deadline][subject][action]
        names = (subjects(text[start : by.start]) or subjects(text[max(start, by.end) : action.start()])
                 or subjects(text[action.end() : end]))
    else:  # 开工建设X项目, else X项目达产
        names = subjects(text[action.end() : end]) or subjects(text[start : action.start()])
    if not names and prev and _names_a_part(text[start : min(by.start, action.start())] + _between(text, by, action)):
        names, start = _prev_subjects(text, *prev), prev[0]
    fields = ctx.sourced(start + _lead_blank(text, start, end), end)
    by_text = ctx.view.source_text(by.start, by.end)
    for name in names:
        yield Milestone(**fields, subject=name, action=action.group(), by=by_text, year=by.year, month=by.month)


def _between(text: str, by: Deadline, action: re.Match[str]) -> str:
    return text[by.end : action.start()] if by.end <= action.start() else ""


def _names_a_part(phrase: str) -> bool:
    """Whether the words before the action name no work of their own (确保|主体|完工)."""
    rest = _strip_leading(phrase.strip(" \t\u3000将要"), min_left=0)
    for part in PARTS:
        rest = rest.replace(part, "")
    return not rest.strip(" \t\u3000将要在")


def _prev_subjects(text: str, start: int, end: int) -> list[str]:
    """Subjects of the clause before, when it only names the work (加快推进X一期工程)."""
    if _last_action(text, start, end):
        return []
    return subjects(text[start:end])


def _lead_blank(text: str, start: int, end: int) -> int:
    return len(text[start:end]) - len(text[start:end].lstrip(" \t\u3000"))


def _last_action(text: str, start: int, end: int) -> re.Match[str] | None:
    found = list(_ACTION.finditer(text, start, end))
    return found[-1] if found else None


def subjects(phrase: str) -> list[str]:
    """Named subjects in a phrase, one per listed item, each keeping the shared head.

    >>> subjects("PVB下游、精密压铸件、德坤陶瓷等新材料项目")
    ['PVB下游项目', '精密压铸件项目', '德坤陶瓷项目']
    >>> subjects("在确保中材装配式建筑产业园项目")
    ['中材装配式建筑产业园项目']
    >>> subjects("南区集中供热由华能巢湖电厂")
    ['南区集中供热']
    """
    phrase = _strip_trailing(_AGENT.sub("", _strip_leading(phrase.strip(" \t\u3000将要"))))
    for tail in WORK_TAILS:
        if phrase.endswith(tail) and len(phrase) > len(tail) + 2:
            phrase = phrase[: -len(tail)]
            break
    listed, _, shared = phrase.rpartition("等") if "等" in phrase else ("", "", phrase)
    head = next((h for h in SUBJECT_HEADS if shared.endswith(h)), None)
    if head is None:
        return []
    items = [i for i in re.split(r"[、/]", listed) if i] if listed else []
    if not items:
        items = [i for i in re.split(r"、", shared) if i]
    out = [_strip_leading(i) if i.endswith(SUBJECT_HEADS) else _strip_leading(i) + head for i in items]
    return [s for s in out if len(s) > len(head) + 1 and not GENERIC_SUBJECTS.search(s)]


def _strip_trailing(phrase: str) -> str:
    """Drop the words that stand between a subject and its deadline (预计今年, 力争)."""
    changed = True
    while changed:
        changed = False
        phrase = phrase.rstrip(" \t\u3000")
        for word in TRAILING:
            if phrase.endswith(word) and len(phrase) > len(word) + 2:
                phrase, changed = phrase[: -len(word)], True
    return phrase


def _strip_leading(phrase: str, min_left: int = 3) -> str:
    changed = True
    while changed:
        changed = False
        for word in LEADING:
            if phrase.startswith(word) and len(phrase) >= len(word) + min_left:
                phrase, changed = phrase[len(word) :], True
    return phrase
