"""The shared primitives: character classes, how a message lists items, rule selectors, and fix
applicability."""
import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planlint.checks.wording import listed
from planlint.document import widths
from planlint.document.model import Applicability, Edit, Fix, Text
from planlint.ruleset import selectors
from planlint.text import chars


def test_han_is_the_basic_block():
    assert chars.is_han("一") and chars.is_han("\u9fff")
    assert not chars.is_han("\u3400") and not chars.is_han("、") and not chars.is_han("a")
    assert re.fullmatch(f"[{chars.HAN}]+", "规划纲要")
    assert not re.search(f"[{chars.HAN}]", "〇、。（）")


def test_ideographs_take_extension_a_and_compatibility_but_not_hexagrams():
    ideograph = re.compile(f"[{chars.IDEOGRAPHS}]")
    assert ideograph.match("\u3400") and ideograph.match("\uf900") and ideograph.match("中")
    assert not ideograph.match("\u4dc0")  # a Yijing hexagram symbol sits between the blocks


# Every character of the Basic Multilingual Plane, and a few beyond it
_CODE_POINTS = [chr(cp) for cp in range(0x10000) if not 0xD800 <= cp <= 0xDFFF] + ["\U00020000", "\U0002A6DF", "\U0001F600"]


def test_the_character_tests_equal_their_classes():
    """is_han, is_ideograph and widths.is_cjk ask by comparison what a one-character pattern of
    their class would: the same answer for every code point (hexagrams, compatibility ideographs,
    full-width digits and letters, characters beyond the BMP)."""
    for test, body in ((chars.is_han, chars.HAN), (chars.is_ideograph, chars.IDEOGRAPHS), (widths.is_cjk, widths.CJK_CLASS)):
        one = re.compile(f"[{body}]")
        assert [c for c in _CODE_POINTS if test(c) != bool(one.match(c))] == [], test.__name__
        assert not test("")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60) | st.text(alphabet="aZ@[`{ßéＡａ中\U0001F600\x00\x7f", max_size=60))
def test_latin_letters_counts_what_a_pattern_of_ascii_letters_matches(text):
    """latin_letters counts in C (ASCII alone, then letters alone): as many as [A-Za-z] matches,
    whatever else the text holds (Latin-1 and full-width letters, astral characters, NUL)."""
    from planlint.document.language import latin_letters

    assert latin_letters(text) == len(re.findall("[A-Za-z]", text))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="中文㐀豈䷀abcXYZ 12，。", max_size=40), st.integers(0, 12))
def test_is_chinese_counts_as_one_pattern_would(text, scan):
    """is_chinese reads the first characters one by one and the rest with a pattern: the verdict
    of counting Latin letters and ideographs with one pattern each, wherever the switch falls."""
    from planlint.document import language
    from planlint.document.model import Text
    from planlint.document.parser import build

    latin = sum(len(r) for r in re.findall("[A-Za-z]+", text))
    han = sum(len(r) for r in re.findall(f"[{chars.IDEOGRAPHS}]+", text))
    old, language._HAN_SCAN = language._HAN_SCAN, scan
    try:
        assert language.is_chinese(build(Text("d.txt", text, "utf-8"))) == (2 * han >= latin)
    finally:
        language._HAN_SCAN = old


def test_members_of_a_class_body():
    assert chars.members(chars.RANGE_SEPARATORS) == set("-–－~～—")  # a leading "-" is literal
    assert chars.members("a-c-") == {"a", "b", "c", "-"}
    for body in (chars.CJK_PUNCT, chars.FULLWIDTH_PUNCT, chars.QUOTES, chars.SPACES, chars.LINE_BLANKS):
        one = re.compile(f"[{body}]")
        assert chars.members(body) == {c for c in _CODE_POINTS if one.match(c)}


def test_chinese_context_is_composed_of_the_named_classes():
    # full-width digits and letters are not Chinese context; full-width punctuation is
    assert widths.is_cjk("，") and widths.is_cjk("“") and widths.is_cjk("—") and widths.is_cjk("、")
    assert not widths.is_cjk("１") and not widths.is_cjk("Ａ") and not widths.is_cjk(",")


