"""Where findings sit in a draft's text, for the reports that show the text itself (html, docx).

Both reports cut each line at every finding boundary, so that a piece of text is covered by a
fixed set of findings; the HTML page colours a piece, the Word copy makes it a run that a comment
can be anchored on. Characters that must not be shown raw (controls, bidi overrides) get a
visible one-character stand-in, so offsets stay aligned.
"""
from __future__ import annotations

import msgspec

from planlint.document.model import Finding, Text


class Piece(msgspec.Struct, frozen=True):
    start: int              # offsets into Text.content
    end: int                # start == end: a point (a finding with no text of its own on this line)
    ids: tuple[int, ...]    # indexes of the findings covering it, in the order given


def offset(text: Text, line: int, column: int) -> int:
    """The content offset of a 1-based line and column, clamped into the text."""
    last = max(text.line_count, 1)
    if line < 1:
        return 0
    if line > last:
        return len(text.content)
    start, end = text.line_start(line), text.line_end(line)
    return min(start + max(column, 1) - 1, end)


def finding_range(text: Text, f: Finding) -> tuple[int, int]:
    start = offset(text, f.line, f.column)
    return start, max(start, offset(text, f.end_line, f.end_column))


def line_pieces(text: Text, ranges: list[tuple[int, int]]) -> dict[int, list[Piece]]:
    """For each line that a range touches: the line cut into pieces at every range boundary.

    A range with no character on any line (empty, or only a line break) becomes a point where it
    starts. Lines no range touches are absent: they are shown whole."""
    per_line: dict[int, list[tuple[int, int, int]]] = {}
    for i, (start, end) in enumerate(ranges):
        first, last = text.pos(start).line, text.pos(end).line
        portions = []
        for line in range(first, last + 1):
            a = max(start, text.line_start(line))
            b = min(end, text.line_end(line))
            if a < b:
                portions.append((line, a, b))
        if not portions:
            portions = [(first, start, start)]
        for line, a, b in portions:
            per_line.setdefault(line, []).append((a, b, i))
    return {line: _cut(text.line_start(line), text.line_end(line), entries)
            for line, entries in per_line.items()}


def _cut(line_start: int, line_end: int, entries: list[tuple[int, int, int]]) -> list[Piece]:
    bounds = sorted({line_start, line_end, *(a for a, _, _ in entries), *(b for _, b, _ in entries)})
    points: dict[int, list[int]] = {}
    for a, b, i in entries:
        if a == b:
            points.setdefault(a, []).append(i)
    pieces: list[Piece] = []
    for a, b in zip(bounds, bounds[1:] + [None]):
        if a in points:
            pieces.append(Piece(a, a, tuple(points[a])))
        if b is None:
            break
        ids = tuple(i for s, e, i in entries if s <= a and e >= b and s < e)
        pieces.append(Piece(a, b, ids))
    return pieces


def suggestion(f: Finding) -> str:
    """The fix a finding proposes, in words (“改为全角括号”), or ""."""
    if f.fix is not None:
        return f.fix.description
    if f.fix_json:
        return str(f.fix_json.get("description", ""))
    return ""


# C0/C1 controls and the bidi controls that could make a draft read differently from what it
# holds (Trojan Source); tab stays a tab.
_SHOWN = {**{c: chr(0x2400 + c) for c in range(0x20) if c != 0x09}, 0x7F: "\u2421",
          **{c: "\ufffd" for c in range(0x80, 0xA0)},
          **{c: "\ufffd" for c in (0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))}}


def visible(s: str) -> str:
    """s with each control character replaced by one visible character (␇, �), lone surrogates
    too; length and offsets are unchanged."""
    s = s.translate(_SHOWN)
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in s):
        s = "".join("\ufffd" if 0xD800 <= ord(ch) <= 0xDFFF else ch for ch in s)
    return s


def has_hidden(s: str) -> bool:
    return s != visible(s)
