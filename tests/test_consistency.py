"""References (REF), the indicator model and consistency (CON), and a plan with its companion.

The fixtures in fixtures/consistency are a consistent 纲要 and its 分工方案 (txt full width, md half
width). Each test plants one slip by replacing one piece of text and expects exactly the finding
of that kind, at the right line and column of the right file, relating the other place."""
from __future__ import annotations

import json
import shutil

import pytest

from conftest import FIXTURES, ruleset, run_cli
from planlint.workflow import engine
from planlint.document import observations as indicators

CON = FIXTURES / "consistency"
CODES = ["REF101", "REF102", "REF103", "REF201", "CON101", "CON102", "CON103", "CON104", "CON105", "CON106", "CON201",
         "CON202"]


def _rules():
    return ruleset().select(CODES)


def lint_pair(tmp_path, plan_edit=None, companion_edit=None, suffix="txt"):
    """Copy the pair, apply (old, new) to each (old must occur once), lint both in one run."""
    paths = []
    for name, edit in (("plan", plan_edit), ("companion", companion_edit)):
        src = CON / f"{name}.{suffix}"
        text = src.read_text(encoding="utf-8")
        if edit is not None:
            old, new = edit
            assert text.count(old) == 1, old
            text = text.replace(old, new)
        dst = tmp_path / src.name
        dst.write_text(text, encoding="utf-8")
        paths.append(str(dst))
    result = engine.lint(paths, _rules())
    assert result.errors == []
    return [f for f in result.findings if f.code in CODES]


def found(findings):
    return [(f.path.rsplit("/", 1)[-1], f.code, f.line, f.column) for f in findings]


@pytest.mark.parametrize("suffix", ["txt", "md"])
def test_consistent_pair_is_quiet(tmp_path, suffix):
    assert found(lint_pair(tmp_path, suffix=suffix)) == []


# ---------------------------------------------------------------- references


@pytest.mark.parametrize("old,new,line,column", [
    ("主要指标见专栏1", "主要指标见专栏4", 9, 35),
    ("主要指标见专栏1", "主要指标见专栏９", 9, 35),
    ("生态保护重点工程见专栏3", "生态保护重点工程见专栏5", 33, 20),
    ("本规划第二章确定", "本规划第七章确定", 38, 1),
    ("本规划第二章确定", "本规划第三篇第六章第二节确定", 38, 1),
])
def test_reference_missing(tmp_path, old, new, line, column):
    [f] = lint_pair(tmp_path, (old, new))
    assert (f.code, f.line, f.column) == ("REF101", line, column)
    assert "找不到" in f.message


def test_reference_present_in_another_part_is_quiet(tmp_path):
    assert lint_pair(tmp_path, ("本规划第二章确定", "本规划第三篇第五章确定")) == []


def test_reference_to_another_document_is_not_resolved(tmp_path):
    assert lint_pair(tmp_path, ("本规划第二章确定", "《省纲要》第十二章确定")) == []


@pytest.mark.parametrize("quoted", ["生态保护重点工程", "民生工程"])
def test_reference_title_mismatch(tmp_path, quoted):
    [f] = lint_pair(tmp_path, ("专栏2“先进制造业重点工程”", f"专栏2“{quoted}”"))
    assert (f.code, f.line, f.column) == ("REF102", 23, 24)
    assert f.related[0].line == 24


def test_reference_title_may_be_shortened(tmp_path):
    assert lint_pair(tmp_path, ("专栏2“先进制造业重点工程”", "专栏2“先进制造业”")) == []


@pytest.mark.parametrize("old,new,column", [
    ("三篇六章", "三篇七章", 8), ("三篇六章", "四篇六章", 6), ("设置3个专栏", "设置4个专栏", 13),
])
def test_structure_count(tmp_path, old, new, column):
    [f] = lint_pair(tmp_path, (old, new))
    assert (f.code, f.line, f.column) == ("REF103", 3, column)
    assert f.related


@pytest.mark.parametrize("title,column", [("生态保护三大工程", 9), ("生态保护5项重点工程", 9)])
def test_box_title_counts_its_items(tmp_path, title, column):
    [f] = lint_pair(tmp_path, ("专栏3 生态保护重点工程", f"专栏3 {title}"))
    assert (f.code, f.line, f.column) == ("REF103", 34, column)
    assert [r.line for r in f.related] == [36]


