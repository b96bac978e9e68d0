"""Baselines: accept the findings a published text already has, report only new ones.

Entries are keyed by content, never by line number: the file, the code, the heading path
(第三章/第二节/（二）), the normalised text of the span, and the occurrence index among findings
that share all of those. Inserting or deleting lines above a finding leaves its key unchanged.
The same key, hashed, is the finding's fingerprint in SARIF and GitLab reports.
"""
from __future__ import annotations

import hashlib
import json
import os
import unicodedata
from collections import Counter
from dataclasses import dataclass

from .errors import ConfigError
from .model import Finding, Text

VERSION = 1


@dataclass(frozen=True)
class Key:
    path: str
    code: str
    heading_path: str
    text: str
    occurrence: int

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
        from .safeload import load_json_file

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
        """One file's findings that are not in the baseline; matched entries are used up."""
        kept = []
        for f, k in zip(findings, keys(text, findings, self.base)):
            if self._remaining[k] > 0:
                self._remaining[k] -= 1
            else:
                kept.append(f)
        return kept

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
    from . import output

    base = os.path.dirname(os.path.abspath(path))
    entries = sorted((k for text, found in per_file for k in keys(text, found, base)), key=_order)
    doc = {"version": VERSION, "tool": "planlint",
           "note": "planlint 基线：这些已知问题不再报告。用 planlint check --write-baseline 重新生成。",
           "entries": [k.to_dict() for k in entries]}
    # a path that is not valid UTF-8 is stored with the undecodable bytes escaped (\udcxx)
    data = (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8", "backslashreplace")
    output.write(path, data, inputs or set(), "基线")
    return len(entries)
