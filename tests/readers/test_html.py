"""Web pages saved from government sites: the article, in its declared charset, without the site."""

from __future__ import annotations

from pathlib import Path

from planwatch.readers import read_document

ASSETS = Path(__file__).parents[1] / "assets"
EXAMPLES = Path(__file__).parents[2] / "src" / "planwatch" / "examples"


def test_gb18030_page_reads_as_the_article() -> None:
    doc = read_document(ASSETS / "000.html")
    assert doc.format == "html" and doc.encoding == "gb18030" and doc.name == "000"
    assert "到2020年，战略性新兴产业总产值力争达到1500亿元" in doc.text
    assert doc.text.startswith("关于加快培育发展战略性新兴产业的实施意见\n")
    (original,) = EXAMPLES.glob("000_*.txt")
    lines = doc.text.split("\n")
    for para in original.read_text(encoding="utf-8").split("\n"):
        if para.strip():
            assert para in lines  # one line per paragraph, \u3000 indentation kept


def test_site_furniture_is_dropped() -> None:
    text = read_document(ASSETS / "000.html").text
    for junk in ("网站首页", "政务公开", "当前位置", "这段脚本", "text-indent", "分享到", "版权所有",
                 "网站标识码", "请开启", "门户网站"):
        assert junk not in text, junk


def test_data_table_rows_with_rowspan_and_br() -> None:
    assert read_document(ASSETS / "rowspan.html").text.split("\n") == [
        "主要指标",
        "",
        "类别\t指 标\t2020年",
        "创新 能力\t研发机构覆盖率（%）\t40",
        "\t有效发明专利数（件）\t0.7",
        "绿色发展\t另行下达",
        "",
        "表后说明",
    ]


def test_wrong_declared_charset_falls_back_to_the_bytes(tmp_path: Path) -> None:
    path = tmp_path / "wrong.html"
    page = '<html><head><meta charset="utf-8"></head><body><p>到2020年，产值达到100亿元。</p></body></html>'
    path.write_bytes(page.encode("gb18030"))
    doc = read_document(path)
    assert doc.text == "到2020年，产值达到100亿元。"
    assert doc.encoding == "gb18030"


def test_gb2312_declaration_reads_gbk_characters(tmp_path: Path) -> None:
    path = tmp_path / "old.htm"
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head>'
            "<body><div>镕&nbsp;基\u3000计划</div></body></html>")
    path.write_bytes(page.encode("gbk"))
    assert read_document(path).text == "镕 基\u3000计划"
