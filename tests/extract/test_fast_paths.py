"""Each fast path of the finders must find exactly what the plain rule it replaces finds.

The plain rules are written out here as they stood before they were made fast; random text
over a small alphabet of the characters that matter hits their corner cases.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from planwatch.extract.meta import _LABELS, _label_search
from planwatch.extract.milestones import _ACTION, _action_sentences
from planwatch.extract.noise import _in_table_line
from planwatch.extract.numbers import ARABIC, CHINESE
from planwatch.extract.quantities import _UNIT, QUANTITY, Quantity, iter_quantities
from planwatch.extract.regions import _develop, _Used, is_region, split_sectors
from planwatch.extract.regions_of_text import _CITED, _SCAN, _by_short, _level_of, governed_region, most_named
from planwatch.extract.regions_words import is_region_word, region_at, region_ends
from planwatch.extract.responsibility import labelled, parse_note, split_units, verbal
from planwatch.extract.sections import _section_ends
from planwatch.extract.spacing import typeset_spaces
from planwatch.extract.task_tables import Row, _cells, _row, columns, table_rows
from planwatch.extract.tasks import _LABEL_LINE, Covered, _label_lines
from planwatch.extract.text import _COLUMN_GAP, _FOLD, _SPACED_ROW, _breaks, fold, mark_columns
from planwatch.extract.years import FIVE_YEAR_END
from planwatch.lexicon import units as U
from planwatch.lexicon.places import CITIES, PROVINCES, SUFFIXES
from planwatch.lexicon.wordlist import WordFinder, trie_pattern

EXAMPLES = Path(__file__).parents[2] / "src" / "planwatch" / "examples"
CORPUS = Path(__file__).parents[1] / "corpus"
NUMBERS = "0123456789,.%个百分点-—~至到余多 万亿千百零〇一二两三四五六七八九十元吨年/人亩瓦时"
PLAIN_QUANTITY = re.compile(
    rf"(?=[\d零〇一二两三四五六七八九十百千])(?P<n1>{ARABIC}|{CHINESE})(?:(?:(?:%|个百分点)?"
    rf"\s*(?:-|—{{1,2}}|–|~|至|到)|(?:{'|'.join(U.RANGE_FIRST_UNITS)})\s*(?:-|—{{1,2}}|–|~|至))"
    rf"\s*(?P<n2>{ARABIC}|{CHINESE}))?(?P<more>余|多)?\s?"
    rf"(?P<unit>(?:{'|'.join(U.MAGNITUDES)})?(?:{'|'.join(re.escape(u) for u in U.BASE_UNITS)}))"
    rf"(?P<per>/(?:{'|'.join(U.PER_UNITS)}))?"
)


@settings(max_examples=500)
@given(st.text(alphabet=NUMBERS, max_size=30))
def test_quantity_pattern_matches_as_the_plain_alternation(text: str) -> None:
    def found(p: re.Pattern[str]) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
        return [(m.span(), m.groupdict()) for m in p.finditer(text)]

    assert found(QUANTITY) == found(PLAIN_QUANTITY)


def test_units_are_listed_longest_first_where_one_starts_another() -> None:
    """The unit trie offers longer units first; the listed alternation must agree."""
    assert _UNIT.startswith("(?:万亿|亿|万|千|百)?")
    for i, short in enumerate(U.BASE_UNITS):
        assert not any(long.startswith(short) and long != short for long in U.BASE_UNITS[i + 1 :])


def test_bare_magnitudes_merge_in_text_order() -> None:
    text = "产值突破万亿元,达到2万亿元,超过万亿元以上,力争突破万亿元和3万亿元"
    found = list(iter_quantities(text))
    assert [q.num_start for q in found] == sorted(q.num_start for q in found)
    assert sum(q.value == 1.0 and q.unit == "万亿元" for q in found) == 3


LINES = "ab\t \n。牵头单位:责任配合 部门"


@settings(max_examples=500)
@given(st.text(alphabet=LINES, max_size=40))
def test_label_lines_are_the_label_pattern_matches(text: str) -> None:
    assert [m.span() for m in _label_lines(text)] == [m.span() for m in _LABEL_LINE.finditer(text)]


def _plain_mark_columns(text: str) -> str:
    return _SPACED_ROW.sub(lambda m: _COLUMN_GAP.sub(lambda g: "\t" + g.group()[1:], m.group()), text)


@settings(max_examples=500)
@given(st.text(alphabet="a \t\n甲", max_size=40))
def test_mark_columns_marks_what_the_row_pattern_marks(text: str) -> None:
    assert mark_columns(text) == _plain_mark_columns(text)


@given(st.text(alphabet="a２（）,，：%％\u3000\u2212甲", max_size=30))
def test_fold_is_the_translation(text: str) -> None:
    assert fold(text) == text.translate(_FOLD)


spans = st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=8)


@given(spans, st.integers(-2, 32))
def test_covered_is_any_span(given_spans: list[tuple[int, int]], pos: int) -> None:
    assert Covered(given_spans).holds(pos) == any(a <= pos < b for a, b in given_spans)


@given(st.lists(st.tuples(st.integers(0, 40), st.integers(0, 12)), max_size=12))
def test_used_spans_overlap_as_a_scan_finds(queries: list[tuple[int, int]]) -> None:
    used = _Used()
    plain: list[tuple[int, int]] = []
    for start, length in queries:
        end = start + length
        expected = any(a < end and start < b and (a, b) != (start, end) for a, b in plain)
        assert used.overlaps_other(start, end) == expected
        if not expected:
            used.add(start, end)
            plain.append((start, end))


@given(st.lists(st.integers(0, 5), max_size=15))
def test_section_ends_are_the_next_heading_of_its_level_or_above(levels: list[int]) -> None:
    found = [(lv, "", "", 10 * i, 10 * i + 5) for i, lv in enumerate(levels)]
    plain = [next((later[3] for later in found[i + 1 :] if later[0] <= lv), 999) for i, (lv, *_r) in enumerate(found)]
    assert _section_ends(found, 999) == plain


NOTES = "市发改委局牵头负责配合责任单位:、,;等部门和及()"


@settings(max_examples=500)
@given(st.text(alphabet=NOTES, max_size=30))
def test_note_prefilter_rejects_only_what_the_parsers_reject(content: str) -> None:
    assert parse_note(content) == (labelled(content) or verbal(content))


@settings(max_examples=500)
@given(st.text(alphabet="市局委、,;， \n()“”等部门及", max_size=30))
def test_split_units_without_brackets_splits_as_the_loop(value: str) -> None:
    from planwatch.extract import responsibility as R

    # The character loop is the rule; the one-split fast path must agree with it.
    expected = tuple(u for part in R._split_outside_brackets(value) for u in R._split_joined(R._clean_unit(part)) if u)
    assert split_units(value) == expected


@settings(max_examples=300)
@given(st.text(alphabet="a\t\n", min_size=1, max_size=50), st.integers(0, 49))
def test_table_line_test_reads_the_same_line(text: str, at: int) -> None:
    at = min(at, len(text) - 1)
    q = Quantity(at, at + 1, at, at + 1, 1.0, None, "个", "=", False)
    lo = max(0, q.num_start - 2000)
    line = text[text.rfind("\n", lo - 1, q.num_start) + 1 or lo : q.num_start]
    line += text[q.num_start : q.unit_end + 2000].split("\n", 1)[0]
    assert _in_table_line(text, q) == ("\t" in line)


@given(st.text(alphabet="我全本省市县区甲", max_size=30))
def test_self_references_are_counted_per_level(text: str) -> None:
    rules = {k: re.compile(rf"(?:我|全|本){c}") for k, c in (("province", "省"), ("city", "市"), ("county", "县"), ("district", "区"))}
    counts = {kind: len(rule.findall(text)) for kind, rule in rules.items()}
    kind, n = max(counts.items(), key=lambda kv: kv[1])
    assert _level_of(text) == (kind if n else None)


def _governed_by_every_name(text: str) -> str | None:
    """`governed_region` as it read before the scan kept to the names of the plan's own kind:
    every division's short name counted, the kind applied to the candidates only."""
    head = _CITED.sub("", text[:_SCAN])
    return most_named(head, _level_of(head), *_by_short())


