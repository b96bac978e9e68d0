"""Rule files: validated on load (errors name file, rule and key), examples run as tests."""
import pytest

from conftest import ruleset, run_cli
from planlint.ruleset import loader as rules_mod
from planlint.errors import ConfigError
from planlint.workflow.rule_examples import run_examples

GOOD = """rules:
  - code: NUM101
    severity: warning
"""


def write(tmp_path, text):
    path = tmp_path / "extra.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("text,where", [
    ("rules: [", "YAML 语法错误"),
    ("rules: {}", "键 “rules”"),
    ("rule: []", "键 “rules”"),
    ("rules:\n  - code: ABC123\n    name: x-y\n    kind: nope.kind\n    category: numbering\n    severity: error\n"
     "    message: m\n    description: d\n", "规则 ABC123: 键 “kind”"),
    ("rules:\n  - code: NUM101\n    colour: red\n", "规则 NUM101: 键 “colour”"),
    ("rules:\n  - code: ABC123\n    name: x-y\n", "规则 ABC123: 键 “kind”: 缺少必填字段"),
    ("rules:\n  - code: NUM101\n    params: {scope: 3}\n", "键 “params.scope”"),
    ("rules:\n  - code: NUM101\n    severity: fatal\n", "键 “severity”"),
    ("rules:\n  - code: NUM101\n    message: \"{nothing}\"\n", "键 “message”"),
])
def test_invalid_rule_files_name_file_rule_and_key(tmp_path, text, where):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as e:
        rules_mod.load([path])
    assert e.value.message.startswith(path)
    assert where in e.value.message


def test_invalid_rule_file_exits_2_from_cli(tmp_path):
    path = write(tmp_path, "rules:\n  - code: NUM101\n    colour: red\n")
    result = run_cli("check", "--rules", path, "x.txt")
    assert result.exit_code == 2
    assert result.stderr.strip() == f"planlint: {path}: 规则 NUM101: 键 “colour”: 未知的键"


def test_override_keeps_the_rest_of_a_builtin_rule(tmp_path):
    rs = rules_mod.load([write(tmp_path, GOOD)])
    rule = rs.by_code["NUM101"]
    assert rule.severity == "warning" and rule.kind == "numbering.gap" and rule.examples


def test_every_builtin_rule_is_documented():
    for rule in ruleset().rules:
        assert rule.description and rule.message, rule.code
        assert rule.examples.get("bad") and rule.examples.get("good"), f"{rule.code} needs bad and good examples"


@pytest.mark.parametrize("rule", ruleset().rules, ids=lambda r: r.code)
def test_rule_examples(rule):
    count, failures = run_examples([rule])
    assert count >= 2
    assert not failures, [f.describe() for f in failures]
