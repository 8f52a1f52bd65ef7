"""对标 and 同质化: a plan against the plan it implements, and regions against each other."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