def test_box_title_count_that_matches_is_quiet(tmp_path):
    assert lint_pair(tmp_path, ("专栏3 生态保护重点工程", "专栏3 生态保护两大工程")) == []


# ---------------------------------------------------------------- one document


@pytest.mark.parametrize("old,new,line,column", [
    ("服务业增加值比重达到55%", "服务业增加值比重达到56%", 8, 59),      # a synonym of the table's name
    ("森林覆盖率达到43%，生态", "森林覆盖率达到44%，生态", 33, 8),       # year from the plan period
    ("年均增长7.5%；", "年均增长8%；", 8, 29),                        # growth, after its level
])
def test_value_mismatch(tmp_path, old, new, line, column):
    [f] = lint_pair(tmp_path, (old, new))
    assert (f.path.endswith("plan.txt"), f.code, f.line, f.column) == (True, "CON101", line, column)
    assert f.related and all(r.line != line for r in f.related)


def test_value_mismatch_inferred_year_is_said(tmp_path):
    [f] = lint_pair(tmp_path, ("森林覆盖率达到43%，生态", "森林覆盖率达到44%，生态"))
    assert "十四五" in f.message and f.data["year_source"].startswith("规划期")


def test_different_scope_is_not_a_contradiction(tmp_path):
    assert lint_pair(tmp_path, ("电子信息产业规模达到300亿元", "开发区地区生产总值达到300亿元")) == []


@pytest.mark.parametrize("value", ["61.2%", "61%", "59.8%"])
def test_base_value_mismatch(tmp_path, value):
    [f] = lint_pair(tmp_path, ("常住人口城镇化率达到60.2%", f"常住人口城镇化率达到{value}"))
    assert (f.code, f.line, f.column) == ("CON102", 6, 44)
    assert [r.line for r in f.related] == [14]


def test_rounded_base_value_agrees(tmp_path):
    """60% is 60.2% written to whole percent: not a contradiction."""
    assert lint_pair(tmp_path, ("常住人口城镇化率达到60.2%", "常住人口城镇化率达到60%")) == []


@pytest.mark.parametrize("new", ["保持在5.5%以上", "保持在5.5%左右"])
def test_qualifier_conflict(tmp_path, new):
    [f] = lint_pair(tmp_path, ("城镇调查失业率保持在5.5%以内", f"城镇调查失业率{new}"))
    assert (f.code, f.line) == ("CON103", 30)


def test_attribute_mismatch(tmp_path):
    [f] = lint_pair(tmp_path, ("森林覆盖率	%	42.5	43	〔0.5〕	约束性", "森林覆盖率	%	42.5	43	〔0.5〕	预期性"))
    assert (f.code, f.line, f.column) == ("CON104", 9, 19)
    assert f.related[0].line == 18


@pytest.mark.parametrize("cell", ["〔5.8〕", "〔3.5〕", "〔48〕"])
def test_cumulative_arithmetic(tmp_path, cell):
    [f] = lint_pair(tmp_path, ("65	〔4.8〕", f"65	{cell}"))
    assert (f.code, f.line, f.column) == ("CON105", 14, 21)
    assert "〔4.8〕" in f.message


# ---------------------------------------------------------------- plan and companion


@pytest.mark.parametrize("old,new,line,column", [
    ("森林覆盖率达到43%。", "森林覆盖率达到45%。", 6, 10),
    ("电子信息产业规模达到300亿元", "电子信息产业规模达到320亿元", 14, 13),
    ("控制在5.5%以内", "控制在5.5%以上", 10, 13),
    ("年均增长7.5%", "年均增长7%", 8, 13),
])
def test_companion_value_mismatch(tmp_path, old, new, line, column):
    [f] = lint_pair(tmp_path, companion_edit=(old, new))
    assert (f.path.endswith("companion.txt"), f.code, f.line, f.column) == (True, "CON201", line, column)
    assert f.related[0].path.endswith("plan.txt")


def test_companion_binding_unassigned(tmp_path):
    [f] = lint_pair(tmp_path, companion_edit=("2．森林覆盖率达到43%。（责任单位：市林业局）\n", ""))
    assert (f.path.endswith("companion.txt"), f.code, f.line) == (True, "CON202", 4)
    assert f.related[0].path.endswith("plan.txt") and f.related[0].line == 18


