"""Service layer: keyword-only functions taking a session, one module per domain.

They hold the rules (validation, resolution, auditing) and raise `PlanwatchError`
subclasses; the CLI and the web app call them inside `Store.transaction()`.
"""
