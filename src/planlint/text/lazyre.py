"""Module-level regular expressions compiled on first use.

A run imports every check family its rules name, and with them about 120 module-level patterns;
a short draft uses fewer than half of them, yet compiling them all cost about a third of
start-up (sre expands a class of Han characters code point by code point). `compile()` returns
a stand-in that compiles on first use and then puts the compiled pattern in its place in the
module's namespace, so later uses by name cost nothing extra; a stand-in kept elsewhere (a
default argument, a table) delegates to the compiled pattern. Compiling goes through
programs.compile: the program kept from an earlier run, when there is one."""
from __future__ import annotations

import re
import sys

from planlint.text import programs


class LazyPattern:
    __slots__ = ("_source", "_flags", "_namespace", "_compiled")

    def __init__(self, source: str, flags: int, namespace: dict):
        self._source, self._flags, self._namespace, self._compiled = source, flags, namespace, None

    def _compile(self) -> re.Pattern:
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = programs.compile(self._source, self._flags)
            for name, value in list(self._namespace.items()):
                if value is self:
                    self._namespace[name] = compiled
        return compiled

    @property
    def pattern(self) -> str:
        """The source, as re.Pattern.pattern, without compiling it."""
        return self._source

    def __getattr__(self, name: str):
        return getattr(self._compile(), name)

    def __repr__(self) -> str:
        return f"LazyPattern({self._source!r})"


def compile(source: str, flags: int = 0) -> LazyPattern:  # noqa: A001 - the same call as re.compile
    """re.compile(source, flags), done when the pattern is first used. Only for module-level
    assignments: the stand-in replaces itself in the calling module's namespace."""
    return LazyPattern(source, flags, sys._getframe(1).f_globals)


def deferred(source: str, flags: int = 0) -> LazyPattern:
    """re.compile(source, flags), done when the pattern is first used, for a pattern kept in a table
    or an object (it delegates to the compiled pattern)."""
    return LazyPattern(source, flags, {})
