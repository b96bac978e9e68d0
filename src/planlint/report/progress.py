"""A progress bar on stderr for runs over many files: only on a terminal, never in pipes or CI
logs (where it would be noise), and rich is imported only when the bar is shown."""
from __future__ import annotations

import os
import sys
from contextlib import contextmanager

MIN_FILES = 20  # smaller runs finish before a bar is worth drawing
_CI_VARIABLES = ("CI", "GITHUB_ACTIONS", "GITLAB_CI", "BUILDKITE", "JENKINS_URL", "TF_BUILD")


def wanted(total: int, stream=None) -> bool:
    stream = stream if stream is not None else sys.stderr
    if total < MIN_FILES or any(os.environ.get(v) for v in _CI_VARIABLES):
        return False
    if os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except (OSError, ValueError):
        return False


class _Quiet:
    def advance(self, n: int = 1) -> None:
        pass


class _Bar:
    def __init__(self, progress, task):
        self._progress, self._task = progress, task

    def advance(self, n: int = 1) -> None:
        self._progress.advance(self._task, n)


@contextmanager
def bar(total: int, description: str = "检查文稿", stream=None):
    """A context manager yielding an object with advance(); draws only when wanted()."""
    stream = stream if stream is not None else sys.stderr
    if not wanted(total, stream):
        yield _Quiet()
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from planlint.report.console import make, wants_color

    console = make(stream, color=wants_color(None, stream), stderr=stream is sys.stderr)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        yield _Bar(progress, progress.add_task(description, total=total))