def test_blanks():
    assert chars.without_spaces(" 第 三\u3000章 ") == "第三章"
    assert chars.without_spaces("a\tb\xa0c") == "a\tb\xa0c"  # tab and NBSP are not typed spaces
    assert set(chars.LINE_BLANKS) == set(chars.SPACES) | {"\t", chars.NBSP}


@pytest.mark.parametrize(("items", "options", "expected"), [
    (["汽车", "电子", "医药"], {}, "汽车、电子、医药"),
    ([",", ";"], {"sep": "", "quoted": True}, ",”“;"),
    (["第一节", "第二节"], {"quoted": True}, "第一节”、“第二节"),
    (list("一二三四"), {"most": 4}, "一、二、三、四"),
    (list("一二三四五"), {"most": 4}, "一、二、三……五"),
    ([str(n) for n in range(10)], {"quoted": True, "most": 8}, "0”、“1”、“2”、“3”、“4”、“5”、“6”……“9"),
    (["推进先进制造业集群发展行动", "短"], {"width": 12}, "…先进制造业集群发展行动、短"),
    ([], {}, ""),
])
def test_listed(items, options, expected):
    assert listed(items, **options) == expected


def test_selectors_parse_like_the_command_line():
    assert selectors.parse(["pun, num1", "ALL", " , "]) == ["PUN", "NUM1", "ALL"]
    assert selectors.parse([]) == []


def test_selectors_match_prefixes_and_all():
    assert selectors.matches("PUN101", ["PUN"]) and selectors.matches("PUN101", ["ALL"])
    assert not selectors.matches("PUN101", ["NUM"]) and not selectors.matches("PUN101", None)
    # an opt-in rule is selected by its full code or ALL, not by a prefix
    assert not selectors.selects("DUP201", False, ["DUP"])
    assert selectors.selects("DUP201", False, ["DUP201"]) and selectors.selects("DUP201", True, ["DUP"])


def test_unknown_and_well_formed_selectors():
    assert selectors.unknown(["PUN", "XYZ", "ALL"], ["PUN101", "NUM101"]) == "XYZ"
    assert selectors.unknown(None, ["PUN101"]) is None
    assert selectors.well_formed("PUN1") and selectors.well_formed("ALL")
    assert not selectors.well_formed("pun1") and not selectors.well_formed("PUN1234")


def test_configuration_list_item_may_hold_several_selectors(tmp_path):
    from planlint.workflow.configuration import read_config

    path = tmp_path / "planlint.yaml"
    path.write_text("select: ['pun, num1']\nignore: NUM101\n", encoding="utf-8")
    settings = read_config(path)
    assert settings.select == ["PUN", "NUM1"] and settings.ignore == ["NUM101"]


def test_applicability_shows_as_its_value():
    fix = Fix("d", [Edit(0, 1, "，")], "unsafe")
    assert fix.applicability is Applicability.UNSAFE
    shown = json.dumps(fix.to_json(Text("t.txt", ",", "utf-8")), ensure_ascii=False)
    assert '"applicability": "unsafe"' in shown and f"{Applicability.SAFE}" == "safe"
    assert Applicability.of(True) is Applicability.SAFE
    with pytest.raises(ValueError):
        Fix("d", [], "save")


def test_blank_is_one_typed_space_in_a_regex():
    import re

    from planlint.text.chars import BLANK, SPACES

    assert [c for c in " \u3000\t\xa0x" if re.fullmatch(BLANK, c)] == list(SPACES)


def test_a_lazy_pattern_compiles_on_first_use_and_takes_its_place():
    import re
    import types

    from planlint.text import lazyre

    module = types.ModuleType("drafty")
    exec("from planlint.text import lazyre\nYEAR = lazyre.compile(r'(\\d{4})年')\nKEPT = (YEAR,)\n", module.__dict__)
    assert isinstance(module.YEAR, lazyre.LazyPattern)
    assert module.YEAR.search("到2025年").group(1) == "2025"  # first use compiles
    assert isinstance(module.YEAR, re.Pattern) and module.YEAR.pattern == r"(\d{4})年"
    assert module.KEPT[0].findall("2021年至2025年") == ["2021", "2025"]  # a copy kept elsewhere delegates

