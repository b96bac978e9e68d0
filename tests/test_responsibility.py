"""Responsible units in task-division plans: clause parsing in every form, task recognition,
silence on clean plans and on 纲要, and a missing owner found
at the task's line whenever any task's clause is deleted (clean fixtures and corpus 003). The planted
defects' findings are in fixtures/responsibility/defects.txt.expected."""
import json
import re

import msgspec
import pytest

from conftest import FIXTURES, codes, corpus_file, fixture_drafts, lint, ruleset, run_cli
from planlint.document import agencies, parser as outline, assignments as R
from planlint.errors import ConfigError
from planlint.document.model import Text
from planlint.ruleset.loader import load as load_rules
from planlint.workflow.rule_examples import lint_string

CATCH_ALL = re.compile(R.ANALYSIS_PARAMS["catch_all_pattern"])
CLEAN_PLANS = fixture_drafts("clean", "rsp_clean_*")
GANGYAO = fixture_drafts("clean", "num_clean_*")
FORMS = FIXTURES / "responsibility" / "forms.txt"
DEFECTS = FIXTURES / "responsibility" / "defects.txt"
HEAD = "某市规划纲要任务分工方案\n一、主要任务\n"


def doc_of(content: str, path: str = "draft.txt"):
    return outline.build(Text(path=path, content=content, encoding="utf-8"), outline.format_of(path))


def clause(text: str) -> R.Clause:
    found = R.find_clauses(text, CATCH_ALL)
    assert len(found) == 1, found
    return found[0]


def roles(c: R.Clause) -> list[tuple[str, str]]:
    return [(u.name, u.role) for u in c.units]


# ------------------------------------------------------------------ clause forms

def test_list_form_first_unit_leads_by_position():
    c = clause("1.推进。（责任单位：市发改委、市财政局）")
    assert roles(c) == [("市发改委", "lead"), ("市财政局", "responsible")]
    assert c.style == "list" and c.units[0].positional


def test_lead_form_with_attribute_and_deadline():
    c = clause("（预期性指标，牵头单位：市发改委；责任单位：市统计局、市财政局；完成时限：2025年底前）")
    assert roles(c) == [("市发改委", "lead"), ("市统计局", "responsible"), ("市财政局", "responsible")]
    assert (c.style, c.attribute, c.deadline) == ("lead", "预期性指标", "2025年底前")
    assert not c.units[0].positional


def test_half_width_clause():
    c = clause("2. 增长。(牵头单位:市人社局;责任单位:市统计局,市财政局)")
    assert roles(c) == [("市人社局", "lead"), ("市统计局", "responsible"), ("市财政局", "responsible")]


def test_formula_forms():
    assert roles(clause("（市科技局牵头，市发改委、市财政局按职责分工负责）")) == [
        ("市科技局", "lead"), ("市发改委", "responsible"), ("市财政局", "responsible")]
    assert roles(clause("（市委组织部、市人社局牵头，市科技局配合）")) == [
        ("市委组织部", "lead"), ("市人社局", "lead"), ("市科技局", "support")]
    assert roles(clause("（市科技局负责）")) == [("市科技局", "lead")]
    c = clause("（市政府办公室牵头，市级各有关部门及各县市区政府等按职责分工负责）")
    assert roles(c) == [("市政府办公室", "lead"), ("市级各有关部门及各县市区政府", "responsible")]
    assert c.units[1].catch_all and c.style == "formula"


def test_prose_in_brackets_is_not_a_clause():
    for text in ("组建以中心医院牵头的医联体。", "（由龙头企业牵头，高校参与）", "（企业负责）",
                 "鼓励协会牵头组织赛事（每年一次）。", "明确牵头单位、工作责任和推进措施。"):
        assert R.find_clauses(text, CATCH_ALL) == [], text


