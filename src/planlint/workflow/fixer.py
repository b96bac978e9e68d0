"""Applying the fixes recorded on findings.

Edits are offsets into Text.content (newlines normalised to "\\n"); they are applied to the file's
own decoded text, line ending by line ending, so that nothing but the fixed spans changes: the
encoding, the BOM, and every line ending (even a file that mixes CRLF and LF) stay as they were.
Overlapping fixes are resolved deterministically (earliest span first, then code); the ones left
out are applied by the next pass, and passes repeat until nothing changes, so a second `--fix`
run has nothing to do.
"""
from __future__ import annotations

import codecs
import difflib

import msgspec

from planlint.document.model import Applicability, Edit, Finding, Fix, Text
from planlint.text.termsafe import escape
from planlint.text import lazyre

MAX_PASSES = 10
_NEWLINE = lazyre.compile(r"\r\n|\r|\n")
_BOM = {"utf-8": codecs.BOM_UTF8, "utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE,
        "utf-32-le": codecs.BOM_UTF32_LE, "utf-32-be": codecs.BOM_UTF32_BE}


def applicable(f: Finding, unsafe: bool) -> bool:
    return f.fix is not None and bool(f.fix.edits) and (unsafe or f.fix.applicability is Applicability.SAFE)


def select(findings: list[Finding], unsafe: bool = False) -> tuple[list[Edit], int]:
    """Non-overlapping edits from the findings' fixes, and how many findings they fix. A fix is
    taken whole or not at all; an identical fix on several findings (a renumbering reported at a
    gap and at a repeat) is applied once and counts for each."""
    candidates = sorted((f for f in findings if applicable(f, unsafe)),
                        key=lambda f: (min(e.start for e in f.fix.edits), f.code, f.line, f.column))
    taken: list[Edit] = []
    taken_fixes: set[tuple] = set()
    fixed = 0
    for f in candidates:
        key = tuple(sorted((e.start, e.end, e.replacement) for e in f.fix.edits))
        if key in taken_fixes:
            fixed += 1
            continue
        if any(_overlaps(e, t) for e in f.fix.edits for t in taken):
            continue
        taken.extend(f.fix.edits)
        taken_fixes.add(key)
        fixed += 1
    return sorted(set(taken), key=lambda e: (e.start, e.end)), fixed


def _overlaps(a: Edit, b: Edit) -> bool:
    if a.start == a.end or b.start == b.end:  # insertions: clash only at the same point or inside
        return a.start == b.start or (b.start < a.start < b.end) or (a.start < b.start < a.end)
    return a.start < b.end and b.start < a.end


def _bom(text: Text) -> bytes:
    return _BOM.get(text.codec or "utf-8", b"") if text.bom else b""


def raw_string(data: bytes, text: Text) -> str:
    """The file's decoded text with its own line endings (Text.content has them normalised)."""
    return data[len(_bom(text)):].decode(text.codec or "utf-8")


def apply(data: bytes, text: Text, edits: list[Edit]) -> bytes:
    """The file's bytes with the edits applied, in its own encoding, BOM and line endings."""
    raw = raw_string(data, text)
    starts = [0] + [m.end() for m in _NEWLINE.finditer(raw)]

    def raw_offset(offset: int) -> int:
        p = text.pos(offset)
        return starts[p.line - 1] + p.column - 1

    out, last = [], len(raw)
    for e in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        a, b = raw_offset(e.start), raw_offset(e.end)
        if b > last:
            continue  # cannot happen with non-overlapping edits; never corrupt the file
        out.append(raw[b:last])
        out.append(e.replacement.replace("\n", text.newline))
        last = a
    out.append(raw[:last])
    return _bom(text) + "".join(reversed(out)).encode(text.codec or "utf-8")


def diff(display: str, before: Text, after: Text) -> str:
    """A unified diff of the decoded texts (line endings shown as "\\n"). It is read by a person,
    in a terminal or a CI log, so the draft's control characters are escaped (tabs kept)."""
    a, b = _lines(before.content), _lines(after.content)
    return "".join(_shown(line) for line in difflib.unified_diff(a, b, f"a/{display}", f"b/{display}"))


def _shown(line: str) -> str:
    body = line[:-1] if line.endswith("\n") else line
    return "\t".join(escape(part) for part in body.split("\t")) + line[len(body):]


def _lines(content: str) -> list[str]:
    lines = content.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line + "\n" for line in lines]


class FixResult(msgspec.Struct):
    original: bytes
    data: bytes       # the fixed bytes (== original when nothing applied)
    text: Text        # the fixed text, decoded
    fixed: int        # findings fixed
    snapshot: object = None  # source.Snapshot of the file as read: written only if still so

    @property
    def changed(self) -> bool:
        return self.data != self.original


def fix_loop(data: bytes, text: Text, lint_text, unsafe: bool = False):
    """Lint, apply, re-read, until no applicable fix is left (at most MAX_PASSES).
    lint_text(Text) -> (Document, findings). Returns (FixResult, last Document, its findings)."""
    from planlint.document.source import decode

    original, fixed = data, 0
    doc, found = lint_text(text)
    for _ in range(MAX_PASSES):
        edits, n = select(found, unsafe)
        if not edits:
            break
        new = apply(data, text, edits)
        if new == data:
            break
        data, text, fixed = new, decode(new, text.path), fixed + n
        doc, found = lint_text(text)
    return FixResult(original, data, text, fixed), doc, found


__all__ = ["Fix", "select", "apply", "diff", "fix_loop", "FixResult", "applicable"]
