"""Backup and restore as use cases: the whole database to and from one JSON document.

The store does the table work (`store.backup`); this layer is what the command line and
the web app call, so neither reaches the store directly, and it owns the file format's
parsing errors (a file that is not JSON names itself and changes nothing).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from planwatch.errors import ValidationError
from planwatch.store.backup import dump_database, restore_database


def backup_document(session: Session) -> dict[str, Any]:
    """Every table as one JSON-ready dict (format, schema revision, rows)."""
    return dump_database(session)


def backup_text(session: Session) -> str:
    return json.dumps(backup_document(session), ensure_ascii=False, indent=1)


def row_count(document: dict[str, Any]) -> int:
    return sum(len(rows) for rows in document["tables"].values())


def restore_text(session: Session, *, text: str, source: str) -> int:
    """Replace every table from a backup's text, checked whole first; returns the rows restored."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise ValidationError(source, [f"not JSON: {e}"]) from e
    return sum(restore_database(session, data).values())


def restore_file(session: Session, *, path: Path) -> int:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise ValidationError(path, [f"not UTF-8 JSON: {e.reason}"]) from e
    return restore_text(session, text=text, source=str(path))
