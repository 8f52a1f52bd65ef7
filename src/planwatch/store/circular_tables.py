"""Tables of circular profiles (通报/月报 issuer, recipients, numbering) and issued circulars."""

from __future__ import annotations

from planwatch.store.base import Base  # noqa: F401
