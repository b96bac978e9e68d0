"""Baselines: accept the findings a published text already has, report only new ones.

Entries are keyed by content, never by line number: the file, the code, the heading path
(第三章/第二节/（二）), the normalised text of the span, and the occurrence index among findings
that share all of those. Inserting or deleting lines above a finding leaves its key unchanged.
The same key, hashed, is the finding's fingerprint in SARIF and GitLab reports.

A finding matches an entry by content; the path breaks ties. Entries of the finding's own file
are used first; a finding left over may take an entry whose file is gone (neither linted in this
run nor on disk), preferring one with the same file name: `git mv` keeps a draft's baseline, and
a copy of a draft beside its original does not inherit the original's entries.
"""
from __future__ import annotations

import json
import os
import unicodedata
from collections import Counter

import msgspec

from planlint.errors import ConfigError
from planlint.document.model import Finding, Text

VERSION = 1


class Key(msgspec.Struct, frozen=True):
    path: str
    code: str
    heading_path: str
    text: str
    occurrence: int

    @property
    def content(self) -> tuple[str, str, str, int]:
        return (self.code, self.heading_path, self.text, self.occurrence)

    def to_dict(self) -> dict:
        return {"path": self.path, "code": self.code, "heading_path": self.heading_path,
                "text": self.text, "occurrence": self.occurrence}


def normalise(s: str) -> str:
    """Width and whitespace do not make a finding new (PDF extraction inserts spaces)."""
    return "".join(unicodedata.normalize("NFKC", s).split())


def span_text(text: Text, f: Finding, limit: int = 80) -> str:
    if f.line > text.line_count or f.line < 1:
        return ""
    start = text.line_start(f.line) + f.column - 1
    end_line = min(f.end_line, max(text.line_count, 1))
    end = text.line_start(end_line) + f.end_column - 1 if f.end_line <= text.line_count else len(text.content)
    return normalise(text.content[start:max(start, end)])[:limit]


def _portable(path: str, base: str | None) -> str:
    """The path as stored: relative to the baseline file's folder, with forward slashes."""
    if base is not None:
        try:
            path = os.path.relpath(os.path.abspath(path), base)
        except ValueError:
            pass
    return path.replace(os.sep, "/")


def keys(text: Text, findings: list[Finding], base: str | None = None) -> list[Key]:
    """Keys for one file's findings, in the given (document) order."""
    seen: Counter = Counter()
    out = []
    for f in findings:
        core = (_portable(f.path, base), f.code, f.heading_path, span_text(text, f))
        out.append(Key(*core, seen[core]))
        seen[core] += 1
    return out


def fingerprint(findings: list[Finding], text: Text) -> None:
    """Set Finding.fingerprint for one file's findings (sorted by position)."""
    if not findings:
        return
    import hashlib  # a clean draft's run does not load OpenSSL

    for f, k in zip(findings, keys(text, findings)):
        raw = "\0".join((k.path, k.code, k.heading_path, k.text, str(k.occurrence)))
        # surrogatepass: a file name that is not valid UTF-8 reaches us as lone surrogates
        f.fingerprint = hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()[:32]


