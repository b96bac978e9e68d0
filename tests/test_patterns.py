"""The declarative pattern kinds, through the example user rule file examples/rules/custom.yaml."""
from __future__ import annotations

import json
import textwrap

import pytest

from planlint.ruleset import loader as rules_mod
from planlint.errors import ConfigError
from planlint.workflow.rule_examples import lint_string, run_examples

from conftest import ROOT, run_cli

CUSTOM = ROOT / "examples" / "rules" / "custom.yaml"


def custom_rules():
    return rules_mod.load([str(CUSTOM)]).select(["USR"])


def _codes(content: str, rules=None):
    found = lint_string(content, rules or custom_rules(), "draft.txt")
    return sorted((f.code, f.line, f.column, f.message) for f in found)


def _rule_file(tmp_path, body: str):
    path = tmp_path / "rules.yaml"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def test_example_rule_file_examples_pass():
    count, failures = run_examples(custom_rules())
    assert count >= 9
    assert failures == []


def test_example_rules_are_opt_in_only():
    # the pattern kinds ship no built-in rule: a clean draft never meets them by default
    assert not [r for r in rules_mod.load().rules if r.kind.startswith("pattern.")]


def test_substitution_fix_is_safe_and_exact():
    found = [f for f in lint_string("截止到2020年底。\n", custom_rules(), "d.txt") if f.code == "USR102"]
    assert found[0].fix_json == {
        "description": "改为“截至”", "applicability": "safe",
        "edits": [{"line": 1, "column": 1, "end_line": 1, "end_column": 4, "replacement": "截至"}],
    }


def test_consistency_tie_keeps_the_first_form():
    found = _codes("发展“互联网+医疗”。\n推进“互联网＋监管”。\n")
    assert [(c, line) for c, line, _, _ in found] == [("USR103", 2)]


def test_ascii_guard_never_blocks_chinese_neighbours():
    rules = custom_rules()
    assert [c for c, *_ in _codes("生产总值XX亿元。\n", rules)] == ["USR101"]
    assert _codes("XXL型号；TODOS。\n", rules) == []


def test_scope_heading_and_body(tmp_path):
    path = _rule_file(tmp_path, """\
        rules:
          - code: USR201
            name: heading-word
            kind: pattern.existence
            category: consistency
            severity: warning
            params: {pattern: "\\\\p{Han}{2}工作", scope: heading}
            message: "标题含“{match}”"
            description: d
          - code: USR202
            name: body-word
            kind: pattern.existence
            category: consistency
            severity: warning
            params: {pattern: "重点工作"}
            message: "正文含“{match}”"
            description: d
        """)
    rules = rules_mod.load([str(path)]).select(["USR2"])
    found = _codes("一、重点工作\n各地要落实重点工作。\n", rules)
    assert [(c, line, col) for c, line, col, _ in found] == [("USR201", 1, 3), ("USR202", 2, 6)]


@pytest.mark.parametrize("params, key", [
    ('{pattern: "([a-"}', "params.pattern"),
    ('{swap: {"([": "x"}}', "params.swap.(["),
    ('{either: ["a"]}', "params.either"),
    ('{pattern: "a", scope: everywhere}', "params.scope"),
    ('{pattern: "a", timeout: 0}', "params.timeout"),
])
def test_bad_params_name_file_rule_and_key(tmp_path, params, key):
    kind = {"swap": "substitution", "either": "consistency"}.get(params[1:params.index(":")], "existence")
    path = _rule_file(tmp_path, f"""\
        rules:
          - code: USR301
            name: broken
            kind: pattern.{kind}
            category: consistency
            severity: warning
            params: {params}
            message: "x"
            description: d
        """)
    with pytest.raises(ConfigError) as info:
        rules_mod.load([str(path)])
    assert info.value.rule == "USR301" and info.value.key == key
    assert str(path) in info.value.message


def test_pathological_regex_is_bounded_and_names_the_rule(tmp_path):
    rules = _rule_file(tmp_path, """\
        rules:
          - code: USR401
            name: catastrophic
            kind: pattern.existence
            category: consistency
            severity: warning
            params: {pattern: "(a|aa)+$", scope: all, timeout: 0.3}
            message: "{match}"
            description: d
        """)
    draft = tmp_path / "a.txt"
    draft.write_text("a" * 3000 + "!\n", encoding="utf-8")
    other = tmp_path / "b.txt"
    other.write_text("一、总体要求\n", encoding="utf-8")
    result = run_cli("check", str(draft), str(other), "--rules", str(rules), "--select", "USR4",
                     "--format", "json")
    assert result.exit_code == 2
    assert "USR401" in result.stderr and str(draft) in result.stderr and "秒" in result.stderr
    assert [f["path"] for f in json.loads(result.stdout)["files"]] == [str(draft), str(other)]
