"""Punctuation (PUN1xx): paired marks, 顿号, doubled marks, ellipsis and dash forms, 发文字号 and
half-width marks, on fixtures written for these checks, clean drafts and the corpus."""
from __future__ import annotations

import random
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, codes, fixture_drafts, lint, run_cli

PUN = FIXTURES / "punctuation"
CLEAN = fixture_drafts("clean", "pun_clean_*")
CLOSERS = "”’）)》〉】〕"


def read(path) -> str:
    return path.read_text(encoding="utf-8")


def lint_file(path, select="PUN"):
    return lint(read(path), select, path=path.name)


def apply_safe_fixes(text: str, findings) -> str:
    edits = [e for f in findings if f.fix and f.fix.applicability == "safe" for e in f.fix.edits]
    for e in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[:e.start] + e.replacement + text[e.end:]
    return text


# --- fixes ----------------------------------------------------------------------------------------

def test_after_the_safe_fixes_a_second_pass_has_nothing_to_fix():
    # what the fixes change is in fixtures/punctuation/defects.txt.expected (the --diff)
    text = read(PUN / "defects.txt")
    fixed = apply_safe_fixes(text, lint(text, "PUN"))
    assert fixed != text
    again = lint(fixed, "PUN")
    assert not [f for f in again if f.fix and f.fix.applicability == "safe"]


def test_fix_through_the_cli_keeps_the_rest_and_is_idempotent(tmp_path):
    draft = tmp_path / "稿.txt"
    draft.write_bytes((PUN / "defects.txt").read_bytes().replace(b"\n", b"\r\n"))
    run_cli("check", str(draft), "--select", "PUN", "--fix")
    once = draft.read_bytes()
    assert once.count(b"\r\n") == read(PUN / "defects.txt").count("\n")
    assert "加快发展，推动转型升级。\r\n" in once.decode()
    run_cli("check", str(draft), "--select", "PUN", "--fix")
    assert draft.read_bytes() == once


# --- clean drafts -------------------------------------------------------------------------------

@pytest.mark.parametrize("path", CLEAN, ids=lambda p: p.name)
def test_clean_full_width_drafts_have_no_punctuation_findings(path):
    assert codes(lint_file(path)) == []


def _closing_marks(text: str):
    for i, ch in enumerate(text):
        if ch in CLOSERS:
            yield i, text.count("\n", 0, i) + 1


@pytest.mark.parametrize("path", CLEAN, ids=lambda p: p.name)
def test_deleting_any_closing_mark_is_found_on_its_line(path):
    text = read(path)
    marks = list(_closing_marks(text))
    assert len(marks) > 20
    missed = []
    for i, line in marks:
        found = lint(text[:i] + text[i + 1:], "PUN", path=path.name)
        # the finding sits on the line, or (a paragraph wrapped over lines) points to it
        if not any(f.line == line or any(r.line == line for r in f.related) for f in found):
            missed.append((line, text[max(0, i - 10):i + 1]))
    assert missed == []


def test_a_quote_may_span_the_lines_of_one_markdown_paragraph():
    text = "# 方案\n\n根据《关于〈纲要〉\n实施工作的通知》要求，制定本方案。\n"
    assert codes(lint(text, "PUN", path="a.md")) == []
    broken = "# 方案\n\n根据《关于〈纲要〉\n实施工作的通知要求，制定本方案。\n"
    [f] = lint(broken, "PUN", path="a.md")
    assert (f.code, f.line, f.column) == ("PUN101", 3, 3)
    assert [r.line for r in f.related] == [4]


def test_a_markdown_paragraph_runs_on_over_sentence_ends():
    text = "# 方案\n\n他指出：“要坚持人民至上。\n要把‘双碳’目标落到实处。”\n"
    assert codes(lint(text, "PUN", path="a.md")) == []


def test_a_paragraph_ending_its_sentence_does_not_run_on():
    text = "一、要求\n加快建设“国际商用车之都。\n”这是一个新段落。\n"
    assert [f.code for f in lint(text, "PUN")] == ["PUN101", "PUN104"]


