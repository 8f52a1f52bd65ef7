"""Tables of the 督查督办 cycle: reviewed reports, extension requests, attachments."""

from __future__ import annotations

from planwatch.store.base import Base  # noqa: F401
