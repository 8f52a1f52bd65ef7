"""数据填报: the data-entry grid, the 填报模板 round trip and the review (accept / return / lock) of submitted figures."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
