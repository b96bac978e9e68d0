"""The one place planlint makes rich consoles, and decides whether output is coloured.

Drafts, rule files and configs are user data: a console shows them as written. Emoji codes are
always off (`:b:` stays `:b:`); callers that style their own text with markup escape the user
parts, and callers that print user data only ask for markup=False.

Colour follows the conventions ruff and rich users expect, first match wins:
`--color always|never`; NO_COLOR (non-empty) turns colour off; FORCE_COLOR (non-empty) turns it
on even through a pipe; otherwise colour only on a terminal that is not TERM=dumb.
"""
from __future__ import annotations

import os
import sys

CHOICES = ("auto", "always", "never")


def wants_color(choice: str | None, stream=None) -> bool:
    """Whether output written to stream should be coloured."""
    if choice == "always":
        return True
    if choice == "never":
        return False
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    stream = sys.stdout if stream is None else stream
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except (OSError, ValueError):
        return False


def make(file=None, *, color: bool = False, markup: bool = True, stderr: bool = False, **options):
    """A rich Console that shows text as written. color is the decided answer (see wants_color):
    rich's own reading of the environment is overridden so that both agree."""
    from rich.console import Console

    options.setdefault("highlight", False)
    if color:
        # forced: a pipe or a file gets colour too; a dumb or unknown TERM still gets 16 colours
        term = os.environ.get("TERM", "")
        system = "auto" if term and term != "dumb" else "standard"
        return Console(file=file, stderr=stderr, emoji=False, markup=markup, force_terminal=True,
                       no_color=False, color_system=system, **options)
    return Console(file=file, stderr=stderr, emoji=False, markup=markup, no_color=True, color_system=None,
                   **options)
