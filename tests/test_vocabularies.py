"""The vocabularies rules read (rules/vocabularies/) and the parameters that choose them: each has
its own name (unit_vocabulary, indicator_vocabulary, agency_vocabulary); the old name `registry`
still works in rule files and configurations, validated the same way, and a 名录 path into the
old folder rules/registries/ means the shipped file."""
import pytest

from conftest import ruleset, run_cli
from planlint import checks
from planlint.document import agencies
from planlint.errors import ConfigError
from planlint.resources import data_dir, vocabulary_dir
from planlint.workflow.rule_examples import lint_string
from planlint.ruleset.loader import load as load_rules, with_params

HEAD = "某市规划纲要任务分工方案\n一、主要任务\n"
UNKNOWN = HEAD + "1.甲。（责任单位：南湖新区管委会、市财政局）\n2.乙。（责任单位：东湖新区管委会）\n"
NEW_NAME = {"RSP108": "agency_vocabulary", "CON101": "indicator_vocabulary", "UNT101": "unit_vocabulary",
            "TGT102": "unit_vocabulary", "ART101": "unit_vocabulary", "CON201": "indicator_vocabulary"}


def _rule_file(tmp_path, code: str, params: str):
    path = tmp_path / "rules.yaml"
    path.write_text(f"rules:\n  - code: {code}\n    params: {{{params}}}\n", encoding="utf-8")
    return path


def _own_directory(tmp_path):
    mine = tmp_path / "mine.yaml"
    mine.write_text("names:\n  - [南湖新区管委会, 新区管委会]\n", encoding="utf-8")
    return mine


def test_registry_names_only_the_kind_registry():
    kinds = checks.all_kinds()
    assert not [k for k, kind in kinds.items() if "registry" in kind.params]
    renamed = {k: kind.renamed for k, kind in kinds.items() if kind.renamed}
    assert {old for r in renamed.values() for old in r} == {"registry"}
    assert {new for r in renamed.values() for new in r.values()} == {
        "unit_vocabulary", "indicator_vocabulary", "agency_vocabulary"}
    assert sorted(p.name for p in vocabulary_dir().glob("*.yaml")) == [
        "agencies.yaml", "indicators.yaml", "targets.yaml", "units.yaml"]
    assert not (data_dir("rules") / "registries").exists()


@pytest.mark.parametrize("name", ["agency_vocabulary", "registry"])
def test_a_rule_file_names_its_directory_by_either_name(tmp_path, name):
    mine = _own_directory(tmp_path)
    rule = load_rules([str(_rule_file(tmp_path, "RSP108", f"{name}: [agencies.yaml, '{mine}']"))]).by_code["RSP108"]
    assert rule.params["agency_vocabulary"] == ["agencies.yaml", str(mine)] and "registry" not in rule.params
    assert [(f.line, f.message) for f in lint_string(UNKNOWN, [rule], "d.txt")] == [
        (4, "“东湖新区管委会”不在单位名录中，是否应为“南湖新区管委会”？")]


@pytest.mark.parametrize("code, value, problem", [
    ("CON101", "5", "应为字符串"), ("UNT101", "[units]", "应为字符串"), ("RSP107", "[]", "不能为空"),
    ("RSP107", "[nowhere.yaml]", "单位名录文件不存在或无法读取")])
def test_the_old_name_is_validated_as_the_new_one_and_named_as_written(tmp_path, code, value, problem):
    for name in ("registry", NEW_NAME.get(code, "agency_vocabulary")):
        with pytest.raises(ConfigError) as e:
            load_rules([str(_rule_file(tmp_path, code, f"{name}: {value}"))])
        assert f"规则 {code}: 键 “params.{name}”" in e.value.message and problem in e.value.message


@pytest.mark.parametrize("code", sorted(NEW_NAME))
def test_a_configuration_may_use_the_old_name(code):
    rule = ruleset().by_code[code]
    new = NEW_NAME[code]
    same = with_params(rule, {"registry": rule.params[new]}, "planlint.yaml", f"params.{code}")
    assert same.params == rule.params
    with pytest.raises(ConfigError) as e:
        with_params(rule, {"registry": 7}, "planlint.yaml", f"params.{code}")
    expected = "应为列表" if isinstance(rule.params[new], list) else "应为字符串"
    assert e.value.message == f"planlint.yaml: 键 “params.{code}.registry”: {expected}"


def test_a_later_value_wins_whichever_name_gives_it(tmp_path):
    rule = ruleset().by_code["RSP108"]
    mine = str(_own_directory(tmp_path))
    assert with_params(rule, {"agency_vocabulary": ["agencies.yaml"], "registry": [mine]}, "c.yaml").params[
        "agency_vocabulary"] == [mine]
    assert with_params(rule, {"registry": [mine], "agency_vocabulary": ["agencies.yaml"]}, "c.yaml").params[
        "agency_vocabulary"] == ["agencies.yaml"]


