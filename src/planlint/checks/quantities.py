"""How numbers and units are written (GB/T 15835, 法定计量单位): money without 元, spaces between a
number and its unit, full-width digits, range and year-span separators, ranges that drop the
unit of their first value, shortened years, the zero of Chinese years, digits and Chinese
numerals mixed in one list (NUM-01/03/04/05/06/07/12/13, UNIT-06 in the standards notes).

A style a document uses throughout (PDF extraction puts a space around every number) is reported
once as a summary; only the minority style is reported where it occurs."""
from __future__ import annotations

import msgspec

from planlint.document import measures as Q
from planlint.document.language import chinese_only, in_latin_sentence
from planlint.document.model import Applicability, Document, Edit, Fix
from planlint.text.numerals import to_halfwidth_digits
from planlint.checks import Param, check
from planlint.text.chars import BLANK
from planlint.text import lazyre

# unit_vocabulary: a file of rules/vocabularies/ (its old name `registry` is still accepted)
UNIT_VOCABULARY = {"unit_vocabulary": Param("units", was="registry"), "extra_units": {}}
STYLE = {**UNIT_VOCABULARY, "style": "unit-space", "summary_min": 5, "summary_share": 0.3}
STYLE_FIELDS = ("text", "expected", "count", "total")


def analysis(doc: Document, rule) -> Q.Analysis:
    return Q.analyse(doc, rule.params["unit_vocabulary"], rule.params["extra_units"] or None)


def unit_table(rule) -> Q.Units:
    return Q.units(rule.params["unit_vocabulary"], rule.params["extra_units"] or None)


# ---------------------------------------------------------------- styles (each / summary)


class Occurrence(msgspec.Struct):
    start: int
    end: int
    text: str
    expected: str
    edits: list[Edit] = msgspec.field(default_factory=list)


def _unit_space(doc: Document, a: Q.Analysis) -> tuple[list[Occurrence], int]:
    text, out = doc.text.content, []
    for gap, q in a.spaced:
        end = max(q.end, gap.end + 1) if q.unit or q.multiplier else gap.end + 1
        start = q.num_start
        written = text[start:end]
        out.append(Occurrence(start, end, written, written[: gap.start - start] + written[gap.end - start:],
                              [Edit(gap.start, gap.end, "")]))
    return out, a.tight


def _fullwidth(doc: Document, a: Q.Analysis) -> tuple[list[Occurrence], int]:
    text, out = doc.text.content, []
    for q in a.fullwidth:
        written = text[q.num_start:q.num_end]
        half = to_halfwidth_digits(written).replace("．", ".")
        out.append(Occurrence(q.num_start, q.num_end, written, half, [Edit(q.num_start, q.num_end, half)]))
    return out, a.halfwidth


def _separators(doc: Document, a: Q.Analysis, years: bool, right: str) -> tuple[list[Occurrence], int]:
    text, out, good = doc.text.content, [], 0
    for r in a.ranges:
        if r.is_year_span != years:
            continue
        if r.sep not in Q.BAD_RANGE_SEPARATORS:
            good += 1
            continue
        written = text[r.start:r.end]
        at = r.sep_start - r.start
        out.append(Occurrence(r.start, r.end, written, written[:at] + right + written[at + 1:],
                              [Edit(r.sep_start, r.sep_start + 1, right)]))
    return out, good


STYLES = {
    "unit-space": _unit_space,
    "fullwidth-digits": _fullwidth,
    "range-separator": lambda doc, a: _separators(doc, a, False, "～"),
    "year-span-separator": lambda doc, a: _separators(doc, a, True, "—"),
}


def _chinese_occurrences(doc: Document, bad: list[Occurrence], good: int) -> tuple[list[Occurrence], int]:
    """The number conventions are Chinese ones: an English sentence quoted in the draft keeps 2021-2025."""
    text = doc.text.content
    return [o for o in bad if not in_latin_sentence(text, o.start, o.end)], good


def _style(doc: Document, rule) -> tuple[list[Occurrence], int, bool]:
    name = rule.params["style"]
    if name not in STYLES:
        raise ValueError(f"unknown style {name!r} (known: {', '.join(STYLES)})")
    bad, good = doc.memo(f"quantities.style:{name}:{rule.params['unit_vocabulary']}",
                         lambda d: _chinese_occurrences(d, *STYLES[name](d, analysis(d, rule))))
    throughout = (len(bad) >= rule.params["summary_min"]
                  and len(bad) >= rule.params["summary_share"] * (len(bad) + good))
    return bad, good, throughout


