"""The vocabulary of the role × route matrix: its users, the `Row` a request is, the
`Facts` its paths are filled from, and the expected-status helpers. `matrix.py` holds the
core rows and world; each page group adds its own rows, bodies and world in
`matrix_parts/` (one module per group, so groups built in parallel never edit one file)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

PASSWORD = "matrix-password"
LOGGED_IN = ("admin", "planner_hf", "planner_ah", "reporter", "reporter_jxj", "viewer_hf")
USERS = (*LOGGED_IN, "anon")
WRITERS = ("admin", "planner_hf", "planner_ah")


@dataclass(frozen=True)
class Facts:
    """Ids the rows' paths need, found after the world is built."""

    ids: dict[str, Any]

    def fill(self, path: str) -> str:
        return path.format(**self.ids)



Body = Callable[[str, Facts], dict[str, Any]]  # (user, facts) -> keyword arguments of client.request


# --- expected statuses ----------------------------------------------------------------------

def everyone(code: int, *, anon: int) -> dict[str, int]:
    return {**{u: code for u in LOGGED_IN}, "anon": anon}


def only(allowed: dict[str, int], *, rest: int = 403, anon: int = 303) -> dict[str, int]:
    """`allowed` as given; every other logged-in user `rest`; strangers `anon`."""
    return {**{u: rest for u in LOGGED_IN}, **allowed, "anon": anon}


def writers(code: int, *, rest: int = 403, anon: int = 303) -> dict[str, int]:
    return only({u: code for u in WRITERS}, rest=rest, anon=anon)


PAGE = everyone(200, anon=303)
TWIN = everyone(200, anon=401)
ADMIN_PAGE = only({"admin": 200})
ADMIN_TWIN = only({"admin": 200}, anon=401)
# What a user of 合肥 gets for wuhu's objects: 404, so other regions' keys do not leak.
WUHU_PAGE = only({"admin": 200, "planner_ah": 200}, rest=404)
WUHU_TWIN = only({"admin": 200, "planner_ah": 200}, rest=404, anon=401)



def WUHU_WRITE(code: int, *, anon: int = 303) -> dict[str, int]:
    """wuhu's drafts: its writers; 合肥's planner, reporters and viewer do not even see the plan."""
    return {**only({"admin": code, "planner_ah": code}, rest=404, anon=anon)}


REVIEW = "/plans/{key}/versions/{n}/review"
ITEM = "/plans/{key}/versions/{n}/items/{item_id}"
ITEMS = "/plans/{key}/versions/{n}/items"
PUBLISH = "/plans/{key}/publish"
DIFF = "/plans/{key}/diff"
INDICATOR = "/plans/{key}/indicators/{indicator_id}"
API_ITEM = "/api/plans/{key}/draft/items/{item_id}"


@dataclass(frozen=True)
class Row:
    method: str
    route: str
    path: str
    expect: dict[str, int]
    body: str = "none"
    note: str = ""
    tags: tuple[str, ...] = field(default=())

    @property
    def id(self) -> str:
        return f"{self.method} {self.path}" + (f" [{self.note}]" if self.note else "")

