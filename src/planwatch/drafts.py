"""A draft under review: its items with stable ids and a reviewer's state, edited in place.

A draft's items live in `plan_versions.extracted` (the extraction JSON, the `Plan` model),
which is what publishing materialises. The reviewer's work lives beside it in
`plan_versions.review`: for every item, in document order, its id and state, the item as
extracted before its first edit, and the data of rejected items (which are taken out of
`extracted`, so publishing drops them with no change to the publisher).

Ids are a letter per kind and a number (``t3`` the third target, ``k2`` a task, ``i5`` an
indicator-table row; ``meta`` the plan's meta). They are assigned in document order from the
extraction, so a draft nobody has touched yet has the same ids whether its review was
stored or not; an added item takes the next number of its kind, and no number is reused.

Pure: no session, no I/O. `unpack` reads the two columns, `pack` writes them back.
"""

from __future__ import annotations

import copy
import itertools
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import BaseModel
from pydantic import ValidationError as PydanticError

from planwatch.errors import NotFoundError, ValidationError
from planwatch.model import IndicatorRow, Meta, Milestone, Observation, RegionFocus, Target, Task

KINDS: tuple[str, ...] = ("targets", "observations", "indicators", "tasks", "milestones", "region_focus")
PREFIXES = {"targets": "t", "observations": "o", "indicators": "i", "tasks": "k", "milestones": "m",
            "region_focus": "r"}
MODELS: dict[str, type[BaseModel]] = {"meta": Meta, "targets": Target, "observations": Observation,
                                      "indicators": IndicatorRow, "tasks": Task, "milestones": Milestone,
                                      "region_focus": RegionFocus}
PROVENANCE = ("quote", "span", "section")  # where an item is: fixed by the document, never edited
STATES = ("unreviewed", "accepted", "edited", "rejected", "added")
REVIEW_FORMAT = 1


def editable_fields(kind: str) -> tuple[str, ...]:
    """The fields a reviewer may change: everything but the item's place in the text; of
    the meta, not the list of implemented policies (no form) nor the region, which decides
    who may see the plan and is given at import.

    >>> editable_fields("tasks"), editable_fields("meta")
    (('title', 'lead', 'support'), ('title', 'doc_number', 'issue_date', 'issuer', 'horizon'))
    """
    skip = (*PROVENANCE, "implements", "region") if kind == "meta" else PROVENANCE
    return tuple(name for name in MODELS[kind].model_fields if name not in skip)


@dataclass
class Entry:
    """One item of the draft and what the reviewer did to it."""

    id: str
    kind: str
    item: dict[str, Any]
    accepted: bool = False
    rejected: bool = False
    added: bool = False
    original: dict[str, Any] | None = None  # as extracted, once edited

    @property
    def state(self) -> str:
        if self.rejected:
            return "rejected"
        if self.added:
            return "added"
        if self.original is not None:
            return "edited"
        return "accepted" if self.accepted else "unreviewed"

    def changed(self) -> list[str]:
        """The fields whose value differs from the extraction's."""
        if self.original is None:
            return []
        return [k for k in self.item if self.item.get(k) != self.original.get(k)]

    def as_dict(self) -> dict[str, Any]:
        """The item in the fields of the extraction JSON, its id and state beside them (and,
        once edited, what was extracted)."""
        out: dict[str, Any] = {"id": self.id, "kind": self.kind, "state": self.state, **copy.deepcopy(self.item)}
        if self.original is not None:
            out["changed"], out["original"] = self.changed(), copy.deepcopy(self.original)
        return out


@dataclass
class Draft:
    """The unpacked review: entries per kind (``meta`` first) and the next number per kind."""

    entries: dict[str, list[Entry]]
    next: dict[str, int] = field(default_factory=dict)

    def all(self) -> list[Entry]:
        return [e for kind in ("meta", *KINDS) for e in self.entries.get(kind, [])]

    def find(self, item_id: str) -> Entry:
        for entry in self.all():
            if entry.id == item_id:
                return entry
        raise NotFoundError(f"item {item_id!r}: no such item in this version")

    def counts(self) -> dict[str, int]:
        """How many items are in each state, and in all (the page's 未审核 counter)."""
        out = dict.fromkeys(STATES, 0)
        for entry in self.all():
            out[entry.state] += 1
        out["total"] = sum(out[s] for s in STATES)
        return out


def _fresh(kind: str, number: int, item: dict[str, Any]) -> Entry:
    return Entry(id=f"{PREFIXES[kind]}{number}", kind=kind, item=item)