def test_governed_region_reads_as_when_every_name_was_counted() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    texts += [c["text"] for path in sorted(CORPUS.glob("*.yaml")) for c in yaml.safe_load(path.read_text(encoding="utf-8")).get("examples", []) if "text" in c]
    texts += ["全市重点支持合肥、芜湖、安庆发展。安庆市", "我县位于安徽省,全县……怀宁县,怀宁"]
    read = [(governed_region(t), _governed_by_every_name(t)) for t in texts]
    assert len(read) > 400 and sum(1 for a, _ in read if a) > 50  # the texts do name regions
    assert [a for a, _ in read] == [b for _, b in read]


@settings(max_examples=500)
@given(st.text(alphabet='“"十一三五末期时”x', max_size=30))
def test_five_year_period_ends_match_as_the_plain_pattern(text: str) -> None:
    plain = re.compile(r"[“\"]?十([一二三四五六七八九])五[”\"]?(?:期末|时期末|末)")
    assert [(m.span(), m.group(1)) for m in FIVE_YEAR_END.finditer(text)] == [
        (m.span(), m.group(1)) for m in plain.finditer(text)
    ]


@settings(max_examples=500)
@given(st.text(alphabet="。;\n,开工建设成投产x", max_size=40))
def test_action_sentences_are_the_sentences_holding_an_action(text: str) -> None:
    plain = [m.span() for m in re.finditer(r"[^。;\n]+", text) if _ACTION.search(text, m.start(), m.end())]
    assert list(_action_sentences(text)) == plain


