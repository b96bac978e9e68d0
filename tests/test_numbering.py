"""Numbering checks: exact codes and positions on planted defects, silence on clean drafts, and
defects made by deleting or renumbering headings in any draft (clean or real, full or half width)."""
import os
import re
import shutil
import subprocess
import sys

import pytest

from conftest import CORPUS, FIXTURES, codes, corpus_file, fixture_drafts, lint, ruleset
from planlint.document import parser
from planlint.document.model import Text
from planlint.text.numerals import CIRCLED, int_to_cn

CLEAN = fixture_drafts("clean", "num_clean_*")


def test_gap_message_names_runs_as_ranges():
    found = lint("第十章 任务\n第三节 甲\n第四节 乙\n", "NUM101")
    assert [f.message for f in found] == [
        "全文缺少“第一章”至“第九章”",
        "“第十章”下缺少“第一节”、“第二节”"]
    assert (found[1].line, found[1].column, found[1].end_column) == (2, 1, 4)


def test_order_and_repeat():
    found = lint("一、甲\n三、丙\n二、乙\n四、丁\n四、戊\n", "NUM")
    assert codes(found) == [("NUM103", 3, 1), ("NUM102", 5, 1)]
    assert found[0].related[0].line == 2


def test_chapters_run_on_across_parts():
    assert lint("第一篇 甲\n第一章 一\n第二章 二\n第二篇 乙\n第三章 三\n", "NUM") == []


def test_sections_restart_under_each_chapter():
    assert lint("第一章 甲\n第一节 一\n第二节 二\n第二章 乙\n第一节 一\n", "NUM") == []


def test_child_list_that_runs_on_where_the_others_restart():
    found = lint("一、甲\n（一）子\n（二）子\n二、乙\n（一）子\n（二）子\n三、丙\n（三）子\n", "NUM")
    assert codes(found) == [("NUM101", 8, 1)]
    assert found[0].message == "“三、”下缺少“（一）”、“（二）”"


def test_a_level_that_runs_on_throughout_is_the_documents_convention():
    assert lint("一、甲\n（一）子\n（二）子\n二、乙\n（三）子\n", "NUM") == []


def test_boxes_run_through_the_document():
    found = lint("第一章 甲\n专栏1 一\n第二章 乙\n专栏1 二\n", "NUM")
    assert codes(found) == [("NUM105", 4, 1)]


def test_mixed_marker_form_has_a_safe_fix():
    found = lint("一、甲\n（一）子\n(二)子\n（三）子\n", "NUM106")
    assert codes(found) == [("NUM106", 3, 1)]
    assert found[0].fix.edits[0].replacement == "（二）"
    assert found[0].fix.applicability == "safe"


def test_consistent_halfwidth_markers_get_one_summary():
    found = lint("一、甲\n(一)子\n(二)子\n二、乙\n(一)子\n", "NUM")
    assert codes(found) == [("NUM108", 2, 1)]
    assert found[0].severity == "info"
    assert "3 处" in found[0].message


def test_level_skip_is_opt_in():
    draft = "一、甲\n1.子\n2.子\n"
    assert lint(draft, "NUM") == []
    assert codes(lint(draft, "NUM110")) == [("NUM110", 2, 1)]


@pytest.mark.parametrize("path", CLEAN, ids=lambda p: p.name)
def test_clean_drafts_are_silent(path):
    assert lint(path.read_text(encoding="utf-8"), ["NUM", "TOC"], path=path.name) == []


def halfwidth(text: str) -> str:
    """What extraction does to a Word draft: half-width punctuation, no ideographic indent."""
    table = str.maketrans({"（": "(", "）": ")", "，": ",", "：": ":", "；": ";", "　": " "})
    return re.sub(r"^ +", "", text.translate(table), flags=re.M)


def drafts():
    for path in CLEAN:
        text = path.read_text(encoding="utf-8")
        yield path.name, text, path.suffix
        yield path.name + "/half", halfwidth(text), path.suffix


def numbered_siblings(text: str, suffix: str):
    """(heading, next sibling of the same kind and list) for every heading that has one."""
    doc = parser.build(Text(path="d" + suffix, content=text, encoding="utf-8"), suffix.strip("."))
    scoped = {"zhang", "box", "table", "figure"}
    seen = {}
    for h in doc.headings:
        key = (h.kind, None if h.kind in scoped else id(h.parent))
        if key in seen:
            yield seen[key], h
        seen[key] = h


def delete_line(text: str, line: int) -> str:
    lines = text.split("\n")
    del lines[line - 1]
    return "\n".join(lines)


