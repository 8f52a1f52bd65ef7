"""督查督办: the task board, task pages with their timeline, reports, extensions, 办结 and 销号, and the department table."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