def test_configuration_with_the_old_name_from_the_command_line(tmp_path):
    mine = _own_directory(tmp_path)
    draft = tmp_path / "分工.txt"
    draft.write_text(UNKNOWN, encoding="utf-8")
    results = []
    for name in ("registry", "agency_vocabulary"):
        config = tmp_path / f"{name}.yaml"
        config.write_text(f"params:\n  RSP108: {{{name}: [agencies.yaml, '{mine}']}}\n", encoding="utf-8")
        done = run_cli("check", "--config", str(config), "--select", "RSP108", "--format", "concise", str(draft))
        results.append((done.exit_code, done.stdout))
    assert results[0] == results[1] and f"{draft}:4:" in results[0][1] and "东湖新区管委会" in results[0][1]


@pytest.mark.parametrize("written", ["rules/registries/agencies.yaml", "{tmp}/rules/registries/agencies.yaml"])
def test_a_directory_path_into_the_old_folder_means_the_shipped_file(tmp_path, monkeypatch, written):
    monkeypatch.chdir(tmp_path)
    path = written.format(tmp=tmp_path)
    assert agencies.resolve(path) == vocabulary_dir() / "agencies.yaml"
    assert agencies.load([path]).full_name("市发改委") == "市发展和改革委员会"


def test_a_users_own_registries_folder_is_theirs(tmp_path, monkeypatch):
    own = tmp_path / "rules" / "registries" / "agencies.yaml"
    own.parent.mkdir(parents=True)
    own.write_text("names:\n  - [南湖新区管委会]\n", encoding="utf-8")
    assert agencies.resolve(str(own)) == own
    assert agencies.resolve(str(tmp_path / "rules" / "registries" / "nowhere.yaml")).parent == own.parent
    assert agencies.load([str(own)]).full_name("市发改委") is None


def test_the_shipped_files_are_found_by_bare_name():
    assert agencies.resolve("agencies.yaml") == vocabulary_dir() / "agencies.yaml"


def _names_to_try(reg) -> list[str]:
    """Every name of the shipped 名录, and around each plain outdated name: itself, with a level
    before it, with text after it, with a final newline."""
    names = list(reg.canonical)
    for o in reg.outdated:
        tail = agencies._plain_tail(o.pattern.pattern)
        if tail:
            names += [tail, "市" + tail, "国家" + tail, tail + "办", tail + "\n", tail[1:], "某" + tail[1:]]
    names += ["公安消防支队", "市地税局", "区旅游局", "市文化和旅游局", "国家电监会", "电监会", "", "\n"]
    return names


def test_outdated_names_are_found_as_with_every_pattern_compiled():
    """Plain outdated names (国土资源局$, ^卫生部$) are compiled only when a name ends with them: the
    verdicts and suggestions are those of the 名录 with every pattern compiled, in every year."""
    import re

    reg = agencies.load()
    assert sum(agencies._plain_tail(o.pattern.pattern) != "" for o in reg.outdated) >= 60
    eager = agencies.Directory(dict(reg.canonical), [agencies.Outdated(re.compile(o.pattern.pattern), o.new, o.until)
                                                     for o in reg.outdated])
    names = _names_to_try(reg)
    for year in (None, 2012, 2015, 2019):
        assert [reg.outdated_form(n, year) for n in names] == [eager.outdated_form(n, year) for n in names]
    assert any(eager.outdated_form(n) for n in names) and not all(eager.outdated_form(n) for n in names)


@pytest.mark.parametrize(("source", "tail"), [("国土资源局$", "国土资源局"), ("^卫生部$", "卫生部"), ("^(?:国家)?电监会$", ""),
                                              ("[国地]税局$", ""), ("卫生部", ""), ("卫生部\\$", ""), ("a.b$", ""),
                                              ("^$", ""), ("$", ""), ("^^卫生部$", ""), ("卫生 部$", "")])
def test_only_plain_text_before_the_end_is_a_plain_tail(source, tail):
    assert agencies._plain_tail(source) == tail


def test_a_plain_outdated_name_of_a_users_file_is_compiled_when_used(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("names:\n  - 市甲局\noutdated:\n  - {old: \"甲局$\", new: 乙局}\n  - {old: \"(丙\", new: 丁}\n",
                    encoding="utf-8")
    with pytest.raises(ConfigError):  # an invalid pattern is still reported when the file is read
        agencies.load([str(path)])
    path.write_text("names:\n  - 市甲局\noutdated:\n  - {old: \"甲局$\", new: 乙局}\n", encoding="utf-8")
    reg = agencies.load([str(path)])
    assert reg.outdated_form("市甲局") == ("甲局", "市乙局") and reg.outdated_form("市丙局") is None