def test_brackets_inside_a_unit_name_belong_to_it():
    c = clause("(责任单位:市农业农村局、市自然资源规划局〈市林业局〉,各镇<办、处、区>,各县（市、区）人民政府)")
    assert [u.name for u in c.units] == ["市农业农村局", "市自然资源规划局〈市林业局〉", "各镇<办、处、区>",
                                         "各县（市、区）人民政府"]
    assert [u.catch_all for u in c.units] == [False, False, True, True]
    assert c.units[1].base == "市自然资源规划局"


def test_unit_spans_point_at_the_names():
    text = "1.任务。（责任单位：市 发改委、各镇<办、处、区>）"
    c = clause(text)
    assert [text[u.span.start:u.span.end] for u in c.units] == ["市 发改委", "各镇<办、处、区>"]
    assert c.units[0].name == "市发改委"


def test_lead_marker_and_etc():
    c = clause("（责任单位：市财政局、市发改委（牵头）、市招商中心等市直相关单位）")
    assert roles(c) == [("市财政局", "responsible"), ("市发改委", "lead"), ("市招商中心", "responsible"),
                        ("市直相关单位", "responsible")]


def test_unbracketed_clause_on_its_own_line():
    c = clause("3．强化创新。\n牵头单位：市科技局；责任单位：市税务局；完成时限：2025年底前")
    assert roles(c) == [("市科技局", "lead"), ("市税务局", "responsible")] and not c.bracketed
    assert R.find_clauses("要求各责任单位：按时报送。", CATCH_ALL) == []


def test_empty_list_and_support_only():
    c = clause("（牵头单位：市发改委；责任单位：）")
    assert [label for label, _ in c.empty] == ["责任单位"]
    c = clause("（配合单位：市财政局）")
    assert c.leads == [] and c.style == ""


# ------------------------------------------------------------------ recognition and tasks

def test_recognised_by_title_content_and_path():
    clauses = "".join(f"{i}.任务{i}。（责任单位：市发改委）\n" for i in range(1, 4))
    assert R.analyse(doc_of(HEAD + "1.甲。（责任单位：市发改委）\n"), {}).reason == "title"
    assert R.analyse(doc_of("一、主要任务\n" + clauses), {}).reason == "clauses"
    assert not R.analyse(doc_of("一、主要任务\n" + clauses), {"min_clauses": 4}).is_plan
    d = doc_of("一、主要任务\n1.甲。\n2.乙。\n", "plans/分工/a.txt")
    assert R.analyse(d, {"task_plan_paths": ["plans/分工/*.txt"]}).reason == "path"
    assert not R.analyse(doc_of(HEAD + "1.甲。\n", "x.txt"), {"not_task_plan_paths": ["x.txt"]}).is_plan
    # a 纲要 that mentions 牵头单位 in prose is not a plan
    assert not R.analyse(doc_of("某市规划纲要\n第一章 实施\n明确牵头单位、工作责任。\n"), {}).is_plan


def test_tasks_are_innermost_items_of_assigning_sections():
    a = R.analyse(doc_of(FORMS.read_text(encoding="utf-8"), str(FORMS)), {})
    assert [t.label() for t in a.tasks] == [
        "二、1.", "二、2.", "二、3.", "三、（一）1.", "三、（一）2.", "三、（一）3.", "三、（一）4.",
        "三、（二）1.", "三、（二）2.", "三、（二）3."]
    assert all(t.owned for t in a.tasks)
    # 总体要求 and 保障措施 (no clauses) are not tasks
    assert {t.section.title for t in a.tasks} == {"主要指标", "主要任务"}


def test_an_owned_item_owns_its_sub_items():
    text = HEAD + "（一）做优产业。（牵头单位：市经信局）\n1.甲。\n2.乙。\n（二）做强服务。\n1.丙。（牵头单位：市商务局）\n2.丁。\n"
    a = R.analyse(doc_of(text), {})
    assert [(t.label(), t.owned) for t in a.tasks] == [("一、（一）", True), ("一、（二）1.", True),
                                                       ("一、（二）2.", False)]


