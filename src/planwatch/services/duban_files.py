"""Attachments of task reports (证明材料): checked by their bytes, kept in the database.

A file is accepted when its magic bytes say PDF, PNG, JPEG, or a Word / Excel (OOXML) zip
whose parts are those of a .docx / .xlsx, and it is at most `MAX_BYTES`; the name it came
with decides nothing (a .pdf that is an .exe is refused). The bytes go into the database
(base64), with their size and SHA-256, so web workers keep no files on local disk.
"""

from __future__ import annotations

import base64
import hashlib
import zipfile
from dataclasses import dataclass
from io import BytesIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from planwatch.errors import NotFoundError, ValidationError
from planwatch.services.uploads import safe_name
from planwatch.store import audit
from planwatch.store.duban_tables import TaskAttachment

MAX_BYTES = 5 * 1024 * 1024
PDF, PNG, JPEG = "application/pdf", "image/png", "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SUFFIXES = {PDF: ".pdf", PNG: ".png", JPEG: ".jpg", DOCX: ".docx", XLSX: ".xlsx"}
ALLOWED = "PDF、Word（.docx）、Excel（.xlsx）、PNG、JPG"


@dataclass(frozen=True)
class Upload:
    """A file as the form sent it."""

    name: str
    data: bytes


def _ooxml(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(BytesIO(data)) as z:
            names = set(z.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return DOCX
    return XLSX if "xl/workbook.xml" in names else None


def media_type(data: bytes) -> str | None:
    """The type of a file from its first bytes (and, for a zip, its parts), or None.

    >>> media_type(b"%PDF-1.7 ..."), media_type(b"\\x89PNG\\r\\n\\x1a\\n...."), media_type(b"\\xff\\xd8\\xff\\xe0")
    ('application/pdf', 'image/png', 'image/jpeg')
    >>> media_type(b"MZ\\x90\\x00 an exe") is None, media_type(b"PK\\x03\\x04 not a real zip") is None
    (True, True)
    """
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"PK\x03\x04"):
        return _ooxml(data)
    return None


def check_upload(upload: Upload) -> str:
    """The media type of an acceptable file, else a ValidationError naming the file."""
    name = safe_name(upload.name, "附件")
    if not upload.data:
        raise ValidationError(f"附件 {name}", ["文件为空 (empty file)"])
    if len(upload.data) > MAX_BYTES:
        raise ValidationError(f"附件 {name}", [f"文件 {len(upload.data) / 1048576:.1f} MB，超过 5 MB 的上限"])
    kind = media_type(upload.data)
    if kind is None:
        raise ValidationError(f"附件 {name}", [f"文件内容不是 {ALLOWED}（按文件内容判断，不看扩展名）"])
    return kind


def attach(session: Session, *, task_id: int, update_id: int, upload: Upload) -> TaskAttachment:
    """Store a checked file with the report it belongs to (audited, without its bytes)."""
    kind = check_upload(upload)
    row = TaskAttachment(task_id=task_id, update_id=update_id, name=safe_name(upload.name, "附件")[:256],
                         media_type=kind, size=len(upload.data), sha256=hashlib.sha256(upload.data).hexdigest(),
                         content=base64.b64encode(upload.data).decode("ascii"))
    session.add(row)
    session.flush()
    audit.record(session, entity="task_attachments", entity_id=row.id, action="create",
                 after=audit.row_dict(row, exclude=("content",)))
    return row


def attachment(session: Session, *, task_id: int, attachment_id: int) -> tuple[TaskAttachment, bytes]:
    """An attachment of the task and its bytes; one of another task is none of this one."""
    row = session.scalars(select(TaskAttachment).where(TaskAttachment.id == attachment_id,
                                                       TaskAttachment.task_id == task_id)).one_or_none()
    if row is None:
        raise NotFoundError(f"attachment {attachment_id}: no such attachment of task {task_id}")
    return row, base64.b64decode(row.content)


def attachments_of(session: Session, task_id: int) -> dict[int, list[dict[str, object]]]:
    """Report id → its attachments (without their bytes)."""
    query = (select(TaskAttachment.id, TaskAttachment.update_id, TaskAttachment.name, TaskAttachment.media_type,
                    TaskAttachment.size).where(TaskAttachment.task_id == task_id).order_by(TaskAttachment.id))
    out: dict[int, list[dict[str, object]]] = {}
    for aid, uid, name, kind, size in session.execute(query):
        out.setdefault(uid, []).append({"id": aid, "name": name, "media_type": kind, "size": size})
    return out
