"""The outline: every heading form, both widths, run-in headings, Markdown, the 目录, non-headings."""
import pytest

from planlint.document import parser as outline
from planlint.document.model import Text


def build(content: str, path: str = "d.txt"):
    return outline.build(Text(path=path, content=content, encoding="utf-8"), outline.format_of(path))


def one(line: str, path: str = "d.txt"):
    doc = build(line + "\n", path)
    assert len(doc.headings) == 1, [h.label() for h in doc.headings]
    return doc.headings[0]


@pytest.mark.parametrize("line,kind,number,title", [
    ("第一篇 发展基础", "pian", 1, "发展基础"),
    ("第三章　主要目标", "zhang", 3, "主要目标"),
    ("第十一章 深化改革", "zhang", 11, "深化改革"),
    ("第二十章 附则", "zhang", 20, "附则"),
    ("第一百零三章 远景", "zhang", 103, "远景"),
    ("第 三 章 主要目标", "zhang", 3, "主要目标"),
    ("第三节推进教育事业", "jie", 3, "推进教育事业"),
    ("第12章 附则", "zhang", 12, "附则"),
    ("一、总体要求", "l1", 1, "总体要求"),
    ("十二、加强领导", "l1", 12, "加强领导"),
    ("（一）指导思想", "l2", 1, "指导思想"),
    ("(二)基本原则", "l2", 2, "基本原则"),
    ("1.强化创新", "l3", 1, "强化创新"),
    ("2．扩大开放", "l3", 2, "扩大开放"),
    ("3、改善民生", "l3", 3, "改善民生"),
    ("１２.全角数字", "l3", 12, "全角数字"),
    ("（1）加强监测", "l4", 1, "加强监测"),
    ("(4)加强监测", "l4", 4, "加强监测"),
    ("①商贸服务", "l5", 1, "商贸服务"),
    ("专栏3 重点工程", "box", 3, "重点工程"),
    ("专栏 12 重点工程", "box", 12, "重点工程"),
    ("专栏一 主要指标", "box", 1, "主要指标"),
    ("表1 主要指标", "table", 1, "主要指标"),
    ("图 2 : 空间布局示意图", "figure", 2, "空间布局示意图"),
    ("图3-1 区位图", "figure", 1, "区位图"),
])
def test_heading_forms(line, kind, number, title):
    h = one(line)
    assert (h.kind, h.number, h.title) == (kind, number, title)


def test_forms_distinguish_widths():
    assert one("（一）甲").form == "（一）"
    assert one("(一)甲").form == "(一)"
    assert one("1.甲").form == "1."
    assert one("1．甲").form == "1．"
    assert one("1、甲").form == "1、"
    assert one("第3章 甲").numeral == "arabic"


@pytest.mark.parametrize("line", [
    "2025 年，全市地区生产总值达到3000亿元。",
    "2025年全市地区生产总值达到3000亿元。",
    "1.5万人参加了培训。",
    "3+5+2 产业体系加快形成。",
    "(2022年更新)",
    "（2021—2025年）",
    "二〇二一年十二月",
    "二、三产业比重持续提高。",
    "第一，坚持党的领导。",
    "十四五时期是关键时期。",
    "表示要加快发展。",
    "图书馆建设加快推进。",
    "专栏作家",
    "表1显示，全市主要指标均已完成，部分指标超额完成，为下一阶段发展奠定了基础。",
    "| 1 | 地区生产总值 | 亿元 |",
    "1\t地区生产总值\t亿元\t3000",
    "",
    "　　",
])
def test_not_headings(line):
    assert build(line + "\n").headings == []


def test_run_in_heading_splits_title_and_body():
    doc = build("（一）推动整车企业做大做强。加强企业合作，提升配套能力。\n")
    h = doc.headings[0]
    assert h.run_in and h.title == "推动整车企业做大做强"
    body = [b for b in doc.blocks if b.kind == "body"]
    assert len(body) == 1
    assert doc.text.content[body[0].span.start:body[0].span.end] == "加强企业合作，提升配套能力。"
    assert body[0].heading is h


def test_own_line_heading_with_full_stop_is_not_run_in():
    h = one("（一）约束性指标。")
    assert not h.run_in and h.title == "约束性指标"


def test_positions_point_into_the_original_line():
    doc = build("前言\n　　（二）提升能力。正文\n")
    h = doc.headings[0]
    assert doc.text.pos(h.marker_span.start) == type(doc.text.pos(0))(2, 3)
    assert doc.text.content[h.marker_span.start:h.marker_span.end] == "（二）"
    assert doc.text.content[h.title_span.start:h.title_span.end] == "提升能力"