@pytest.mark.parametrize("old,new,line,column", [
    ("第三章第一节", "第三章第三节", 12, 14), ("第四章）", "第七章）", 15, 14), ("第三章第一节", "第九章第一节", 12, 14),
])
def test_companion_section_missing(tmp_path, old, new, line, column):
    [f] = lint_pair(tmp_path, companion_edit=(old, new))
    assert (f.path.endswith("companion.txt"), f.code, f.line, f.column) == (True, "REF201", line, column)
    assert f.related[0].path.endswith("plan.txt")


@pytest.mark.parametrize("suffix", ["txt", "md"])
def test_companion_rules_parse_the_paired_drafts_again(tmp_path, suffix):
    """The run keeps only the drafts' texts (the companion rules keep no digest); the paired drafts
    are parsed again at the end, and the findings are those of a run that keeps them whole."""
    edits = [("森林覆盖率达到43%", "森林覆盖率达到45%"), ("第三章第一节", "第三章第三节")] if suffix == "txt" else [
        ("达到50亿元", "达到55亿元")]
    src = (CON / f"companion.{suffix}").read_text(encoding="utf-8")
    for old, new in edits:
        assert src.count(old) == 1, old
        src = src.replace(old, new)
    (tmp_path / f"companion.{suffix}").write_text(src, encoding="utf-8")
    (tmp_path / f"plan.{suffix}").write_text((CON / f"plan.{suffix}").read_text(encoding="utf-8"), encoding="utf-8")
    paths = [str(tmp_path / f"plan.{suffix}"), str(tmp_path / f"companion.{suffix}")]
    rules = [r for r in _rules() if r.code in ("CON201", "CON202", "REF201")]
    slim = engine.lint(paths, rules, keep_documents=True)
    whole = engine.lint(paths, rules, keep_documents=True, parsed=True)
    assert [d.text_only for d in slim.documents] == [True, True]

    def summary(result):
        return [(f.path.rsplit("/", 1)[-1], f.code, f.line, f.column, f.message, f.heading_path,
                 [(r.path.rsplit("/", 1)[-1], r.line, r.column, r.message) for r in f.related]) for f in result.findings]

    assert summary(slim) == summary(whole)
    assert sorted({f[1] for f in summary(slim)}) == (["CON201", "REF201"] if suffix == "txt" else ["CON201"])


def test_md_half_width_slips(tmp_path):
    assert found(lint_pair(tmp_path, ("森林覆盖率达到62%.\n\n### 第五章", "森林覆盖率达到63%.\n\n### 第五章"),
                           suffix="md")) == [("plan.md", "CON101", 40, 8)]
    assert found(lint_pair(tmp_path, companion_edit=("达到50亿元", "达到55亿元"), suffix="md")) == [
        ("companion.md", "CON201", 20, 12)]
    assert found(lint_pair(tmp_path, ("如专栏2所列", "如专栏3所列"), suffix="md")) == [("plan.md", "REF101", 31, 18)]


def test_companion_needs_its_plan(tmp_path):
    """A companion linted without its plan (or with an unrelated draft) is compared with nothing."""
    other = tmp_path / "other.txt"
    shutil.copy(FIXTURES / "clean" / "units_clean_gangyao.txt", other)
    comp = tmp_path / "companion.txt"
    comp.write_text((CON / "companion.txt").read_text(encoding="utf-8").replace("43%", "45%"), encoding="utf-8")
    result = engine.lint([str(comp), str(other)], _rules())
    assert [f.code for f in result.findings if f.code.startswith(("CON2", "REF2"))] == []


def test_companion_paired_by_configuration(tmp_path):
    """pairs in the rule params pair drafts whose titles do not say so."""
    plan = tmp_path / "a.txt"
    plan.write_text((CON / "plan.txt").read_text(encoding="utf-8"), encoding="utf-8")
    comp = tmp_path / "b.txt"
    text = (CON / "companion.txt").read_text(encoding="utf-8")
    comp.write_text(text.replace("青川市国民经济", "某地国民经济").replace("43%", "45%"), encoding="utf-8")
    assert [f.code for f in engine.lint([str(plan), str(comp)], _rules()).findings] == []
    from planlint.ruleset.loader import with_params

    rules = [with_params(r, {"pairs": [["b.txt", "a.txt"]]}, "<test>", "params") if r.code == "CON201" else r
             for r in _rules()]
    assert [(f.code, f.line) for f in engine.lint([str(plan), str(comp)], rules).findings] == [("CON201", 6)]


