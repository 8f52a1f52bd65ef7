"""Every table module, imported so that `Base.metadata` is whole wherever it is read: the
migrations' environment, backup and restore, and the tests that compare the models with the
migrated schema. A new table module is added here and nowhere else."""

from __future__ import annotations

import planwatch.store.assessment_tables
import planwatch.store.auth_tables
import planwatch.store.circular_tables
import planwatch.store.compare_tables
import planwatch.store.duban_tables
import planwatch.store.entry_tables
import planwatch.store.tables
import planwatch.store.work_tables  # noqa: F401
from planwatch.store.base import Base

METADATA = Base.metadata