def unpack(extracted: Mapping[str, Any], review: Mapping[str, Any] | None) -> Draft:
    """The draft's entries from the two stored columns (a missing review: all unreviewed).

    >>> d = unpack({"meta": {}, "targets": [{"quote": "a", "value": 1}, {"quote": "b", "value": 2}]}, None)
    >>> [(e.id, e.state) for e in d.entries["targets"]], d.next["targets"]
    ([('t1', 'unreviewed'), ('t2', 'unreviewed')], 3)
    """
    stored = review or {}
    meta_state = stored.get("meta") or {}
    draft = Draft(entries={"meta": [Entry(id="meta", kind="meta", item=copy.deepcopy(dict(extracted.get("meta") or {})),
                                          accepted=bool(meta_state.get("accepted")),
                                          original=meta_state.get("original"))]})
    for kind in KINDS:
        live = iter(copy.deepcopy(list(extracted.get(kind) or [])))
        entries: list[Entry] = []
        for rec in (stored.get("kinds") or {}).get(kind, []):
            item = copy.deepcopy(rec.get("item")) if rec.get("rejected") else next(live, None)
            if item is None:
                continue  # extracted lost an item behind the review's back: nothing to show
            entries.append(Entry(id=rec["id"], kind=kind, item=item, accepted=bool(rec.get("accepted")),
                                 rejected=bool(rec.get("rejected")), added=bool(rec.get("added")),
                                 original=rec.get("original")))
        number = int((stored.get("next") or {}).get(kind) or len(entries) + 1)
        for item in live:  # items the review does not know yet get fresh numbers
            entries.append(_fresh(kind, number, item))
            number += 1
        draft.entries[kind], draft.next[kind] = entries, number
    return draft


