"""The versioned JSON document of design.md: the contract other tools rely on."""
from __future__ import annotations

from planlint import __version__
from planlint.report import write_json
from planlint.document.model import Finding

SCHEMA_VERSION = 1


def finding_to_dict(f: Finding, documents_by_path=None) -> dict:
    out = {
        "path": f.path, "line": f.line, "column": f.column, "end_line": f.end_line,
        "end_column": f.end_column, "code": f.code, "name": f.name, "category": f.category,
        "severity": f.severity, "message": f.message,
        "related": [_related(r) for r in f.related],
        "fix": f.fix_json,
    }
    if f.heading_path:
        out["heading_path"] = f.heading_path
    if f.data:
        out["data"] = f.data
    if f.location:
        out["location"] = f.location  # .docx: paragraph or table cell (wordfile/positions.py)
    return out


def _related(r) -> dict:
    out = {"path": r.path, "line": r.line, "column": r.column}
    if r.message:
        out["message"] = r.message
    return out


def document(result) -> dict:
    return {
        "version": SCHEMA_VERSION,
        "tool": {"name": "planlint", "version": __version__},
        "files": [
            {"path": f.path, "encoding": f.encoding, "lines": f.lines, "findings": f.findings,
             **({"error": f.error} if f.error else {})}
            for f in result.files
        ],
        "findings": [finding_to_dict(f) for f in result.findings],
        "summary": result.summary(),
    }


def render(result, out, options) -> None:
    write_json(document(result), out)
