"""Tables of stored assessment schemes (考核方案) and their runs."""

from __future__ import annotations

from planwatch.store.base import Base  # noqa: F401
