"""A province circular at scale: 16 cities, 200 indicators, 300 tasks, 500 projects, as
DOCX, PDF and XLSX. The facts are synthetic (built here, deterministic), so the figures
measure the circular itself — content, charts, the three writers — not the database.
Goal: ≤ 5 s for all three on the 2-core machine, build included; the imports and the render
pool's start-up are counted apart (a server pays them once; `--cold` shows a CLI run's first
circular, which pays the pool's start-up). Prints the figures.

    .venv/bin/python benchmarks/circular.py [--out DIR] [--cold]
"""

from __future__ import annotations

import argparse
import io
import random
import time
import zipfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from planwatch.circular import charts, files, pdf_parts, pool
from planwatch.circular.build import build
from planwatch.circular.model import (
    Circular,
    CircularFacts,
    IndicatorFact,
    Profile,
    RateFact,
    RegionFact,
    TaskFact,
)
from planwatch.circular.wording import parse_period

CITIES = ("合肥市", "淮北市", "亳州市", "宿州市", "蚌埠市", "阜阳市", "淮南市", "滁州市", "六安市", "马鞍山市",
          "芜湖市", "宣城市", "铜陵市", "池州市", "安庆市", "黄山市")
METRICS = ("规模以上工业增加值", "战略性新兴产业产值", "高新技术企业数", "工业投资", "研发经费投入强度", "单位GDP能耗下降",
           "数字经济核心产业增加值", "新能源汽车产量", "工业机器人密度", "专精特新企业数")
UNITS = ("亿元", "家", "%", "万辆", "台/万人")
DEPTS = ("省发展改革委", "省经济和信息化厅", "省科技厅", "省财政厅", "省商务厅", "省生态环境厅", "省自然资源厅",
         "省人力资源社会保障厅", "省市场监管局", "省统计局")


def facts(seed: int = 7) -> CircularFacts:
    rnd = random.Random(seed)
    period = parse_period("2026-10")
    indicators = []
    for i in range(200):
        city = CITIES[i % 16]
        completion = rnd.uniform(0.2, 1.1)
        gap = (completion - 0.8) * 100
        status = "achieved" if completion >= 1 else "on_track" if gap > -5 else "moderate" if gap > -20 else "limited"
        label = {"achieved": "已完成", "on_track": "进度正常", "moderate": "需加快", "limited": "进展缓慢"}[status]
        target = float(rnd.randint(10, 5000))
        indicators.append(IndicatorFact(
            plan="anhui", metric=f"{METRICS[i % 10]}{i // 10 + 1}", region=city, unit=UNITS[i % 5], target=target,
            target_year=2027, actual=round(target * completion, 1), actual_period="2026-10",
            previous_actual=round(target * completion * 0.93, 1), completion=completion, elapsed=0.8, gap=gap,
            previous_gap=gap + rnd.uniform(-5, 5), status=status, status_label=label, key=f"{i}:{i % 16}"))
    as_of = date(2026, 10, 31)
    tasks = []
    for i in range(300):
        deadline = as_of + timedelta(days=rnd.randint(-90, 120))
        late = (as_of - deadline).days
        colour = "red" if late > 30 else "yellow" if late > 0 else "blue" if late > -7 else None
        done = rnd.random() < 0.3
        tasks.append(TaskFact(plan="anhui", title=f"推进第{i + 1}项重点任务，加快制造业数字化转型和产业链协同",
                              lead=(DEPTS[i % 10],), support=(DEPTS[(i + 3) % 10],), deadline=deadline,
                              state="已完成" if done else "推进中", percent=100.0 if done else float(rnd.randint(0, 90)),
                              colour=None if done else colour, previous_colour=None, overdue=not done and late > 0))
    names = [f"{CITIES[i % 16]}第{i + 1}号重点项目" for i in range(500)]
    rates = (RateFact("开工率", 180, 141, 141 / 180, 0.74), RateFact("竣工率", 120, 77, 77 / 120, 0.6),
             RateFact("达产率", 60, 41, 41 / 60, 0.66), RateFact("转化率", 90, 52, 52 / 90, 0.55),
             RateFact("投资完成率", 2_400_000, 1_820_000, 0.758, 0.69))
    regions = tuple(RegionFact(c, rnd.uniform(0.5, 1.0), rnd.uniform(0.5, 1.0), 12, rnd.randint(0, 5), i != 15)
                    for i, c in enumerate(CITIES))
    profile = Profile(region="安徽省", issuer="安徽省发展和改革委员会", mark="安徽省发展和改革委员会文件",
                      number_prefix="皖发改规划", next_number=36, recipients="各市人民政府，省直有关单位",
                      cc="省委办公厅，省政府办公厅", editor="安徽省发展和改革委员会规划处", bulletin="规划实施推进情况通报",
                      next_issue=10)
    return CircularFacts(
        region="安徽省", plans=(("anhui", "安徽省制造业高质量发展规划"),), period=period, as_of=as_of,
        generated_at=datetime(2026, 11, 5, 9, 0, tzinfo=UTC), profile=profile, indicators=tuple(indicators),
        tasks=tuple(tasks), rates=rates,
        three_nots={"approved_not_started": tuple(names[:25]), "started_not_building": tuple(names[25:40]),
                    "building_not_completed": tuple(names[40:70])},
        investment=tuple((f"{m}月", 7.5 * m, round(m / 12 * 100, 1)) for m in range(1, 11)), regions=regions)


