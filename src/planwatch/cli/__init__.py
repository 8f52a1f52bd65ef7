"""The `planwatch` command line: one group, one module per group of commands.

Modules define plain click commands and know nothing of the group; this module names them,
so there is no import circle between the group and its commands.

A command's module is imported when the command is first looked up: to run it, or for the
group's --help, which shows every command's short help. Listing the names imports nothing.
So `planwatch extract` does not pay for the other thirteen modules and what they import
(planwatch.progress.status alone is 11 ms), a cost every call of a shell loop over a
folder would pay again.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, MutableMapping
from importlib import import_module

import click

# Each command's name and where it is defined: "module:attribute" under planwatch.cli.
COMMANDS: Mapping[str, str] = {
    "extract": "extract:extract", "demo": "demo:demo",
    "import": "plans:import_command", "publish": "plans:publish", "plans": "plans:plans",
    "observe": "actuals:observe", "backup": "store:backup", "restore": "store:restore", "regions": "regions:regions",
    "status": "progress:status", "assess": "progress:assess",
    "allocate": "allocations:allocate", "allocations": "allocations:allocations", "rollup": "allocations:rollup",
    "tasks": "tasks:tasks", "task-update": "tasks:task_update",
    "circular": "circular:circular",
    "report": "circular:report",
    "departments": "departments:departments", "department-add": "departments:department_add",
    "department-rename": "departments:department_rename",
    "projects": "projects:projects", "projects-import": "projects:projects_import",
    "projects-from-plan": "projects:projects_from_plan",
    "serve": "web:serve", "user": "web:user",
    "compare": "compare:compare", "overlap": "compare:overlap",
}


class LazyCommands(MutableMapping[str, click.Command]):
    """A group's commands by name, each imported from its module on first look-up.

    Click reaches a group's commands only through this mapping (`get` to run or describe
    one, iteration to list the names, item assignment for `add_command`), so it stands in
    for the plain dict without a Group subclass, and `main.commands` keeps working for
    anyone listing or fetching the commands. Click's documented LazyGroup overrides
    `get_command` and `list_commands` instead, which leaves `commands` without the lazy ones.
    """

    def __init__(self, homes: Mapping[str, str]) -> None:
        self._homes = dict(homes)
        self._loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        command = self._loaded.get(name)
        if command is None:
            module, _, attribute = self._homes[name].partition(":")
            command = self._loaded[name] = getattr(import_module(f"planwatch.cli.{module}"), attribute)
        return command

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._homes.setdefault(name, "")
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        del self._homes[name]
        self._loaded.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._homes)

    def __len__(self) -> int:
        return len(self._homes)

    def __contains__(self, name: object) -> bool:
        return name in self._homes


@click.group(commands=LazyCommands(COMMANDS), context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="planwatch")
def main() -> None:
    """planwatch: turn industrial-development plan documents into tracked plans."""


__all__ = ["COMMANDS", "main"]