# ---------------------------------------------------------------- the model and the command


def test_model_years_roles_and_identity():
    doc = engine.load_document(str(CON / "plan.txt"), "plan.txt")
    m = indicators.model(doc)
    assert (m.period.base, m.period.target) == (2020, 2025)
    rows = {(o.line, o.indicator, o.role, o.year, o.year_source, o.value) for o in m.observations}
    assert (6, "常住人口城镇化率", "base", 2020, "章节“发展回顾”", 60.2) in rows
    assert (8, "服务业增加值比重", "target", 2025, "stated", 55.0) in rows  # registry synonym
    assert (13, "服务业增加值比重", "cumulative", 2025, "表头", 3.5) in rows
    assert (33, "森林覆盖率", "target", 2025, "规划期“十四五”", 43.0) in rows


@pytest.mark.parametrize("a,b,expected", [
    ("服务业增加值占GDP比重", "服务业增加值比重", True),
    ("地区生产总值年均增长", "地区生产总值", True),
    ("高新区地区生产总值", "地区生产总值", False),
])
def test_identity(a, b, expected):
    ident = indicators.Identity("indicators", [])
    assert (ident(a)[0] == ident(b)[0]) is expected


def test_similar_names_match_loosely():
    assert indicators.similar("规模以上工业增加值增速", "规模以上工业增加值增幅")
    assert not indicators.similar("开发区地区生产总值", "地区生产总值")
    assert not indicators.similar("城镇居民人均可支配收入", "农村居民人均可支配收入")


def test_indicators_command_formats():
    plan = str(CON / "plan.txt")
    data = json.loads(run_cli("indicators", plan, "--format", "json").output)
    [f] = data["files"]
    assert f["period"] == {"base": 2020, "target": 2025, "source": "标题“十四五”"}
    assert {o["status"] for o in f["observations"]} == {"agrees", ""}
    csv_out = run_cli("indicators", plan, "--format", "csv").output.splitlines()
    assert csv_out[0].startswith("indicator,name,path,line")
    text = run_cli("indicators", plan)
    assert text.exit_code == 0 and "森林覆盖率" in text.output


def test_indicators_command_bad_file(tmp_path):
    bad = tmp_path / "x.txt"
    bad.write_bytes(b"\x00\x01\x02")
    result = run_cli("indicators", str(bad))
    assert result.exit_code == 2


# ---------------------------------------------------------------- real text


def test_corpus_findings_are_the_checked_ones(corpus):
    """Every REF/CON finding on the corpus was read and judged (listed in the hand-over note)."""
    paths = sorted(str(p) for p in corpus.glob("*.txt"))
    result = engine.lint(paths, _rules())
    assert [(f.path.rsplit("/", 1)[-1], f.code, f.line) for f in result.findings] == []


