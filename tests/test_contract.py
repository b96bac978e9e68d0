"""The contract other tools rely on (docs/contract.md): the JSON report validates against
docs/report.schema.json on real runs, and the schema's categories are the rule loader's."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import jsonschema
import pytest

from planlint.ruleset.loader import CATEGORIES
from conftest import console_script

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "docs" / "report.schema.json").read_text(encoding="utf-8"))
FIXTURES = sorted(p for p in (ROOT / "fixtures").iterdir() if p.is_dir())


def test_the_schema_is_a_valid_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_the_schema_lists_the_loaders_categories():
    assert SCHEMA["$defs"]["finding"]["properties"]["category"]["enum"] == list(CATEGORIES)


@pytest.mark.parametrize("folder", FIXTURES, ids=lambda p: p.name)
def test_the_report_on_every_fixture_folder_follows_the_schema(folder):
    done = subprocess.run([console_script(), "check", "--format", "json", "--select", "ALL", str(folder)],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode in (0, 1, 2), done.stderr
    report = json.loads(done.stdout)
    jsonschema.Draft202012Validator(SCHEMA).validate(report)
    assert report["summary"] == {s: sum(f["severity"] == s for f in report["findings"])
                                 for s in ("error", "warning", "info")}


def test_a_finding_without_a_required_field_is_refused_by_the_schema():
    finding = {"path": "a.txt", "line": 1, "column": 1, "end_line": 1, "end_column": 2, "code": "NUM101",
               "name": "numbering-gap", "category": "numbering", "severity": "error", "message": "m",
               "related": [], "fix": None}
    report = {"version": 1, "tool": {"name": "planlint", "version": "0"}, "files": [],
              "findings": [finding], "summary": {"error": 1, "warning": 0, "info": 0}}
    jsonschema.Draft202012Validator(SCHEMA).validate(report)
    del finding["category"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(SCHEMA).validate(report)
