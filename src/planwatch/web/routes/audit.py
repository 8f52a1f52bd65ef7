"""审计日志: who changed what and when, in the user's scope."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
