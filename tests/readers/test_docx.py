"""Word documents: paragraphs and tables in body order, merged cells as in the text layout."""

from __future__ import annotations

from pathlib import Path

from planwatch.readers import read_document

ASSETS = Path(__file__).parents[1] / "assets"


def lines_of(name: str) -> list[str]:
    return read_document(ASSETS / name).text.split("\n")


def test_indicator_row_is_one_tab_separated_line() -> None:
    assert "\t规模以上工业企业研发机构覆盖率（%）\t14.5\t40\t50" in lines_of("002.docx")


def test_vertically_merged_category_only_in_first_row_of_its_group() -> None:
    lines = lines_of("002.docx")
    first = lines.index("创新能力\t规模以上制造业研发经费内部支出占主营业务收入比重（%）\t0.8\t1\t1.2")
    assert lines[first + 1].startswith("\t规模以上制造业每亿元主营业务收入有效发明专利数（件）\t---")
    assert sum(line.startswith("创新能力") for line in lines) == 1
    assert "绿色发展\t规模以上单位工业增加值能耗下降幅度（%）\t---\t比2015年下降18%\t比2015年下降34%" in lines


def test_tables_stay_where_they_are_in_the_body() -> None:
    lines = lines_of("002.docx")
    heading = lines.index("\u3000\u30002020年和2025年制造业主要指标体系")
    assert lines[heading + 1] == "类别\t指 标\t2014年\t2020年\t2025年"
    assert lines.index("\u3000\u3000三、主要任务") == heading + 14  # header and 12 indicator rows
    annex = lines.index("\u3000\u3000重点任务分工方案")
    assert lines[annex + 1] == "序号\t任 务\t牵头部门\t参加部门"
    assert len(lines) == annex + 27  # header and 25 task rows close the document


def test_task_row_keeps_lead_and_support_columns() -> None:
    row = next(line for line in lines_of("002.docx") if line.startswith("1\t推进制造过程智能化。"))
    assert row.endswith("\t省经济和信息化委\t省发展改革委、省科技厅、省财政厅、省质监局")
    assert row.count("\t") == 3


def test_merges_and_cell_line_breaks() -> None:
    assert lines_of("merged_cells.docx") == [
        "表前段落",
        "横向合并\t表头",
        "纵向合并\t第一行\t分两 行写",
        "\t第二行\t50",
        "表后段落",
    ]