def _plain_table_rows(text: str) -> tuple[list[Row], list[tuple[int, int]]]:
    rows: list[Row] = []
    spans: list[tuple[int, int]] = []
    cols: dict[str, int] | None = None
    table_start = 0
    for m in re.finditer(r"^.*$", text, re.M):
        if "\t" not in m.group():
            if cols and m.group().strip():
                spans.append((table_start, m.start()))
                cols = None
            continue
        cells = list(_cells(m.start(), m.group()))
        header = columns([text[a:b] for a, b in cells])
        if header:
            cols, table_start = header, m.start()
        elif cols and (row := _row(text, cells, cols)):
            rows.append(row)
    if cols:
        spans.append((table_start, len(text)))
    return rows, spans


TABLE_TOKENS = ["\t", "\n", " ", "任务", "重点任务", "牵头单位", "责任单位", "配合单位", "序号", "市发改委", "市科技局、市财政局", "推进改革。", "x"]


@settings(max_examples=500)
@given(st.lists(st.sampled_from(TABLE_TOKENS), max_size=40).map("".join))
def test_table_rows_read_as_every_line_is_read(text: str) -> None:
    assert table_rows(text) == _plain_table_rows(text)


@settings(max_examples=500)
@given(st.text(alphabet=" \t\n\r\u3000a甲", max_size=40))
def test_breaks_are_the_break_pattern_matches(text: str) -> None:
    assert list(_breaks(text)) == [m.span() for m in re.finditer(r"[ \t]*\n[\s]*", text)]


_SUFFIX = "|".join(SUFFIXES)
PLAIN_REGION = re.compile(
    rf"(?:{trie_pattern({*CITIES, *PROVINCES}, second_char_gate=True)})(?:{_SUFFIX})?|[\u4e00-\u9fff]{{1,8}}?(?:{_SUFFIX})"
)
PLAIN_DEVELOP = re.compile(
    rf"(?:发展|培育|壮大|做强|做大|打造)(?P<region>{PLAIN_REGION.pattern})(?P<list>[^,;。]{{2,60}}?)产业(?=[,;。])"
)
# Names that start one another (吉林 the city and the province, 吉林省), suffixes that end one
# another (经开区, 开发区, 区), local names, and what is not Chinese.
REGION_CHARS = "吉林省安庆市合肥淮南宿州经开发区高新园产业集聚城县乡a、"
REGION_TOKENS = ["发展", "打造", "培育", "吉林", "安庆", "合肥", "淮南", "市", "省", "县", "区", "经开区", "开发区", "高新区",
                 "产业园", "新城", "居巢", "新材料", "PVA和PVB", "产业", "产业集群", ",", "。", "、", "a"]


@settings(max_examples=800)
@given(st.text(alphabet=REGION_CHARS, max_size=14))
@example("新材料新材料居巢区")  # eight characters and a suffix
@example("新材料新材料居巢县区")  # nine
@example("吉林省")
def test_region_words_are_what_the_region_pattern_matches(word: str) -> None:
    assert is_region_word(word) == (PLAIN_REGION.fullmatch(word) is not None)
    m = PLAIN_REGION.match(word)
    assert region_at(word) == (m.end() if m else None)


