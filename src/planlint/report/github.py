"""GitHub Actions workflow commands: one annotation per finding, and a summary line (GitHub
shows only 10 errors and 10 warnings per step, 50 per job)."""
from __future__ import annotations

from planlint.text.termsafe import escape

COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def line(f) -> str:
    # controls other than CR/LF (ESC in a file name or a quoted span) would reach the log raw
    props = {"file": escape(f.path.replace("\\", "/")), "line": f.line, "endLine": max(f.end_line, f.line),
             "col": f.column, "title": f"{f.code} {f.name}"}
    if f.end_line == f.line:
        props["endColumn"] = max(f.end_column, f.column + 1)
    body = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items())
    return f"::{COMMAND[f.severity]} {body}::{escape_data(f'{f.code} {escape(f.message)}')}"


def render(result, out, options) -> None:
    for f in result.findings:
        out.write(line(f) + "\n")
    s = result.summary()
    out.write(f"planlint：{len(result.files)} 个文件，{s['error']} 个错误，{s['warning']} 个警告，"
              f"{s['info']} 个提示\n")
