"""Tables of data entry with approval (数据填报与审核)."""

from __future__ import annotations

from planwatch.store.base import Base  # noqa: F401