@pytest.mark.parametrize("line,kind,title", [
    ("## 第一章 总则", "zhang", "总则"),
    ("### **一、总体要求**", "l1", "总体要求"),
    ("**（一）指导思想**", "l2", "指导思想"),
    ("- （二）基本原则", "l2", "基本原则"),
    ("1. 强化创新", "l3", "强化创新"),
    ("> 专栏1 重点工程", "box", "重点工程"),
    ("#### 第二节 发展目标 ####", "jie", "发展目标"),
    ("**一、综合实力跃上新台阶。**全区经济总量稳步增长。", "l1", "综合实力跃上新台阶"),
])
def test_markdown_syntax_is_not_text(line, kind, title):
    h = one(line, "d.md")
    assert (h.kind, h.title) == (kind, title)


def test_markdown_code_fences_and_comments_are_skipped():
    doc = build("```\n一、不是标题\n```\n<!-- 二、注释 -->\n一、标题\n", "d.md")
    assert [(h.label(), h.line) for h in doc.headings] == [("一、", 5)]


def test_nesting_follows_the_document_and_may_skip_levels():
    doc = build("第一章 总则\n1.甲\n2.乙\n第二章 任务\n一、丙\n（一）丁\n1.戊\n")
    ch1, a, b, ch2, c, d, e = doc.headings
    assert a.parent is ch1 and b.parent is ch1
    assert c.parent is ch2 and d.parent is c and e.parent is d
    assert e.path() == "第二章/一、/（一）/1."


def test_boxes_hold_their_items_and_close_at_the_next_section():
    doc = build("第一节 甲\n一、乙\n专栏1 工程\n1.项目一\n2.项目二\n二、丙\n第二节 丁\n")
    jie1, yi, box, p1, p2, er, jie2 = doc.headings
    assert p1.parent is box and p2.parent is box
    assert er.parent is jie1 and jie2.parent is None


def test_inversion_is_detected_and_list_kept_whole():
    doc = build("第一章 总则\n1.甲\n2.乙\n一、丙\n3.丁\n")
    ch, a, b, inv, c = doc.headings
    assert doc.inversions == [(inv, b)]
    assert c.parent is ch


TOC_DRAFT = """规划
目  录
第一章 总则 ........ 1
第一节 目标\t3
第二章 任务
序言
第一章 总则
第一节 目标
第二章 任务
"""


def test_toc_block_is_recognised_and_not_body():
    doc = build(TOC_DRAFT)
    assert [(e.label(), e.title, e.line) for e in doc.toc] == [
        ("第一章", "总则", 3), ("第一节", "目标", 4), ("第二章", "任务", 5)]
    assert [h.line for h in doc.headings] == [7, 8, 9]
    assert all(e.in_toc for e in doc.toc)


def test_toc_ends_when_the_body_starts_again():
    doc = build("目录\n第一章 总则\n第二章 任务\n第一章 总则\n正文。\n第二章 任务\n")
    assert [e.line for e in doc.toc] == [2, 3]
    assert [h.line for h in doc.headings] == [4, 6]


def test_markdown_toc_with_links():
    doc = build("## 目录\n\n- [第一章 总则](#a)\n- [第二章 任务](#b)\n\n## 第一章 总则\n", "d.md")
    assert [(e.label(), e.title) for e in doc.toc] == [("第一章", "总则"), ("第二章", "任务")]
    assert [h.line for h in doc.headings] == [6]


def test_table_rows_are_blocks_not_headings():
    doc = build("表1 主要指标\n序号\t指标\t单位\n1\t地区生产总值\t亿元\n| 2 | 人口 | 万人 |\n")
    assert [b.kind for b in doc.blocks] == ["table", "table", "table"]
    assert [h.kind for h in doc.headings] == ["table"]


def test_annexes_start_a_new_outline_and_parts_may_be_called_bufen():
    doc = build("一、总体要求\n二、主要任务\n附件1\n重点任务分工表\n一、产业\n二、民生\n附件2：指标\n一、甲\n"
                "附件材料要按时报送。\n第一部分 总体要求\n")
    labels = [(h.line, h.label(), h.parent.label() if h.parent else None) for h in doc.headings]
    assert labels == [(1, "一、", None), (2, "二、", None), (3, "附件1", None), (5, "一、", "附件1"),
                      (6, "二、", "附件1"), (7, "附件2", None), (8, "一、", "附件2"), (10, "第一部分", "附件2")]


# --- the pre-filter before the grammar ------------------------------------------------------------

_MARKER_ALPHABET = "附件第篇部分章节专栏表图一二三十百两〇0123456789０９（()）、.．-－— \u3000①：甲乙"


def _lark_accepts(s: str) -> bool:
    from lark.exceptions import LarkError

    try:
        outline.parser().parse(s)
        return True
    except LarkError:
        return False


@pytest.mark.parametrize("seed", range(4))
def test_prefilter_never_rejects_a_line_the_grammar_accepts(seed):
    import random

    rng = random.Random(seed)
    accepted = 0
    for _ in range(3000):
        s = "".join(rng.choice(_MARKER_ALPHABET) for _ in range(rng.randrange(1, 9)))
        if s[0] in outline._FIRST_CHARS and _lark_accepts(s):
            accepted += 1
            assert outline._CANDIDATE.match(s), s
    assert accepted > 50


