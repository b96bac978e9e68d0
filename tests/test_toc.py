import pytest

from conftest import FIXTURES, codes, corpus_file, lint

DRAFT = """示范区发展规划
目录
第一章 发展基础
第一节 主要成就
第二节 发展环境
第二章 主要任务
第一节 产业发展
第一章 发展基础
第一节 主要成就
正文。
第二节 发展环境
正文。
第二章 主要任务
第一节 产业发展
正文。
"""


def test_consistent_toc_is_silent():
    assert lint(DRAFT, "TOC") == []


def test_entry_missing_from_body():
    draft = DRAFT.replace("第二节 发展环境\n正文。\n", "")
    found = lint(draft, "TOC")
    assert codes(found) == [("TOC101", 5, 1)]
    assert found[0].message == "目录中的“第一章第二节 发展环境”在正文中找不到对应标题"


def test_body_heading_missing_from_toc():
    draft = DRAFT.replace("第二节 发展环境\n第二章", "第二章")
    found = lint(draft, "TOC")
    assert codes(found) == [("TOC103", 10, 1)]
    assert found[0].message == "正文标题“第一章第二节 发展环境”没有列入目录"


def test_title_mismatch_ignores_width_and_spaces():
    assert lint(DRAFT.replace("第一章 发展基础\n第一节 主要成就\n正文", "第一章　发展 基础\n第一节 主要成就\n正文"), "TOC") == []
    found = lint(DRAFT.replace("第二章 主要任务\n第一节 产业发展\n正文", "第二章 重点任务\n第一节 产业发展\n正文"), "TOC")
    assert codes(found) == [("TOC102", 6, 1)]
    assert found[0].message == "目录中“第二章”的标题为“主要任务”，正文为“重点任务”"
    assert found[0].related[0].line == 13


def test_order_mismatch():
    draft = DRAFT.replace("第一节 主要成就\n第二节 发展环境\n第二章", "第二节 发展环境\n第一节 主要成就\n第二章")
    assert codes(lint(draft, "TOC")) == [("TOC104", 5, 1)]


def test_no_toc_no_findings():
    assert lint("第一章 甲\n第二章 乙\n", "TOC") == []


def test_markdown_toc(tmp_path):
    md = (FIXTURES / "clean" / "num_clean_plan.md").read_text(encoding="utf-8")
    assert lint(md, "TOC", path="p.md") == []
    broken = md.replace("## 第三章 保障措施", "## 第三章 保障机制")
    found = lint(broken, "TOC", path="p.md")
    assert codes(found) == [("TOC102", 7, 4)]  # "- [" precedes the marker


def test_corpus_001_toc_lists_a_missing_section():
    path = corpus_file("001")
    found = lint(path.read_text(encoding="utf-8"), "TOC", path=path.name)
    assert [(f.code, f.line, f.message) for f in found] == [
        ("TOC101", 57, "目录中的“第九章第二节 形成规划实施合力”在正文中找不到对应标题")]


@pytest.mark.parametrize("prefix", ["000", "002", "003", "004"])
def test_corpus_without_toc_is_silent(prefix):
    path = corpus_file(prefix)
    assert lint(path.read_text(encoding="utf-8"), "TOC", path=path.name) == []


def test_deleting_any_body_heading_listed_in_toc_is_found():
    text = (FIXTURES / "clean" / "num_clean_gangyao.txt").read_text(encoding="utf-8")
    lines = text.split("\n")
    toc_lines = range(5, 23)
    body_heads = [i for i, line in enumerate(lines, 1) if i > 23 and line[:1] == "第" and line[2:3] in "篇章节"]
    assert len(body_heads) == 18
    for line_no in body_heads:
        mutated = "\n".join(lines[: line_no - 1] + lines[line_no:])
        found = lint(mutated, "TOC101")
        assert [f.line for f in found] and all(f.line in toc_lines for f in found), line_no