def test_an_item_introducing_sub_items_is_one_task():
    text = HEAD + "1.完善设施，包括：\n（1）建设道路。\n（2）建设管网。（责任单位：市住建局）\n2.乙。（责任单位：市发改委）\n"
    a = R.analyse(doc_of(text), {})
    assert [(t.label(), t.owned) for t in a.tasks] == [("一、1.", True), ("一、2.", True)]


def test_section_without_matching_title_assigns_when_most_items_are_owned():
    text = ("某县分工方案\n一、总体要求\n（一）目标。略。\n二、推进产业升级\n1.甲。（责任单位：县发改局）\n"
            "2.乙。（责任单位：县财政局）\n3.丙。\n")
    assert codes(lint(text, "RSP101")) == [("RSP101", 7, 1)]


def test_sections_inside_chapters_are_not_counted_twice():
    text = ("某市分工方案\n第一章 总体要求\n一、目标\n第二章 实施\n一、主要任务\n1.甲。（责任单位：市发改委）\n"
            "2.乙。（责任单位：市财政局）\n二、推进机制\n1.丙。（责任单位：市发改委）\n2.丁。（责任单位：市统计局）\n"
            "3.戊。\n")
    a = R.analyse(doc_of(text), {})
    assert [t.label() for t in a.tasks] == ["一、1.", "一、2.", "第二章二、1.", "第二章二、2.", "第二章二、3."]
    assert codes(lint(text, "RSP101")) == [("RSP101", 11, 1)]


def test_owner_table_counts_as_owned():
    text = HEAD + "1.主要指标分解\n| 指标 | 牵头单位 | 责任单位 |\n| 增长率 | 市发改委 | 市统计局 |\n2.乙。（责任单位：市发改委）\n"
    assert lint(text, "RSP101") == []


# ------------------------------------------------------------------ findings

def test_repeated_unit_fix_removes_it_with_its_separator():
    text = HEAD + "1.甲。（责任单位：市发改委、市财政局、市发改委）\n"
    (f,) = lint(text, "RSP104")
    (edit,) = f.fix.edits
    assert text[:edit.start] + edit.replacement + text[edit.end:] == HEAD + "1.甲。（责任单位：市发改委、市财政局）\n"


def test_explicit_lead_parameter():
    rule = msgspec.structs.replace(ruleset().by_code["RSP103"], params={**ruleset().by_code["RSP103"].params,
                                                                        "explicit": True})
    text = HEAD + "1.甲。（责任单位：市发改委、市财政局）\n2.乙。（责任单位：市教育局）\n"
    assert [(f.code, f.line) for f in lint_string(text, [rule], "d.txt")] == [("RSP103", 3)]
    assert lint(text, "RSP103") == []


def test_variants_by_abbreviation_without_registry_entry():
    text = HEAD + "1.甲。（责任单位：市卫健局）\n2.乙。（责任单位：市卫生健康局）\n3.丙。（责任单位：市卫健局）\n"
    assert codes(lint(text, "RSP107")) == [("RSP107", 4, 11)]
    # the registry knows these as two units
    text = HEAD + "1.甲。（责任单位：县科技局）\n2.乙。（责任单位：县科技经信局）\n"
    assert lint(text, "RSP107") == []


def test_annotation_and_bracket_style_are_not_name_variants():
    text = HEAD + ("1.甲。（责任单位：市自然资源规划局〈市林业局〉）\n2.乙。（责任单位：市自然资源规划局，各镇<办、处、区>）\n"
                   "3.丙。（责任单位：市财政局，各镇（办、处、区））\n")
    assert lint(text, "RSP107") == []


def test_unknown_unit_is_opt_in_and_suggests_the_nearest_name():
    text = HEAD + "1.甲。（责任单位：市发展改委、市财政局，各县市区）\n"
    assert lint(text, "RSP") == []
    (f,) = lint(text, "RSP108")
    assert (f.line, f.column) == (3, 11)
    assert f.message == "“市发展改委”不在单位名录中，是否应为“市发展和改革委员会”？"


