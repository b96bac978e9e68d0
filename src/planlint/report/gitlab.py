"""GitLab Code Quality report: a JSON array; fingerprints unique per finding (content-keyed, so
GitLab tracks a finding across commits that move it)."""
from __future__ import annotations

import hashlib

from planlint.report import write_json

SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


def _fingerprint(f, used: set[str]) -> str:
    fp = f.fingerprint or hashlib.sha256(f"{f.path}:{f.line}:{f.column}:{f.code}".encode()).hexdigest()[:32]
    n = 0
    unique = fp
    while unique in used:  # never expected (keys carry an occurrence index), but GitLab requires it
        n += 1
        unique = hashlib.sha256(f"{fp}:{n}".encode()).hexdigest()[:32]
    used.add(unique)
    return unique


def document(result) -> list[dict]:
    used: set[str] = set()
    return [{
        "description": f"{f.code} {f.message}",
        "check_name": f.code,
        "fingerprint": _fingerprint(f, used),
        "severity": SEVERITY[f.severity],
        "categories": ["Style"],
        "location": {"path": f.path.replace("\\", "/"), "lines": {"begin": f.line, "end": max(f.end_line, f.line)}},
    } for f in result.findings]


def render(result, out, options) -> None:
    write_json(document(result), out)