def pack(draft: Draft, extracted: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(extracted, review) to store: rejected items out of `extracted`, kept in `review`."""
    out = copy.deepcopy(dict(extracted))
    meta = draft.entries["meta"][0]
    out["meta"] = copy.deepcopy(meta.item)
    review: dict[str, Any] = {"format": REVIEW_FORMAT, "next": dict(draft.next), "kinds": {},
                              "meta": {"accepted": meta.accepted, "original": meta.original}}
    for kind in KINDS:
        entries = draft.entries.get(kind, [])
        out[kind] = [copy.deepcopy(e.item) for e in entries if not e.rejected]
        review["kinds"][kind] = [_record(e) for e in entries]
    return out, review


def _record(entry: Entry) -> dict[str, Any]:
    rec: dict[str, Any] = {"id": entry.id}
    for flag in ("accepted", "rejected", "added"):
        if getattr(entry, flag):
            rec[flag] = True
    if entry.original is not None:
        rec["original"] = copy.deepcopy(entry.original)
    if entry.rejected:
        rec["item"] = copy.deepcopy(entry.item)
    return rec


def validated(kind: str, item: Mapping[str, Any], *, source: str) -> dict[str, Any]:
    """The item as its model class stores it, or a ValidationError naming each bad field."""
    try:
        value = MODELS[kind].model_validate(dict(item))
    except PydanticError as e:
        problems = [f"{'.'.join(map(str, err['loc'])) or kind}: {err['msg']}" for err in e.errors()]
        raise ValidationError(source, problems) from None
    data: dict[str, Any] = value.model_dump(mode="json")
    if kind == "meta" and data.get("issue_date"):
        try:
            date.fromisoformat(data["issue_date"])
        except ValueError:
            raise ValidationError(source, ["issue_date: expected a date as YYYY-MM-DD"]) from None
    return data


def check_fields(kind: str, fields: Mapping[str, Any], *, source: str) -> None:
    """Only a kind's editable fields may be changed; every other name is a problem."""
    allowed = editable_fields(kind)
    problems = []
    for name in fields:
        if name in PROVENANCE:
            problems.append(f"{name}: fixed by the document (the quote is the text at the item's span)")
        elif name not in allowed:
            problems.append(f"{name}: not a field of {kind} (editable: {', '.join(allowed)})")
    if problems:
        raise ValidationError(source, problems)


def edit(draft: Draft, item_id: str, fields: Mapping[str, Any]) -> tuple[dict[str, Any], Entry]:
    """Change fields of one item (validated as its model); returns (item before, entry)."""
    entry = draft.find(item_id)
    source = f"item {item_id}"
    if not fields:
        raise ValidationError(source, ["fields: nothing to change"])
    check_fields(entry.kind, fields, source=source)
    before = validated(entry.kind, entry.item, source=source)  # as the model stores it, for comparing
    after = validated(entry.kind, {**entry.item, **fields}, source=source)
    if entry.original is None and not entry.added and after != before:
        entry.original = before
    entry.item, entry.rejected = after, False
    if entry.original is not None and entry.original == after:  # edited back to what was extracted
        entry.original, entry.accepted = None, True
    return before, entry


def reject(draft: Draft, item_id: str) -> Entry:
    """Take an item out of the draft (kept in the review, so it can be restored)."""
    entry = draft.find(item_id)
    if entry.kind == "meta":
        raise ValidationError(f"item {item_id}", ["meta: the plan's meta cannot be rejected, only corrected"])
    entry.rejected = True
    return entry


def accept(draft: Draft, item_id: str) -> Entry:
    """Mark an item right as it is (a rejected one comes back)."""
    entry = draft.find(item_id)
    entry.rejected, entry.accepted = False, True
    return entry


def add(draft: Draft, kind: str, item: Mapping[str, Any]) -> Entry:
    """A new item of `kind` (validated), placed in document order by its span."""
    if kind not in KINDS:
        raise ValidationError("new item", [f"kind: {kind!r} is not one of {', '.join(KINDS)}"])
    number = draft.next.get(kind) or len(draft.entries.get(kind, [])) + 1
    entry = Entry(id=f"{PREFIXES[kind]}{number}", kind=kind, item=validated(kind, item, source=f"new {kind} item"),
                  added=True)
    draft.next[kind] = number + 1
    entries = draft.entries.setdefault(kind, [])
    start = (entry.item.get("span") or {}).get("start", 0)
    at = next((i for i, e in enumerate(entries) if (e.item.get("span") or {}).get("start", -1) > start), len(entries))
    entries.insert(at, entry)
    return entry


def section_at(sections: list[Mapping[str, Any]], offset: int) -> str | None:
    """The id of the innermost section whose body holds `offset`.

    >>> tree = [{"id": "s1", "span": {"start": 0, "end": 3}, "end": 50,
    ...          "children": [{"id": "s2", "span": {"start": 10, "end": 14}, "end": 30, "children": []}]}]
    >>> section_at(tree, 12), section_at(tree, 40), section_at(tree, 60)
    ('s2', 's1', None)
    """
    found = None
    for sec in sections:
        if sec["span"]["start"] <= offset < sec["end"]:
            found = section_at(sec.get("children") or [], offset) or sec["id"]
    return found


# ---- the review page's form fields (strings) as typed fields -------------------------------

NUMBER_FIELDS = ("value", "value_max")
INT_FIELDS = ("year", "baseline_year", "horizon", "month")
LIST_FIELDS = ("lead", "support", "sectors")
_LIST_SPLIT = re.compile(r"[、,，;；/\s]+")
_PAIR_SPLIT = re.compile(r"[;；\n]+")


def parse_form(kind: str, form: Mapping[str, str]) -> dict[str, Any]:
    """The editable fields of `kind` present in a submitted form, as the model expects them
    ("" is no value; unit lists split at 、，; numbers may be grouped or full-width).

    >>> parse_form("targets", {"value": "１,600", "year": "2025", "unit": "亿元", "sector": "", "x": "1"})
    {'value': '1600', 'unit': '亿元', 'year': '2025', 'sector': None}
    >>> parse_form("tasks", {"lead": "省经信厅、省发展改革委", "support": ""})
    {'lead': ['省经信厅', '省发展改革委'], 'support': []}
    >>> parse_form("indicators", {"values": "2020=1；2025=1.2\\n2015=---"})
    {'values': {'2020': 1.0, '2025': 1.2, '2015': '---'}}
    """
    out: dict[str, Any] = {}
    for name in editable_fields(kind):
        if name not in form:
            continue
        raw = unicodedata.normalize("NFKC", form[name]).strip()
        if name in LIST_FIELDS:
            out[name] = [p for p in _LIST_SPLIT.split(raw) if p]
        elif name == "values":
            out[name] = _cells(raw)
        elif name in NUMBER_FIELDS or name in INT_FIELDS:
            out[name] = raw.replace(",", "") or None
        else:
            out[name] = raw or None
    return out


def _cells(raw: str) -> dict[str, float | str | None]:
    cells: dict[str, float | str | None] = {}
    for part in _PAIR_SPLIT.split(raw):
        if "=" not in part:
            continue
        key, _, cell = (p.strip() for p in part.partition("="))
        try:
            cells[key] = float(cell.replace(",", ""))
        except ValueError:
            cells[key] = cell or None
    return cells


# ---- the document text cut at every item's span, for highlighting --------------------------

@dataclass(frozen=True)
class Segment:
    """A stretch of the text [start, start+len(text)) and the items whose spans cover it,
    shortest span first (a click on it means the innermost item)."""

    start: int
    text: str
    items: tuple[str, ...] = ()


def segments(text: str, spans: list[tuple[str, int, int]]) -> list[Segment]:
    """The text cut at every span boundary, so overlapping and shared spans each stay
    visible (a task's sentence holding a target's number: three stretches).

    >>> [(s.text, s.items) for s in segments("abcdef", [("k1", 0, 4), ("t1", 2, 3)])]
    [('ab', ('k1',)), ('c', ('t1', 'k1')), ('d', ('k1',)), ('ef', ())]
    """
    good = [(i, max(0, a), min(len(text), b)) for i, a, b in spans if 0 <= a < b and a < len(text)]
    cuts = sorted({0, len(text), *(a for _i, a, _b in good), *(b for _i, _a, b in good)})
    length = {i: b - a for i, a, b in good}
    out = []
    for a, b in itertools.pairwise(cuts):
        covering = sorted((i for i, s, e in good if s <= a and b <= e), key=lambda i: (length[i], i))
        out.append(Segment(start=a, text=text[a:b], items=tuple(covering)))
    return out