@pytest.mark.parametrize("name,text,suffix", list(drafts()), ids=lambda v: v if isinstance(v, str) and "/" in v or v.startswith("num") else "")
def test_deleting_any_heading_is_found_at_the_next_sibling(name, text, suffix):
    pairs = list(numbered_siblings(text, suffix))
    assert pairs, "the draft should have numbered lists"
    for h, nxt in pairs:
        found = lint(delete_line(text, h.line), ["NUM101"], path="d" + suffix)
        assert ("NUM101", nxt.line - 1) in [(f.code, f.line) for f in found], (name, h.line, h.label())


def renumber(text: str, h, number: int) -> str:
    """Write another number into h's marker, in the same numeral style."""
    start, end = h.marker_span.start, h.marker_span.end
    marker = text[start:end]
    if h.kind == "l5":
        new = CIRCLED[number - 1]
    elif h.numeral == "arabic":
        new = re.sub(r"[0-9０-９]+", str(number), marker, count=1)
    else:
        new = re.sub(r"[一二三四五六七八九十百〇零两]+", int_to_cn(number), marker, count=1)
    return text[:start] + new + text[end:]


@pytest.mark.parametrize("name,text,suffix", list(drafts()), ids=lambda v: v if isinstance(v, str) and "/" in v or v.startswith("num") else "")
def test_renumbering_any_heading_as_its_predecessor_is_found(name, text, suffix):
    pairs = list(numbered_siblings(text, suffix))
    assert pairs
    for prev, h in pairs:
        found = lint(renumber(text, h, prev.number), ["NUM102", "NUM105"], path="d" + suffix)
        # a second 1 in a document-wide list under a new parent is a restart, otherwise a repeat
        assert {("NUM102", h.line), ("NUM105", h.line)} & {(f.code, f.line) for f in found}, (name, h.line)


CORPUS_EXPECTED = {
    # 004 lacks eight 节 headings and 专栏 2, 3, 5, 7, 18 and 25
    "004": {("NUM101", 21), ("NUM101", 46), ("NUM101", 63), ("NUM101", 98), ("NUM101", 164), ("NUM101", 184),
            ("NUM101", 242), ("NUM101", 247), ("NUM101", 248), ("NUM101", 258), ("NUM101", 283), ("NUM101", 353)},
    # 001 numbers two items 1. in 第五章 and restarts at 1. after 第九章 第一节
    "001": {("NUM102", 265), ("NUM105", 462)},
    "000": set(), "002": set(), "003": set(),
}


@pytest.mark.parametrize("prefix", sorted(CORPUS_EXPECTED))
def test_corpus_numbering(prefix):
    path = corpus_file(prefix)
    found = lint(path.read_text(encoding="utf-8"), "NUM", path=path.name)
    assert {(f.code, f.line) for f in found if f.severity != "info"} == CORPUS_EXPECTED[prefix]


def test_corpus_004_messages():
    path = corpus_file("004")
    messages = [f.message for f in lint(path.read_text(encoding="utf-8"), "NUM101", path=path.name)]
    assert "“第十章”下缺少“第一节”、“第二节”" in messages
    assert "全文缺少“专栏2”、“专栏3”" in messages


