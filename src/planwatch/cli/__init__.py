"""The `planwatch` command line: one group, one module per group of commands.

Modules define plain click commands and know nothing of the group; this module adds them,
so there is no import circle between the group and its commands.
"""

from __future__ import annotations

import click

from planwatch.cli import (
    actuals,
    allocations,
    circular,
    compare,
    demo,
    departments,
    extract,
    plans,
    progress,
    projects,
    regions,
    store,
    tasks,
    web,
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="planwatch")
def main() -> None:
    """planwatch: turn industrial-development plan documents into tracked plans."""


COMMANDS: tuple[click.Command, ...] = (
    extract.extract, demo.demo,
    plans.import_command, plans.publish, plans.plans,
    actuals.observe, store.backup, store.restore, regions.regions,
    progress.status, progress.assess, allocations.allocate, allocations.allocations, allocations.rollup,
    tasks.tasks, tasks.task_update,
    circular.circular,
    circular.report,
    departments.departments, departments.department_add, departments.department_rename,
    projects.projects, projects.projects_import, projects.projects_from_plan,
    web.serve, web.user,
    compare.compare, compare.overlap,
)
for command in COMMANDS:
    main.add_command(command)

__all__ = ["main"]
