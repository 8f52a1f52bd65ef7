"""The error catalogue. Domain code raises these; only cli.py (and later the web app)
turns them into exit codes or error pages. Every message names the file, line or field."""

from __future__ import annotations


class PlanwatchError(Exception):
    """Base of every error planwatch reports to a user rather than crashing on."""

    exit_code = 2


class DocumentError(PlanwatchError):
    """A document could not be read: missing, empty, binary, wrong type, no text layer."""

    def __init__(self, path: object, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class ValidationError(PlanwatchError):
    """Input rows or fields failed validation; `problems` lists every one, not just the first."""

    def __init__(self, source: object, problems: list[str]) -> None:
        self.source = str(source)
        self.problems = problems
        lines = "\n".join(f"  {p}" for p in problems)
        super().__init__(f"{self.source}: {len(problems)} problem(s)\n{lines}")


class NotFoundError(PlanwatchError):
    """A named plan, indicator, region or task does not exist."""


class Forbidden(PlanwatchError):
    """The user may see the object but not do this to it (a viewer publishing): HTTP 403."""


class NotLoggedIn(PlanwatchError):
    """No valid session or token: the login page (pages) or HTTP 401 (JSON)."""
