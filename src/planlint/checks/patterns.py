"""Declarative pattern kinds (the useful part of Vale's model), so that a user can add a rule in
YAML without writing Python:

- ``pattern.existence``: a regular expression (or a list of them) that should not occur;
- ``pattern.substitution``: ``swap`` maps a wrong form to the right one, with a safe fix;
- ``pattern.consistency``: ``either`` names two forms of one thing; the document's minority form
  is reported.

Patterns are compiled with the ``regex`` module because its ``timeout=`` bounds a pathological
user expression (catastrophic backtracking); a timeout stops the rule for that file and is
reported as a per-file error naming the rule. Chinese has no word boundaries, so patterns are never
wrapped in ``\\b``; only a list entry that begins or ends with an ASCII letter or digit gets an
ASCII-only guard on that side (“GDP” must not match in “GDPR”, but must match in “GDP增速”).
"""
from __future__ import annotations

import bisect
import math
from collections import Counter
from typing import Any, Iterator

from planlint.document.model import Applicability, Document, Edit, Fix
from planlint.checks import check
from planlint.text.regexes import DEFAULT_TIMEOUT, MAX_TIMEOUT, Budget, compile_pattern, regex_problem

SCOPES = ("body", "heading", "all")
_ASCII_WORD = "A-Za-z0-9"


def _guard(token: str) -> str:
    """A list entry as a regex, with an ASCII boundary guard where it starts/ends with [A-Za-z0-9]."""
    out = token
    if token[:1].isascii() and token[:1].isalnum():
        out = f"(?<![{_ASCII_WORD}])" + out
    if token[-1:].isascii() and token[-1:].isalnum():
        out = out + f"(?![{_ASCII_WORD}])"
    return out


def alternatives(pattern: str | list[str]) -> str:
    """One regex for a pattern string (used as written) or a list of entries (guarded, OR-ed)."""
    if isinstance(pattern, str):
        return pattern
    return "|".join(f"(?:{_guard(p)})" for p in pattern if p)


