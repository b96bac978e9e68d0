"""Machine formats: SARIF validated against the schema, GitHub annotations escaped, GitLab
fingerprints unique, JUnit, JSON lines, --output-file and --statistics."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from conftest import FIXTURES, run_cli
from planlint.report import github

# The official OASIS SARIF 2.1.0 schema (Errata 01, sarif-schema-2.1.0.json, JSON Schema draft-04),
# as OASIS publishes it.
SCHEMA = Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json"
DEFECTS = FIXTURES / "workflow" / "draft_defects.txt"
CLEAN = FIXTURES / "workflow" / "draft_clean.md"


@pytest.fixture
def drafts(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "稿件").mkdir()
    (tmp_path / "稿件" / "规划 草案.txt").write_text(DEFECTS.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "稿件" / "clean.md").write_text(CLEAN.read_text(encoding="utf-8"), encoding="utf-8")
    # a repeated item gives a finding with a related location
    (tmp_path / "稿件" / "rep.txt").write_text("一、任务\n1.甲\n1.乙\n", encoding="utf-8")
    return tmp_path


def output(*args) -> str:
    result = run_cli("check", *args)
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def test_sarif_validates_against_the_schema(drafts):
    log = json.loads(output("--format", "sarif", "稿件"))
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["id"].endswith("/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")
    jsonschema.Draft4Validator.check_schema(schema)
    jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER).validate(log)


def test_the_schema_rejects_what_code_scanning_would(drafts):
    # the validation above has teeth: the same log with a wrong level or a column of 0 fails
    log = json.loads(output("--format", "sarif", "稿件"))
    validator = jsonschema.Draft4Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    result = log["runs"][0]["results"][0]
    result["level"] = "fatal"
    assert not validator.is_valid(log)
    result["level"] = "error"
    result["locations"][0]["physicalLocation"]["region"]["startColumn"] = 0
    assert not validator.is_valid(log)


def test_sarif_content_for_code_scanning(drafts):
    log = json.loads(output("--format", "sarif", "稿件"))
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    driver = run["tool"]["driver"]
    assert driver["name"] == "planlint" and driver["semanticVersion"]
    rules = {r["id"]: r for r in driver["rules"]}
    gap = rules["NUM101"]
    assert gap["name"] == "numbering-gap" and gap["defaultConfiguration"]["level"] == "error"
    assert gap["shortDescription"]["text"] and gap["fullDescription"]["text"] and gap["help"]["text"]
    results = run["results"]
    first = next(r for r in results if "%E8%8D%89" in r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
    assert first["ruleId"] == "NUM101" and first["level"] == "error"
    assert driver["rules"][first["ruleIndex"]]["id"] == "NUM101"
    loc = first["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "%E7%A8%BF%E4%BB%B6/%E8%A7%84%E5%88%92%20%E8%8D%89%E6%A1%88.txt"
    assert loc["region"] == {"startLine": 14, "startColumn": 1, "endLine": 14, "endColumn": 3}
    prints = [r["partialFingerprints"]["planlint/v1"] for r in results]
    assert len(set(prints)) == len(prints)
    assert {r["level"] for r in results} <= {"error", "warning", "note"}
    related = [r for r in results if r.get("relatedLocations")]
    assert related and related[0]["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] == 2


def test_sarif_fingerprints_survive_inserted_lines(drafts):
    before = json.loads(output("--format", "sarif", "稿件/规划 草案.txt"))["runs"][0]["results"]
    path = drafts / "稿件" / "规划 草案.txt"
    path.write_text("前言。\n" * 10 + path.read_text(encoding="utf-8"), encoding="utf-8")
    after = json.loads(output("--format", "sarif", "稿件/规划 草案.txt"))["runs"][0]["results"]
    assert [r["partialFingerprints"] for r in before] == [r["partialFingerprints"] for r in after]


def test_sarif_with_no_findings_is_valid(drafts):
    log = json.loads(output("--format", "sarif", "稿件/clean.md"))
    assert log["runs"][0]["results"] == []
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(log)


def test_github_annotations(drafts):
    lines = output("--format", "github", "稿件").splitlines()
    assert lines[1] == ("::error file=稿件/规划 草案.txt,line=14,endLine=14,col=1,title=NUM101 numbering-gap,"
                        "endColumn=3::NUM101 “第二章二、”下缺少“3.”")
    assert any(line.startswith("::warning ") for line in lines)
    assert lines[-1].startswith("planlint：3 个文件，")


def test_github_escaping():
    assert github.escape_data("50%\r\n下一行") == "50%25%0D%0A下一行"
    assert github.escape_property("a:b,c%") == "a%3Ab%2Cc%25"


def test_gitlab_code_quality(drafts):
    report = json.loads(output("--format", "gitlab", "稿件"))
    assert report and all(set(r) >= {"description", "check_name", "fingerprint", "severity", "location"}
                          for r in report)
    assert len({r["fingerprint"] for r in report}) == len(report)
    assert {r["severity"] for r in report} <= {"info", "minor", "major", "critical", "blocker"}
    first = report[1]
    assert first["check_name"] == "NUM101" and first["severity"] == "major"
    assert first["location"] == {"path": "稿件/规划 草案.txt", "lines": {"begin": 14, "end": 14}}


def test_junit(drafts):
    root = ET.fromstring(output("--format", "junit", "--select", "NUM", "稿件"))
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert set(suites) == {"稿件/clean.md", "稿件/rep.txt", "稿件/规划 草案.txt"}
    bad = suites["稿件/规划 草案.txt"]
    failed = {c.get("name").split()[0] for c in bad.iter("testcase") if c.find("failure") is not None}
    assert failed == {"NUM101", "NUM106"}
    assert bad.get("failures") == "2"
    assert suites["稿件/clean.md"].get("failures") == "0"
    assert int(root.get("tests")) == sum(int(s.get("tests")) for s in suites.values())


def test_json_lines(drafts):
    lines = output("--format", "json-lines", "稿件").splitlines()
    objs = [json.loads(line) for line in lines]
    assert [o["code"] for o in objs][:2] == ["NUM102", "NUM101"]
    full = json.loads(output("--format", "json", "稿件"))["findings"]
    assert objs == full


def test_output_file(drafts):
    result = run_cli("check", "--format", "sarif", "--output-file", "out.sarif", "稿件")
    assert result.stdout == ""
    assert json.loads((drafts / "out.sarif").read_text(encoding="utf-8"))["version"] == "2.1.0"


def test_statistics(drafts):
    lines = output("--statistics", "--select", "NUM", "稿件").splitlines()
    assert lines[0].split() == ["2", "NUM101", "numbering-gap"]


def test_quiet_text_report_is_silent_without_findings(drafts, monkeypatch):
    result = run_cli("check", "--quiet", "稿件/clean.md")
    assert result.output == "" and result.exit_code == 0
    monkeypatch.setenv("PRE_COMMIT", "1")
    result = run_cli("check", "稿件/clean.md")
    assert result.output == ""
    result = run_cli("check", "稿件/rep.txt")
    assert "NUM102" in result.output and result.exit_code == 1


def test_json_output_is_streamed_in_batches_and_reads_as_json_dumps_writes_it(monkeypatch):
    """write_json of a large report: the same text as json.dumps(indent=2), written in a few large
    pieces -- neither one write per token nor the whole report held in memory at once."""
    import json

    from planlint import report
    from planlint.report import write_json


    data = {"findings": [{"path": "稿.txt", "line": i, "fix": None, "data": {"值": [i, 1.5, True]}}
                         for i in range(3000)], "summary": {}, "empty": []}

    class Recorder:
        def __init__(self):
            self.pieces = []

        def write(self, text):
            self.pieces.append(text)

    out = Recorder()
    write_json(data, out)
    assert "".join(out.pieces) == json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    assert 2 <= len(out.pieces) <= 20


from hypothesis import HealthCheck, given, settings, strategies as st

_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF)),  # lone surrogates included
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=30)


@pytest.mark.parametrize("walked", [16, 0])  # 0: every list is written element by element
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=_JSON_VALUES)
def test_json_output_is_what_json_dumps_writes_for_any_data(monkeypatch, walked, data):
    import io
    import json

    from planlint import report

    monkeypatch.setattr(report, "WALKED_LIST", walked)
    out = io.StringIO()
    report.write_json(data, out)
    assert out.getvalue() == json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def test_json_output_writes_nan_as_null_not_invalid_json():
    import io
    import json

    from planlint.report import write_json

    out = io.StringIO()
    write_json({"ratio": float("nan"), "n": [float("inf")]}, out)
    assert json.loads(out.getvalue()) == {"ratio": None, "n": [None]}


def test_json_output_spells_keys_that_are_not_strings_as_json_does():
    import io
    import json

    from planlint.report import write_json

    data = {2: list(range(20)), None: [{"a": 1e16}] * 20, 1.5: "x", False: [], "键": {"b": 1e-05}}
    out = io.StringIO()
    write_json(data, out)
    assert out.getvalue() == json.dumps(data, ensure_ascii=False, indent=2) + "\n"
