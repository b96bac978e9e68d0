"""Configuration: discovery by walking up, precedence, overrides with params, invalid files."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import run_cli
from planlint.workflow.configuration import CommandLine, Resolver, find_config, glob_matches, read_config
from planlint.errors import ConfigError

GAP = "一、总体要求\n二、主要目标\n四、保障措施\n1、健全机制\n2.强化落实\n3.完善考核\n"


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "纲要.txt").write_text(GAP, encoding="utf-8")
    return tmp_path


def concise(*args):
    result = run_cli("check", "--format", "concise", *args)
    return result, sorted(line.split(": ", 2)[1].split()[0] for line in result.output.splitlines() if line)


def test_pyproject_found_by_walking_up(repo):
    (repo / "pyproject.toml").write_text('[tool.planlint]\nignore = ["NUM106"]\n', encoding="utf-8")
    assert find_config(repo / "drafts") == repo / "pyproject.toml"
    result, found = concise("drafts/纲要.txt")
    assert found == ["NUM101"]
    assert result.exit_code == 1


def test_pyproject_without_section_is_skipped(repo):
    (repo / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert find_config(repo / "drafts") is None


@pytest.mark.parametrize("spelled", ['[tool.planlint]\nignore = ["NUM106"]\n',
                                     '[tool]\nplanlint = { ignore = ["NUM106"] }\n',
                                     'tool.planlint.ignore = ["NUM106"]\n',
                                     '[tool."\\u0070lanlint"]\nignore = ["NUM106"]\n'])
def test_every_spelling_of_the_section_is_found(repo, spelled):
    (repo / "pyproject.toml").write_text(spelled, encoding="utf-8")
    assert find_config(repo / "drafts") == repo / "pyproject.toml"


def test_a_pyproject_that_never_names_planlint_is_not_parsed(repo, monkeypatch):
    import sys

    (repo / "pyproject.toml").write_text('[project]\nname = "x"\n[tool.black]\nline-length = 99\n', encoding="utf-8")
    monkeypatch.delitem(sys.modules, "tomllib", raising=False)
    assert find_config(repo / "drafts") is None
    assert "tomllib" not in sys.modules


def test_nearest_file_wins_and_yaml_before_pyproject(repo):
    (repo / "pyproject.toml").write_text('[tool.planlint]\nignore = ["NUM106"]\n', encoding="utf-8")
    (repo / "drafts" / ".planlint.yaml").write_text("ignore: [NUM101]\n", encoding="utf-8")
    _, found = concise("drafts/纲要.txt")
    assert found == ["NUM106"]
    (repo / "drafts" / "planlint.yaml").write_text("ignore: [NUM]\n", encoding="utf-8")
    _, found = concise("drafts/纲要.txt")
    assert found == []


def test_isolated_and_explicit_config(repo):
    (repo / "pyproject.toml").write_text('[tool.planlint]\nselect = ["TOC"]\n', encoding="utf-8")
    _, found = concise("drafts/纲要.txt")
    assert found == []
    _, found = concise("--isolated", "drafts/纲要.txt")
    assert found == ["NUM101", "NUM106"]
    (repo / "other.yaml").write_text("ignore: [NUM101]\n", encoding="utf-8")
    _, found = concise("--config", "other.yaml", "drafts/纲要.txt")
    assert found == ["NUM106"]


def test_command_line_narrows_and_extends(repo):
    (repo / "planlint.yaml").write_text("ignore: [NUM106]\n", encoding="utf-8")
    _, found = concise("--select", "NUM106", "drafts/纲要.txt")
    assert found == []  # the configuration's ignore still applies
    _, found = concise("--ignore", "NUM101", "drafts/纲要.txt")
    assert found == []


def test_per_file_ignores_and_exclude(repo):
    (repo / "drafts" / "old.txt").write_text(GAP, encoding="utf-8")
    (repo / "drafts" / "draft.txt").write_text(GAP, encoding="utf-8")
    (repo / "planlint.yaml").write_text(
        "exclude: ['drafts/old.txt']\nper-file-ignores:\n  '*纲要*': [NUM101]\n", encoding="utf-8")
    result = run_cli("check", "--format", "json", "drafts")
    data = json.loads(result.output)
    assert [f["path"] for f in data["files"]] == [os.path.join("drafts", "draft.txt"),
                                                  os.path.join("drafts", "纲要.txt")]
    per_file = {(Path(f["path"]).name, f["code"]) for f in data["findings"]}
    assert per_file == {("draft.txt", "NUM101"), ("draft.txt", "NUM106"), ("纲要.txt", "NUM106")}


def test_override_profile_with_params(repo):
    # 章 restarting in each 篇: a profile for this file says 章 restart under their 篇
    text = "第一篇 总论\n第一章 基础\n第二章 目标\n第二篇 任务\n第一章 创新\n第二章 开放\n"
    (repo / "drafts" / "分篇.txt").write_text(text, encoding="utf-8")
    _, found = concise("drafts/分篇.txt")
    assert "NUM105" in found
    (repo / "planlint.yaml").write_text(
        "overrides:\n"
        "  - files: ['*分篇*']\n"
        "    params:\n"
        "      NUM105: {document_scope: [box, table, figure]}\n"
        "      NUM101: {document_scope: [box, table, figure]}\n", encoding="utf-8")
    _, found = concise("drafts/分篇.txt")
    assert "NUM105" not in found


def test_override_select_for_a_profile(repo):
    (repo / "planlint.yaml").write_text(
        "overrides:\n  - files: ['*纲要*']\n    select: [TOC]\n", encoding="utf-8")
    resolver = Resolver(CommandLine(), cwd=str(repo))
    codes = {r.code for r in resolver.for_file(str(repo / "drafts" / "纲要.txt")).rules}
    assert codes and all(c.startswith("TOC") for c in codes)
    other = {r.code for r in resolver.for_file(str(repo / "drafts" / "x.txt")).rules}
    assert "NUM101" in other


def test_fail_on_from_config(repo):
    (repo / "drafts" / "纲要.txt").write_text("一、甲\n二、乙\n1、丙\n2.丁\n3.戊\n", encoding="utf-8")
    result, found = concise("drafts/纲要.txt")
    assert found == ["NUM106"] and result.exit_code == 0
    (repo / "pyproject.toml").write_text('[tool.planlint]\nfail-on = "warning"\n', encoding="utf-8")
    result, _ = concise("drafts/纲要.txt")
    assert result.exit_code == 1
    result, _ = concise("--fail-on", "error", "drafts/纲要.txt")
    assert result.exit_code == 0


@pytest.mark.parametrize("name, content, key", [
    ("planlint.yaml", "selct: [NUM]\n", "selct"),
    ("planlint.yaml", "select: [NOPE]\n", "select"),
    ("planlint.yaml", "fail-on: fatal\n", "fail-on"),
    ("planlint.yaml", "per-file-ignores: [NUM101]\n", "per-file-ignores"),
    ("planlint.yaml", "overrides:\n  - select: [NUM]\n", "overrides[0].files"),
    ("planlint.yaml", "overrides:\n  - files: ['*']\n    params: {NUM101: {nope: 1}}\n",
     "overrides[0].params.NUM101.nope"),
    ("planlint.yaml", "params: {NUM999: {a: 1}}\n", "params.NUM999"),
    ("pyproject.toml", "[tool.planlint]\nextend_select = ['NUM']\n", "extend_select"),
])
def test_invalid_configuration_exits_2_naming_file_and_key(repo, name, content, key):
    (repo / name).write_text(content, encoding="utf-8")
    result = run_cli("check", "drafts/纲要.txt")
    assert result.exit_code == 2
    assert name in result.output and f"“{key}”" in result.output


def test_syntax_errors_name_the_file(repo):
    (repo / "planlint.yaml").write_text("select: [NUM\n", encoding="utf-8")
    result = run_cli("check", "drafts/纲要.txt")
    assert result.exit_code == 2 and "planlint.yaml" in result.output and "YAML" in result.output
    os.remove(repo / "planlint.yaml")
    (repo / "pyproject.toml").write_text("[tool.planlint\n", encoding="utf-8")
    result = run_cli("check", "drafts/纲要.txt")
    assert result.exit_code == 2 and "pyproject.toml" in result.output and "TOML" in result.output


def test_missing_config_file(repo):
    result = run_cli("check", "--config", "nope.yaml", "drafts/纲要.txt")
    assert result.exit_code == 2 and "nope.yaml" in result.output


def test_rules_key_loads_extra_rule_sets_relative_to_config(repo):
    (repo / "conf").mkdir()
    (repo / "conf" / "extra.yaml").write_text(
        "rules:\n  - code: NUM101\n    severity: warning\n", encoding="utf-8")
    (repo / "conf" / "planlint.yaml").write_text("rules: [extra.yaml]\n", encoding="utf-8")
    settings = read_config(repo / "conf" / "planlint.yaml")
    assert settings.rules == [str((repo / "conf" / "extra.yaml").resolve())]
    result = run_cli("check", "--config", "conf/planlint.yaml", "--format", "json", "drafts/纲要.txt")
    sev = {f["code"]: f["severity"] for f in json.loads(result.output)["findings"]}
    assert sev["NUM101"] == "warning"


def test_glob_matching(tmp_path):
    root = str(tmp_path)
    assert glob_matches("*.md", str(tmp_path / "a" / "b.md"), root)
    assert glob_matches("a/*.md", str(tmp_path / "a" / "b.md"), root)
    assert glob_matches("a/", str(tmp_path / "a" / "b.md"), root)
    assert glob_matches("**/b.md", str(tmp_path / "a" / "b.md"), root)
    assert not glob_matches("c/*.md", str(tmp_path / "a" / "b.md"), root)
    assert not glob_matches("*.md", "/elsewhere/b.md", root)


def test_config_command_prints_effective_settings(repo):
    (repo / "planlint.yaml").write_text(
        "ignore: [NUM106]\noverrides:\n  - files: ['*分工*']\n    extend-select: [RSP]\n", encoding="utf-8")
    result = run_cli("config", "drafts/纲要.txt")
    assert result.exit_code == 0
    assert "planlint.yaml" in result.output and "NUM101" in result.output and "NUM106  " not in result.output
    data = json.loads(run_cli("config", "--format", "json", "drafts/任务分工.txt").output)
    codes = [r["code"] for r in data["rules (effective)"]]
    assert "NUM106" not in codes and any(c.startswith("RSP") for c in codes)
    assert data["config"].endswith("planlint.yaml")


def test_config_error_is_a_config_error():
    with pytest.raises(ConfigError):
        read_config("/nonexistent/planlint.yaml")
