"""Rule selectors, ruff's way: a full code (PUN101), any prefix of one (PUN, PUN1) or ALL.

The one place a selector list is parsed (from --select/--ignore/--extend-select and from the
configuration's keys: a comma list, or a list of them), matched against a rule's code, and checked:
for the shape a suppression comment may name, and for naming at least one rule.
"""
from __future__ import annotations

from typing import Iterable
from planlint.text import lazyre

ALL = "ALL"
_SHAPE = lazyre.compile(r"^(ALL|[A-Z]{2,4}\d{0,3})$")


def parse(values: Iterable[str]) -> list[str]:
    """Comma-separated selectors, each stripped and upper-cased, empty ones dropped:
    ("pun, num1", "ALL") -> ["PUN", "NUM1", "ALL"]."""
    return [s.strip().upper() for v in values for s in v.split(",") if s.strip()]


def well_formed(selector: str) -> bool:
    """ALL, or two to four capitals and up to three digits (what a suppression comment may name)."""
    return _SHAPE.match(selector) is not None


def matches(code: str, selectors: list[str] | None) -> bool:
    """Does any selector name this code (ALL, the code, or a prefix of it)?"""
    return bool(selectors) and any(s == ALL or code.startswith(s) for s in selectors)


def selects(code: str, enabled: bool, selectors: list[str]) -> bool:
    """A prefix selects the rules that are on by default; an opt-in rule (enabled: false) needs
    its full code or ALL."""
    return any(s == ALL or s == code or (enabled and code.startswith(s)) for s in selectors)


def unknown(selectors: list[str] | None, codes: list[str]) -> str | None:
    """The first selector that names no rule (a typo must not silently select nothing)."""
    for s in selectors or []:
        if s != ALL and not any(c.startswith(s) for c in codes):
            return s
    return None