class Baseline:
    def __init__(self, path: str, entries: list[Key]):
        self.path = path
        self.base = os.path.dirname(os.path.abspath(path))
        self.entries = entries
        self._remaining = Counter(entries)

    @classmethod
    def load(cls, path: str) -> "Baseline":
        from planlint.safeload import load_json_file

        if not os.path.lexists(path):
            raise ConfigError(path, "基线文件不存在（用 --write-baseline 生成）")
        data = load_json_file(path, "基线文件")
        if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("entries"), list):
            raise ConfigError(path, f"不是 planlint 基线文件（应含 version: {VERSION} 与 entries 列表）")
        entries = []
        for i, e in enumerate(data["entries"]):
            if not isinstance(e, dict) or not isinstance(e.get("path"), str) or not isinstance(e.get("code"), str):
                raise ConfigError(path, "条目应为含 path 与 code（字符串）的映射", key=f"entries[{i}]")
            occurrence = e.get("occurrence", 0)
            if type(occurrence) is not int or not 0 <= occurrence < 1_000_000_000:
                raise ConfigError(path, "occurrence 应为非负整数", key=f"entries[{i}].occurrence")
            entries.append(Key(e["path"], e["code"], str(e.get("heading_path", "")), str(e.get("text", "")),
                               occurrence))
        return cls(path, entries)

    def filter(self, text: Text, findings: list[Finding]) -> list[Finding]:
        """One file's findings that are not in the baseline (a run of one file)."""
        return self.filter_all([(text, findings)])[0]

    def filter_all(self, per_file: list[tuple[Text, list[Finding]]]) -> list[list[Finding]]:
        """Each linted file's findings that are not in the baseline; matched entries are used up.
        All files of a run at once, so that a file's own entries are used before anyone else's."""
        keyed = [list(zip(found, keys(text, found, self.base))) for text, found in per_file]
        left = [[(f, k) for f, k in pairs if not self._take(k)] for pairs in keyed]
        if any(left):
            orphans = self._orphans({_portable(text.path, self.base) for text, _ in per_file})
            left = [[(f, k) for f, k in pairs if not self._take_orphan(k, orphans)] for pairs in left]
        return [[f for f, _ in pairs] for pairs in left]

    def _take(self, k: Key) -> bool:
        if self._remaining[k] > 0:
            self._remaining[k] -= 1
            return True
        return False

    def _orphans(self, linted: set[str]) -> dict[tuple, list[Key]]:
        """Remaining entries whose file is gone (renamed or moved away), by content."""
        gone: dict[str, bool] = {}
        out: dict[tuple, list[Key]] = {}
        for k, n in self._remaining.items():
            if n <= 0 or k.path in linted:
                continue
            if k.path not in gone:
                gone[k.path] = not os.path.exists(os.path.join(self.base, k.path))
            if gone[k.path]:
                out.setdefault(k.content, []).append(k)
        for candidates in out.values():
            candidates.sort(key=_order)
        return out

    def _take_orphan(self, k: Key, orphans: dict[tuple, list[Key]]) -> bool:
        candidates = [c for c in orphans.get(k.content, ()) if self._remaining[c] > 0]
        if not candidates:
            return False
        name = os.path.basename(k.path)
        best = min(candidates, key=lambda c: os.path.basename(c.path) != name)  # stable: path order next
        self._remaining[best] -= 1
        return True

    def stale(self, linted_paths: list[str]) -> list[Key]:
        """Entries for files linted in this run that no finding matched any more."""
        linted = {_portable(p, self.base) for p in linted_paths}
        return [k for k, n in sorted(self._remaining.items(), key=lambda kv: _order(kv[0]))
                for _ in range(n) if k.path in linted]


def _order(k: Key):
    return (k.path, k.code, k.heading_path, k.text, k.occurrence)


def write(path: str, per_file: list[tuple[Text, list[Finding]]], inputs: set | None = None) -> int:
    """Write a baseline of the given findings; returns the number of entries. inputs: (device,
    inode) of the run's drafts, which the baseline must never overwrite (see output.py)."""
    from planlint.workflow import output

    base = os.path.dirname(os.path.abspath(path))
    entries = sorted((k for text, found in per_file for k in keys(text, found, base)), key=_order)
    doc = {"version": VERSION, "tool": "planlint",
           "note": "planlint 基线：这些已知问题不再报告。用 planlint check --write-baseline 重新生成。",
           "entries": [k.to_dict() for k in entries]}
    # a path that is not valid UTF-8 is stored with the undecodable bytes escaped (\udcxx)
    data = (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8", "backslashreplace")
    output.write(path, data, inputs or set(), "基线")
    return len(entries)