def _content(fmt: str, data: bytes) -> object:
    """A file's content: the PDF's bytes; a DOCX's or XLSX's zip members (their zip entry
    times, and the XLSX's dcterms:modified that openpyxl sets when saving, are the clock's)."""
    if fmt == "pdf":
        return data
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist() if name != "docProps/core.xml"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=Path("build/circulars/benchmark"))
    parser.add_argument("--cold", action="store_true",
                        help="no pool started beforehand: the first circular of a CLI run pays its start-up")
    args = parser.parse_args()
    t0 = time.perf_counter()
    import matplotlib.pyplot  # noqa: F401  (imports counted apart: a server pays them once)
    import pypdf  # noqa: F401
    import weasyprint  # noqa: F401
    imports = time.perf_counter() - t0
    start_up = 0.0 if args.cold else pool.start()  # the render pool's workers, their imports and a first page
    if args.cold:
        t = time.perf_counter()
        c = build(facts(seed=11))
        files.render_all(c, files.FORMATS)
        cold = time.perf_counter() - t
    t = time.perf_counter()
    c = build(facts())
    figures = {"build": time.perf_counter() - t}
    data = {}
    for fmt in files.FORMATS:  # one at a time, for where the time goes (a large PDF: its parts in the pool)
        t = time.perf_counter()
        data[fmt] = files.render(c, fmt)
        figures[fmt] = time.perf_counter() - t
    t = time.perf_counter()
    whole = files.render_here(c, "pdf")  # the PDF laid out in one process, for comparison
    figures["pdf, one process"] = time.perf_counter() - t
    t = time.perf_counter()
    c = build(facts())  # a new circular, its charts drawn again, as `issue` would
    charts.render.cache_clear()
    together = files.render_all(c, files.FORMATS)  # what `planwatch circular` and the issue button do
    figures["all three"] = time.perf_counter() - t
    assert all(_content(fmt, together[fmt]) == _content(fmt, data[fmt]) for fmt in data), \
        "render_all gave other files than one format at a time"
    files.write_bytes(args.out, "province", data)
    files.write_bytes(args.out, "province-one-process", {"pdf": whole})
    _print(c, data, whole, figures, imports, start_up, cold if args.cold else None)


def _print(c: Circular, data: dict[str, bytes], whole: bytes, figures: dict[str, float], imports: float,
           start_up: float, cold: float | None) -> None:
    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(data["pdf"])).pages)
    assert pages == len(PdfReader(io.BytesIO(whole)).pages), "the parts gave another page count"
    print(f"province circular: 16 cities, 200 indicators, 300 tasks, 500 projects; PDF {pages} pages")
    print(f"imports (matplotlib, pypdf, weasyprint): {imports:.2f} s, once per process")
    if cold is None:
        print(f"render pool start-up ({pool.size()} spawned workers, their imports, a first page): "
              f"{start_up:.2f} s, once per process")
    else:
        print(f"cold: the first circular of a process, the pool started on the way: {cold:.2f} s")
    costs = pdf_parts.segment_costs(c)
    groups = pdf_parts.plan(costs)
    print("  PDF parts (segments, estimated cells): " + "; ".join(
        f"{len(g)} segments, {sum(costs[i] for i in g):.0f}" for g in groups))
    sizes = {"pdf, one process": len(whole), **{k: len(v) for k, v in data.items()}}
    for name, secs in figures.items():
        size = f", {sizes[name] / 1024:.0f} KiB" if name in sizes else ""
        print(f"  {name:16s} {secs:6.2f} s{size}")
    total = figures["all three"]
    print(f"  total  {total:6.2f} s: build and all three as issued (DOCX, XLSX and the PDF's parts in the "
          f"render pool) (goal ≤ 5 s: {'met' if total <= 5 else 'NOT met'})")


if __name__ == "__main__":
    main()
