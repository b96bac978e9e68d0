"""Number and unit format checks (UNT): clean drafts, the corpus, fixes (the planted defects' findings
are in fixtures/units/planted.txt.expected)."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import codes, corpus_file, fixture_drafts, lint, ruleset
from planlint.document import measures as quantities
from planlint.workflow.rule_examples import lint_string

CLEAN = fixture_drafts("clean", "units_clean_*")


def _file(path, select):
    return sorted(lint_string(path.read_text(encoding="utf-8"), ruleset().select(select), str(path)),
                  key=lambda f: (f.line, f.column, f.code))


@pytest.mark.parametrize("path", CLEAN, ids=lambda p: p.name)
def test_clean_drafts_are_quiet(path):
    assert _file(path, ["UNT", "TGT", "ART"]) == []


@pytest.mark.parametrize("text", [
    "接待游客1.2亿人次。\n", "全社会用电量达到120亿千瓦时。\n", "培育500亿级龙头企业。\n",
    "常住人口达到40万人。\n", "新增装机容量50万千瓦。\n",
])
def test_money_needs_yuan_only_for_money(text):
    assert lint(text, "UNT101") == []


def test_money_fix_inserts_yuan():
    [f] = lint("地区生产总值突破 3000 亿。\n", "UNT101")
    assert f.message == "金额“3000 亿”缺少单位“元”，应写作“3000亿元”"
    assert [(e.start, e.end, e.replacement) for e in f.fix.edits] == [(15, 15, "元")]


def test_space_and_fullwidth_fixes_are_safe():
    [space] = lint("增长 6 %。\n", "UNT102")
    assert space.fix.applicability == "safe" and space.fix.edits[0].replacement == ""
    [full] = lint("达到６５．５%。\n", "UNT104")
    assert full.fix.edits[0].replacement == "65.5" and full.fix.applicability == "safe"


def test_range_fixes_do_not_overlap():
    found = lint("增长5-10%。\n", ["UNT106", "UNT108"])
    assert codes(found) == [("UNT106", 1, 3), ("UNT108", 1, 3)]
    edits = sorted((e.start, e.end, e.replacement) for f in found for e in f.fix.edits)
    assert edits == [(3, 3, "%"), (3, 4, "～")]


@pytest.mark.parametrize("text", [
    "用10年时间建成。\n", "上世纪50年代。\n", "坚持30年不动摇。\n", "年满18岁。\n", "近20年来发展迅速。\n",
    "到2025年底。\n",
])
def test_durations_are_not_short_years(text):
    assert lint(text, "UNT111") == []


@pytest.mark.parametrize("text", ["2022-11-08\n", "见表3-1。\n", "COVID-19疫情。\n", "文号2022-32954。\n",
                                  "“3+5+2”产业体系。\n", "PM2.5浓度下降。\n"])
def test_codes_and_dates_are_not_ranges(text):
    assert lint(text, ["UNT106", "UNT108", "UNT109"]) == []


def test_consistent_space_style_is_one_summary():
    text = "".join(f"第{i}项：2020 年达到 {i}.5 亿元，增长 {i} %。\n" for i in range(1, 30))
    found = lint(text, ["UNT102", "UNT103"])
    assert [f.code for f in found] == ["UNT103"]
    assert found[0].severity == "info" and len(found[0].fix.edits) == 87


def test_minority_space_reported_each():
    text = "".join(f"第{i}项：2020年达到{i}.5亿元，增长{i}%。\n" for i in range(1, 30)) + "增长6 %。\n"
    assert codes(lint(text, ["UNT102", "UNT103"])) == [("UNT102", 30, 3)]


def test_extra_units_param():
    rule = next(r for r in ruleset().rules if r.code == "UNT102")
    assert rule.params["extra_units"] == {}
    reg = quantities.units("units", {"标台": "count"})
    assert reg.kind("标台") == "count"


@pytest.mark.parametrize("text", ["", "\n\n", "１２３４５６７８９０" * 50, "亿" * 100, "5-" * 100, "-5",
                                  "2020-", "：：：1:2:", "等五大", "、、、等三大", "共5项，其中", "二○", "(((1-2%",
                                  "|1|2|\n|---|\n", "指标\t2020年\n\t\t\n"])
def test_strange_text_does_not_crash(text):
    lint(text, ["UNT", "TGT", "ART"])
    lint(text, ["UNT", "TGT", "ART"], path="draft.md")


def test_corpus_examples(corpus):
    f000 = _file(corpus_file("000"), ["UNT101"])
    assert (8, "802.6 亿") in [(f.line, f.message.split("“")[1].split("”")[0]) for f in f000]
    assert 80 in [f.line for f in _file(corpus_file("001"), ["UNT101"])]
    assert ("UNT106", 80, 9) in codes(_file(corpus_file("003"), ["UNT106"]))


def test_corpus_not_flooded(corpus):
    for prefix in ("000", "002", "004"):
        found = _file(corpus_file(prefix), ["UNT"])
        assert len(found) < 15, prefix
        assert [f.code for f in found if f.code == "UNT103"] == ["UNT103"]
        assert not [f for f in found if f.code == "UNT102"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["约", "超过", "不低于", "近", "12", "３．５", "1,200", "0.8", "万", "亿", "万亿", " ",
                                 "\u3000", "元", "亿元", "左右", "以上", "以内", "多", "，", "。", "达到", "G", "-"]),
                max_size=14))
def test_quantity_reading_shortcuts_equal_the_plain_loops(parts):
    """The scanner skips the qualifier and multiplier loops when no candidate starts (or ends)
    there, and tells full-width digits by isascii(): each quantity read equals the plain loops."""
    from planlint.document import parser
    from planlint.document.model import Text

    text = "".join(parts)
    doc = parser.build(Text("x.txt", text, "utf-8"), "txt")
    reg = quantities.units()
    content = doc.text.content
    for q in quantities.analyse(doc).quantities:
        if q.numeral != "arabic":
            continue
        raw = content[q.num_start:q.num_end]
        assert q.fullwidth == any(c in "０１２３４５６７８９．" for c in raw)
        before = content[max(0, q.num_start - 5):q.num_start].rstrip(quantities.SPACE)
        assert q.prefix == next((p for p in quantities.PREFIX_QUALIFIERS if before.endswith(p)), "")
        k, suffixes = q.end - sum(map(len, q.suffixes)), []
        while True:
            s = next((s for s in quantities.SUFFIX_QUALIFIERS if content.startswith(s, k)), None)
            if s is None:
                break
            suffixes.append(s)
            k += len(s)
        assert q.suffixes == suffixes and k == q.end
        if q.multiplier:
            assert q.multiplier == next(m for m in reg.multipliers if content.startswith(m, q.mult_end - len(q.multiplier)))


def test_an_english_sentence_in_a_chinese_draft_keeps_its_own_number_style():
    draft = ("第一章 总则\n到2025年，建成区绿化覆盖率达到45%。规划期为2021-2025年。\n"
             "英文摘要：The plan (2021-2025) sets out goals, tasks and measures.\n")
    found = [(f.code, f.line, f.column) for f in lint(draft, "UNT")]
    assert found == [("UNT109", 2, 26)]


def test_regions_without_a_numeral_are_skipped_and_the_others_read_whole():
    """The scanner skips a region with no digit and no Chinese numeral (most titles, many
    paragraphs); a region whose only numeral is full-width, a counter or a 二〇 year is still read."""
    from planlint.document import parser
    from planlint.document.model import Text

    text = "一、实施五大行动\n推进建设。\n新增１２个站点。\n到二〇二五年完成。\n二、保障措施\n加强领导。\n"
    doc = parser.build(Text("x.txt", text, "utf-8"), "txt")
    found = quantities.analyse(doc)
    content = doc.text.content
    assert [(content[q.start:q.end], q.numeral, q.unit) for q in found.quantities] == [
        ("五大", "chinese", "大"), ("１２个", "arabic", "个")]
    assert [content[a:b] for a, b in found.cn_years] == ["二〇二五"]