@pytest.mark.parametrize("prefix", ["000", "002", "004"])
def test_deleting_headings_in_real_drafts(prefix):
    path = corpus_file(prefix)
    text = path.read_text(encoding="utf-8")
    baseline = {(f.code, f.line) for f in lint(text, "NUM101", path=path.name)}
    pairs = list(numbered_siblings(text, ".txt"))
    for h, nxt in pairs[:: max(1, len(pairs) // 25)]:
        found = lint(delete_line(text, h.line), ["NUM101"], path=path.name)
        assert ("NUM101", nxt.line - 1) in [(f.code, f.line) for f in found], (h.line, h.label())
    assert baseline is not None


def test_marker_punctuation():
    found = lint("第三章、主要目标\n一、任务\n（一）、强化创新\n", "NUM109")
    assert codes(found) == [("NUM109", 1, 1), ("NUM109", 3, 1)]
    assert found[0].message == "序号“第三章”后不应再加“、”，应写作“第三章　…”"
    assert [e.replacement for e in found[0].fix.edits] == ["　"]
    assert [e.replacement for e in found[1].fix.edits] == [""]


# ---------------------------------------------------------------- numbering scopes per level

def fixture(name: str) -> tuple[str, str]:
    path = FIXTURES / "numbering" / name
    return path.read_text(encoding="utf-8"), path.name


def lint_fixture(name: str, select="NUM"):
    text, path = fixture(name)
    return [f for f in lint(text, select, path=path) if f.code != "NUM108"]


@pytest.mark.parametrize("name", ["runon_fullwidth.txt", "restart_halfwidth.txt", "tasks_runon.md"])
def test_a_document_following_its_own_convention_is_silent(name):
    assert lint_fixture(name, ["NUM", "TOC"]) == []


def test_gap_in_a_level_that_runs_on_across_its_parents():
    found = lint_fixture("runon_gap_fullwidth.txt")
    assert [(f.code, f.line, f.column, f.end_column) for f in found] == [("NUM101", 13, 1, 4)]
    assert found[0].message == "全文缺少“（八）”"


def test_gap_in_a_level_that_restarts_under_each_parent():
    found = lint_fixture("restart_gap_halfwidth.txt")
    assert [(f.code, f.line, f.column, f.end_column) for f in found] == [("NUM101", 11, 1, 4)]
    assert found[0].message == "“三、”下缺少“（二）”"


def test_gap_in_tasks_that_run_on_while_their_parents_restart():
    found = lint_fixture("tasks_runon_gap.md")
    assert codes(found) == [("NUM101", 25, 1)]
    assert found[0].message == "“二、”下缺少“4.”"


@pytest.mark.parametrize("name", ["mixed_fullwidth.txt", "mixed_halfwidth.md"])
def test_a_level_that_mixes_conventions_reports_only_its_outliers(name):
    found = lint_fixture(name)
    assert codes(found) == [("NUM105", 16, 1), ("NUM101", 22, 1)]
    assert found[0].message == ("“二、（四）”下编号从“1.”重新开始（前面已到“6.”）："
                                "本文“1.”一级跨上级标题连续编号，应接续编号为“7.”")
    assert found[1].message == "“四、”下缺少“（一）”、“（二）”"


def test_one_list_missing_its_first_item_is_not_taken_for_running_on():
    # 二、 starts at （二） right after a one-item list: a missing （一）, not a convention
    found = lint("一、甲\n（一）子\n二、乙\n（二）子\n（三）子\n", "NUM")
    assert codes(found) == [("NUM101", 4, 1)]


def test_lists_inside_boxes_restart_whatever_the_body_does():
    text = ("一、甲\n（一）子\n专栏1 重点工程\n1.工程一\n2.工程二\n（二）子\n专栏2 重点项目\n1.项目一\n"
            "二、乙\n（三）子\n1.任务一\n2.任务二\n（四）子\n3.任务三\n")
    assert lint(text, "NUM") == []


def scoped(codes_, **scopes):
    from planlint.ruleset.loader import with_params

    return [with_params(r, {"scopes": scopes}, "test") for r in ruleset().select(codes_)]


def test_scope_can_be_set_per_level():
    from planlint.workflow.rule_examples import lint_string

    text, path = fixture("runon_fullwidth.txt")
    restarted = sorted(lint_string(text, scoped(["NUM101"], l2="restart"), path), key=lambda f: f.line)
    assert [(f.code, f.line) for f in restarted] == [("NUM101", 7), ("NUM101", 10), ("NUM101", 14)]
    text, path = fixture("restart_halfwidth.txt")
    continued = sorted(lint_string(text, scoped(["NUM105"], l2="continuous"), path), key=lambda f: f.line)
    assert [(f.code, f.line) for f in continued] == [("NUM105", 7), ("NUM105", 10)]
    # setting one level keeps the defaults of the others: 章 still run on across 篇
    chapters = "第一篇 甲\n第一章 一\n第二篇 乙\n第一章 二\n"
    assert [f.code for f in lint_string(chapters, scoped(["NUM105"], l2="restart"), "d.txt")] == ["NUM105"]


@pytest.mark.parametrize("scopes, key", [("{l2: sometimes}", "params.scopes.l2"),
                                         ("{chapter: restart}", "params.scopes.chapter")])
def test_bad_scope_in_a_rule_file_names_the_key(tmp_path, scopes, key):
    from planlint.workflow.configuration import ConfigError

    path = tmp_path / "rules.yaml"
    path.write_text("rules:\n  - code: NUM101\n    params: {scopes: %s}\n" % scopes, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        from planlint.ruleset import loader as rules_mod

        rules_mod.load([str(path)])
    assert info.value.key == key


def test_decimal_looking_marker_is_an_item_where_the_list_expects_it():
    text, path = fixture("tasks_runon.md")
    doc = parser.build(Text(path=path, content=text, encoding="utf-8"), "md")
    item = next(h for h in doc.headings if h.line == 33)
    assert (item.kind, item.number, item.title) == ("l3", 7, "135储能人才计划")
    # a quantity is not an item, and neither is a number the list does not expect
    doc = parser.build(Text(path="d.txt", content="一、甲\n1.乙\n2.5万人次参加。\n3.135工程。\n", encoding="utf-8"))
    assert [(h.kind, h.number) for h in doc.headings] == [("l1", 1), ("l3", 1)]
    doc = parser.build(Text(path="d.txt", content="1.甲\n２．１３５工程\n", encoding="utf-8"))
    assert [(h.number, h.title) for h in doc.headings] == [(1, "甲"), (2, "１３５工程")]


def test_runs_of_missing_numbers_are_ranges():
    found = lint("第一章 甲\n第一节 一\n第六节 六\n第七节 七\n第九节 九\n", "NUM101")
    assert [f.message for f in found] == ["“第一章”下缺少“第二节”至“第五节”", "“第一章”下缺少“第八节”"]


def test_implausible_number_is_one_finding():
    found = lint("第一〇〇〇〇〇〇〇〇章 总则\n第二章 目标\n第三章 任务\n", "NUM")
    assert codes(found) == [("NUM104", 1, 1), ("NUM101", 2, 1)]
    assert found[0].message == "序号“第一〇〇〇〇〇〇〇〇章”表示 100000000，超出了实际可能的编号（至多 999），多为误输入"
    assert found[1].message == "全文缺少“第一章”"


def test_large_gap_and_its_renumbering_cost_what_the_list_costs():
    found = lint("第一章 甲\n第九〇〇章 乙\n", "NUM101")
    assert [f.message for f in found] == ["全文缺少“第二章”至“第八百九十九章”"]
    assert [e.replacement for e in found[0].fix.edits] == ["二"]


def _bounded(limit_bytes: int):
    def apply():
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (limit_bytes, limit_bytes))
    return apply


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_AS bounds memory on Linux")
@pytest.mark.parametrize("digits", [8, 18])
def test_cli_on_a_huge_chapter_number_is_bounded(tmp_path, digits):
    script = shutil.which("planlint", path=os.path.dirname(sys.executable)) or shutil.which("planlint")
    if script is None:
        pytest.skip("the planlint console script is not installed")
    draft = tmp_path / "huge.txt"
    draft.write_text("第一" + "〇" * digits + "章 总则\n", encoding="utf-8")
    run = lambda *extra: subprocess.run([script, "check", "--isolated", "--format", "concise", *extra, str(draft)],
                                        capture_output=True, text=True, timeout=60, preexec_fn=_bounded(1 << 30))
    proc = run()
    assert (proc.returncode, proc.stderr) == (1, "")
    assert proc.stdout.splitlines() == [
        f"{draft}:1:1: NUM104 [error] 序号“第一{'〇' * digits}章”表示 {10 ** digits}，超出了实际可能的编号（至多 999），多为误输入"]
    proc = run("--unsafe-fixes", "--diff")  # no renumbering of a number that is in no list
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "")


def test_config_override_sets_the_scope_of_a_level(tmp_path):
    script = shutil.which("planlint", path=os.path.dirname(sys.executable)) or shutil.which("planlint")
    if script is None:
        pytest.skip("the planlint console script is not installed")
    text, _ = fixture("runon_fullwidth.txt")
    (tmp_path / "意见.txt").write_text(text, encoding="utf-8")
    run = lambda: subprocess.run([script, "check", "--format", "concise", "--select", "NUM", "意见.txt"],
                                 cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert run().stdout == ""
    (tmp_path / "planlint.yaml").write_text(
        "overrides:\n  - files: ['*意见*']\n    params:\n      NUM101: {scopes: {l2: restart}}\n", encoding="utf-8")
    proc = run()
    assert proc.returncode == 1
    assert [line.split(": ")[0] for line in proc.stdout.splitlines()] == [
        "意见.txt:7:1", "意见.txt:10:1", "意见.txt:14:1"]


def test_bad_scope_in_a_config_override_is_an_error_naming_the_key(tmp_path):
    script = shutil.which("planlint", path=os.path.dirname(sys.executable)) or shutil.which("planlint")
    if script is None:
        pytest.skip("the planlint console script is not installed")
    (tmp_path / "a.txt").write_text("一、甲\n", encoding="utf-8")
    (tmp_path / "planlint.yaml").write_text("params:\n  NUM101: {scopes: {l2: sometimes}}\n", encoding="utf-8")
    proc = subprocess.run([script, "check", "a.txt"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "planlint.yaml" in proc.stderr and "params.NUM101.scopes.l2" in proc.stderr, proc.stderr


def test_one_parent_that_slips_back_to_1_is_one_finding():
    # tasks run on across （一）…（四）; （三） starts again at 1. and （四） resumes at 5.
    text = "一、任务\n（一）甲\n1.子\n2.子\n（二）乙\n3.子\n4.子\n（三）丙\n1.子\n2.子\n（四）丁\n5.子\n6.子\n"
    found = lint(text, "NUM")
    assert codes(found) == [("NUM105", 9, 1)]
    assert found[0].message == ("“一、（三）”下编号从“1.”重新开始（前面已到“4.”）："
                                "本文“1.”一级跨上级标题连续编号，应接续编号为“5.”")


def run_on_items(text: str, suffix: str, kind: str):
    """The items of one run-on level in document order, as (heading, next item)."""
    doc = parser.build(Text(path="d" + suffix, content=text, encoding="utf-8"), suffix.strip("."))
    items = [h for h in doc.headings if h.kind == kind]
    return list(zip(items, items[1:]))


RUN_ON = [("runon_fullwidth.txt", "l2"), ("tasks_runon.md", "l3")]


@pytest.mark.parametrize("width", ["full", "half"])
@pytest.mark.parametrize("name,kind", RUN_ON)
def test_deleting_any_item_of_a_run_on_level_is_found_at_the_next_item(name, kind, width):
    text, _ = fixture(name)
    text = halfwidth(text) if width == "half" else text
    suffix = "." + name.rsplit(".", 1)[1]
    pairs = run_on_items(text, suffix, kind)
    assert len(pairs) >= 6
    for h, nxt in pairs:
        if "135" in nxt.title:
            continue  # a decimal-looking marker is an item only where the list expects it
        mutated = delete_line(text, h.line)
        found = lint(mutated, ["NUM101"], path="d" + suffix)
        # the .md fixture separates paragraphs by a blank line: the deleted line leaves it behind
        assert ("NUM101", nxt.line - 1) in [(f.code, f.line) for f in found], (name, h.line, h.label())


@pytest.mark.parametrize("name,kind", RUN_ON)
def test_renumbering_any_item_of_a_run_on_level_as_its_predecessor_is_found(name, kind):
    text, _ = fixture(name)
    suffix = "." + name.rsplit(".", 1)[1]
    for prev, h in run_on_items(text, suffix, kind):
        if "135" in h.title:
            continue  # 6.135… after 6. is not an item: the list expects 7
        found = lint(renumber(text, h, prev.number), ["NUM102", "NUM105"], path="d" + suffix)
        assert ("NUM102", h.line) in {(f.code, f.line) for f in found}, (name, h.line)


def test_a_lost_first_heading_above_a_run_on_level_is_not_an_inversion_at_every_parent():
    text, path = fixture("runon_fullwidth.txt")
    found = lint(delete_line(text, 2), "NUM", path=path)  # 一、 deleted: （一）…（三） stand alone
    assert codes(found) == [("NUM101", 5, 1), ("NUM107", 5, 1)]
    assert found[0].message == "全文缺少“一、”"


REAL = CORPUS.parent / "corpus-real"


def real_documents():
    return sorted(REAL.glob("*.txt")) if REAL.is_dir() else []


@pytest.mark.parametrize("path", real_documents(), ids=lambda p: p.stem[:12])
def test_real_documents_of_other_styles_follow_their_own_numbering(path):
    # 中央文件 （一）…（三十三） across 一、; 行动计划 and 实施意见 tasks across （一）; boxes restarting
    assert lint(path.read_text(encoding="utf-8"), ["NUM", "TOC"], path=path.name) == []


@pytest.mark.parametrize("path", real_documents(), ids=lambda p: p.stem[:12])
def test_deleting_items_of_real_documents_is_found_at_the_next_item(path):
    from planlint.document.numbering_scopes import scope_modes, sequences

    text = path.read_text(encoding="utf-8")
    doc = parser.build(Text(path=path.name, content=text, encoding="utf-8"))
    pairs = [(a, b) for s in sequences(doc, scope_modes({})) for a, b in zip(s.items, s.items[1:])
             if b.number == a.number + 1]
    assert pairs
    for h, nxt in pairs[:: max(1, len(pairs) // 15)]:
        found = lint(delete_line(text, h.line), ["NUM101"], path=path.name)
        assert ("NUM101", nxt.line - 1) in [(f.code, f.line) for f in found], (h.line, h.label())
