"""Errors that end a run (or skip one file) with exit code 2.

click's own ClickException exits with 1, which would collide with "findings"; these exit with 2.
"""
from __future__ import annotations

import click

EXIT_OK, EXIT_FINDINGS, EXIT_FAILURE = 0, 1, 2


class PlanlintError(click.ClickException):
    exit_code = EXIT_FAILURE

    def format_message(self) -> str:
        return self.message

    def show(self, file=None) -> None:
        from planlint.text.termsafe import escape

        click.echo(f"planlint: {escape(self.message)}", err=True)


class CheckLimit(Exception):
    """A check stopped by a bound on its work (a regex timeout): a per-file error, not a crash."""


class InputError(PlanlintError):
    """A file that cannot be read or decoded: reported, and the other files are still linted."""

    def __init__(self, path: str, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class ConfigError(PlanlintError):
    """An invalid rule file or configuration: names the file, the rule and the key."""

    def __init__(self, path: str, problem: str, rule: str | None = None, key: str | None = None):
        where = path
        if rule:
            where += f": 规则 {rule}"
        if key:
            where += f": 键 “{key}”"
        super().__init__(f"{where}: {problem}")
        self.path, self.rule, self.key, self.problem = path, rule, key, problem
