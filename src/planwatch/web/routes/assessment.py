"""分解与考核: allocations of a target to sub-regions, the roll-up view, stored assessment schemes and their rankings."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
