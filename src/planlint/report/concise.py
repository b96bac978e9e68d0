"""One line a finding: path:line:col: CODE [severity] message."""
from __future__ import annotations

from planlint.text.termsafe import escape


def line(f) -> str:
    return f"{escape(f.path)}:{f.line}:{f.column}: {f.code} [{f.severity}] {escape(f.message)}"


def render(result, out, options) -> None:
    for f in result.findings:
        out.write(line(f) + "\n")
