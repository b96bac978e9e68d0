"""Indicator tables laid out one cell per line (web pages, PDF extraction): read as tables so that
the table checks apply, and ordinary short lines never taken for one."""
import pytest

from conftest import CORPUS, FIXTURES, lint
from planlint.document import parser as outline, tables as T
from planlint.document.model import Text

CELLS = FIXTURES / "tables" / "cell_per_line.txt"
CELLS_MD = FIXTURES / "tables" / "cell_per_line_halfwidth.md"
CLEAN = FIXTURES / "clean" / "inp_clean_cells.txt"


def tables_of(content: str, path: str = "draft.txt"):
    return T.tables(outline.build(Text(path=path, content=content, encoding="utf-8"), outline.format_of(path)))


@pytest.mark.parametrize("path", [CELLS, CELLS_MD], ids=lambda p: p.name)
def test_cell_per_line_table_is_read(path):
    (table,) = tables_of(path.read_text(encoding="utf-8"), path.name)
    assert table.header.line == 9
    assert [c.role for c in table.columns] == ["name", "unit", "base", "target", "attribute"]
    assert [c.year for c in table.columns] == [None, None, 2020, 2025, None]
    assert [(i.row.line, i.name.text, i.unit_text, i.values["base"].text, i.values["target"].text, i.attribute.text)
            for i in table.indicators] == [
        (19, "粮食总产量", "万吨", "28.5", "30", "约束性"),
        (29, "农村居民人均可支配收入", "万元", "1.8", "2.6", "预期性"),
        (39, "农作物耕种收综合机械化率", "%", "72", "80", "指导性"),
        (49, "高标准农田面积", "万亩", "〔12〕", "〔20〕", "约束性"),
    ]


@pytest.mark.parametrize("path", [CELLS, CELLS_MD], ids=lambda p: p.name)
def test_table_checks_apply_to_cell_per_line_tables(path):
    found = [(f.code, f.line, f.column) for f in lint(path.read_text(encoding="utf-8"), ["TGT", "ART"], path=path.name)]
    assert found == [("TGT111", 47, 1)]


def test_clean_counterpart_is_silent():
    assert [f for f in lint(CLEAN.read_text(encoding="utf-8"), path=CLEAN.name) if f.severity != "info"] == []


def test_rows_with_a_merged_category_cell_are_aligned():
    content = ("类别\n\n指标\n\n单位\n\n2020年\n\n2025年\n\n属性\n\n经济发展\n\n地区生产总值\n\n亿元\n\n100\n\n150\n\n预期性\n\n"
               "人均地区生产总值\n\n元\n\n5000\n\n7000\n\n预期性\n\n创新驱动\n\n研发经费投入强度\n\n%\n\n1.5\n\n2.5\n\n预期性\n")
    (table,) = tables_of(content)
    assert [(i.name.text, i.values["target"].text) for i in table.indicators] == [
        ("地区生产总值", "150"), ("人均地区生产总值", "7000"), ("研发经费投入强度", "2.5")]


def test_table_ends_where_a_cell_does_not_fit():
    content = ("指标\n单位\n2020年\n2025年\n属性\n粮食总产量\n万吨\n28\n30\n约束性\n"
               "加快建设高标准农田\n推进农业机械化\n提升服务水平\n完善政策体系\n强化组织保障\n")
    (table,) = tables_of(content)
    assert [i.name.text for i in table.indicators] == ["粮食总产量"]


@pytest.mark.parametrize("content", [
    # joint issuers and a date
    "请认真贯彻落实。\n\n工业和信息化部\n\n教育部\n\n科学技术部\n\n交通运输部\n\n2024年1月18日\n",
    # short headings of a list, one of them a header word
    "主要指标\n\n单位：亿元\n\n年均增长\n\n预期目标\n\n实施步骤\n\n组织保障\n",
    # header words followed by prose, not by cells
    "指标\n单位\n2020年\n2025年\n属性\n全市经济保持平稳增长，产业结构持续优化。\n",
    # short lines without a header
    "加快发展\n100\n150\n预期性\n推进改革\n200\n300\n约束性\n",
])
def test_ordinary_short_lines_are_not_a_table(content):
    assert tables_of(content) == []


def test_corpus_real_indicator_box_is_read():
    path = CORPUS.parent / "corpus-real" / "十四五国家应急体系规划.txt"
    if not path.exists():
        pytest.skip("../shared/corpus-real is not available")
    (table,) = tables_of(path.read_text(encoding="utf-8"), path.name)
    assert table.header.line == 76 and len(table.rows) == 7
    assert [c.role for c in table.columns] == ["index", "name", "value", "attribute"]


def test_corpus_tables_unchanged(corpus):
    # the corpus's tables were lost in extraction; no run of its short lines is read as one
    for p in sorted(corpus.glob("*.txt")):
        doc = outline.build(Text(path=p.name, content=p.read_text(encoding="utf-8"), encoding="utf-8"))
        assert T.cell_per_line_groups(doc) == [], p.name


def test_a_long_cell_per_line_table_is_read_whole():
    # that long runs of short lines take linear time is measured in bench/bench_hostile.py
    header = "指标\n单位\n2020年\n2025年\n属性\n"
    (table,) = tables_of(header + "粮食总产量\n万吨\n28\n30\n约束性\n" * 5000)
    assert len(table.indicators) == 5000