@check("quantities.style", params=STYLE, fields=STYLE_FIELDS)
@chinese_only
def style(doc: Document, rule):
    bad, good, throughout = _style(doc, rule)
    if throughout:
        return
    for o in bad:
        yield rule.finding(doc, o.start, o.end, fix=Fix(f"改为“{o.expected}”", o.edits),
                           text=o.text, expected=o.expected, count=1, total=len(bad) + good)


@check("quantities.style-summary", params=STYLE, fields=STYLE_FIELDS)
def style_summary(doc: Document, rule):
    bad, good, throughout = _style(doc, rule)
    if not throughout:
        return
    first = bad[0]
    edits = [e for o in bad for e in o.edits]
    yield rule.finding(doc, first.start, first.end, fix=Fix(f"全文 {len(bad)} 处统一修改", edits),
                       data={"lines": sorted({doc.text.pos(o.start).line for o in bad})},
                       text=first.text, expected=first.expected, count=len(bad), total=len(bad) + good)


# ---------------------------------------------------------------- money without 元


@check("quantities.money-unit", params=UNIT_VOCABULARY, fields=("text", "expected"))
def money_unit(doc: Document, rule):
    a, reg, text = analysis(doc, rule), unit_table(rule), doc.text.content
    range_lows = {id(r.low) for r in a.ranges if r.high.unit}
    for q in a.quantities:
        if not q.multiplier or q.unit or q.numeral != "arabic" or id(q) in range_lows:
            continue
        if not Q.money_context(text, q.num_start, _region_start(a, q.num_start), reg):
            continue
        written = text[q.num_start:q.mult_end]
        expected = to_halfwidth_digits(written).replace(" ", "") + "元"
        yield rule.finding(doc, q.num_start, q.mult_end,
                           fix=Fix(f"补“元”：{expected}", [Edit(q.mult_end, q.mult_end, "元")], Applicability.UNSAFE),
                           text=written, expected=expected)


def _region_start(a: Q.Analysis, offset: int) -> int:
    import bisect

    i = bisect.bisect_right(a.regions, (offset, 1 << 62, "")) - 1
    return a.regions[i][0] if i >= 0 else 0


# ---------------------------------------------------------------- ranges that drop the unit


@check("quantities.range-unit", params={**UNIT_VOCABULARY, "units": ["%", "％", "‰"]}, fields=("text", "expected"))
def range_unit(doc: Document, rule):
    """5～10% and 9～16亿 read as 5 and 10%, 9 and 16亿: the unit goes on both ends (NUM-04)."""
    text, required = doc.text.content, set(rule.params["units"])
    for r in analysis(doc, rule).ranges:
        lo, hi = r.low, r.high
        if r.is_year_span or lo.unit or lo.multiplier:
            continue
        if not (hi.multiplier or hi.unit in required):
            continue
        insert = hi.multiplier + (hi.unit if hi.unit and (hi.multiplier or hi.unit in required) else "")
        written = text[r.start:r.end]
        at = lo.num_end - r.start
        expected = written[:at] + insert + written[at:]
        sep_at = r.sep_start - r.start + len(insert)
        if r.sep in Q.BAD_RANGE_SEPARATORS:  # the separator has its own finding and fix (UNT106)
            expected = expected[:sep_at] + "～" + expected[sep_at + 1:]
        yield rule.finding(doc, r.start, r.end, fix=Fix(f"改为“{expected}”", [Edit(lo.num_end, lo.num_end, insert)]),
                           text=written, expected=expected)


# ---------------------------------------------------------------- years


_SHORT_YEAR_AFTER = lazyre.compile(rf"(?:底|末|初|\d{{1,2}}月|{BLANK}*[-–～~—]{BLANK}*\d{{2}}年)")
_SHORT_YEAR_BEFORE = ("到", "至", "截至", "截止", "于", "—", "～", "~", "-")


