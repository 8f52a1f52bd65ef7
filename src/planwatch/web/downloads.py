"""File downloads (xlsx, docx, pdf): one response shape, with the Chinese file name sent the
way browsers read it (RFC 6266 `filename*` in UTF-8, an ASCII fallback beside it)."""

from __future__ import annotations

from urllib.parse import quote

from fastapi.responses import Response

from planwatch.services.xlsx_export import XLSX_MEDIA_TYPE

MEDIA_TYPES = {
    ".xlsx": XLSX_MEDIA_TYPE,
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pdf": "application/pdf",
    ".json": "application/json",
    ".csv": "text/csv; charset=utf-8",
}


def download(data: bytes, filename: str) -> Response:
    """`data` as an attachment named `filename`; the media type follows the extension."""
    suffix = filename[filename.rfind("."):].lower() if "." in filename else ""
    fallback = "".join(ch if (ch.isascii() and ch.isalnum()) or ch in "._-" else "_" for ch in filename)
    disposition = f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"
    return Response(content=data, media_type=MEDIA_TYPES.get(suffix, "application/octet-stream"),
                    headers={"Content-Disposition": disposition})
