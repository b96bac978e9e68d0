"""Suppression comments in drafts, and the report of suppressions that suppress nothing.

A directive is a line of its own (Markdown comment syntax; also honoured in .txt drafts):

    <!-- planlint: disable NUM101, DUP -->          … until enable (or the end of the file)
    <!-- planlint: enable NUM101 -->                 (no codes: ends every open disable)
    <!-- planlint: disable-next-line DUP201 -- 理由 -->   the next non-blank line
    <!-- planlint: disable-file UNT -->             the whole file

Codes are selectors (a code, a prefix, or nothing for all rules); text after `--` is the reason.
The check kinds below read the directives; `apply()` and `finish()` filter a file's findings in
the engine, because a directive is "unused" only once every rule has run.
"""
from __future__ import annotations

import re

import msgspec

from planlint.checks import check
from planlint.document.model import Document, Finding
from planlint.ruleset.selectors import matches, well_formed
from planlint.text import lazyre

_DIRECTIVE = lazyre.compile(r"^\s*<!--\s*planlint\s*[:：]\s*(?P<body>.*?)\s*-->\s*$", re.IGNORECASE)
ACTIONS = ("disable", "enable", "disable-next-line", "disable-file")
_END = 10**9


class Directive(msgspec.Struct):
    line: int
    start: int   # offsets of the comment in Text.content
    end: int
    action: str
    selectors: list[str]
    reason: str = ""
    problem: str = ""  # why the directive is invalid, if it is

    def describe(self) -> str:
        return f"{self.action} {', '.join(self.selectors)}".strip()


class Scope(msgspec.Struct):
    """One selector of one directive over a range of lines."""

    directive: int  # index into Suppressions.directives
    selector: str
    first: int
    last: int

    @property
    def key(self) -> str:
        return f"{self.directive}:{self.selector}"


class Suppressions(msgspec.Struct):
    directives: list[Directive] = msgspec.field(default_factory=list)
    scopes: list[Scope] = msgspec.field(default_factory=list)
    used: set[str] = msgspec.field(default_factory=set)

    @property
    def directive_lines(self) -> set[int]:
        return {d.line for d in self.directives}


def _split(body: str) -> tuple[str, list[str], str]:
    reason = ""
    for sep in (" -- ", "--", " — "):
        if sep in body:
            body, reason = body.split(sep, 1)
            break
    words = body.replace(",", " ").replace("，", " ").replace("、", " ").split()
    if not words:
        return "", [], reason.strip()
    return words[0].lower(), [w.upper() for w in words[1:]], reason.strip()


def parse(doc: Document) -> Suppressions:
    """The directives of a document and the line ranges they cover (memoised per document)."""
    return doc.memo("suppressions", _parse)


def _parse(doc: Document) -> Suppressions:
    text = doc.text
    out = Suppressions()
    lines = list(text.lines())
    open_scopes: list[Scope] = []
    for idx, (lineno, start, line) in enumerate(lines):
        if "planlint" not in line:
            continue
        m = _DIRECTIVE.match(line)
        if m is None:
            continue
        action, selectors, reason = _split(m.group("body"))
        d = Directive(lineno, start, start + len(line), action, selectors, reason)
        out.directives.append(d)
        di = len(out.directives) - 1
        bad = [s for s in selectors if not well_formed(s)]
        if action not in ACTIONS:
            d.problem = f"未知的指令“{action}”，可用：{'、'.join(ACTIONS)}"
        elif bad:
            d.problem = f"“{bad[0]}”不是规则代码或前缀"
        if d.problem:
            continue
        chosen = selectors or ["ALL"]
        if action == "disable":
            for s in chosen:
                scope = Scope(di, s, lineno + 1, _END)
                out.scopes.append(scope)
                open_scopes.append(scope)
        elif action == "enable":
            closing = [s for s in open_scopes if not selectors or s.selector in selectors]
            if not closing:
                d.problem = "没有与之对应的 disable"
            for s in closing:
                s.last = lineno - 1
                open_scopes.remove(s)
        elif action == "disable-file":
            out.scopes.extend(Scope(di, s, 1, _END) for s in chosen)
        else:
            target = _next_line(lines, idx)
            if target is None:
                d.problem = "其后没有可抑制的行"
            else:
                out.scopes.extend(Scope(di, s, target, target) for s in chosen)
    return out


def _next_line(lines, idx: int) -> int | None:
    """The next non-blank line that is not itself a directive."""
    for lineno, _, line in lines[idx + 1:]:
        if line.strip() and not _DIRECTIVE.match(line):
            return lineno
    return None


def is_own(f: Finding) -> bool:
    """Findings about the directives themselves are never suppressed by them."""
    return "suppression" in f.data


def apply(sup: Suppressions, findings: list[Finding]) -> list[Finding]:
    """Drop the findings a directive covers, recording which directives were used. Findings on a
    directive's own line are about the comment syntax, not the draft, and are dropped too."""
    if not sup.directives:
        return findings
    own_lines = sup.directive_lines
    kept = []
    for f in findings:
        if is_own(f):
            kept.append(f)
            continue
        if f.line in own_lines:
            continue
        hits = [s for s in sup.scopes if s.first <= f.line <= s.last and matches(f.code, [s.selector])]
        for s in hits:
            sup.used.add(s.key)
        if not hits:
            kept.append(f)
    return kept


def finish(sup: Suppressions, findings: list[Finding]) -> list[Finding]:
    """Keep only the unused-suppression findings whose directive suppressed nothing."""
    return [f for f in findings
            if not (is_own(f) and f.data.get("unused") and f.data["suppression"] in sup.used)]


@check("suppression.unused", fields=("directive", "selector"))
def unused(doc: Document, rule):
    """Every suppression is a candidate; the engine keeps those that suppressed nothing."""
    sup = parse(doc)
    for s in sup.scopes:
        d = sup.directives[s.directive]
        selector = "全部规则" if s.selector == "ALL" else s.selector
        yield rule.finding(doc, d.start, d.end, directive=d.describe(), selector=selector,
                           data={"suppression": s.key, "unused": True})


@check("suppression.invalid", fields=("directive", "problem"))
def invalid(doc: Document, rule):
    for i, d in enumerate(parse(doc).directives):
        if d.problem:
            yield rule.finding(doc, d.start, d.end, directive=d.describe(), problem=d.problem,
                               data={"suppression": str(i)})
