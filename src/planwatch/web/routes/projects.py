"""重点项目 (四督四保): the project library, project pages, edits and imports, the rates panel and the 三未 lists."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
