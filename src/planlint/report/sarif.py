"""SARIF 2.1.0, the subset GitHub code scanning reads: the rules' metadata on the driver, one
result per finding with a relative artifact URI, a region in Unicode code points, and a
content-keyed partial fingerprint (stable when lines are inserted above)."""
from __future__ import annotations

import json
import os
from urllib.parse import quote

from planlint import __version__
from planlint.report import write_json
from planlint.ruleset import docgen as ruledocs

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
INFORMATION_URI = ruledocs.REPOSITORY  # planlint is installed from its repository, not from PyPI


def artifact_uri(path: str) -> str:
    """A relative path as a URI reference (forward slashes, non-ASCII percent-encoded)."""
    p = path.replace(os.sep, "/")
    if os.path.isabs(path):
        return "file://" + quote(p if p.startswith("/") else "/" + p, errors="surrogateescape")
    return quote(p.removeprefix("./"), errors="surrogateescape")


def _rule(r) -> dict:
    first = ruledocs.summary(r.description, r.name)  # the first sentence, whole
    full = ruledocs.unwrap(r.description) or first
    help_text = full + (f"\n依据：{r.standard}" if r.standard else "")
    return {
        "id": r.code,
        "name": r.name,
        "shortDescription": {"text": first},
        "fullDescription": {"text": full},
        "help": {"text": help_text},
        "helpUri": ruledocs.url(r.code),
        "defaultConfiguration": {"level": LEVEL[r.severity], "enabled": True},
        "properties": {"category": r.category, "tags": [r.category]},
    }


def _region(f) -> dict:
    end_column = f.end_column
    if f.end_line == f.line and end_column <= f.column:
        end_column = f.column + 1
    return {"startLine": f.line, "startColumn": f.column, "endLine": max(f.end_line, f.line),
            "endColumn": end_column}


def _result(f, index: dict[str, int]) -> dict:
    out = {
        "ruleId": f.code,
        "level": LEVEL[f.severity],
        "message": {"text": f.message},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(f.path)},
                                            "region": _region(f)}}],
        "partialFingerprints": {"planlint/v1": f.fingerprint or f"{f.path}:{f.line}:{f.column}:{f.code}"},
        "properties": {"category": f.category, "name": f.name},
    }
    if f.code in index:
        out["ruleIndex"] = index[f.code]
    if f.location:  # .docx: paragraph or table cell, and a logical location a viewer can show
        out["properties"]["location"] = f.location
        out["locations"][0]["logicalLocations"] = [{"name": f.location["label"], "kind": "paragraph",
                                                    "fullyQualifiedName": "/".join(
                                                        x for x in (f.location.get("heading_path"),
                                                                    f.location["label"]) if x)}]
    if f.related:
        out["relatedLocations"] = [
            {"id": i, "physicalLocation": {"artifactLocation": {"uri": artifact_uri(r.path)},
                                           "region": {"startLine": r.line, "startColumn": r.column}},
             **({"message": {"text": r.message}} if r.message else {})}
            for i, r in enumerate(f.related)]
    return out


def document(result) -> dict:
    rules = sorted({r.code: r for r in result.rules}.values(), key=lambda r: r.code)
    index = {r.code: i for i, r in enumerate(rules)}
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "planlint", "semanticVersion": __version__, "version": __version__,
                                "informationUri": INFORMATION_URI, "rules": [_rule(r) for r in rules]}},
            "columnKind": "unicodeCodePoints",
            "results": [_result(f, index) for f in result.findings],
            "invocations": [{"executionSuccessful": not result.errors,
                             "toolExecutionNotifications": [{"level": "error", "message": {"text": e}}
                                                            for e in result.errors]}],
        }],
    }


def render(result, out, options) -> None:
    write_json(document(result), out)
