"""Target and indicator-table checks (TGT), target extraction and the `planlint targets` command."""
from __future__ import annotations

import json

import pytest

from conftest import FIXTURES, codes, corpus_file, lint, run_cli
from planlint.workflow import engine
from planlint.document import tables, target_statements

PLANTED = FIXTURES / "units" / "planted.txt"


def test_an_inconsistent_target_points_at_the_other_statement():
    [inconsistent] = lint(PLANTED.read_text(encoding="utf-8"), "TGT106")
    assert (inconsistent.line, inconsistent.related[0].line) == (14, 11)  # the table's 1200, the text's 1100


@pytest.mark.parametrize("text", [
    "常住人口城镇化率提高到65%。\n", "单位地区生产总值能耗降低13.5%。\n", "城镇化率提高5个百分点。\n",
    "地区生产总值增长6%。\n", "居民收入增长率提高到8%。\n",
])
def test_percent_change_quiet(text):
    assert lint(text, "TGT101") == []


def test_percent_change_fix():
    [f] = lint("到2025年，常住人口城镇化率比2020年提高5%。\n", "TGT101")
    assert f.message.startswith("“常住人口城镇化率”")
    assert f.fix.edits[0].replacement == "个百分点" and f.fix.applicability == "unsafe"


def test_targets_extracted():
    doc = engine.load_document(str(PLANTED), "planted.txt")
    found = {(t.subject, t.verb, t.quantity.number, t.quantity.unit_text, t.year) for t in target_statements.targets(doc)}
    assert ("常住人口城镇化率", "提高", 5.0, "%", 2025) in found
    assert ("地区生产总值", "增长到", 1100.0, "亿元", 2025) in found


def test_indicator_table_parsed():
    doc = engine.load_document(str(FIXTURES / "clean" / "units_clean_gangyao.md"), "x.md")
    [table] = tables.tables(doc)
    names = [i.clean_name for i in table.indicators]
    assert names[:2] == ["地区生产总值", "常住人口城镇化率"]
    assert table.indicators[0].unit_text == "亿元"
    assert table.column("base").year == 2020 and table.column("target").year == 2025


def test_targets_command_json_and_text():
    result = run_cli("targets", str(PLANTED), "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert {"path", "targets", "indicators"} <= set(data)
    assert data["indicators"][0]["name"] == "地区生产总值"
    text = run_cli("targets", str(PLANTED))
    assert text.exit_code == 0 and "常住人口城镇化率" in text.output


def test_targets_command_missing_file():
    assert run_cli("targets", "/nonexistent/x.txt").exit_code == 2


def test_corpus_rate_over_100(corpus):
    doc = engine.load_document(str(corpus_file("002")), "002")
    from conftest import ruleset
    from planlint.workflow.rule_examples import lint_string

    found = lint_string(doc.text.content, ruleset().select(["TGT"]), "002.txt")
    assert ("TGT102", 260) in [(f.code, f.line) for f in found]
    assert len(found) <= 3


# ---------------------------------------------------------------- 分别 lists and rates above 100%


def test_respective_values_pair_with_subjects_by_position():
    found = lint("到2025年，城镇化率、森林覆盖率和绿化率分别提高3%、2个百分点和1.5%。\n", "TGT101")
    assert codes(found) == [("TGT101", 1, 26), ("TGT101", 1, 35)]
    assert [f.message.split("”")[0] for f in found] == ["“城镇化率", "“绿化率"]


@pytest.mark.parametrize("text", [
    # a count among the subjects: every value is a relative change
    "与上一时期相比，因灾死亡人数、倒塌房屋数量和直接经济损失占比分别下降35.2%、60.1%和30.4%。\n",
    # counts differ: the values cannot be paired
    "到2025年，城镇化率、森林覆盖率分别提高3%。\n",
    "到2025年，城镇化率、森林覆盖率、绿化率分别提高3%、2%。\n",
])
def test_respective_lists_without_conclusion_quiet(text):
    assert lint(text, "TGT101") == []


def test_per_hundred_rates_may_exceed_100():
    assert lint("到2025年，移动电话普及率达到118%，高中阶段毛入学率达到101%。\n", "TGT102") == []
    found = lint("到2025年，移动电话普及率、行政村通光纤比例分别达到118%、103%。\n", "TGT102")
    assert codes(found) == [("TGT102", 1, 33)]
    assert "行政村通光纤比例" in found[0].message


def test_per_hundred_rate_changes_are_still_points():
    assert codes(lint("移动电话普及率提高6%。\n", "TGT101")) == [("TGT101", 1, 10)]


def test_productivity_is_not_a_rate():
    assert lint("示范工厂的生产效率平均提升30%，全员劳动生产率提高8%。\n", "TGT") == []


def test_average_change_over_units_is_relative():
    assert lint("改造后，示范工厂的产品不良率平均下降24%，能源利用率平均提升12%。\n", "TGT101") == []
    assert codes(lint("到2025年，能源利用率比2020年提高2%。\n", "TGT101")) == [("TGT101", 1, 21)]


def test_generic_measure_words_are_not_one_indicator():
    text = ("全市软件业务收入从2015年的2.5亿元增长到2021年的9.6亿元，年均增速达16.1%。\n"
            "网络零售额从2015年的1.3亿元增长到2021年的13.1亿元，年均增速达29.15%。\n")
    assert lint(text, "TGT106") == []


@pytest.mark.parametrize("text", [
    "亿元地区生产总值生产安全事故死亡率下降33%。\n",
    "道路交通万车死亡率下降21%，煤矿百万吨死亡率下降40%。\n",
])
def test_rates_per_amount_are_not_percentages(text):
    assert lint(text, "TGT") == []


def test_only_paragraphs_where_a_number_starts_are_read_for_targets():
    """A target is a verb's number: paragraphs without a number are skipped, and a verb whose
    number is on the next line states no target."""
    from planlint.document import parser
    from planlint.document.model import Text

    text = "一、发展目标\n到2025年，地区生产总值达到1000亿元，常住人口增长到50万人。\n提高发展质量，增长到较高水平。\n城镇化率达到\n65%。\n"
    doc = parser.build(Text("x.txt", text, "utf-8"), "txt")
    assert [(t.subject, t.verb, text[t.quantity.start:t.quantity.end], t.year, t.line)
            for t in target_statements.targets(doc)] == [("地区生产总值", "达到", "1000亿元", 2025, 2),
                                                         ("常住人口", "增长到", "50万人", 2025, 2)]