@settings(max_examples=800)
@given(st.lists(st.sampled_from(REGION_TOKENS), max_size=8).map("".join), st.sampled_from(["市", "区", "园a", "、", "产业"]))
@example("安庆市市", "市")  # 安庆 with 市 before 安庆 bare
@example("新材料新材料居巢区区", "区")  # a local name of eight characters, 区, then the tail
def test_region_ends_come_in_the_order_the_pattern_backtracks(text: str, tail: str) -> None:
    """A pattern going on after the region succeeds with the first end that lets it."""
    m = re.compile(rf"(?:{PLAIN_REGION.pattern}){tail}").match(text)
    first = next((e for e in region_ends(text, 0) if text.startswith(tail, e)), None)
    assert first == (m.end() - len(tail) if m else None)


@settings(max_examples=800)
@given(st.lists(st.sampled_from(REGION_TOKENS), max_size=24).map("".join))
@example("发展安庆市新材料产业,")  # 安庆市, not 安庆 with 市新材料
@example("发展新材料新材料居巢区PVA和PVB产业,打造新材料新材料居巢县区产业。")  # eight characters, not nine
@example("打造安庆经开区新城新材料产业集群,发展a居巢区新材料产业。")
def test_develop_rule_finds_what_its_pattern_finds(text: str) -> None:
    want = [(m.start("region"), m.end(), m.group("region"), split_sectors(m.group("list")))
            for m in PLAIN_DEVELOP.finditer(text) if is_region(m.group("region"))]
    assert list(_develop(text)) == want


def test_word_matches_are_every_listed_word_there_longest_first() -> None:
    finder = WordFinder(["吉林", "吉林省", "吉林省长", "安庆"])
    assert list(finder.matches("在吉林省长春", 1)) == ["吉林省长", "吉林省", "吉林"]
    assert list(finder.matches("在吉林", 1)) == ["吉林"]  # a longer word would run past the end
    assert list(finder.matches("吉", 0)) == []


FLAT_ALPHABET = "安庆市合肥阳.|*abc"
flat_words = st.lists(st.text(alphabet=FLAT_ALPHABET, min_size=1, max_size=4), min_size=1, max_size=12) | st.lists(
    st.text(alphabet=FLAT_ALPHABET + "defghijklmnopqrstuvwxyz0123456789", min_size=2, max_size=3), min_size=20, max_size=80
)


@settings(max_examples=500)
@given(flat_words, st.text(alphabet=FLAT_ALPHABET + "x", max_size=60), st.booleans())
def test_flat_trie_matches_as_the_dispatch_trie(ws: list[str], text: str, gate: bool) -> None:
    """Also followed by more pattern that forces backtracking (the region and unit patterns)."""
    for tail in ("市", "x", "(?:市|阳)?x", ""):
        flat = re.compile(f"({trie_pattern(ws, second_char_gate=gate, flat=True)}){tail}")
        dispatch = re.compile(f"({trie_pattern(ws, second_char_gate=gate)}){tail}")
        assert [m.span(1) for m in flat.finditer(text)] == [m.span(1) for m in dispatch.finditer(text)]


@settings(max_examples=500)
@given(st.text(alphabet="中文 a1%,  \t", max_size=40), st.integers(min_value=1, max_value=60))
def test_typeset_blanks_are_what_the_plain_pattern_finds(text: str, repeat: int) -> None:
    """Both scans (blank by blank, and the two patterns for a text full of blanks) find what
    the plain look-behind pattern finds."""
    plain = re.compile(r"(?<=[\u4e00-\u9fff]) (?=[0-9A-Za-z])|(?<=[0-9A-Za-z%]) (?=[\u4e00-\u9fff])")
    for sample in (text, text * repeat, "甲" * 100 * repeat + text):
        assert typeset_spaces(sample) == [m.span() for m in plain.finditer(sample)]


@settings(max_examples=500)
@given(st.text(alphabet="发文字号机关标题 \t\u3000\n:|甲2", max_size=40))
@example("索引号: 1 发文字号: 甲2号 标题: 甲")
@example("甲发文字号: 甲 \u3000发文机关:甲\n 标 题 : 甲\t文号:2")
@example("|发文字号:甲 文 号:乙")
def test_labels_are_found_where_the_plain_pattern_finds_them(text: str) -> None:
    """The label rules open with their words and check where the label stands after; the plain
    rule opened with the look-behind."""
    plain_start = r"(?:^|(?<=[ \t\u3000]))[ \t]*"
    for _field, rule in _LABELS:
        plain = re.compile(plain_start + rule.pattern, re.M)
        fast, slow = _label_search(rule, text), plain.search(text)
        assert (fast.span("v") if fast else None) == (slow.span("v") if slow else None)
