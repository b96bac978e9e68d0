"""Output formats: one module per format, each with render(result, out, options); imported lazily
so that a JSON run never loads rich."""
from __future__ import annotations

import importlib
import importlib.util

import msgspec

FORMATS = {
    "text": "planlint.report.text_report",
    "concise": "planlint.report.concise",
    "json": "planlint.report.json_report",
    "json-lines": "planlint.report.json_lines",
    "sarif": "planlint.report.sarif",
    "github": "planlint.report.github",
    "gitlab": "planlint.report.gitlab",
    "junit": "planlint.report.junit",
    "html": "planlint.report.html",
    "docx": "planlint.report.docx_annotate",  # files, not a stream: needs -o (check.py)
}


class Options(msgspec.Struct):
    color: bool = False
    show_source: bool = True
    summary: bool = True        # the closing "共 N 个文件" line (--quiet and pre-commit batches leave it out)


# Formats written to files of their own (check.py calls them with -o), not rendered to a stream.
FILE_FORMATS = {"docx"}

# Formats that show each finding's content-keyed fingerprint (engine.lint computes them only then).
FINGERPRINTED = {"sarif", "gitlab"}


def write_json(data, out) -> None:
    """The JSON formats' output: indented, UTF-8 as it is, and written at once (json.dump with an
    indent writes every token separately: some 20,000 calls for a hundred findings)."""
    import json

    out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def available() -> list[str]:
    """The stream formats whose module is installed."""
    out = []
    for name, module in FORMATS.items():
        if name in FILE_FORMATS:
            continue
        try:
            importlib.util.find_spec(module)
        except ModuleNotFoundError:
            continue
        if importlib.util.find_spec(module) is not None:
            out.append(name)
    return out


def render(fmt: str, result, out, options: Options | None = None) -> None:
    module = importlib.import_module(FORMATS[fmt])
    module.render(result, out, options or Options())