# --- protected syntax ---------------------------------------------------------------------------

def test_markers_numbers_urls_and_latin_text_are_not_punctuation():
    assert codes(lint_file(PUN / "protected.txt")) == []


def test_item_markers_in_running_text_are_not_stray_brackets():
    text = "一、要求\n重点抓好三项工作：1）加强领导；2）完善机制；a）压实责任。\n"
    assert codes(lint(text, "PUN")) == []


def test_apostrophes_are_not_quotation_marks():
    assert codes(lint("一、要求\n发布《青川’s Plan》与 Qingchuan’s Plan 英文版。\n", "PUN")) == []


def test_connecting_dashes_are_not_dashes():
    text = "一、要求\n规划期为2021—2025年，深化中国—东盟合作，形成研发—制造—服务全链条，建设“十堰—襄阳”通道。\n"
    assert codes(lint(text, "PUN")) == []


def test_dun_between_titles_is_fine_when_a_bracketed_note_intervenes_or_phrases_contain_quotes():
    text = ("一、要求\n依据《总体规划》（2021年）、《专项规划》（2022年）实施。"
            "推动城市由“工业老区”向“产业名城”、“工业锈带”向“生活秀带”转变。\n")
    assert codes(lint(text, "PUN")) == []


def test_deng_words_after_a_dun_are_not_flagged():
    assert codes(lint("一、要求\n建设一级、二级、等级公路和等离子体、等效电路实验室。\n", "PUN")) == []


def test_correct_document_numbers_pass():
    text = "一、依据\n根据《意见》（国发〔2022〕18号）和湘政办发〔2021〕3号文件制定。\n"
    assert codes(lint(text, "PUN")) == []


# --- truncated text and stray marks --------------------------------------------------------------

def test_a_closing_mark_near_a_paragraph_or_sentence_start_is_possibly_truncated_text():
    text = ("一、要求\n"
            "城”建设取得新进展。\n"                               # at the start of a line
            "全面完成任务。示范城市”创建顺利推进。\n"             # right after a sentence
            "加快推进国际商用车之都核心区建设”，推动产业升级。\n"  # mid-sentence: a drafting slip
            )
    found = lint(text, "PUN")
    assert [(f.code, f.line, f.column, f.severity) for f in found] == [
        ("PUN104", 2, 2, "info"), ("PUN104", 3, 12, "info"), ("PUN103", 4, 17, "error")]


# --- width --------------------------------------------------------------------------------------

FULL_DRAFT = ("一、总体要求\n"
              "坚持稳中求进，统筹发展和安全；推动高质量发展：加快转型（试行）。\n"
              "完善工作机制,压实各方责任;健全考核办法。\n"
              "加强组织领导，强化规划实施（以下简称实施），落实责任。\n"
              "研究与试验发展(R&D)经费投入增长10,高于全省平均水平。\n")


def test_in_a_full_width_draft_each_half_width_line_is_reported_once_with_a_fix():
    found = lint(FULL_DRAFT, "PUN")
    assert codes(found) == [("PUN121", 3, 7), ("PUN121", 5, 8)]
    first, second = found
    assert first.message == "本行中文文本使用了半角标点“,”“;”，全文通行全角标点，应改为“，”“；”"
    assert first.fix.applicability == "safe"
    assert second.fix.applicability == "unsafe"  # 10, touches a digit
    assert apply_safe_fixes(FULL_DRAFT, found).split("\n")[2] == "完善工作机制，压实各方责任；健全考核办法。"


def test_a_document_consistently_in_half_width_gets_one_summary():
    text = FULL_DRAFT.replace("，", ",").replace("；", ";").replace("：", ":").replace("（", "(").replace("）", ")")
    found = lint(text, "PUN")
    assert [(f.code, f.line, f.severity) for f in found] == [("PUN122", 2, "info")]
    assert found[0].data["full"] == 0 and found[0].data["half"] >= 10


