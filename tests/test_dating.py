"""The year a document speaks from (planlint.document.dating) and the RSP109 verdicts that depend on it."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import codes, lint
from planlint.document import agencies, dating
from planlint.document.dating import document_year
from planlint.document.model import Text
from planlint.document.parser import build


def _year(content: str) -> int | None:
    return document_year(build(Text("d.txt", content, "utf-8")))


@pytest.mark.parametrize("content,year", [
    ("某市关于推进工作的意见\n（2012年7月20日）\n一、总体要求\n", 2012),
    ("某市关于推进工作的意见\n一、总体要求\n正文。\n某市人民政府\n二〇一二年七月二十日\n", 2012),
    ("# 某报告\n**发布日期**: 2019年10月28日\n正文。\n", 2019),
    ("某报告\n——2016年3月5日在某会议上\n正文。\n", 2016),
    ("国务院关于印发某规划的通知\n国发〔2013〕12号\n各省人民政府：\n", 2013),
    ("国务院关于印发某规划的通知\n国发[2013]12号\n", 2013),
    ("“十二五”某某发展规划\n一、发展基础\n", 2011),
    ("十三五时期某某规划\n", 2016),
    ("某市某某三年行动计划（2015—2017年）\n", 2015),
    ("关于做好2014年某某工作的意见\n", 2014),
    # a sentence that starts with a date is not a date line; a cited 文号 is not the document's own
    ("某市某某工作方案\n一、任务\n2013年12月31日前完成普查。依据《某通知》（国发〔2011〕5号）推进。\n", None),
    ("", None),
])
def test_document_year(content, year):
    assert _year(content) == year


# The date line and the 文号 as single patterns with a class of Han characters: dating counts the
# Han characters of a label and of an issuing body's code instead (the class is slow to compile).
_HAN = "[\u4e00-\u9fff]"
_ORACLE_DATE = re.compile(rf"^(?:(?:[-*#>\s]*\**{_HAN}{{2,6}}\**[:：]\**\s*)?[（(]?{dating._DATE}[)）]?$"
                          rf"|—{{1,2}}\s*{dating._DATE})")
_ORACLE_DOC_NUMBER = re.compile(rf"^{_HAN}{{1,12}}[〔\[［【(（]\s*((?:19|20)\d\d)\s*[〕\]］】)）]\s*\d{{1,4}}\s*号$")


def _oracle_year(line: str) -> str | None:
    m = _ORACLE_DATE.match(line)
    return (m.group(1) or m.group(2)) if m else None


def _same(found, expected) -> bool:
    """The same verdict, groups and end (the match starts after the code counted instead)."""
    return (found is None) == (expected is None) and (found is None or (
        found.end() == expected.end() and found.groups() == expected.groups()))


@pytest.mark.parametrize("line", [
    "发布日期：2022年10月28日", "**成文日期**: 2022年10月28日", "> - 日期： （2021年1月2日）", "日期:二〇二一年一月二日",
    "日期 ：2022年1月2日", "一二三四五六七：2022年1月2日", "中华人民共和国：2022年1月2日", "日：2022年1月2日",
    "日期：：2022年1月2日", "2022年1月2日", "（2022年1月2日）", "——2022年1月2日在会上", "日期：——2022年1月2日",
    "二〇二二年一月二日\n", "㐀㐀：2022年1月2日", "\U00020000日期：2022年1月2日", "ｘ日期：2022年1月2日",
    "国发〔2013〕12号", "国发[2013]12号", "中华人民共和国国务院办公〔2013〕1号", "中华人民共和国国务院办公厅〔2013〕1号",
    "〔2013〕12号", "国发 〔2013〕12号", "𠀀发〔2013〕12号", "国发（2013）12号\n"])
def test_date_and_doc_number_lines_read_as_the_single_patterns(line):
    assert dating._date_line_year(line) == _oracle_year(line)
    assert _same(dating._doc_number(line), _ORACLE_DOC_NUMBER.match(line))


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="日期发布国中㐀ｘ𠀀 \t*#>-:：—（）()〔〕[]2019二〇一年月号\n", max_size=24))
def test_random_lines_read_as_the_single_patterns(line):
    assert dating._date_line_year(line) == _oracle_year(line)
    assert _same(dating._doc_number(line), _ORACLE_DOC_NUMBER.match(line))


PLAN = "某市任务分工方案\n{date}一、主要任务\n1.改善生态环境。（责任单位：市环保局、市国土资源局）\n" \
       "2.保障粮食安全。（责任单位：农业部、国土资源部）\n3.脱贫攻坚。（责任单位：市扶贫办）\n"


def test_outdated_names_judged_by_the_document_year():
    undated = lint(PLAN.format(date=""), "RSP109")
    assert codes(undated) == [("RSP109", 3, 16), ("RSP109", 3, 21), ("RSP109", 4, 16), ("RSP109", 4, 20),
                              ("RSP109", 5, 14)]
    assert lint(PLAN.format(date="（2012年7月20日）\n"), "RSP109") == []
    # 扶贫办 was in use until the 2021 reform, the others until 2018
    assert codes(lint(PLAN.format(date="（2019年3月1日）\n"), "RSP109")) == [
        ("RSP109", 4, 16), ("RSP109", 4, 21), ("RSP109", 5, 16), ("RSP109", 5, 20)]


def test_national_and_local_names_are_treated_alike():
    reg = agencies.load()
    assert reg.outdated_form("国土资源部") == ("国土资源部", "自然资源部")
    assert reg.outdated_form("市国土资源局") == ("国土资源局", "市自然资源和规划局")
    assert reg.outdated_form("国土资源部", 2017) is None and reg.outdated_form("市国土资源局", 2017) is None


def test_suggestion_follows_the_reforms_up_to_the_document_year():
    reg = agencies.load()
    assert reg.outdated_form("卫生部", 2015) == ("卫生部", "国家卫生和计划生育委员会")
    assert reg.outdated_form("卫生部") == ("卫生部", "国家卫生健康委员会")
    assert reg.outdated_form("国务院扶贫办", 2022) == ("国务院扶贫办", "国家乡村振兴局")


def test_no_current_name_of_the_registry_is_outdated():
    reg = agencies.load()
    assert [n for n in reg.names() if reg.outdated_form(n)] == []


def test_until_must_be_a_year(tmp_path):
    from planlint.errors import ConfigError

    bad = tmp_path / "reg.yaml"
    bad.write_text("outdated:\n  - {old: 旧局$, new: 新局, until: 二〇一八}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="until"):
        agencies.load([str(bad)])


def test_the_first_matching_entry_decides():
    """卫生计生委 (2013–2018) is current in 2016 although 计生委 alone went out of use in 2013."""
    reg = agencies.load()
    assert reg.outdated_form("市卫生计生委", 2016) is None
    assert reg.outdated_form("市计生委", 2016) == ("计生委", "市卫计委")
    assert reg.outdated_form("市卫生计生委") == ("卫生计生委", "市卫生健康委")


@settings(max_examples=200, deadline=None)
@given(st.from_regex(_ORACLE_DATE) | st.from_regex(_ORACLE_DOC_NUMBER))
def test_lines_the_single_patterns_match_read_the_same(line):
    assert dating._date_line_year(line) == _oracle_year(line)
    assert _same(dating._doc_number(line), _ORACLE_DOC_NUMBER.match(line))
