"""Facts → the circular's content: every sentence, table and chart, decided here once.

The outline follows design/circular.md §5: 导语; 一、总体情况 ((一) 主要指标, (二) 重点任务,
(三) 重点项目); 二、分地区推进情况; 三、分部门落实情况; 四、存在的问题; 五、下一步工作要求;
附件说明, 署名, 成文日期, 附注; 附件1–4 (the full tables); 数据说明; 版记. With `facts.comparisons`
(--compare): the 对标 top line in （一）主要指标 and one 对标情况表 per linked plan (附件5, 6, …).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from planwatch.circular import wording as w
from planwatch.circular.model import (
    Attachment,
    Block,
    Cell,
    Chart,
    Circular,
    CircularFacts,
    Colour,
    ComparisonFact,
    Heading,
    IndicatorFact,
    Para,
    RegionFact,
    Table,
    TaskFact,
)

COLOUR_WORD: dict[str | None, Colour] = {"red": "红", "yellow": "黄", "blue": "蓝", None: ""}
LAGGING = ("moderate", "limited", "deterioration", "missed")
STATUS_ORDER = ("已完成", "进度正常", "需加快", "进展缓慢", "倒退", "未完成", "待数据", "无基期", "无数据")
ATTACHMENTS = ("主要指标进展情况表", "重点任务督办清单", "“三未”项目清单", "地区推进情况排名表")
THREE_NOTS = {"approved_not_started": "立项未开工", "started_not_building": "开工未建设",
              "building_not_completed": "建设未竣工"}


def indicator_colour(f: IndicatorFact, threshold: float = 10.0) -> Colour:
    """红: seriously behind (进展缓慢/倒退/未完成, or > 3× the threshold behind 序时);
    黄: behind (需加快, or more than the threshold behind); otherwise none."""
    if f.status in ("limited", "deterioration", "missed") or (f.gap is not None and f.gap < -3 * threshold):
        return "红"
    if f.status == "moderate" or (f.gap is not None and f.gap < -threshold):
        return "黄"
    return ""


def build(facts: CircularFacts, *, layout: str = "tongbao", lead: str | None = None,
          requirements: Sequence[str] | None = None, issued: date | None = None) -> Circular:
    """The circular of `facts`; `lead` and `requirements` replace the generated 导语 and
    下一步工作要求 (the planner's edits on the page)."""
    p, period = facts.profile, facts.period
    number = facts.issue_number or (p.next_number if layout == "tongbao" else p.next_issue)
    tables = _tables(facts)
    charts = _charts(facts)
    body: list[Block] = [Para(lead or _lead(facts))]
    body += _overall(facts, tables, charts)
    body += _by_region(facts, tables["地区排名"], charts["regions"])
    body += _by_department(facts)
    body += _problems(facts)
    body += [Heading(1, "五、下一步工作要求")]
    body += [Para(t) for t in w.requirements(list(requirements) if requirements else _requirements(facts))]
    attachments = tuple(Attachment(i, title, tables[key]) for i, (title, key) in enumerate(
        zip(ATTACHMENTS, ("指标进展", "任务督办", "三未清单", "地区排名"), strict=True), 1))
    attachments += tuple(Attachment(len(ATTACHMENTS) + i, title, table)
                         for i, (title, table) in enumerate(_comparison_tables(facts), 1))
    day = issued or facts.generated_at.date()
    return Circular(
        layout=layout, region=facts.region, period=period,
        mark=p.mark if layout == "tongbao" else p.bulletin,
        doc_number=w.doc_number(p.number_prefix, day.year, number) if layout == "tongbao"
        else f"{day.year}年第{number}期",
        title_lines=tuple(w.break_title(_title(facts))), recipients=p.recipients.rstrip("：:") + "：",
        body=tuple(body), attachments=attachments, issuer=p.issuer, date=day, note="（此件公开发布）",
        cc=f"抄送：{p.cc.rstrip('。')}。" if p.cc else "", printed=p.issuer if layout == "tongbao" else p.editor,
        data_note=_data_note(facts), generated_at=facts.generated_at, charts=tuple(charts.values()),
    )


def _title(facts: CircularFacts) -> str:
    if len(facts.plans) == 1:
        return f"关于{facts.period.label}《{facts.plans[0][1]}》实施推进情况的通报"
    return f"关于{facts.period.label}{facts.region}规划实施推进情况的通报"


def _status_counts(facts: CircularFacts) -> Counter[str]:
    return Counter(f.status_label for f in facts.indicators)


def _counted(counts: Counter[str]) -> str:
    return "、".join(f"{label}{counts[label]}项" for label in STATUS_ORDER if counts[label])


def _lead(facts: CircularFacts) -> str:
    n = len(facts.indicators)
    known = sum(1 for f in facts.indicators if f.actual is not None)
    head = (f"为及时掌握规划实施进展，压实工作责任，根据规划实施监测评估工作安排，我们对截至{w.date_cn(facts.as_of)}"
            f"的指标、任务和项目推进情况进行了调度。现将{facts.period.label}有关情况通报如下。")
    if not n:
        return head
    return head + f"纳入监测的{n}项指标中，{known}项有本期数据；{_counted(_status_counts(facts))}。"


def _overall(facts: CircularFacts, tables: dict[str, Table], charts: dict[str, Chart]) -> list[Block]:
    out: list[Block] = [Heading(1, "一、总体情况"), Heading(2, "（一）主要指标")]
    out.append(Para(_indicator_sentence(facts)))
    if facts.comparisons:
        out.append(Para(_comparison_sentence(facts)))
    out += [_excerpt(tables["指标进展"], 1), charts["status"]]
    out += [Heading(2, "（二）重点任务"), Para(_task_sentence(facts)), tables["部门督办"]]
    out += [Heading(2, "（三）重点项目"), Para(_project_sentence(facts)), tables["项目推进"]]
    if facts.investment:
        out.append(charts["investment"])
    return out


BODY_ROWS = 15


def _excerpt(table: Table, attachment: int) -> Table:
    """The body's 表1: the indicators with figures, the most behind first, at most BODY_ROWS;
    every indicator is in the attachment."""
    rows = [r for r in table.rows if r[4] is not None]
    rows.sort(key=lambda r: (r[8] if isinstance(r[8], float) else 0.0, r[0] if isinstance(r[0], int) else 0))
    note = f"（有本期数据的{len(rows)}项" + (f"，列出差距最大的{BODY_ROWS}项" if len(rows) > BODY_ROWS else "") + \
        f"；全部指标见附件{attachment}）"
    return replace(table, key="主要指标", rows=tuple(rows[:BODY_ROWS]), summary=True, unit_note=note,
                   empty_note=f"本期各项指标均无数据（全部指标见附件{attachment}）。")


def _indicator_sentence(facts: CircularFacts) -> str:
    if not any(f.actual is not None for f in facts.indicators):
        return f"{facts.period.label}各项指标均无数据报送，无法评估进展，请各责任单位尽快报送。"
    counts = _status_counts(facts)
    lagging = [f for f in facts.indicators if f.status in LAGGING]
    before = [f for f in facts.indicators if f.previous_gap is not None and f.previous_gap < -facts.lag_threshold]
    now_behind = [f for f in facts.indicators if f.gap is not None and f.gap < -facts.lag_threshold]
    change = ""
    if any(f.previous_gap is not None for f in facts.indicators):
        delta = len(now_behind) - len(before)
        change = (f"慢于序时进度{w.number(facts.lag_threshold, 0)}个百分点以上的指标{len(now_behind)}项，"
                  + (f"{facts.period.since}增加{delta}项" if delta > 0 else
                     f"{facts.period.since}减少{-delta}项" if delta < 0 else f"与{facts.period.since[1:]}持平") + "。")
    return (f"纳入监测的{len(facts.indicators)}项指标中，{_counted(counts)}；"
            f"进度滞后的{len(lagging)}项，占{w.percent(len(lagging) / len(facts.indicators))}。{change}")


COMPARE_COLUMNS = ("上级指标", "目标值", "本级指标", "目标值", "结论", "依据")


def _comparison_sentence(facts: CircularFacts) -> str:
    """The 对标 page's top line for each plan with a parent (named when the circular covers
    several plans), and where its table is."""
    several = len(facts.plans) > 1
    lines = "".join((c.name if several else "") + c.top_line.rstrip("。") + "。" for c in facts.comparisons)
    first = len(ATTACHMENTS) + 1
    where = f"附件{first}" if len(facts.comparisons) == 1 else f"附件{first}—{first + len(facts.comparisons) - 1}"
    return f"{lines}逐项对标情况见{where}。"


def _comparison_tables(facts: CircularFacts) -> list[tuple[str, Table]]:
    """One 对标情况表 per plan with a parent link: the attachment's title and its table."""
    single = len(facts.comparisons) == 1
    out = []
    for i, c in enumerate(facts.comparisons, 1):
        title = "对标情况表" if single else f"{c.name}对标情况表"
        out.append((title, _comparison_table(c, "对标情况" if single else f"对标情况{i}")))
    return out


def _comparison_table(c: ComparisonFact, key: str) -> Table:
    return Table(key, f"{c.name}对标《{c.parent_title}》", COMPARE_COLUMNS, tuple(c.rows),
                 empty_note="上级规划无可对标的量化指标。")


def _task_sentence(facts: CircularFacts) -> str:
    tasks = facts.tasks
    if not tasks:
        return "本期无纳入督办的重点任务。"
    done = sum(1 for t in tasks if t.state == "已完成")
    overdue = sum(1 for t in tasks if t.overdue)
    colours = Counter(t.colour for t in tasks)
    new_red = sum(1 for t in tasks if t.colour == "red" and t.previous_colour != "red")
    closed = sum(1 for t in tasks if t.previous_colour and t.state == "已完成")
    on_pace = len(tasks) - done - overdue
    return (f"纳入督办的重点任务{len(tasks)}项，已完成{done}项、按序时推进{on_pace}项、逾期未完成{overdue}项。"
            f"实行“蓝、黄、红”三色预警督办，现有红色{colours['red']}项、黄色{colours['yellow']}项、蓝色{colours['blue']}项；"
            f"本期新增红色督办{new_red}项，办结销号{closed}项。")


def _project_sentence(facts: CircularFacts) -> str:
    if not facts.rates or all(r.planned == 0 for r in facts.rates):
        return "本期无纳入调度的重点项目。"
    parts = []
    for r in facts.rates:
        if r.planned == 0 or r.rate is None:
            continue
        text = f"{r.name}{w.percent(r.rate)}（{w.count(r.done)}/{w.count(r.planned)}）" if r.name != "投资完成率" \
            else f"投资完成率{w.percent(r.rate)}，{w.against_pace(r.rate * 100 - facts.period.elapsed * 100)}"
        if r.previous_rate is not None:
            text += "，" + w.change_in_points((r.rate - r.previous_rate) * 100, facts.period.since)
        parts.append(text)
    nots = "、".join(f"{label}{len(facts.three_nots.get(key, ()))}个" for key, label in THREE_NOTS.items())
    return "重点项目" + "；".join(parts) + f"。“三未”项目中，{nots}。"


def _ranked(facts: CircularFacts) -> list[RegionFact]:
    scored = [r for r in facts.regions if r.score is not None]
    return sorted(scored, key=lambda r: (-(r.score or 0), r.region))


def _previous_ranks(facts: CircularFacts) -> dict[str, int]:
    before = sorted((r for r in facts.regions if r.previous_score is not None),
                    key=lambda r: (-(r.previous_score or 0), r.region))
    return {r.region: i for i, r in enumerate(before, 1)}


def _by_region(facts: CircularFacts, table: Table, chart: Chart) -> list[Block]:
    out: list[Block] = [Heading(1, "二、分地区推进情况")]
    ranked = _ranked(facts)
    if not ranked:
        return [*out, Para("本期各地区均无可比数据，未作排名。")]
    prev = _previous_ranks(facts)
    moves = [f"{r.region}{w.rank_move(prev.get(r.region), i, facts.period.since)}"
             for i, r in enumerate(ranked, 1) if prev.get(r.region) not in (None, i)]
    text = f"按指标{facts.score_name}排序，{w.tiers([r.region for r in ranked])}。"
    if moves:
        text += "位次变化较大的是：" + "，".join(moves[:5]) + "。"
    silent = [r.region for r in facts.regions if not r.reported]
    if silent:
        text += f"{w.joined(silent)}本期未报送数据。"
    return [*out, Para(text), table, chart]


def _by_department(facts: CircularFacts) -> list[Block]:
    out: list[Block] = [Heading(1, "三、分部门落实情况")]
    rows = _department_rows(facts.tasks)
    behind = [(name, r) for name, r in rows.items() if r["逾期"]]
    if not facts.tasks:
        return [*out, Para("本期无纳入督办的重点任务。")]
    if not behind:
        return [*out, Para(f"各牵头单位共牵头任务{len(facts.tasks)}项，均按序时推进或已完成。")]
    behind.sort(key=lambda item: (-item[1]["红"], -item[1]["逾期"], item[0]))
    named = "；".join(f"{name}牵头的{r['逾期']}项任务逾期未完成" + (f"（其中红色督办{r['红']}项）" if r["红"] else "")
                     for name, r in behind[:5])
    return [*out, Para(f"{named}。请以上单位加快工作节奏，确保按期完成。")]


def _department_rows(tasks: Sequence[TaskFact]) -> dict[str, Counter[str]]:
    rows: dict[str, Counter[str]] = {}
    for t in tasks:
        for unit in t.lead or ("未明确牵头单位",):
            c = rows.setdefault(unit, Counter())
            c["牵头"] += 1
            c["已完成"] += t.state == "已完成"
            c["逾期"] += t.overdue
            c["按序时"] += t.state != "已完成" and not t.overdue
            c[COLOUR_WORD[t.colour] or "无"] += 1
    return dict(sorted(rows.items()))


def _problems(facts: CircularFacts) -> list[Block]:
    items: list[str] = []
    behind = sorted((f for f in facts.indicators if f.gap is not None and f.gap < -facts.lag_threshold),
                    key=lambda f: f.gap or 0)
    if behind:
        items.append("部分指标进展滞后。" + "；".join(
            f"{f.region or facts.region}{f.metric}{w.against_pace(f.gap)}" for f in behind[:8]) + "。")
    red = [t for t in facts.tasks if t.colour == "red"]
    if red:
        items.append("部分任务严重逾期。" + "；".join(
            f"由{w.joined(t.lead) or '有关单位'}负责的“{t.title}”逾期未完成" for t in red[:8]) + "，已列入红色督办。")
    nots = [(label, facts.three_nots.get(key, ())) for key, label in THREE_NOTS.items()]
    if any(names for _, names in nots):
        items.append("部分项目推进缓慢。" + "；".join(f"{w.joined(names[:6])}{label}" for label, names in nots if names) + "。")
    silent = [r.region for r in facts.regions if not r.reported]
    if silent:
        items.append(f"数据报送不及时。{w.joined(silent)}本期未报送监测数据。")
    if not any(f.actual is not None for f in facts.indicators):
        items.append("本期各项指标均无数据报送。")
    out: list[Block] = [Heading(1, "四、存在的问题")]
    if not items:
        return [*out, Para("本期未发现明显滞后的指标、任务和项目。")]
    return out + [Para(text, lead=f"{i}.") for i, text in enumerate(items, 1)]


def _requirements(facts: CircularFacts) -> list[str]:
    behind = sum(1 for f in facts.indicators if f.gap is not None and f.gap < -facts.lag_threshold)
    red = sum(1 for t in facts.tasks if t.colour == "red")
    nots = sum(len(v) for v in facts.three_nots.values())
    month = facts.period.last % 12 + 1
    return [
        f"聚焦滞后指标补短板。对慢于序时进度的{behind}项指标，相关责任单位要认真分析原因，倒排时间节点，确保按期完成年度目标",
        f"压实督办责任。对{red}项红色督办任务，牵头单位要明确整改时限，逾期未办结的将予以约谈，实行“蓝、黄、红”三单预警督办，直至办结销号",
        f"加快项目建设。对{nots}个“三未”项目逐一会商，推动立项项目早开工、开工项目早建设、在建项目早竣工",
        f"按时报送数据。请各地区、各部门于{month}月{facts.profile.report_day}日前报送下期推进情况，未按时报送的将予以通报",
    ]


def _data_note(facts: CircularFacts) -> tuple[str, ...]:
    return (
        f"数据截止日期：{w.date_cn(facts.as_of)}。",
        "数据来源：planwatch 监测数据库（各地区、各部门报送的统计数据和任务、项目进展）" +
        (f"，{w.joined(facts.sources[:5])}" if facts.sources else "") + "。",
        f"状态口径：完成率为基期至目标的完成比例，序时进度按时间进度计算；差距为完成率减去序时进度（个百分点）；"
        f"慢于序时进度{w.number(facts.lag_threshold, 0)}个百分点以上标黄，{w.number(3 * facts.lag_threshold, 0)}个百分点以上或进展缓慢、倒退的标红；"
        "任务逾期30日以内标黄、30日以上标红，7日内到期标蓝。",
        f"生成时间：{facts.generated_at:%Y-%m-%d %H:%M}。",
    )


# --- tables and charts ---------------------------------------------------------------------

def _pct(x: float | None) -> float | None:
    return None if x is None else w.official_round(x * 100, 1)


def _tables(facts: CircularFacts) -> dict[str, Table]:
    ind = tuple(
        (i, f.metric + (f"（{f.region}）" if f.region and f.region != facts.region else ""), f.unit or "",
         f.target, f.actual, _pct(None if f.actual is None or not f.previous_actual else f.actual / f.previous_actual - 1),
         _pct(f.completion), _pct(f.elapsed), None if f.gap is None else w.official_round(f.gap, 1), f.status_label,
         indicator_colour(f, facts.lag_threshold),
         None if f.gap is None or f.previous_gap is None else w.official_round(f.gap - f.previous_gap, 1))
        for i, f in enumerate(facts.indicators, 1))
    tasks = tuple(
        (i, t.title, w.joined(t.lead), w.joined(t.support), t.deadline.isoformat() if t.deadline else "",
         t.state, t.percent, COLOUR_WORD[t.colour])
        for i, t in enumerate(facts.tasks, 1))
    depts = tuple((name, c["牵头"], c["已完成"], c["按序时"], c["逾期"], c["红"], c["黄"], c["蓝"])
                  for name, c in _department_rows(facts.tasks).items())
    rates = tuple((r.name, r.planned, r.done, _pct(r.rate),
                   w.official_round(facts.period.elapsed * 100, 1) if r.name == "投资完成率" else None,
                   None if r.rate is None or r.name != "投资完成率" else w.official_round(r.rate * 100 - facts.period.elapsed * 100, 1),
                   None if r.rate is None or r.previous_rate is None else w.official_round((r.rate - r.previous_rate) * 100, 1))
                  for r in facts.rates)
    nots = tuple((i, label, name) for i, (label, name) in enumerate(
        ((label, n) for key, label in THREE_NOTS.items() for n in facts.three_nots.get(key, ())), 1))
    prev = _previous_ranks(facts)
    ranked = _ranked(facts)
    regions: tuple[tuple[Cell, ...], ...] = tuple((r.region, _pct(r.score) if facts.score_name == "完成率" else r.score, i,
                     w.rank_change_cell(prev.get(r.region), i), _tier(i, len(ranked)), r.indicators, r.lagging)
                    for i, r in enumerate(ranked, 1))
    regions += tuple((r.region, None, None, "", "未报送", r.indicators, r.lagging) for r in facts.regions if r.score is None)
    return {
        "指标进展": Table("指标进展", "表1 主要指标进展表",
                      ("序号", "指标", "单位", "目标值", "本期实际", "同比(%)", "完成率(%)", "序时进度(%)",
                       "差距(百分点)", "状态", "预警", "较上期(百分点)"), ind, colour_column=10),
        "部门督办": Table("部门督办", "表2 重点任务分部门推进情况表",
                      ("牵头单位", "牵头任务", "已完成", "按序时", "逾期", "红", "黄", "蓝"), depts,
                      empty_note="本期无纳入督办的重点任务。"),
        "任务督办": Table("任务督办", "重点任务督办清单",
                      ("序号", "任务", "牵头单位", "配合单位", "完成时限", "状态", "进度(%)", "预警"), tasks,
                      colour_column=7, empty_note="本期无纳入督办的重点任务。"),
        "项目推进": Table("项目推进", "表3 重点项目推进率表",
                      ("指标", "应完成", "已完成", "完成率(%)", "序时进度(%)", "差距(百分点)", "较上期(百分点)"), rates,
                      unit_note="投资单位：万元", empty_note="本期无纳入调度的重点项目。"),
        "三未清单": Table("三未清单", "“三未”项目清单", ("序号", "类别", "项目"), nots, empty_note="本期无“三未”项目。"),
        "地区排名": Table("地区排名", "表4 地区推进情况排名表",
                      ("地区", facts.score_name + ("(%)" if facts.score_name == "完成率" else ""), "排名", "位次变化",
                       "等次", "有数据指标", "滞后指标"), regions, empty_note="本期各地区均无可比数据。"),
    }


def _tier(rank: int, n: int) -> str:
    """等次 by thirds: 好 / 较好 / 一般."""
    if n < 3:
        return "好"
    return "好" if rank <= n / 3 else "较好" if rank <= 2 * n / 3 else "一般"


def _charts(facts: CircularFacts) -> dict[str, Chart]:
    counts = _status_counts(facts)
    labels = tuple(label for label in STATUS_ORDER if counts[label])
    ranked = _ranked(facts)
    return {
        "status": Chart("status", "图1 主要指标进展状态分布", "bar", labels,
                        (("指标数", tuple(float(counts[label]) for label in labels)),), y_label="项"),
        "investment": Chart("investment", "图2 重点项目累计投资完成率与序时进度", "line",
                            tuple(m for m, _, _ in facts.investment),
                            (("投资完成率", tuple(v for _, v, _ in facts.investment)),
                             ("序时进度", tuple(s for _, _, s in facts.investment))), y_label="%"),
        "regions": Chart("regions", f"图3 各地区指标{facts.score_name}", "bar", tuple(r.region for r in ranked),
                         ((facts.score_name, tuple(_pct(r.score) if facts.score_name == "完成率" else r.score
                                                   for r in ranked)),),
                         reference=("序时进度", w.official_round(_pace(facts) * 100, 1))
                         if facts.score_name == "完成率" else None,
                         colours=tuple(_region_colour(r, facts) for r in ranked), y_label="%"),
    }


def _region_colour(r: RegionFact, facts: CircularFacts) -> Colour:
    if r.score is None:
        return ""
    gap = (r.score - _pace(facts)) * 100
    return "红" if gap < -3 * facts.lag_threshold else "黄" if gap < -facts.lag_threshold else "蓝"


def _pace(facts: CircularFacts) -> float:
    """The 序时进度 regions are compared with: the mean of their indicators' (multi-year
    plans run on their own clock), else the year's share of months gone."""
    paces = [f.elapsed for f in facts.indicators if f.elapsed is not None]
    return sum(paces) / len(paces) if paces else facts.period.elapsed
