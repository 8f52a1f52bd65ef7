"""月报 / 通报: the monthly circular as a page and as DOCX, PDF and XLSX."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
