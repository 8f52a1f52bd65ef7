"""Which region a plan governs, from the national list of divisions shipped with planwatch.

A plan names its own region with a self-reference (我市 / 全省 / 本县) and then by name, far
more often than it names any other place of that level; its issuer (安徽省人民政府) settles
it outright. Titles of the policies it cites (《合肥市…实施方案》) name the higher level and
are left out of the count.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources

from planwatch.lexicon.wordlist import WordFinder

_SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "地区", "省", "市", "县", "区", "盟", "旗")
# Self-references (我省, 全市, 本县…) of each level, counted in one pass: the matches are
# two characters and cannot overlap, so each level's count is what its own rule would find.
_SELF_LEVEL = {"province": "省", "city": "市", "county": "县", "district": "区"}
_ANY_SELF = re.compile(r"[我全本]([省市县区])")
_SCAN = 30000  # characters read for counting; the header and first chapters say enough
_CITED = re.compile(r"《[^》]{0,150}》")


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: str  # province | city | county

    @property
    def short(self) -> str:
        for suffix in _SUFFIXES:
            if self.name.endswith(suffix) and len(self.name) - len(suffix) >= 2:
                return self.name[: -len(suffix)]
        return self.name

    def kind(self) -> str:
        """Which self-reference (省/市/县/区) this division answers to."""
        if self.level == "province":
            return "city" if self.name in {"北京市", "天津市", "上海市", "重庆市"} else "province"
        if self.level == "city" or self.name.endswith("市"):
            return "city"
        return "county" if self.name.endswith(("县", "旗")) else "district"


@cache
def divisions() -> tuple[Division, ...]:
    path = resources.files("planwatch") / "data" / "regions.csv"
    with path.open(encoding="utf-8") as fh:
        return tuple(Division(r["code"], r["name"], r["level"]) for r in csv.DictReader(fh))


@cache
def _by_short(kind: str | None = None) -> tuple[WordFinder, dict[str, list[Division]]]:
    """The short names of the divisions that answer to `kind` (all with None), and every
    division by its short name.

    A plan that calls itself 全市 can only govern a 市: its text is scanned for the ~700
    short names of such divisions, not all 3,000 (the scan was a twentieth of extraction).
    A short name stays in the list when any of its divisions fits."""
    index: dict[str, list[Division]] = {}
    for d in divisions():
        index.setdefault(d.short, []).append(d)
    fitting = index if kind is None else [s for s, ds in index.items() if any(d.kind() == kind for d in ds)]
    return WordFinder(fitting), index


def _level_of(text: str) -> str | None:
    found = Counter(_ANY_SELF.findall(text))
    counts = {kind: found[level] for kind, level in _SELF_LEVEL.items()}
    kind, n = max(counts.items(), key=lambda kv: kv[1])
    return kind if n else None


def from_issuer(issuer: str) -> str | None:
    """安徽省人民政府办公厅 → 安徽省; 合肥市经信委 → 合肥市.

    >>> from_issuer("安徽省人民政府办公厅")
    '安徽省'
    """
    names, index = _by_short()
    m = names.match(issuer)
    if not m:
        return None
    rest = issuer[m.end() :]
    options = index[m.group(0)]
    for d in sorted(options, key=lambda d: ("province", "city", "county").index(d.level)):
        if rest.startswith(d.name[len(d.short) :]) or rest[:1] not in {"省", "市", "县", "区"}:
            return d.name
    return options[0].name


def _named(d: Division, matched: str, text: str) -> bool:
    """A bare short name stands for a county only if the text also uses its full name:
    合作 is a word long before it is 合作市."""
    return d.level != "county" or matched == d.name or d.name in text


def governed_region(text: str, *, issuer: str | None = None, cited: list[str] | None = None) -> str | None:
    """The full name of the region the plan governs, or None if the text never says."""
    if issuer:
        found = from_issuer(issuer)
        if found:
            return found
    head = _CITED.sub("", text[:_SCAN])
    kind = _level_of(head)
    return most_named(head, kind, *_by_short(kind))


def most_named(head: str, kind: str | None, names: WordFinder, index: dict[str, list[Division]]) -> str | None:
    """The division of `kind` whose short name (among `names`) the head names most, headline
    names counting three times; the first named wins a tie."""
    counts: Counter[str] = Counter()
    for m in names.finditer(head):
        weight = 3 if m.start() < 80 else 1  # a headline names its own place
        counts[m.group(0)] += weight
    best: tuple[int, int, str] | None = None
    for rank, (short, n) in enumerate(counts.most_common()):
        fitting = [d for d in index[short] if (kind is None or d.kind() == kind) and _named(d, short, head)]
        if fitting and (best is None or n > best[0]):
            best = (n, -rank, fitting[0].name)
    return best[2] if best else None
