"""Vocabulary of responsibility notes: which words label lead and support units.

Plans end task items with notes like （牵头单位：市发改委，配合单位：市科技局、居巢经开区）,
（责任单位：…）, 〔牵头部门：…；参加部门：…〕 or prose like 由市经信委牵头，市发改委配合.
The words differ from city to city; the roles do not, so each label maps to a role here.
"""

from __future__ import annotations

from typing import Literal

Role = Literal["lead", "support", "owner"]

# Label words, longest first. "owner" (责任单位) means lead, unless a lead label is also present
# in the same note, in which case it lists the units that carry the work out: support.
ROLE_LABELS: tuple[tuple[str, Role], ...] = (
    ("牵头单位", "lead"), ("牵头部门", "lead"), ("牵头领导", "lead"), ("主办单位", "lead"),
    ("主责单位", "lead"), ("主责部门", "lead"), ("牵头责任单位", "lead"), ("牵头责任部门", "lead"),
    ("主要责任单位", "lead"), ("牵头考核单位", "lead"), ("牵头负责单位", "lead"), ("牵头", "lead"),
    ("责任单位", "owner"), ("责任部门", "owner"), ("负责单位", "owner"), ("负责部门", "owner"),
    ("实施单位", "owner"), ("责任主体", "owner"), ("落实单位", "owner"),
    ("配合单位", "support"), ("配合部门", "support"), ("参加单位", "support"), ("参加部门", "support"),
    ("参与单位", "support"), ("参与部门", "support"), ("协办单位", "support"), ("协同单位", "support"),
    ("协同部门", "support"), ("协作单位", "support"), ("协助单位", "support"), ("协助部门", "support"),
    ("协办部门", "support"), ("协作部门", "support"), ("配合责任单位", "support"), ("协同配合单位", "support"),
    ("协同责任单位", "support"), ("协同责任部门", "support"), ("配合责任部门", "support"),
    ("参与", "support"), ("配合", "support"),
)

# Verbs that follow units in unlabelled notes: (市发改委牵头，市科技局配合).
LEAD_VERBS: tuple[str, ...] = ("牵头负责", "牵头落实", "牵头实施", "牵头抓总", "牵头")
SUPPORT_VERBS: tuple[str, ...] = (
    "按职责分工负责", "按职责分工落实", "按职责分工", "按职能分工负责", "按职责负责", "配合落实", "协同配合", "共同配合",
    "配合", "参与", "协助", "协同", "参加",
)
OWNER_VERBS: tuple[str, ...] = ("按职责分工负责", "按职责分工", "负责落实", "具体负责", "负责实施", "组织实施", "负责")

# Boilerplate that trails a unit list and is not a unit.
TRAILING: tuple[str, ...] = (
    "按职责分工负责", "按职责分工落实", "按职能分工负责", "按职责分工", "按职责负责", "分别负责", "负责落实", "负责",
    "等",
)

# Class nouns that follow 等 after a list and are not part of the last name (市财政局等部门).
TRAILING_CLASS: tuple[str, ...] = (
    # 等部门, 等市级有关部门, 等区政府有关部门, 等市直相关单位
    "[省市县区]?(?:级|直|政府|人民政府)?(?:各)?(?:有关|相关|其他|其它)?(?:部门|单位|成员单位)",
)

# Words that join two whole units in one list item (市级各有关部门及各县市区政府); split only
# when both sides read as units, since names contain them too (省工业和信息化厅).
UNIT_CONJUNCTIONS: tuple[str, ...] = ("以及", "和", "及", "与")

# How unit names end: used to accept X in prose "X牵头" only when X reads like a body.
UNIT_ENDINGS: tuple[str, ...] = (
    "委员会", "办公室", "委", "局", "厅", "办", "部", "署", "中心", "室", "会", "院", "行", "处", "组",
    "政府", "管委会", "区", "镇", "街道", "乡", "支行", "公司", "队", "所", "站", "海关",
)

# Units that stand for "whoever else is concerned": dropped from prose 会同 clauses.
GENERIC_UNITS: tuple[str, ...] = ("相关部门", "有关部门", "有关单位", "相关单位", "各有关部门", "各相关部门", "各部门")
