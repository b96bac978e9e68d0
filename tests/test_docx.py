"""Word drafts: reading, automatic numbering, tracked changes, positions, fixes, and never a false
green. Every document is built here with python-docx (plus the XML it has no API for)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile

import pytest

sys.path.insert(0, os.path.dirname(__file__))
from docx_builder import DocBuilder  # noqa: E402

from planlint.document.wordfile import read_docx  # noqa: E402
from planlint.document.wordfile.autonumbers import format_number  # noqa: E402

PLANLINT = [sys.executable, "-m", "planlint"]


def run(*args, cwd=None):
    return subprocess.run([*PLANLINT, *args], capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, "NO_COLOR": "1"})


def check_json(path, *extra):
    result = run("check", "--format", "json", *extra, str(path))
    assert "Traceback" not in result.stderr
    return result, json.loads(result.stdout)


def codes_at(doc):
    return [(f["code"], f["line"]) for f in doc["findings"]]


# -- numbering ---------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt,values", [
    ("chineseCounting", ["一", "十", "十一", "二十"]),
    ("chineseCountingThousand", ["一", "十", "十一", "二十"]),
    ("ideographTraditional", ["甲", "癸", "甲", "癸"]),
    ("decimal", ["1", "10", "11", "20"]),
    ("decimalFullWidth", ["１", "１０", "１１", "２０"]),
    ("decimalEnclosedCircle", ["①", "⑩", "⑪", "⑳"]),
])
def test_format_number(fmt, values):
    assert [format_number(n, fmt) for n in (1, 10, 11, 20)] == values


def outline_doc(tmp_path, fmt_zhang="chineseCounting", fmt_l1="chineseCountingThousand", fmt_l3="decimal"):
    b = DocBuilder()
    chapters = b.add_num(b.add_list([(fmt_zhang, "第%1章", 1), ("chineseCounting", "第%2节", 1)]))
    items = b.add_list([(fmt_l1, "%1、", 1), ("chineseCounting", "（%2）", 1), (fmt_l3, "%3.", 1)])
    b.para("总体要求", chapters, 0)
    b.para("发展基础", chapters, 1)
    b.para("基础条件较好。")
    b.para("面临形势", chapters, 1)
    b.para("重点任务", chapters, 0)
    b.para("创新驱动", chapters, 1)
    first = b.add_num(items)
    b.para("强化创新", first, 0)
    b.para("建设平台", first, 1)
    b.para("建设实验室", first, 2)
    b.para("建设中心", first, 2)
    b.para("培育主体", first, 1)
    b.para("扩大开放", first, 0)
    return b, chapters, items


def test_auto_numbers_read_as_displayed(tmp_path):
    b, _, _ = outline_doc(tmp_path)
    path = b.save(tmp_path / "a.docx")
    lines = read_docx(path).text.content.splitlines()
    assert lines == ["第一章总体要求", "第一节发展基础", "基础条件较好。", "第二节面临形势", "第二章重点任务",
                     "第一节创新驱动", "一、强化创新", "（一）建设平台", "1.建设实验室", "2.建设中心",
                     "（二）培育主体", "二、扩大开放"]
    result, doc = check_json(path, "--select", "NUM")
    assert doc["findings"] == [] and result.returncode == 0


def test_every_chinese_format_reads_clean(tmp_path):
    b, _, _ = outline_doc(tmp_path, "chineseCountingThousand", "chineseCounting", "decimalFullWidth")
    path = b.save(tmp_path / "a.docx")
    lines = read_docx(path).text.content.splitlines()
    assert lines[8:10] == ["１.建设实验室", "２.建设中心"]
    assert check_json(path, "--select", "NUM")[1]["findings"] == []


def test_circled_and_traditional_levels(tmp_path):
    b = DocBuilder()
    num = b.add_num(b.add_list([("ideographTraditional", "%1、", 1), ("decimalEnclosedCircle", "%2", 1)]))
    for text, lvl in (("甲项", 0), ("子项", 1), ("子项", 1), ("乙项", 0), ("子项", 1)):
        b.para(text, num, lvl)
    lines = read_docx(b.save(tmp_path / "a.docx")).text.content.splitlines()
    assert lines == ["甲、甲项", "①子项", "②子项", "乙、乙项", "①子项"]


def test_start_restart_and_override(tmp_path):
    b = DocBuilder()
    abstract = b.add_list([("decimal", "%1.", 3), ("decimal", "(%2)", 1)], restarts={1: 0})
    first, second = b.add_num(abstract), b.add_num(abstract, overrides={0: 1})
    b.para("甲", first, 0)          # starts at 3
    b.para("子", first, 1)
    b.para("乙", first, 0)
    b.para("丑", first, 1)          # lvlRestart 0: level 2 never restarts
    b.para("说明文字。")
    b.para("丙", first, 0)          # the list continues across other paragraphs
    b.para("丁", second, 0)         # a new w:num with startOverride restarts at 1
    b.para("戊", second, 0)
    third = b.add_num(abstract)     # same abstract, no override: continues
    b.para("己", third, 0)
    lines = read_docx(b.save(tmp_path / "a.docx")).text.content.splitlines()
    assert lines == ["3.甲", "(1)子", "4.乙", "(2)丑", "说明文字。", "5.丙", "1.丁", "2.戊", "3.己"]


def test_style_linked_numbering(tmp_path):
    b = DocBuilder()
    num = b.add_num(b.add_list([("chineseCounting", "第%1章", 1)]))
    style = b.numbered_style("章标题", num)
    b.para("总则", style=style)
    b.para("目标", style=style)
    lines = read_docx(b.save(tmp_path / "a.docx")).text.content.splitlines()
    assert lines == ["第一章总则", "第二章目标"]


def test_planted_restart_in_an_automatic_list(tmp_path):
    b = DocBuilder()
    chapters = b.add_num(b.add_list([("chineseCounting", "第%1章", 1)]))
    items = b.add_list([("decimal", "%1.", 1)])
    b.para("总则", chapters)
    first = b.add_num(items)
    b.para("甲", first)
    b.para("乙", first)
    b.para("丙", b.add_num(items, overrides={0: 1}))    # restarted by mistake: shows 1. again
    b.para("目标", chapters)
    b.para("丁", b.add_num(items, overrides={0: 1}))    # a restart under a new chapter is right
    path = b.save(tmp_path / "a.docx")
    assert read_docx(path).text.content.splitlines() == ["第一章总则", "1.甲", "2.乙", "1.丙", "第二章目标", "1.丁"]
    result, doc = check_json(path, "--select", "NUM")
    assert [(c, line) for c, line in codes_at(doc)] == [("NUM105", 4)]


def test_list_defined_through_a_list_style(tmp_path):
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    b = DocBuilder()
    real = b.add_num(b.add_list([("chineseCounting", "%1、", 1)]))
    style = b.doc.styles.add_style("规划列表", 4)   # a numbering style naming the real list
    style.element.append(parse_xml(f'<w:pPr {nsdecls("w")}><w:numPr><w:numId w:val="{real}"/></w:numPr></w:pPr>'))
    linked = b.add_list([])
    b.numbering.find(f"{{{b.numbering.nsmap['w']}}}abstractNum[@{{{b.numbering.nsmap['w']}}}abstractNumId='{linked}']") \
        .append(parse_xml(f'<w:numStyleLink {nsdecls("w")} w:val="{style.style_id}"/>'))
    num = b.add_num(linked)
    b.para("总体要求", real)
    b.para("主要目标", num)        # the same list, through the style: continues
    lines = read_docx(b.save(tmp_path / "a.docx")).text.content.splitlines()
    assert lines == ["一、总体要求", "二、主要目标"]


def test_hand_typed_number_among_automatic_ones(tmp_path):
    b = DocBuilder()
    num = b.add_num(b.add_list([("chineseCounting", "%1、", 1)]))
    b.para("总体要求", num)
    b.para("主要目标", num)
    b.para("三、重点任务")                  # typed: after an edit Word shows 三、 twice
    b.para("保障措施", num)
    path = b.save(tmp_path / "a.docx")
    assert read_docx(path).text.content.splitlines()[2:] == ["三、重点任务", "三、保障措施"]
    result, doc = check_json(path, "--select", "NUM")
    assert codes_at(doc) == [("NUM120", 3), ("NUM102", 4)]
    f = doc["findings"][0]
    assert f["location"]["label"] == "第3段" and f["location"]["paragraph"] == 3
    assert (f["column"], f["end_column"]) == (1, 3)


def test_all_typed_or_all_automatic_is_quiet(tmp_path):
    b = DocBuilder()
    for t in ("一、总体要求", "二、主要目标", "三、重点任务"):
        b.para(t)
    assert check_json(b.save(tmp_path / "a.docx"), "--select", "NUM")[1]["findings"] == []


def test_clean_word_draft_gives_nothing(tmp_path):
    """Every feature at once, written correctly: no rule has anything to say."""
    b = DocBuilder()
    chapters = b.add_num(b.add_list([("chineseCounting", "第%1章", 1), ("chineseCounting", "第%2节", 1)]))
    items = b.add_num(b.add_list([("chineseCountingThousand", "%1、", 1), ("chineseCounting", "（%2）", 1),
                                  ("decimal", "%3.", 1), ("decimalEnclosedCircle", "%4", 1)]))
    b.para("某市国民经济和社会发展第十四个五年规划纲要")
    b.para("发展基础", chapters, 0)
    b.para("“十三五”时期，全市经济总量稳步提升，地区生产总值达到537.5亿元，年均增长6.5%。")
    b.para("发展目标", chapters, 0)
    b.para("主要指标", chapters, 1)
    b.para("到2025年，常住人口城镇化率达到65%。")
    b.para("表1 主要指标")
    b.table([["指标", "单位", "2020年", "2025年", "属性"], ["常住人口城镇化率", "%", "60", "65", "预期性"]])
    b.para("重点任务", chapters, 1)
    b.para("推进产业升级", items, 0)
    b.para("发展先进制造业", items, 1)
    b.para("建设产业园区。", items, 2)
    b.para("培育龙头企业。", items, 2)
    b.para("一期工程", items, 3)
    b.para("二期工程", items, 3)
    b.para("发展现代服务业", items, 1)
    b.box_table(["专栏1 重点工程", "1.智能制造工程", "2.绿色制造工程"])
    b.para("扩大对外开放", items, 0)
    b.para("保障措施", chapters, 0)
    b.text_box("加强组织保障。", ["专栏2 重大项目", "1.产业园区项目", "2.交通项目"])
    b.deleted_para("四、删去的段落")
    b.footnote(b.para("完善考核评估。"), "数据来源：市统计局。")
    result, doc = check_json(b.save(tmp_path / "a.docx"))
    assert doc["findings"] == [] and result.returncode == 0, doc["findings"]


# -- tracked changes ---------------------------------------------------------------------------

def revised_doc(tmp_path):
    b = DocBuilder()
    num = b.add_num(b.add_list([("chineseCounting", "%1、", 1)]))
    b.para("总体要求", num)
    b.deleted_para("删去的标题", num)       # a deleted heading: gone with its number
    b.para("主要目标", num)
    b.revised_para("到2025年，", "全县", "全市", "生产总值达到500亿元。")
    return b.save(tmp_path / "a.docx")


def test_tracked_changes_accepted_by_default(tmp_path):
    path = revised_doc(tmp_path)
    text = read_docx(path).text.content
    assert text.splitlines() == ["一、总体要求", "", "二、主要目标", "到2025年，全市生产总值达到500亿元。"]
    assert "删去" not in text and "全县" not in text
    assert check_json(path, "--select", "NUM")[1]["findings"] == []


def test_tracked_changes_original(tmp_path):
    path = revised_doc(tmp_path)
    lines = read_docx(path, revisions="original").text.content.splitlines()
    assert lines == ["一、总体要求", "二、删去的标题", "三、主要目标", "到2025年，全县生产总值达到500亿元。"]
    result = run("check", "--revisions", "original", "--select", "NUM", str(path))
    assert result.returncode == 0 and "Traceback" not in result.stderr


def test_inserted_numbered_paragraph_counts_only_when_accepted(tmp_path):
    b = DocBuilder()
    num = b.add_num(b.add_list([("chineseCounting", "%1、", 1)]))
    b.para("总体要求", num)
    b.inserted_para("新增的标题", num)
    b.para("主要目标", num)
    path = b.save(tmp_path / "a.docx")
    assert read_docx(path).text.content.splitlines() == ["一、总体要求", "二、新增的标题", "三、主要目标"]
    assert read_docx(path, revisions="original").text.content.splitlines() == ["一、总体要求", "", "二、主要目标"]


def test_deleted_paragraph_mark_joins_the_paragraphs(tmp_path):
    b = DocBuilder()
    num = b.add_num(b.add_list([("chineseCounting", "%1、", 1)]))
    b.para("总体要求", num)
    b.delete_mark(b.para("推动产业", num))       # the drafter joined this item to the next line
    b.para("转型升级。")
    b.delete_mark(b.para("最后一段"))             # nothing after it to join: stands alone
    path = b.save(tmp_path / "a.docx")
    wf = read_docx(path)
    assert wf.text.content.splitlines() == ["一、总体要求", "推动产业转型升级。", "最后一段"]
    assert [p.number for p in wf.text.paras] == [1, 2, 4]
    assert read_docx(path, revisions="original").text.content.splitlines() == [
        "一、总体要求", "二、推动产业", "转型升级。", "最后一段"]


def test_hidden_text_is_not_read(tmp_path):
    b = DocBuilder()
    b.para("一、甲")
    p = b.para("二、乙")
    b.hidden_run(p, "三、隐藏文字")
    assert read_docx(b.save(tmp_path / "a.docx")).text.content.splitlines() == ["一、甲", "二、乙"]


def test_diff_shows_the_fix_without_writing(tmp_path):
    path = fixable(tmp_path, ["到2025年，粮食产量达到１２０万吨。"])
    data = open(path, "rb").read()
    result = run("check", "--diff", str(path))
    assert open(path, "rb").read() == data
    assert "-到2025年，粮食产量达到１２０万吨。" in result.stdout and "+到2025年，粮食产量达到120万吨。" in result.stdout


def test_deleted_text_never_produces_findings(tmp_path):
    b = DocBuilder()
    b.para("一、总体要求")
    b.deleted_para("三、删去的重复标题")
    b.para("二、主要目标")
    assert check_json(b.save(tmp_path / "a.docx"), "--select", "NUM")[1]["findings"] == []


# -- boxes, tables, positions ------------------------------------------------------------------

def test_box_as_text_box_and_as_one_cell_table(tmp_path):
    b = DocBuilder()
    b.para("第一章 总则")
    b.box_table(["专栏1 重点工程", "1.工程甲", "3.工程乙"])
    b.text_box("正文段落。", ["专栏2 重大项目", "1.项目甲", "1.项目乙"])
    path = b.save(tmp_path / "a.docx")
    lines = read_docx(path).text.content.splitlines()
    assert lines == ["第一章 总则", "专栏1 重点工程", "1.工程甲", "3.工程乙", "正文段落。",
                     "专栏2 重大项目", "1.项目甲", "1.项目乙"]   # the VML fallback is not read twice
    result, doc = check_json(path, "--select", "NUM101,NUM102")
    found = {(f["code"], f["location"]["label"], f["line"]) for f in doc["findings"]}
    assert ("NUM101", "表1 第1行第1列", 4) in found
    assert ("NUM102", "第5段的文本框", 5) in found
    assert len(doc["findings"]) == 2


def indicator_table(tmp_path, value="4.5"):
    b = DocBuilder()
    b.para("第一章 发展目标")
    b.para(f"到2025年，全市常住人口城镇化率达到{value}%。")
    b.para("表1 主要指标")
    b.table([["指标", "单位", "2020年", "2025年", "属性"],
             ["常住人口城镇化率", "%", "60", "65", "预期性"]])
    return b.save(tmp_path / "a.docx")


def test_indicator_table_feeds_table_checks(tmp_path):
    path = indicator_table(tmp_path)
    text = read_docx(path).text
    assert "常住人口城镇化率\t%\t60\t65\t预期性" in text.content.splitlines()
    result, doc = check_json(path, "--select", "TGT")
    tgt = [f for f in doc["findings"] if f["code"].startswith("TGT")]
    assert tgt, doc["findings"]
    assert any(f["location"].get("table") == 1 or f["location"]["paragraph"] == 2 for f in tgt)
    clean = indicator_table(tmp_path, "65")
    assert not [f for f in check_json(clean, "--select", "TGT")[1]["findings"]]


def test_paragraph_numbers_count_as_word_does(tmp_path):
    b = DocBuilder()
    b.para("第一章 总则")
    b.para("")                                   # blank paragraphs count
    b.table([["甲", "乙"], ["丙", "丁"]])           # each cell's paragraph counts
    b.para("一、甲")
    b.para("三、丙")
    result, doc = check_json(b.save(tmp_path / "a.docx"), "--select", "NUM101")
    f = doc["findings"][0]
    assert (f["line"], f["location"]["label"]) == (8, "第8段")
    text = run("check", "--select", "NUM101", str(tmp_path / "a.docx")).stdout
    assert "第8段:1" in text and "三、丙" in text


def test_messages_name_paragraphs_not_text_lines(tmp_path):
    sentence = "加快建设现代化产业体系，推动制造业高端化、智能化、绿色化发展。"
    b = DocBuilder()
    b.table([["甲", "乙"], ["丙", "丁"]])
    b.para(sentence)
    b.para("其他内容。")
    b.para(sentence)
    f = check_json(b.save(tmp_path / "a.docx"), "--select", "DUP101")[1]["findings"][0]
    assert f["line"] == 7 and f["related"][0]["line"] == 5
    assert "第5段" in f["message"] and "行" not in f["message"].split("：")[0]


def test_heading_path_in_location(tmp_path):
    b = DocBuilder()
    b.para("第一章 总则")
    b.para("一、甲")
    b.para("三、丙")
    f = check_json(b.save(tmp_path / "a.docx"), "--select", "NUM101")[1]["findings"][0]
    assert f["location"]["heading_path"] == f["heading_path"] and f["location"]["heading_path"].startswith("第一章")


def test_sarif_carries_location(tmp_path):
    b = DocBuilder()
    b.para("一、甲")
    b.para("三、丙")
    result = run("check", "--format", "sarif", "--select", "NUM101", str(b.save(tmp_path / "a.docx")))
    log = json.loads(result.stdout)
    import jsonschema

    from test_formats import SCHEMA
    jsonschema.Draft4Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(log)
    res = log["runs"][0]["results"][0]
    assert res["properties"]["location"]["label"] == "第2段"
    assert res["locations"][0]["physicalLocation"]["region"]["startLine"] == 2
    assert res["locations"][0]["logicalLocations"][0]["name"] == "第2段"


def test_footnotes_read_headers_and_comments_not(tmp_path):
    b = DocBuilder()
    b.doc.sections[0].header.paragraphs[0].text = "三、页眉里的文字"
    p = b.para("一、总体要求")
    b.para("二、主要目标")
    b.comment(p, "三、批注里的文字")
    b.footnote(p, "数据来源：统计公报，全市生产总值达到537.5 亿元。")
    path = b.save(tmp_path / "a.docx")
    text = read_docx(path).text.content
    assert "页眉" not in text and "批注" not in text
    assert text.splitlines()[-1] == "数据来源：统计公报，全市生产总值达到537.5 亿元。"
    result, doc = check_json(path, "--select", "UNT")
    notes = [f for f in doc["findings"] if f["location"]["part"] == "footnote"]
    assert notes and notes[0]["location"]["label"] == "第1段的脚注" and notes[0]["line"] == 1


def test_locate_maps_offsets_to_runs(tmp_path):
    b = DocBuilder()
    num = b.add_num(b.add_list([("chineseCounting", "%1、", 1)]))
    b.para("", num, runs=["总体", "要求"])
    wf = read_docx(b.save(tmp_path / "a.docx"))
    assert wf.text.content.startswith("一、总体要求")
    generated = wf.locate(0)
    assert generated.node is None and generated.para.number == 1      # the automatic number
    a = wf.locate(wf.text.content.index("要"))
    assert (a.node.text, a.offset) == ("要求", 0)
    assert a.run.tag.endswith("}r") and a.paragraph.tag.endswith("}p")


# -- suppressions, baseline, cross-file ----------------------------------------------------------

def test_comment_suppresses(tmp_path):
    b = DocBuilder()
    b.para("一、甲")
    p = b.para("三、丙")
    b.comment(p, "planlint: disable NUM101 -- 原文如此")
    b.para("五、戊")
    result, doc = check_json(b.save(tmp_path / "a.docx"), "--select", "NUM101,SUP")
    assert codes_at(doc) == [("NUM101", 3)]


def test_comment_in_a_table_covers_the_table_and_keeps_it_whole(tmp_path):
    b = DocBuilder()
    b.para("第一章 发展目标")
    b.para("到2025年，全市常住人口城镇化率达到4.5%。")
    b.para("表1 主要指标")
    t = b.table([["指标", "单位", "2020年", "2025年", "属性"],
                 ["常住人口城镇化率", "%", "60", "65", "预期性"]])
    b.comment(t.cell(1, 3).paragraphs[0], "planlint: disable TGT -- 口径不同")
    path = b.save(tmp_path / "a.docx")
    lines = read_docx(path).text.content.splitlines()
    header = lines.index("指标\t单位\t2020年\t2025年\t属性")
    assert lines[header + 1] == "常住人口城镇化率\t%\t60\t65\t预期性"     # the rows stay together
    assert lines[header - 1].startswith("<!-- planlint: disable TGT") and lines[header + 2].startswith("<!-- planlint: enable")
    result, doc = check_json(path, "--select", "TGT,SUP")
    assert [f for f in doc["findings"] if f["code"].startswith("TGT")] == []
    assert [f["code"] for f in doc["findings"]] == []       # the suppression was used


def test_unused_comment_suppression_is_reported_at_its_paragraph(tmp_path):
    b = DocBuilder()
    b.para("一、甲")
    p = b.para("二、乙")
    b.comment(p, "planlint: disable NUM101")
    result, doc = check_json(b.save(tmp_path / "a.docx"), "--select", "NUM101,SUP101")
    assert codes_at(doc) == [("SUP101", 2)]


def test_baseline_round_trip(tmp_path):
    b = DocBuilder()
    b.para("一、甲")
    b.para("三、丙")
    path = b.save(tmp_path / "a.docx")
    base = tmp_path / "base.json"
    assert run("check", "--select", "NUM", "--write-baseline", str(base), str(path)).returncode == 0
    result, doc = check_json(path, "--select", "NUM", "--baseline", str(base))
    assert doc["findings"] == [] and result.returncode == 0


def test_cross_file_between_docx_and_txt(tmp_path):
    sentence = "坚持把发展经济的着力点放在实体经济上，加快建设制造强市、质量强市和数字强市。"
    b = DocBuilder()
    b.para("一、总体要求")
    b.table([["甲", "乙"]] * 2)      # four cell paragraphs: the sentence is 第6段 (text line 4)
    b.para(sentence)
    b.save(tmp_path / "a.docx")
    (tmp_path / "b.txt").write_text(f"一、总体要求\n\n{sentence}\n", encoding="utf-8")
    result, doc = check_json(tmp_path, "--cross-file", "--select", "DUP105")
    assert [(os.path.basename(f["path"]), f["line"]) for f in doc["findings"]] == [("b.txt", 3)]
    assert [(os.path.basename(r["path"]), r["line"]) for r in doc["findings"][0]["related"]] == [("a.docx", 6)]
    assert "a.docx第6段" in doc["findings"][0]["message"]


def test_config_applies_to_docx(tmp_path):
    b = DocBuilder()
    b.para("一、甲")
    b.para("三、丙")
    (tmp_path / "drafts").mkdir()
    b.save(tmp_path / "drafts" / "纲要.docx")
    b.save(tmp_path / "drafts" / "old.docx")
    (tmp_path / "planlint.yaml").write_text("exclude: ['drafts/old.docx']\nper-file-ignores:\n  '*纲要*': [NUM101]\n",
                                            encoding="utf-8")
    result = run("check", "--format", "json", "--select", "NUM", "drafts", cwd=tmp_path)
    doc = json.loads(result.stdout)
    assert [f["path"] for f in doc["files"]] == [os.path.join("drafts", "纲要.docx")]
    assert doc["findings"] == [] and result.returncode == 0


# -- --fix ------------------------------------------------------------------------------------

def fixable(tmp_path, runs):
    b = DocBuilder()
    b.para("第一章 总则")
    b.para("", runs=runs)
    return b.save(tmp_path / "a.docx")


def safe_fix_codes(path):
    return [f["code"] for f in check_json(path)[1]["findings"]
            if f["fix"] and f["fix"]["applicability"] == "safe"]


def test_fix_inside_one_run(tmp_path):
    path = fixable(tmp_path, ["到2025年，粮食产量达到１２０万吨。"])
    before = zipfile.ZipFile(path)
    originals = {i.filename: before.read(i) for i in before.infolist()}
    assert safe_fix_codes(path)
    result = run("check", "--fix", str(path))
    assert "Traceback" not in result.stderr
    assert "120万吨" in read_docx(path).text.content
    assert safe_fix_codes(path) == []
    after = zipfile.ZipFile(path)
    for info in after.infolist():
        if info.filename != "word/document.xml":
            assert after.read(info) == originals[info.filename], info.filename
    assert sorted(originals) == sorted(i.filename for i in after.infolist())


def test_fix_across_runs_leaves_file_untouched(tmp_path):
    path = fixable(tmp_path, ["到2025年，粮食产量达到１", "２０万吨。"])
    data = open(path, "rb").read()
    assert safe_fix_codes(path)
    result = run("check", "--fix", str(path))
    assert open(path, "rb").read() == data
    assert "未修改文件" in result.stderr


# -- never a false green -----------------------------------------------------------------------

def broken_package(tmp_path, members):
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    path = tmp_path / "a.docx"
    path.write_bytes(buf.getvalue())
    return path


@pytest.mark.parametrize("members", [
    {"word/document.xml": "<w:document"},                                          # bad XML
    {"content.xml": "<office:document/>"},                                          # no document part
    {"word/document.xml": '<!DOCTYPE x [<!ENTITY e "一、">]><w:document xmlns:w='
                          '"http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
                          '<w:t>&e;</w:t></w:r></w:p></w:body></w:document>'},         # entities are not expanded
    {"word/document.xml": '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                          '<w:body><w:p>' + "<w:ins>" * 3000 + "</w:ins>" * 3000 + '</w:p></w:body></w:document>'},
])
def test_broken_docx_is_an_error_or_reads_safely(tmp_path, members):
    path = broken_package(tmp_path, members)
    result = run("check", str(path))
    assert "Traceback" not in result.stderr
    if result.returncode == 2:
        assert str(path) in result.stderr and ".docx" in result.stderr
    else:
        assert "一、" not in read_docx(str(path)).text.content


def test_docx_with_foreign_elements_lints(tmp_path):
    path = broken_package(tmp_path, {"word/document.xml": (
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        '<w:p><w:pPr><w:numPr><w:numId w:val="7"/><w:ilvl w:val="x"/></w:numPr></w:pPr><w:r><w:t>一、甲</w:t></w:r></w:p>'
        '<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="999999"/></w:tcPr><w:p/></w:tc><w:tc/></w:tr></w:tbl>'
        '<w:sdt><w:sdtContent><w:p><w:r><w:t>二、乙</w:t></w:r></w:p></w:sdtContent></w:sdt>'
        '<foo/></w:body></w:document>')})
    result, doc = check_json(path, "--select", "NUM")
    assert result.returncode == 0 and doc["findings"] == []
    assert read_docx(str(path)).text.content.splitlines()[-1] == "二、乙"


@pytest.mark.parametrize("name,data", [
    ("a.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100),
    ("a.wps", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100),
    ("a.pdf", b"%PDF-1.7\n"),
    ("a.odt", b"PK\x03\x04rest"),
    ("a.docx", b"PK\x03\x04broken"),
    ("a.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100),   # an encrypted .docx is an OLE file
    ("a.txt", b"%PDF-1.4\n\x00\x01"),
])
def test_unreadable_file_is_exit_2_with_advice(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    result = run("check", str(path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert str(path) in result.stderr
    assert any(w in result.stderr for w in (".docx", "Word", "soffice"))
    assert "未发现问题" not in result.stdout


def test_folder_of_unreadable_files(tmp_path):
    (tmp_path / "a.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    (tmp_path / "b.pdf").write_bytes(b"%PDF-1.7")
    (tmp_path / "c.txt").write_text("一、甲\n二、乙\n", encoding="utf-8")
    result = run("check", str(tmp_path))
    assert result.returncode == 2
    assert "已跳过 2 个无法读取的文件（.doc 1 个、.pdf 1 个）" in result.stderr
    assert "未发现问题" not in result.stdout


def test_empty_run_fails_unless_allowed(tmp_path):
    result = run("check", str(tmp_path))
    assert result.returncode == 2 and "没有检查任何文稿" in result.stderr
    assert run("check", "--allow-empty", str(tmp_path)).returncode == 0


def test_folder_of_docx_is_linted(tmp_path):
    b = DocBuilder()
    b.para("一、甲")
    b.para("三、丙")
    b.save(tmp_path / "a.docx")
    result, doc = check_json(tmp_path, "--select", "NUM101")
    assert result.returncode == 1 and codes_at(doc) == [("NUM101", 2)]


def test_docx_import_is_lazy_for_txt(tmp_path):
    (tmp_path / "a.txt").write_text("一、甲\n二、乙\n", encoding="utf-8")
    code = ("import sys; from planlint.cli import main; sys.argv=['planlint','check',%r]\n"
            "try: main()\nexcept SystemExit: pass\n"
            "print('LOADED' if 'docx' in sys.modules or 'lxml' in sys.modules else 'LAZY')") % str(tmp_path / "a.txt")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout
    assert out.strip().endswith("LAZY")


# -- any Word document lints without a crash ----------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from planlint.ruleset import loader as rules_mod  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

FORMATS = ["chineseCounting", "chineseCountingThousand", "ideographTraditional", "decimal",
           "decimalFullWidth", "decimalEnclosedCircle", "bullet", "none", "upperRoman"]
ALL_RULES = rules_mod.load(()).select(["ALL"])
ITEM = st.tuples(st.sampled_from(["plain", "numbered", "deleted", "inserted", "table", "box"]),
                 st.text(alphabet="一二三、（）1.第章节专栏表甲乙，。%万吨 ", max_size=12),
                 st.integers(0, 3), st.integers(0, 2))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(formats=st.lists(st.sampled_from(FORMATS), min_size=4, max_size=4),
       starts=st.lists(st.integers(0, 30), min_size=4, max_size=4),
       items=st.lists(ITEM, max_size=15), revisions=st.sampled_from(["accept", "original"]))
def test_any_word_document_lints(tmp_path, formats, starts, items, revisions):
    from planlint.workflow import engine

    b = DocBuilder()
    texts = ["第%1章", "%1、", "（%2）", "%3.%4"]
    abstract = b.add_list(list(zip(formats, texts, starts)), restarts={2: 0})
    nums = [b.add_num(abstract), b.add_num(abstract, overrides={0: 5})]
    for kind, text, ilvl, which in items:
        num = nums[which % 2]
        if kind == "numbered":
            b.para(text, num, ilvl)
        elif kind == "deleted":
            b.deleted_para(text or "删", num, ilvl)
        elif kind == "inserted":
            b.inserted_para(text or "增", num, ilvl)
        elif kind == "table":
            b.table([[text, "单位"], ["1", text]])
        elif kind == "box":
            b.text_box(text, [text, "1." + text])
        else:
            b.para(text)
    path = b.save(tmp_path / "fuzz.docx")
    wf = read_docx(path, revisions=revisions)
    assert all(p.start <= p.end <= len(wf.text.content) for p in wf.text.paras)
    assert all(wf.nodes[i].text[o:o + e - s] == wf.text.content[s:e] for s, e, i, o in wf.text.pieces)
    result = engine.lint([path], ALL_RULES, options=engine.FileOptions(revisions=revisions))
    assert result.errors == []
