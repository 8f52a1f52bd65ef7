"""Office files made reproducible: the same circular gives the same DOCX and XLSX bytes.

python-docx and openpyxl stamp every zip member with the clock, and openpyxl also writes
the saving time as the workbook's `dcterms:modified`. A circular is issued with a SHA-256
of each file kept beside it, and its tests compare renders byte for byte, so the clock must
not be in the file: every member is rewritten with the circular's own time (its
`generated_at`), the modified date too.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime

_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def reproducible(data: bytes, when: datetime) -> bytes:
    """`data` (a DOCX or XLSX) with every zip member dated `when` and `dcterms:modified` set
    to it; member order, names, contents and compression are kept."""
    stamp = when.astimezone(UTC) if when.tzinfo else when
    date_time = (max(stamp.year, 1980), stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _MODIFIED.sub(lambda m: m.group(1) + iso + m.group(2), content)
            member = zipfile.ZipInfo(info.filename, date_time=date_time)
            member.compress_type = info.compress_type
            member.external_attr = info.external_attr
            dst.writestr(member, content)
    return out.getvalue()