def test_user_registry_extends_the_example(tmp_path):
    mine = tmp_path / "mine.yaml"
    mine.write_text("names:\n  - [南湖新区管委会, 新区管委会]\n", encoding="utf-8")
    rules = tmp_path / "rules.yaml"
    rules.write_text(f"rules:\n  - code: RSP108\n    params: {{registry: [agencies.yaml, '{mine}']}}\n",
                     encoding="utf-8")
    rule = load_rules([str(rules)]).by_code["RSP108"]
    text = HEAD + "1.甲。（责任单位：南湖新区管委会、市财政局）\n2.乙。（责任单位：东湖新区管委会）\n"
    assert [(f.line, f.message) for f in lint_string(text, [rule], "d.txt")] == [
        (4, "“东湖新区管委会”不在单位名录中，是否应为“南湖新区管委会”？")]


def test_missing_registry_is_a_config_error(tmp_path):
    rules = tmp_path / "rules.yaml"
    rules.write_text("rules:\n  - code: RSP107\n    params: {registry: [nowhere.yaml]}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="RSP107.*registry"):
        load_rules([str(rules)])


def test_registry_aliases_nearest_outdated():
    reg = agencies.load()
    assert reg.full_name("市发改委") == reg.full_name("市发展改革委") == "市发展和改革委员会"
    assert reg.full_name("区发改局") == "区发展和改革局"
    assert reg.outdated_form("市卫计委") == ("卫计委", "市卫健委")
    assert reg.outdated_form("市文化和旅游局") is None and reg.outdated_form("县旅游局") == ("旅游局", "县文化和旅游局")
    assert reg.nearest("区发展改局") == "区发展和改革局"


def test_registry_feeds_jieba():
    jieba = pytest.importorskip("jieba")
    assert agencies.feed_jieba() > 100
    assert "市发展改革委" in jieba.lcut("支持市发展改革委牵头推进")


# ------------------------------------------------------------------ silence

@pytest.mark.parametrize("path", CLEAN_PLANS, ids=lambda p: p.name)
def test_clean_plans_are_silent(path):
    found = lint(path.read_text(encoding="utf-8"), ["RSP", "RSP108"], path=path.name)
    assert [f for f in found if f.code != "RSP108"] == []
    d = doc_of(path.read_text(encoding="utf-8"), path.name)
    a = R.analyse(d, {})
    assert a.is_plan and a.tasks and all(t.owned for t in a.tasks)


@pytest.mark.parametrize("path", GANGYAO, ids=lambda p: p.name)
def test_gangyao_fixtures_are_silent(path):
    assert lint(path.read_text(encoding="utf-8"), ["RSP", "RSP108"], path=path.name) == []


@pytest.mark.parametrize("prefix", ["000", "001", "002", "004"])
def test_corpus_gangyao_are_silent(prefix):
    path = corpus_file(prefix)
    assert lint(path.read_text(encoding="utf-8"), ["RSP", "RSP108"], path=path.name) == []


def test_corpus_003_every_task_assigned():
    path = corpus_file("003")
    content = path.read_text(encoding="utf-8")
    a = R.analyse(doc_of(content, path.name), {})
    assert a.reason == "title" and len(a.tasks) == 53 and all(t.owned for t in a.tasks)
    names = {u.name for t in a.tasks for u in t.units}
    assert {"各镇<办、处、区>", "市自然资源规划局〈市林业局〉", "十堰市生态环境局丹江口分局"} <= names
    assert lint(content, "RSP", path=path.name) == []


# ------------------------------------------------------------------ deleting any task's clause

def _assert_each_deletion_found(content: str, path: str):
    a = R.analyse(doc_of(content, path), {})
    assert a.tasks
    for t in a.tasks:
        spans = sorted((c.span for c in t.clauses), key=lambda s: s.start, reverse=True)
        assert spans, f"{path}: {t.label()} has no clause"
        cut = content
        for s in spans:
            cut = cut[:s.start] + cut[s.end:]
        found = lint(cut, "RSP101", path=path)
        assert [(f.code, f.line) for f in found] == [("RSP101", t.heading.line)], (path, t.label())


@pytest.mark.parametrize("path", CLEAN_PLANS + [FORMS], ids=lambda p: p.name)
def test_deleting_any_clause_is_found_at_the_task(path):
    _assert_each_deletion_found(path.read_text(encoding="utf-8"), path.name)


HALF_WIDTH = str.maketrans({"（": "(", "）": ")", "：": ":", "；": ";", "，": ",", "．": "."})


@pytest.mark.parametrize("path", CLEAN_PLANS, ids=lambda p: p.name)
def test_half_width_plans_silent_and_deletions_found(path):
    text = path.read_text(encoding="utf-8").translate(HALF_WIDTH)
    assert lint(text, "RSP", path=path.name) == []
    _assert_each_deletion_found(text, path.name)


def test_deleting_any_clause_of_corpus_003_is_found_at_the_task():
    path = corpus_file("003")
    _assert_each_deletion_found(path.read_text(encoding="utf-8"), path.name)


# ------------------------------------------------------------------ robustness and speed

@pytest.mark.parametrize("text", [
    "", "（", "）", "分工方案\n（责任单位：", "分工方案\n一、主要任务\n1.（责任单位：（（（、、、）\n",
    "分工方案\n牵头单位：\n责任单位：；；\n（牵头，负责）\n（牵头）\n", "分工方案\n1.甲（）\n2.（牵头单位：<<>>〈）\n",
    "任务分工\n" + "（责任单位：市发改委）" * 50, "分工方案\n一、任务\n" + "1.甲\n" * 3 + "\n\n\n",
])
def test_strange_text_does_not_crash(text):
    lint(text, ["RSP", "RSP108"])


# ------------------------------------------------------------------ owners command

def test_owners_csv_matrix():
    result = run_cli("owners", str(FIXTURES / "clean" / "rsp_clean_formula.txt"), "--format", "csv")
    assert result.exit_code == 0
    rows = [line.split(",") for line in result.output.splitlines()]
    assert rows[0] == ["单位", "牵头任务数", "参与任务数", "二、（一）1.", "二、（一）2.", "二、（二）1.", "二、（二）2."]
    assert rows[1] == ["区政务服务数据局", "1", "1", "牵头", "责任", "", ""]
    assert ["区财政局", "1", "1", "", "", "配合", "牵头"] in rows


def test_owners_json_and_text():
    result = run_cli("owners", str(FORMS), "--format", "json")
    data = json.loads(result.output)
    assert data["task_plan"] is True and len(data["tasks"]) == 10
    task = next(t for t in data["tasks"] if t["id"] == "三、（一）3.")
    assert (task["lead"], task["responsible"], task["deadline"]) == (["市科技局"], ["市税务局", "市财政局"],
                                                                      "2025年底前")
    text = run_cli("owners", str(DEFECTS))
    assert text.exit_code == 0 and "1 项未标注责任单位" in text.output and "培育现代服务业" in text.output


# ------------------------------------------------------------------ 实施意见: tasks at the innermost level

YIJIAN = FIXTURES / "responsibility" / "shishi_yijian.txt"
YIJIAN_MD = FIXTURES / "responsibility" / "shishi_yijian_halfwidth.md"


@pytest.mark.parametrize("path", [YIJIAN, YIJIAN_MD], ids=lambda p: p.name)
def test_yijian_tasks_are_the_numbered_items_under_small_groups(path):
    content = path.read_text(encoding="utf-8")
    a = R.analyse(doc_of(content, path.name), {})
    assert a.is_plan
    assert [t.heading.label() for t in a.tasks] == [f"{n}." for n in range(1, 7)]
    assert all(t.owned for t in a.tasks)
    assert lint(content, "RSP", path=path.name) == []


@pytest.mark.parametrize("path", [YIJIAN, YIJIAN_MD], ids=lambda p: p.name)
def test_yijian_deleting_any_owner_is_found(path):
    # the （三） and （四） groups hold one task each: alone, a group of one cannot be judged
    _assert_each_deletion_found(path.read_text(encoding="utf-8"), path.name)


def test_owners_counts_the_numbered_tasks_not_the_groups():
    result = run_cli("owners", str(YIJIAN_MD), "--format", "json")
    data = json.loads(result.output)
    assert [t["id"] for t in data["tasks"]] == ["（一）1.", "（一）2.", "（二）3.", "（二）4.", "（三）5.", "（四）6."]
    assert data["tasks"][4]["lead"] == ["省财政厅"] and data["tasks"][4]["support"] == ["省工业和信息化厅"]


def test_a_group_without_owners_after_the_tasks_is_not_a_task_section():
    # its items restart their numbers: a list of its own, not tasks 7. and 8.
    content = YIJIAN_MD.read_text(encoding="utf-8") + "\n## (五)加强组织实施\n\n1.各地要建立工作机制。\n\n2.及时总结推广经验。\n"
    assert lint(content, "RSP101", path=YIJIAN_MD.name) == []
    content = YIJIAN_MD.read_text(encoding="utf-8") + "\n## (五)加强组织实施\n\n各地要建立工作机制，及时总结推广经验。\n"
    assert lint(content, "RSP101", path=YIJIAN_MD.name) == []


def test_a_sub_item_inherits_its_items_owner_when_siblings_name_their_own():
    content = (HEAD + "（一）做强制造业。（牵头单位：市经信局）\n1.培育龙头企业。（牵头单位：市经信局；责任单位：市财政局）\n"
               "2.壮大产业集群。\n（二）做优服务业。（牵头单位：市商务局）\n")
    a = R.analyse(doc_of(content), {})
    assert [t.label() for t in a.tasks] == ["一、（一）1.", "一、（一）2.", "一、（二）"]
    assert [u.name for u in a.tasks[1].units] == ["市经信局"] and a.tasks[1].clauses == []
    assert lint(content, "RSP101") == []


# ------------------------------------------------------------------ clauses split by a stray break

SCRAPED = FIXTURES / "breaks" / "scraped_fullwidth.txt"
SCRAPED_MD = FIXTURES / "breaks" / "scraped_halfwidth.md"


def test_clause_split_by_a_break_is_one_clause_with_spans_in_the_original():
    content = SCRAPED.read_text(encoding="utf-8")
    a = R.analyse(doc_of(content, SCRAPED.name), {})
    split = next(c for c in a.clauses if "\n" in content[c.span.start:c.span.end])
    assert content[split.span.start:split.span.end] == "（牵头部\n\n门：市交通运输局、市经济信息化局）"
    assert [(u.name, u.role) for u in split.units] == [("市交通运输局", "lead"), ("市经济信息化局", "lead")]
    assert [content[u.span.start:u.span.end] for u in split.units] == ["市交通运输局", "市经济信息化局"]
    label, role, span = split.labels[0]
    assert (label, role, content[span.start:span.end]) == ("牵头部门", "lead", "牵头部\n\n门")
    assert all(t.owned for t in a.tasks) and len(a.tasks) == 4
    assert lint(content, "RSP", path=SCRAPED.name) == []


def test_half_width_markdown_clause_split_after_a_comma():
    content = SCRAPED_MD.read_text(encoding="utf-8")
    a = R.analyse(doc_of(content, SCRAPED_MD.name), {})
    assert [[u.name for u in t.units] for t in a.tasks] == [
        ["市大数据局", "市财政局"], ["市大数据局", "市公安局"], ["市政务服务中心", "市司法局"]]
    assert lint(content, "RSP", path=SCRAPED_MD.name) == []