def validate(params: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(key, problem) for each invalid parameter of a pattern rule; used when the rule file loads."""
    def bad(source) -> str | None:
        if not isinstance(source, str) or not source:
            return "应为非空字符串"
        return regex_problem(source)

    if "scope" in params and params["scope"] not in SCOPES:
        yield "params.scope", f"scope 应为 {'、'.join(SCOPES)} 之一"
    timeout = params.get("timeout", DEFAULT_TIMEOUT)
    if (not isinstance(timeout, (int, float)) or isinstance(timeout, bool) or not math.isfinite(timeout)
            or not 0 < timeout <= MAX_TIMEOUT):
        yield "params.timeout", f"timeout 应为 0 到 {MAX_TIMEOUT:g} 之间的秒数"
    if "pattern" in params:
        value = params["pattern"]
        entries = value if isinstance(value, list) else [value]
        if value is None or not entries:
            yield "params.pattern", "缺少 pattern（正则表达式或其列表）"
        for p in entries:
            if (problem := bad(p)):
                yield "params.pattern", problem
        if isinstance(value, list) and all(isinstance(p, str) and p for p in entries):
            if (problem := bad(alternatives(value))):
                yield "params.pattern", problem
    if "swap" in params:
        swap = params["swap"]
        if not isinstance(swap, dict) or not swap:
            yield "params.swap", "swap 应为“错误写法: 正确写法”的非空映射"
        else:
            for wrong, right in swap.items():
                if (problem := bad(wrong)):
                    yield f"params.swap.{wrong}", problem
                if not isinstance(right, str):
                    yield f"params.swap.{wrong}", "正确写法应为字符串"
    if "either" in params:
        either = params["either"]
        if not isinstance(either, list) or len(either) != 2:
            yield "params.either", "either 应为两个正则表达式的列表"
        else:
            for p in either:
                if (problem := bad(p)):
                    yield "params.either", problem


def _budget(rule) -> Budget:
    """The matching time for one rule on one file (its `timeout`)."""
    return Budget(rule.code, float(rule.params.get("timeout") or DEFAULT_TIMEOUT))


def scope_spans(doc: Document, scope: str) -> list[tuple[int, int]]:
    """Sorted, disjoint [start, end) spans of the text a rule looks at."""
    def compute(d: Document) -> list[tuple[int, int]]:
        if scope == "heading":
            spans = [(h.title_span.start, h.title_span.end) for h in d.headings]
        elif scope == "body":
            spans = [(b.span.start, b.span.end) for b in d.blocks if b.kind in ("body", "table")]
        else:
            spans = [(0, len(d.text.content))]
        return sorted(s for s in spans if s[1] > s[0])

    return doc.memo(f"pattern.scope:{scope}", compute)


def matches(doc: Document, rule, source: str, budget: Budget) -> Iterator:
    """Matches of one regex over the whole text, kept when they lie inside the rule's scope.

    One scan of the whole text (not one per block) keeps a single timeout per rule and file."""
    spans = scope_spans(doc, rule.params.get("scope", "body"))
    if not spans:
        return
    starts = [s for s, _ in spans]
    compiled = compile_pattern(source, bool(rule.params.get("ignorecase")))
    for m in budget.finditer(compiled, doc.text.content):
        if m.end() == m.start():
            continue  # an empty match marks nothing
        i = bisect.bisect_right(starts, m.start()) - 1
        if i >= 0 and m.end() <= spans[i][1]:
            yield m


def _heading_at(doc: Document, offset: int):
    """The last heading at or before the offset's line (headings are in document order)."""
    lines = doc.memo("pattern.heading_lines", lambda d: [h.line for h in d.headings])
    i = bisect.bisect_right(lines, doc.text.pos(offset).line) - 1
    return doc.headings[i] if i >= 0 else None


_COMMON = {"scope": "body", "ignorecase": False, "timeout": DEFAULT_TIMEOUT}


@check("pattern.existence", params={"pattern": None, **_COMMON}, fields=("match",), validate=validate)
def existence(doc: Document, rule):
    budget = _budget(rule)
    for m in matches(doc, rule, alternatives(rule.params["pattern"]), budget):
        yield rule.finding(doc, m.start(), m.end(), node=_heading_at(doc, m.start()), match=m.group())


@check("pattern.substitution", params={"swap": None, **_COMMON}, fields=("match", "expected"),
       validate=validate)
def substitution(doc: Document, rule):
    budget = _budget(rule)
    for wrong, right in rule.params["swap"].items():
        for m in matches(doc, rule, alternatives([wrong]), budget):
            if m.group() == right:
                continue  # the wrong pattern also matches the right form
            fix = Fix(f"改为“{right}”", [Edit(m.start(), m.end(), right)], Applicability.SAFE)
            yield rule.finding(doc, m.start(), m.end(), node=_heading_at(doc, m.start()), fix=fix,
                               match=m.group(), expected=right)


@check("pattern.consistency", params={"either": None, **_COMMON}, fields=("match", "expected"),
       validate=validate)
def consistency(doc: Document, rule):
    budget = _budget(rule)
    found = [list(matches(doc, rule, alternatives([p]), budget)) for p in rule.params["either"]]
    a, b = found
    if not a or not b:
        return
    # The majority form is the document's own choice; on a tie, the form used first.
    if len(a) > len(b) or (len(a) == len(b) and a[0].start() < b[0].start()):
        major, minor = a, b
    else:
        major, minor = b, a
    expected = Counter(m.group() for m in major).most_common(1)[0][0]
    first = major[0]
    for m in minor:
        fix = Fix(f"统一为“{expected}”", [Edit(m.start(), m.end(), expected)], Applicability.UNSAFE)
        yield rule.finding(doc, m.start(), m.end(), node=_heading_at(doc, m.start()), fix=fix,
                           related=[rule.related(doc, first.start(), f"多数写法“{first.group()}”")],
                           data={"counts": {expected: len(major), m.group(): len(minor)}},
                           match=m.group(), expected=expected)
