"""Arithmetic checks (ART): totals, list counts, industry ratios, growth."""
from __future__ import annotations

import pytest

from conftest import codes, corpus_file, lint, ruleset
from planlint.workflow.rule_examples import lint_string


def test_list_longer_than_count_with_etc_is_error():
    [f] = lint("发展汽车、电子、医药、食品等三大产业。\n", "ART102")
    assert f.severity == "error"


@pytest.mark.parametrize("text", [
    "培育自贸创新案例、登记改革等3项成果。\n",            # 等 with examples
    "打造一个中心、两个基地、三大平台。\n",                 # parallel counts
    "做强一个核心产业、做大四个优势产业。\n",
    "建设轨道交通、航空、汽车三大产业平台和服饰、陶瓷两大特色平台。\n",
])
def test_list_count_quiet(text):
    assert lint(text, "ART102") == []


@pytest.mark.parametrize("marker", ["三、", "（三）", "(三)", "3.", "3、", "3．", "第三章 "])
def test_heading_marker_is_not_a_list_item(marker):
    """The heading's own number and 顿号 are numbering: 三、实施五大行动 lists nothing."""
    assert lint(f"一、总体要求\n坚持系统观念。\n{marker}实施五大提升行动\n加强建设。\n", "ART102") == []


def test_list_in_heading_title_still_counted():
    found = lint("一、总体要求\n坚持系统观念。\n二、发展汽车、电子、医药四大产业\n加强建设。\n", "ART102")
    assert codes(found) == [("ART102", 3, 13)]
    assert found[0].data["items"] == ["发展汽车", "电子", "医药"]


def test_subset_parts_quiet():
    assert lint("累计共形成305项经验，其中8项在国家层面推广、36项在省级层面推广。\n", "ART101") == []


def test_parts_above_total_is_error():
    [f] = lint("共建成项目10个，其中市级6个、县级5个。\n", "ART101")
    assert f.severity == "error" and "11个" in f.message


@pytest.mark.parametrize("text", ["三次产业结构为0.6:59.3:40.1。\n", "三次产业结构为8:40:51。\n"])
def test_ratio_within_rounding(text):
    assert lint(text, "ART103") == []


@pytest.mark.parametrize("text, found", [
    ("三次产业结构为10:40:40。\n", [("ART103", 1, 8, "10:40:40")]),
    ("三次产业结构为1.10:40:40。\n", [("ART103", 1, 8, "1.10:40:40")]),
    # a ratio starts where a number does: not inside .5 or a10's digits
    ("三次产业结构为a10:40:40；产业结构比为.5:50:50。\n", [("ART103", 1, 9, "10:40:40")]),
    ("产业结构 210:40:40；三次产业 9 : 40 ：50.5。\n", [("ART103", 1, 6, "210:40:40"), ("ART103", 1, 21, "9 : 40 ：50.5")]),
    ("10:40:40是三次产业结构\n", []),
])
def test_ratio_starts_at_the_first_digit_of_a_number(text, found):
    got = lint(text, "ART103")
    assert [(*c, f.message.split("“")[1].split("”")[0]) for c, f in zip(codes(got), got)] == found


def test_growth_with_lower_bound():
    text = "地区生产总值由2020年的699亿元增长到2025年的1100亿元，年均增长7%以上。\n"
    assert lint(text, "ART104") == []


def test_corpus_list_counts(corpus):
    found = lint_string(corpus_file("002").read_text(encoding="utf-8"), ruleset().select(["ART"]), "002.txt")
    assert ("ART102", 236) in [(f.code, f.line) for f in found]


def test_corpus_arithmetic_quiet(corpus):
    total = 0
    for prefix in ("000", "001", "003", "004"):
        total += len(lint_string(corpus_file(prefix).read_text(encoding="utf-8"),
                                 ruleset().select(["ART"]), prefix + ".txt"))
    assert total == 0
