import pytest

from planlint.text.numerals import cn_to_int, format_marker, int_to_cn, parse_number, to_halfwidth_digits


@pytest.mark.parametrize("text,value", [
    ("一", 1), ("十", 10), ("十一", 11), ("二十", 20), ("二十三", 23), ("九十九", 99),
    ("一百", 100), ("一百零三", 103), ("一百一十", 110), ("一百二十五", 125), ("两百", 200),
    ("二〇三五", 2035), ("二零二五", 2025), ("二○二一", 2021), ("十 一", 11),
])
def test_cn_to_int(text, value):
    assert cn_to_int(text) == value


@pytest.mark.parametrize("text", ["", "甲", "十百", "二三十", "百百"])
def test_cn_to_int_rejects(text):
    assert cn_to_int(text) is None


@pytest.mark.parametrize("value", list(range(0, 300)))
def test_round_trip(value):
    assert cn_to_int(int_to_cn(value)) == value


def test_int_to_cn_forms():
    assert [int_to_cn(n) for n in (1, 10, 11, 20, 21, 100, 103, 110)] == [
        "一", "十", "十一", "二十", "二十一", "一百", "一百零三", "一百一十"]


def test_parse_number_widths():
    assert parse_number("１２") == (12, "arabic")
    assert parse_number("12") == (12, "arabic")
    assert parse_number("十二") == (12, "chinese")
    assert parse_number("③") == (3, "arabic")
    assert to_halfwidth_digits("２０２５年") == "2025年"


def test_format_marker():
    assert format_marker("zhang", 3) == "第三章"
    assert format_marker("jie", 12) == "第十二节"
    assert format_marker("l1", 4) == "四、"
    assert format_marker("l2", 2) == "（二）"
    assert format_marker("l3", 7) == "7."
    assert format_marker("l4", 3) == "（3）"
    assert format_marker("l5", 2) == "②"
    assert format_marker("box", 5) == "专栏5"
    assert format_marker("table", 1, (3,)) == "表3-1"
