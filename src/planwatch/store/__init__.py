"""Storage: SQLAlchemy tables, migrations, sessions, the audit log, backup and restore.

`open_store(settings)` is the entry point; it connects and upgrades the schema. Nothing in
this package connects at import time.
"""

from __future__ import annotations

from planwatch.store.session import Store, make_engine, open_store

__all__ = ["Store", "make_engine", "open_store"]
