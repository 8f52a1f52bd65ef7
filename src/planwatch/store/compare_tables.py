"""Tables of plan links (上级规划) and stored metric-match decisions (对标)."""

from __future__ import annotations

from planwatch.store.base import Base  # noqa: F401
