"""Kept for old imports: task escalation lives in `planwatch.progress.tasks`."""

from planwatch.progress.tasks import BLUE_WITHIN_DAYS, DONE_STATES, YELLOW_UP_TO_DAYS, Escalation, escalation

__all__ = ["BLUE_WITHIN_DAYS", "DONE_STATES", "YELLOW_UP_TO_DAYS", "Escalation", "escalation"]