@check("quantities.short-year", params={**UNIT_VOCABULARY, "plausible": Param([10, 49], min=0, max=99, length=2)}, fields=("text", "expected"))
def short_year(doc: Document, rule):
    """25年 for 2025年 (NUM-07). Durations (用10年), decades (50年代) and ages are not years: a
    two-digit 年 counts as a year only when a date follows (25年3月, 25年底) or it ends a period
    (到25年, 21-25年)."""
    text = doc.text.content
    low, high = rule.params["plausible"]
    for q in analysis(doc, rule).quantities:
        if (q.unit != "年" or q.numeral != "arabic" or q.decimals or q.multiplier or q.approx
                or q.num_end - q.num_start != 2 or q.suffixes or q.prefix):
            continue
        after = text[q.end:q.end + 8]
        before = text[max(0, q.num_start - 2):q.num_start].rstrip(" \u3000")
        dated = _SHORT_YEAR_AFTER.match(after) is not None
        period = before.endswith(_SHORT_YEAR_BEFORE) and low <= q.number <= high and not after[:1].strip(
            "，,。；;、)）") 
        if not (dated or period):
            continue
        written = text[q.num_start:q.end]
        expected = f"20{to_halfwidth_digits(written[:2])}年"
        yield rule.finding(doc, q.num_start, q.end, fix=Fix(f"改为“{expected}”", [Edit(q.num_start, q.num_end,
                           "20" + to_halfwidth_digits(written[:2]))], Applicability.UNSAFE), text=written, expected=expected)


_ZERO = str.maketrans({"零": "〇", "○": "〇", "Ｏ": "〇", "O": "〇"})


@check("quantities.year-zero", params=UNIT_VOCABULARY, fields=("text", "expected"))
def year_zero(doc: Document, rule):
    """二〇二五年: the zero of a year written in Chinese is 〇 (U+3007), not 零 or ○ (NUM-07)."""
    text = doc.text.content
    for start, end in analysis(doc, rule).cn_years:
        written = text[start:end]
        if not any(c in "零○ＯO" for c in written):
            continue
        expected = written.translate(_ZERO)
        yield rule.finding(doc, start, end, fix=Fix(f"改为“{expected}”", [Edit(start, end, expected)]),
                           text=written + "年", expected=expected + "年")


# ---------------------------------------------------------------- digits and Chinese mixed in a list


_CLAUSE = "，,。；;：:！？!?\n"


@check("quantities.mixed-numerals", params={**UNIT_VOCABULARY, "idioms": ["一", "两"]},
       fields=("text", "expected", "other"))
def mixed_numerals(doc: Document, rule):
    """建设3个园区、五个基地: counts of the same kind in one list take one form, Arabic digits (NUM-01/03)."""
    text = doc.text.content
    idioms = set(rule.params["idioms"])
    clause: list[Q.Quantity] = []
    clause_end = -1
    for q in analysis(doc, rule).quantities + [None]:
        if q is None or q.start > clause_end:
            yield from _mixed(doc, rule, text, clause, idioms)
            if q is None:
                break
            clause = []
            clause_end = _clause_end(text, q.start)
        if q.unit_kind == "count" and q.unit not in ("大", "倍", "级", "星"):
            clause.append(q)


_CLAUSE_STOP = lazyre.compile(r"[，,。；;\n]")


def _clause_end(text: str, at: int) -> int:
    m = _CLAUSE_STOP.search(text, at)
    return m.start() if m else len(text)


def _mixed(doc, rule, text, clause, idioms):
    digits = [q for q in clause if q.numeral == "arabic" and not q.is_year]
    chinese = [q for q in clause if q.numeral == "chinese" and text[q.num_start:q.num_end] not in idioms]
    if not digits or not chinese:
        return
    # only a list: the quantities sit in items separated by 、
    if "、" not in text[min(q.start for q in clause):max(q.end for q in clause)]:
        return
    example = text[digits[0].num_start:digits[0].end]
    for q in chinese:
        written = text[q.num_start:q.end]
        expected = f"{int(q.number)}{q.unit}"
        yield rule.finding(doc, q.num_start, q.end, fix=Fix(f"改为“{expected}”",
                           [Edit(q.num_start, q.num_end, str(int(q.number)))], Applicability.UNSAFE),
                           text=written, expected=expected, other=example)