def test_ascii_quotes_throughout_are_folded_into_the_summary():
    text = "一、要求\n推进\"双碳\"工作，落实\"放管服\"改革，深化\"一网通办\"。\n"
    assert [f.code for f in lint(text, "PUN")] == ["PUN122"]
    mixed = "一、要求\n推进“双碳”工作，落实“放管服”改革，深化\"一网通办\"。\n"
    assert codes(lint(mixed, "PUN")) == [("PUN109", 2, 22)]


def test_digit_grouping_times_ratios_and_decimals_are_not_half_width_punctuation():
    text = "一、要求\n总量1,234亿元，8:30开会，比例为1:2:7，增长3.5%，版本2.1，网址 www.example.cn/a,b 。\n"
    assert codes(lint(text, "PUN")) == []


# --- the corpus ---------------------------------------------------------------------------------

def test_corpus_files_give_a_handful_of_findings(corpus):
    for path in sorted(corpus.glob("*.txt")):
        found = lint_file(path)
        serious = [f for f in found if f.severity != "info"]
        assert len(serious) <= 5, (path.name, codes(serious))
        # the corpus is half-width throughout: one summary, never line by line
        assert [f.code for f in found].count("PUN122") == 1, path.name
        assert not [f for f in found if f.code in ("PUN121", "PUN101", "PUN102", "PUN103")], path.name


def test_corpus_truncated_quotes_are_info(corpus):
    path = next(iter(sorted(corpus.glob("004_*.txt"))), None)
    if path is None:
        pytest.skip("corpus file 004 is not available")
    truncated = [f for f in lint_file(path) if f.code == "PUN104"]
    assert len(truncated) >= 5 and all(f.severity == "info" for f in truncated)


# --- robustness ---------------------------------------------------------------------------------

def test_any_text_lints_without_an_exception():
    rng = random.Random(8)
    alphabet = "“”‘’（）()《》〈〉【】〔〕[]，。、；：,;:.…—-－\"' \n\t一二十发展1０9xX#*>|`<>/"
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
        for path in ("a.txt", "a.md"):
            lint(text, "PUN", path=path)
    for text in ("", "\n", "”", "（", "—", "...", "〔2022〕号", "国发〔2022〕", "](", "**1.**“"):
        lint(text, "PUN")
        lint(text, "PUN", path="a.md")


# --- an inner 书名号 typed as < > ---------------------------------------------------------------------

def test_angle_brackets_inside_title_marks():
    text = "一、依据\n根据《关于贯彻落实<城市总体规划>的实施意见》和《关于＜某方案＞的说明》制定。\n"
    found = lint(text, "PUN113")
    assert codes(found) == [("PUN113", 2, 10), ("PUN113", 2, 28)]
    assert found[0].fix.applicability == "safe"
    assert [(e.replacement) for e in found[0].fix.edits] == ["〈", "〉"]


@pytest.mark.parametrize("text", [
    "一、依据\n根据《关于贯彻落实〈城市总体规划〉的实施意见》制定。\n",
    "一、依据\n细颗粒物浓度<35微克/立方米且>10微克/立方米，按《实施方案》执行。\n",
    "一、依据\n按<城市总体规划>执行。\n",                      # outside 《》: not this rule's call
    "一、依据\n按《关于<b>标签的说明》执行。\n",
])
def test_angle_brackets_quiet(text):
    assert lint(text, "PUN113") == []


@pytest.mark.parametrize("path", ["page.txt", "page.md"])
def test_colon_of_a_markdown_field_label_is_layout(path):
    text = ("**发布机构**: 暂无\n- **文件名称**: 某市规划\n一、总体要求\n加强组织领导，完善工作机制，压实各方责任。\n"
            "深化改革，扩大开放，推动发展。\n坚持创新驱动，加快转型升级：建设现代化经济体系。\n本段有一处半角冒号:应报告。\n")
    assert codes(lint(text, "PUN121", path=path)) == [("PUN121", 7, 10)]