@pytest.mark.parametrize("setting", ['["b.txt"]', '[["b.txt", "a.txt"]]', '[["./sub/b.txt", "*/a.txt"]]'])
def test_companions_configuration_setting(tmp_path, monkeypatch, setting):
    """`companions` in planlint.yaml pairs the drafts and turns the checks on without --cross-file."""
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "a.txt").write_text((CON / "plan.txt").read_text(encoding="utf-8"), encoding="utf-8")
    text = (CON / "companion.txt").read_text(encoding="utf-8")
    (sub / "b.txt").write_text(text.replace("青川市国民经济", "某地国民经济").replace("43%", "45%"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    args = ["check", "sub/a.txt", "sub/b.txt", "--format", "json", "--exit-zero", "--select", "CON2"]
    assert json.loads(run_cli(*args).output)["findings"] == []
    (tmp_path / "planlint.yaml").write_text(f"companions: {setting}\n", encoding="utf-8")
    data = json.loads(run_cli(*args).output)
    assert [(f["path"], f["code"], f["line"]) for f in data["findings"]] == [("sub/b.txt", "CON201", 6)]
    assert data["findings"][0]["related"][0]["path"] == "sub/a.txt"


def test_companions_setting_rejects_bad_values(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("第一章 总则\n", encoding="utf-8")
    (tmp_path / "planlint.yaml").write_text("companions: [[1, 2, 3]]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run_cli("check", "a.txt")
    assert result.exit_code == 2 and "companions[0]" in result.output


def test_cross_file_console_script(tmp_path):
    """The installed console script pairs a plan and its companion with --cross-file."""
    import subprocess

    plan, comp = tmp_path / "plan.txt", tmp_path / "companion.txt"
    plan.write_text((CON / "plan.txt").read_text(encoding="utf-8"), encoding="utf-8")
    comp.write_text((CON / "companion.txt").read_text(encoding="utf-8").replace("达到43%。", "达到45%。"),
                    encoding="utf-8")
    out = subprocess.run([shutil.which("planlint") or "planlint", "check", str(plan), str(comp), "--cross-file",
                          "--select", "CON,REF", "--format", "json"], capture_output=True, text=True, check=False)
    assert out.returncode == 1
    found = [(f["code"], f["line"]) for f in json.loads(out.stdout)["findings"] if f["code"][:3] in ("CON", "REF")]
    assert found == [("CON201", 6)]


def test_unsafe_renumbering_rewrites_references(tmp_path):
    draft = tmp_path / "d.txt"
    draft.write_text("第一章 总则\n重点工程见专栏４，项目见专栏2。\n专栏1 甲\n专栏2 乙\n专栏4 丙\n第二章 任务\n"
                     "第四章 保障\n具体见本规划第四章。\n", encoding="utf-8")
    result = run_cli("check", str(draft), "--select", "NUM,REF", "--unsafe-fixes", "--exit-zero")
    assert result.exit_code == 0
    assert draft.read_text(encoding="utf-8") == ("第一章 总则\n重点工程见专栏３，项目见专栏2。\n专栏1 甲\n专栏2 乙\n"
                                                 "专栏3 丙\n第二章 任务\n第三章 保障\n具体见本规划第三章。\n")


def test_safe_fixes_leave_references_alone(tmp_path):
    draft = tmp_path / "d.txt"
    text = "第一章 总则\n重点工程见专栏4。\n专栏1 甲\n专栏2 乙\n专栏4 丙\n"
    draft.write_text(text, encoding="utf-8")
    run_cli("check", str(draft), "--select", "NUM,REF", "--fix", "--exit-zero")
    assert draft.read_text(encoding="utf-8") == text


def test_stretch_goal_beside_the_target_is_not_a_contradiction(tmp_path):
    assert lint_pair(tmp_path, ("电子信息产业规模达到300亿元", "力争地区生产总值达到1100亿元")) == []


def test_cumulative_in_points_matches_the_table(tmp_path):
    """提高4.8个百分点 (text) and 〔4.8〕 in a % column (table) are the same change."""
    edit = ("生产性服务业加快发展，", "生产性服务业加快发展，常住人口城镇化率累计提高4.8个百分点，")
    assert lint_pair(tmp_path, edit) == []
    [f] = lint_pair(tmp_path, (edit[0], edit[1].replace("4.8", "5.8")))
    assert (f.code, f.line) == ("CON101", 30)


def test_attribute_clause_names_only_its_own_indicators(tmp_path):
    edit = ("其中，单位地区生产总值能源消耗降低、森林覆盖率为约束性指标",
            "地区生产总值等为预期性指标，单位地区生产总值能源消耗降低、森林覆盖率为约束性指标")
    assert lint_pair(tmp_path, edit) == []


@pytest.mark.parametrize("old,new", [("	195.5	", "	205.5	"), ("	30.5	", "	40.5	"), ("	120	", "	12	")])
def test_table_total(tmp_path, old, new):
    [f] = lint_pair(tmp_path, (old, new))
    assert (f.code, f.line, f.column) == ("CON106", 45, 5)
    assert f.related[0].line == 42


def test_table_total_within_rounding_is_quiet(tmp_path):
    assert lint_pair(tmp_path, ("	195.5	", "	196	")) == []


def test_rate_rows_of_a_table_are_not_levels(tmp_path):
    """地区生产总值增长（%） in the year columns is a growth rate, not the level of 地区生产总值."""
    row = "经济发展	地区生产总值	亿元	699	1000	7.5	预期性\n"
    rate = "	地区生产总值增长	%	3.6	7.5	—	预期性\n"
    assert lint_pair(tmp_path, (row, row + rate)) == []
    [f] = lint_pair(tmp_path, (row, row + rate.replace("7.5", "8.5")))
    assert (f.code, f.line) == ("CON101", 13)  # the row against the text and the 年均 column


_FULL_TO_HALF = {"，": ",", "；": ";", "（": "(", "）": ")", "：": ":", "。": ".", "“": '"', "”": '"', "．": "."}
_HALF_TO_FULL = {",": "，", ";": "；", "(": "（", ")": "）", ":": "："}


def _retyped(text: str, suffix: str) -> str:
    if suffix == "txt":
        return text.translate(str.maketrans(_FULL_TO_HALF))
    # Markdown: headings, table rows and list markers keep their syntax; a full stop is not a decimal point
    import re

    return "\n".join(line if line.startswith(("#", "|")) or re.match(r"[0-9]+\. ", line) else
                     re.sub(r"(?<![0-9])\.|\.(?![0-9])", "。", line).translate(str.maketrans(_HALF_TO_FULL))
                     for line in text.split("\n"))


@pytest.mark.parametrize("suffix", ["txt", "md"])
def test_other_width_of_each_format(tmp_path, suffix):
    """The txt pair retyped in half width, the md pair in full width: quiet, and slips still found."""
    for name in ("plan", "companion"):
        text = (CON / f"{name}.{suffix}").read_text(encoding="utf-8")
        (tmp_path / f"{name}.{suffix}").write_text(_retyped(text, suffix), encoding="utf-8")
    paths = [str(tmp_path / f"plan.{suffix}"), str(tmp_path / f"companion.{suffix}")]
    assert [f.code for f in engine.lint(paths, _rules()).findings] == []
    plan = tmp_path / f"plan.{suffix}"
    plan.write_text(plan.read_text(encoding="utf-8").replace("见专栏1", "见专栏7"), encoding="utf-8")
    comp = tmp_path / f"companion.{suffix}"
    comp.write_text(comp.read_text(encoding="utf-8").replace("第三章第一节", "第三章第五节"), encoding="utf-8")
    assert sorted(f.code for f in engine.lint(paths, _rules()).findings) == ["REF101", "REF201"]


def test_statements_dated_only_by_the_plan_period_are_not_compared_with_each_other(tmp_path):
    """Criteria in a 专栏 (开采深度超过1200米 here, 超过800米 there) are not targets that contradict."""
    edit = ("2．国土绿化工程。", "2．国土绿化工程。煤矿开采深度超过1200米。\n3．矿山治理工程。煤矿开采深度超过800米。")
    assert lint_pair(tmp_path, edit) == []


def test_cited_section_in_a_plan_without_that_level(tmp_path):
    """（对应《纲要》第三章第九节） when the plan's 第三章 has no 节 at all: reported, related to the 章."""
    plan_edit = ("第一节 汽车产业\n", "")
    comp_edit = ("第四章）", "第五章第九节）")
    found_ = lint_pair(tmp_path, plan_edit, comp_edit)
    assert [(f.code, f.line) for f in found_] == [("REF201", 12), ("REF201", 15)]  # 第三章 lost its 第一节 too
    assert [(r.path.rsplit("/", 1)[-1], r.line) for f in found_ for r in f.related] == [("plan.txt", 21),
                                                                                        ("plan.txt", 31)]


def test_attribute_of_a_row_without_numbers(tmp_path):
    """单位地区生产总值能源消耗降低 has only 完成省下达任务 in its cells: its attribute still counts."""
    [f] = lint_pair(tmp_path, ("其中，单位地区生产总值能源消耗降低、森林覆盖率为约束性指标",
                               "其中，单位地区生产总值能源消耗降低为预期性指标，森林覆盖率为约束性指标"))
    assert (f.code, f.line, f.column, f.related[0].line) == ("CON104", 9, 4, 17)


def test_indicators_command_compares_a_companion_with_its_plan(tmp_path):
    plan, comp = tmp_path / "plan.txt", tmp_path / "companion.txt"
    plan.write_text((CON / "plan.txt").read_text(encoding="utf-8"), encoding="utf-8")
    comp.write_text((CON / "companion.txt").read_text(encoding="utf-8").replace("达到43%。", "达到45%。"),
                    encoding="utf-8")
    data = json.loads(run_cli("indicators", str(plan), str(comp), "--format", "json").output)
    rows = {(r["line"], r["plan_status"], r["plan_line"]) for r in data["files"][1]["observations"]}
    assert (6, "differs", 18) in rows and (9, "agrees", 14) in rows  # the plan's table row
    assert all(r["plan_status"] == "" for r in data["files"][0]["observations"])


def test_vision_section_gets_no_guessed_year(tmp_path):
    """A 二〇三五年远景目标 section states other targets than the plan's 2025 ones."""
    edit = ("第二章 主要目标\n", "第二章 主要目标\n一、二〇三五年远景目标\n常住人口城镇化率达到75%。\n二、“十四五”主要目标\n")
    assert lint_pair(tmp_path, edit) == []


@pytest.mark.parametrize("written", ["推动地区生产总值", "实现地区生产总值", "地区生产总值首次", "全市地区生产总值（GDP）"])
def test_names_lose_what_surrounds_them(written):
    assert indicators.normalise(written) == "地区生产总值"


def test_many_values_of_one_name_are_a_list_not_a_slip(tmp_path):
    """Five sections each giving their own 全市生产总值 for 2025: places or templates, not a typo."""
    body = "".join(f"第{n}节 分项\n到2025年，全市生产总值达到{n}0亿元。\n" for n in "一二三四五")
    draft = tmp_path / "d.txt"
    draft.write_text("第一章 任务\n" + body, encoding="utf-8")
    assert [f.code for f in engine.lint([str(draft)], _rules()).findings] == []


def test_outliers_split_a_large_group():
    # the time of this split at 10000 and 20000 values is in bench/bench_hostile.py
    def obs(i, value):
        return indicators.Observation("x", "x", value, "元", "", 0.5, "", "", 2025, "stated", "target", "text",
                                      i, i + 1, i)
    group = [obs(i, float(i % 2)) for i in range(20000)]
    majority, odd = indicators.outliers(group)
    assert len(majority) == len(odd) == 10000


def test_loose_name_match_is_only_an_info(tmp_path):
    row = "经济发展	地区生产总值	亿元	699	1000	7.5	预期性\n"
    extra = "	规模以上工业企业营业收入	亿元	800	1200	—	预期性\n"
    text = ("电子信息产业规模达到300亿元。", "电子信息产业规模达到300亿元，规模以上工业企业营业总收入达到1300亿元。")
    plan = (CON / "plan.txt").read_text(encoding="utf-8").replace(row, row + extra).replace(*text)
    (tmp_path / "plan.txt").write_text(plan, encoding="utf-8")
    [f] = engine.lint([str(tmp_path / "plan.txt")], _rules()).findings
    assert (f.code, f.severity, f.line) == ("CON101", "info", 29)
    assert "近似名称“规模以上工业企业营业收入”" in f.message and f.data["match"] == "similar"


def test_companion_with_several_candidate_plans(tmp_path):
    """Two drafts carry the plan's title: the one beside the companion is its plan; with two beside
    it, the companion stays unpaired (quiet) rather than compared with the wrong one."""
    comp_text = (CON / "companion.txt").read_text(encoding="utf-8").replace("达到43%。", "达到45%。")
    plan_text = (CON / "plan.txt").read_text(encoding="utf-8")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for path, text in (("a/companion.txt", comp_text), ("a/plan.txt", plan_text), ("b/plan.txt", plan_text)):
        (tmp_path / path).write_text(text, encoding="utf-8")
    paths = [str(tmp_path / p) for p in ("b/plan.txt", "a/companion.txt", "a/plan.txt")]
    [f] = engine.lint(paths, _rules()).findings
    assert f.code == "CON201" and f.related[0].path == paths[2]
    (tmp_path / "a" / "draft2.txt").write_text(plan_text, encoding="utf-8")
    assert engine.lint(paths + [str(tmp_path / "a" / "draft2.txt")], _rules()).findings == []
