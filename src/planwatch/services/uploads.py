"""Files that arrive as bytes (a browser upload, an API post) rather than as a path.

The readers and importers take paths, so the bytes go to a private temporary folder under
their own file name (its suffix picks the reader; the name appears in messages and the
audit log) and are removed afterwards. A name is reduced to its last component, so an
upload called ``../../etc/passwd`` is just ``passwd``.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import TypeVar

from sqlalchemy.orm import Session

from planwatch.errors import DocumentError, ValidationError
from planwatch.services.access import require_region_write
from planwatch.services.auth import Principal
from planwatch.services.plans import import_plan, key_from_name, load_plan_source
from planwatch.services.regions import resolve_region
from planwatch.store.tables import PlanVersion

T = TypeVar("T")
PLAN_SUFFIXES = (".txt", ".docx", ".pdf", ".html", ".htm", ".json")


def safe_name(name: str | None, default: str = "upload") -> str:
    """The last component of an uploaded file's name, never a path.

    >>> safe_name("../../etc/passwd"), safe_name("C:\\\\docs\\\\规划.docx"), safe_name(""), safe_name("..")
    ('passwd', '规划.docx', 'upload', 'upload')
    """
    base = PureWindowsPath(PurePosixPath(name or "").name).name.strip()
    return base if base and base not in (".", "..") else default


def with_file(name: str | None, data: bytes, work: Callable[[Path], T]) -> T:
    """Run `work` on the bytes saved as a file of that (safe) name."""
    base = safe_name(name)
    with tempfile.TemporaryDirectory(prefix="planwatch-upload-") as folder:
        path = Path(folder) / base
        path.write_bytes(data)
        try:
            return work(path)
        except DocumentError as e:  # name the file as the user knows it, not the temporary path
            raise DocumentError(base, e.problem) from None
        except ValidationError as e:
            raise ValidationError(base if e.source == str(path) else e.source, e.problems) from None


def import_upload(session: Session, *, filename: str | None, data: bytes, key: str | None = None,
                  region: str | None = None) -> PlanVersion:
    """An uploaded document or plan JSON as a new draft (its text kept for the review)."""
    name = safe_name(filename)
    if not name.lower().endswith(PLAN_SUFFIXES):
        raise DocumentError(name, f"not a plan document: expected {', '.join(PLAN_SUFFIXES)}")
    plan, text = with_file(name, data, load_plan_source)
    return import_plan(session, plan=plan, key=key or key_from_name(name), source_file=name, region=region,
                       source_text=text)


def import_upload_as(session: Session, *, who: Principal, filename: str | None, data: bytes,
                     key: str | None = None, region: str | None = None) -> PlanVersion:
    """`import_upload` for a logged-in user (the upload page and the API): only planners and
    admins import, a region they name must be theirs, and so must the region the document
    turns out to govern — else Forbidden, and the caller's transaction stores nothing."""
    require_region_write(session, who, who.region_id, "import plans")
    if region:
        require_region_write(session, who, resolve_region(session, name=region).id, f"import a plan for {region}")
    version = import_upload(session, filename=filename, data=data, key=(key or "").strip() or None,
                            region=region or None)
    plan = version.plan
    require_region_write(session, who, plan.region_id, f"import a plan for {plan.region_name or 'this region'}")
    return version