@pytest.mark.parametrize("seed", range(4))
def test_fast_path_decides_exactly_as_the_grammar(seed):
    import random

    rng = random.Random(seed)
    decided = 0
    for _ in range(5000):
        s = "".join(rng.choice(_MARKER_ALPHABET + "\u2003\n\t") for _ in range(rng.randrange(1, 9)))
        fast = outline._fast_parse(s)
        if fast is not None:
            decided += 1
            assert fast == outline._lark_parse(s), s
            assert outline._CANDIDATE.match(s), s  # parse_marker asks the prefilter only after
    assert decided > 20


@pytest.mark.parametrize("seed", range(2))
def test_a_line_is_tried_on_every_fast_pattern_it_can_match(seed):
    """_fast_parse tries a line only on the patterns of its first character: the table of first
    characters leaves out no line a pattern matches."""
    import random
    import re

    rng = random.Random(seed)
    matched = set()
    for _ in range(5000):
        s = "".join(rng.choice(_MARKER_ALPHABET + "⑳（") for _ in range(rng.randrange(1, 9)))
        for kind, _, pattern in outline._FAST:
            if re.match(pattern, s):
                matched.add(kind)
                assert s[0] in outline._FAST_FIRST[kind], (kind, s)
    assert len(matched) >= 10


@pytest.mark.parametrize("line", ["一、总体要求", "（二）基本原则 ", "3．强化创新。推进改革", "（4）", "第十二章　深化改革",
                                  "第3节 保障", "第一部分 总论", "1、做好", "第一篇", "②加强", "专栏 12 重点工程",
                                  "表1 指标", "图 3 : 分布", "附件", "附件2 分工表", "附件：", "附件1234"])
def test_fast_path_on_common_headings(line):
    assert outline._fast_parse(line) == outline._lark_parse(line) is not None


@pytest.mark.parametrize("line", ["2025年全市生产总值达到1万亿元。", "一是加强组织领导。", "（注：单位为万元）",
                                  "十四五时期", "表明我市经济持续向好。", "第1季度增长"])
def test_prefilter_decides_body_lines_without_the_grammar(line):
    assert outline._CANDIDATE.match(line) is None and outline.parse_marker(line) is None


def test_a_draft_without_headings_never_imports_lark():
    import subprocess
    import sys

    code = ("import sys; from planlint.document import parser as outline\nfrom planlint.document.model import Text\n"
            "doc = outline.build(Text('d.txt', '2025年目标如期实现。\\n一是加强领导。\\n', 'utf-8'))\n"
            "assert not doc.headings and 'lark' not in sys.modules\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


# --- the grammar names its trees with the model's kinds --------------------------------------------

@pytest.mark.parametrize("line, kind", [("附件3 表", "annex"), ("第 二 篇 发展", "pian"), ("第 三 部分", "pian"),
                                        ("第 十 章 目标", "zhang"), ("第 2 节 原则", "jie"), ("三 、总体要求", "l1"),
                                        ("（ 二 ）原则", "l2"), ("4 ．创新", "l3"), ("（ 5 ）加强", "l4"),
                                        ("⑥ 推进", "l5"), ("专栏 七 工程", "box"), ("表 1-2 指标", "table"),
                                        ("图 2 分布", "figure")])
def test_the_grammar_trees_carry_the_model_kinds(line, kind):
    from planlint.document.model import CAPTIONS, HIERARCHY

    tree = outline.parser().parse(line)
    assert tree.children[0].data == kind and kind in HIERARCHY + CAPTIONS
    assert outline.parse_marker(line).kind == kind


def test_a_grammar_cache_of_another_grammar_is_never_read(tmp_path):
    # An earlier planlint's grammar named its trees chapter/level1; its compiled cache must not be
    # taken for the current grammar's, whatever file name it was left under.
    import os
    import re
    import subprocess
    import sys

    from lark import Lark

    from planlint.resources import data_dir

    grammar = (data_dir("grammar") / "plan.lark").read_text(encoding="utf-8")
    older = re.sub(r"\s+-> \w+", "", grammar)
    assert older != grammar
    assert outline.grammar_cache_file(tmp_path, older) != outline.grammar_cache_file(tmp_path, grammar)
    stale = outline.grammar_cache_file(tmp_path, older)
    Lark(older, parser="lalr", propagate_positions=True, maybe_placeholders=False, cache=str(stale))
    assert stale.exists()
    code = ("from planlint.document import parser as outline\n"
            "print(outline.parse_marker('第 三 章 主要目标').kind)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "PLANLINT_CACHE_DIR": str(tmp_path)})
    assert done.stdout == "zhang\n" and done.stderr == ""
    assert not stale.exists() and outline.grammar_cache_file(tmp_path).exists()
