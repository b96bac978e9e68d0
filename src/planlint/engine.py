"""Run the selected rules over documents: one read and one parse per file, each check a pure
function of the Document, corpus-wide checks over the list of Documents."""
from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field

from . import checks, outline, source
from .discovery import expand
from .errors import InputError
from .model import Document, Finding, severity_rank
from .rules import Rule


@dataclass
class FileResult:
    path: str
    encoding: str | None = None
    lines: int = 0
    findings: int = 0
    error: str | None = None


@dataclass
class RunResult:
    files: list[FileResult]
    findings: list[Finding]
    rules: list[Rule]
    errors: list[str] = field(default_factory=list)   # one line each: the run failed (exit 2)
    documents: list[Document] = field(default_factory=list)
    timing: dict[str, float] = field(default_factory=dict)

    def summary(self) -> dict[str, int]:
        out = {"error": 0, "warning": 0, "info": 0}
        for f in self.findings:
            out[f.severity] += 1
        return out

    def failed(self, fail_on: str) -> bool:
        threshold = severity_rank(fail_on)
        return any(severity_rank(f.severity) >= threshold for f in self.findings)


def load_document(path: str, display: str) -> Document:
    text = source.read(path, display)
    return outline.build(text, outline.format_of(path))


def run_document(doc: Document, rules: list[Rule], timing: dict[str, float] | None = None,
                 errors: list[str] | None = None) -> list[Finding]:
    found: list[Finding] = []
    for rule in rules:
        kind = checks.get(rule.kind)
        if kind is None or kind.scope != "document":
            continue
        found.extend(_guarded(rule, lambda: kind.run(doc, rule), doc.path, timing, errors))
    for f in found:
        if f.fix is not None:
            f.fix_json = f.fix.to_json(doc.text)
    return found


def _guarded(rule: Rule, call, where: str, timing, errors) -> list[Finding]:
    """A check that fails on some text must not stop the run; the failure is reported, loudly."""
    start = time.perf_counter()
    try:
        return list(call())
    except Exception as e:  # noqa: BLE001 - report, keep linting the other rules and files
        if errors is None:
            raise
        errors.append(f"{where}: 规则 {rule.code} 内部错误（{type(e).__name__}: {e}），请报告此问题")
        return []
    finally:
        if timing is not None:
            timing[rule.code] = timing.get(rule.code, 0.0) + time.perf_counter() - start


def lint(paths: list[str], rules: list[Rule], keep_documents: bool = False) -> RunResult:
    files: list[FileResult] = []
    findings: list[Finding] = []
    errors: list[str] = []
    timing: dict[str, float] = {}
    documents: list[Document] = []
    for path, display in expand(paths):
        try:
            doc = load_document(path, display)
        except InputError as e:
            files.append(FileResult(display, error=e.problem))
            errors.append(e.message)
            continue
        found = run_document(doc, rules, timing, errors)
        findings.extend(found)
        files.append(FileResult(display, doc.text.encoding, doc.text.line_count, len(found)))
        documents.append(doc)
    corpus = run_corpus(documents, rules, timing, errors)
    if corpus:
        findings.extend(corpus)
        by_path = {f.path: f for f in files}
        for f in corpus:
            if f.path in by_path:
                by_path[f.path].findings += 1
    findings.sort(key=Finding.sort_key)
    return RunResult(files, findings, rules, errors, documents if keep_documents else [], timing)


def run_corpus(documents: list[Document], rules: list[Rule], timing=None, errors=None) -> list[Finding]:
    found: list[Finding] = []
    for rule in rules:
        kind = checks.get(rule.kind)
        if kind is not None and kind.scope == "corpus":
            found.extend(_guarded(rule, lambda: kind.run(documents, rule), "（多文件）", timing, errors))
    return found


def warn(message: str) -> None:
    print(f"planlint: {message}", file=sys.stderr)