def test_english_text_naming_chinese_documents_follows_english_punctuation():
    text = ("# About these drafts\n\nThe folder holds two plans (青川市规划, 某县方案), both scraped from web pages; "
            "numbering runs 一、…五、 in each, see the table below.\n\n| file | what it is |\n|---|---|\n"
            "| 规划.txt | a plan (2021-2025), with boxes |\n\nAn opening bracket （never closed here.\n")
    assert codes(lint(text, "PUN", path="README.md")) == [("PUN101", 9, 20)]


def test_brackets_pair_across_a_stray_line_break():
    """（牵头部 / 门：…） cut by a stray break is one note: the break is INP101's finding, not a
    missing bracket on each side."""
    text = ("一、重点任务\n1.建设综合平台。推进场景应用，助力数字交通。（牵头部\n\n门：市交通委、市水务局）\n\n"
            "2.完善支持政策。推进标准建设，加强人才培养。（牵头部门：市发展改革委）\n")
    assert lint(text, "PUN") == []
    assert codes(lint(text, "INP")) == [("INP101", 2, 27)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=",;:?!()\"'甲乙，（“”a1 \n\u3400\u4dbf\u4dc0\uf900\ufaff\ufb00\u303f\u3040１Ａ…—\U00020000",
               max_size=60))
def test_width_tally_of_one_pass_equals_one_pattern_per_class(text):
    """widths.analyse finds half-width marks and ASCII quotes in one pass: the counts, the first
    offsets and the per-mark tallies of a pattern per class that says “touches Chinese” with
    lookarounds (a mark before or after CJK_CLASS, past one space)."""
    import re

    from planlint.document import widths

    cjk = f"[{widths.CJK_CLASS}]"
    touching = f"(?:(?= ?{cjk})|(?<={cjk}.)|(?<={cjk} .))"

    def tally(chars):
        found = [(m.start(), m.group()) for m in re.finditer(f"[{chars}]{touching}", text)]
        if not found:
            return None, 0, {}
        return found[0][0], len(found), dict(Counter(mark for _, mark in found))

    w = widths.analyse(text)
    assert (w.first_half, w.half, w.half_chars) == tally(",;:?!()")
    assert (w.first_quote, w.half_quotes, w.quote_chars) == tally("\"'")
    # each tally in the order its marks are first seen (messages list them so)
    assert list(w.half_chars) == list(tally(",;:?!()")[2]) and list(w.quote_chars) == list(tally("\"'")[2])


def test_a_marker_with_brackets_of_two_widths_is_one_finding_with_a_safe_fix():
    draft = "第一章 总则\n（一）加强领导。\n(二）强化监测。\n（三）完善机制。\n"
    found = lint(draft, ["NUM", "PUN"])
    assert [(f.code, f.line, f.column, f.end_column) for f in found] == [("PUN102", 3, 1, 4)]
    assert apply_safe_fixes(draft, found) == draft.replace("(二）", "（二）")


@pytest.mark.parametrize("text, units", [
    ("", []),
    ("一、总体要求。坚持系统观念，加强统筹。\n推进建设。\n|a|b|c|\n",
     [("总体要求。坚持系统观念，加强统筹。", 1, "heading"), ("推进建设。", 2, "body"), ("|a|b|c|", 3, "table")]),
])
def test_prose_units_in_text_order(text, units):
    """The prose units (a heading with its run-in text, body lines, table rows) as columns in
    text order; a draft without any has five empty columns."""
    from planlint.checks.punctuation import _units
    from planlint.document import parser
    from planlint.document.model import Text

    columns = _units(parser.build(Text("x.txt", text, "utf-8"), "txt"))
    assert len(columns) == 5 and all(isinstance(c, list) for c in columns)
    starts, ends, lines, kinds, _ = columns
    assert [(text[a:b], line, kind) for a, b, line, kind in zip(starts, ends, lines, kinds)] == units
