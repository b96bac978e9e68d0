"""Quantities: a small scanner that reads every number of a draft with its multiplier, unit and
qualifiers, and the ranges and year spans they form (the targets built on them are
target_statements.py).

The vocabulary lives in YAML (rules/vocabularies/units.yaml, rules/vocabularies/targets.yaml); users
extend it through rule params. The analysis runs once per document (Document.memo) and every
unit/target/arithmetic check reads it.
"""
from __future__ import annotations

import functools
import re

import msgspec

from planlint.document.model import Document, Span
from planlint.text.chars import BLANK, NBSP, RANGE_SEPARATORS, SPACES, is_han
from planlint.text.numerals import cn_to_int, to_halfwidth_digits
from planlint.resources import vocabulary_dir
from planlint.text import lazyre, programs

SPACE = SPACES + NBSP
_ARABIC = lazyre.compile(r"[0-9０-９]+(?:,[0-9]{3}(?![0-9]))*(?:[.．][0-9０-９]+)?")
# a number glued to Latin letters, a slash or another number is a code, not a quantity: 5G, PM2.5
_NOT_BEFORE = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_/.．:")
_CN_NUMERAL = "一二三四五六七八九十两百千〇零"
_BAD_ZERO = "零○ＯO"
_NUMERAL = lazyre.compile(f"[0-9０-９{_CN_NUMERAL}]")  # what _ARABIC, counter_re and _CN_YEAR start with
_CN_YEAR = lazyre.compile(rf"[一二](?:{BLANK}?[〇零○ＯO一二三四五六七八九]){{3}}(?={BLANK}?年)")
BAD_RANGE_SEPARATORS = "-–－~"
_CAPTION_BEFORE = lazyre.compile(rf"(?:表|图|专栏|附表|附图|附件|第|编号|号|No\.?){BLANK}*$")
PREFIX_QUALIFIERS = ("不低于", "不少于", "不超过", "不高于", "超过", "高于", "低于", "大于", "小于", "约", "近", "逾")
SUFFIX_QUALIFIERS = ("左右", "以上", "以内", "以下", "上下", "之内")


# ---------------------------------------------------------------- vocabularies


@functools.lru_cache(maxsize=16)
def _load_yaml(name: str) -> dict:
    from planlint.safeload import load_yaml_file

    return load_yaml_file(vocabulary_dir() / f"{name}.yaml", "单位表", trusted=True) or {}


class Units(msgspec.Struct):
    kinds: dict[str, str]            # unit -> kind
    multipliers: tuple[str, ...]
    counters: frozenset[str]
    money_words: tuple[str, ...]
    other_words: tuple[str, ...]
    unit_re: re.Pattern
    counter_re: re.Pattern           # Chinese numeral + counter: 五大, 十项

    def kind(self, unit: str) -> str:
        return self.kinds.get(unit, "")


@functools.lru_cache(maxsize=16)
def _units(name: str, extra: tuple[tuple[str, str], ...]) -> Units:
    data = _load_yaml(name)
    kinds: dict[str, str] = {}
    for kind, names in (data.get("units") or {}).items():
        for unit in names or []:
            kinds[str(unit)] = str(kind)
    kinds.update(dict(extra))
    ordered = sorted(kinds, key=len, reverse=True)
    counters = frozenset(str(c) for c in data.get("counters") or [])
    # longest first, then by code point: the same pattern in every process (a set's order is not)
    cn_counter = "|".join(re.escape(c) for c in sorted(counters, key=lambda c: (-len(c), c))) or "(?!)"
    return Units(
        kinds=kinds,
        multipliers=tuple(data.get("multipliers") or ("万亿", "亿", "万")),
        counters=counters,
        money_words=tuple(data.get("money_words") or ()),
        other_words=tuple(data.get("other_words") or ()),
        unit_re=programs.compile("|".join(re.escape(u) for u in ordered) or "(?!)"),
        counter_re=programs.compile(rf"([{_CN_NUMERAL}]+)(?={cn_counter})"),
    )


def units(name: str = "units", extra: dict | None = None) -> Units:
    return _units(name, tuple(sorted((extra or {}).items())))


def vocabulary(name: str = "targets") -> dict:
    return _load_yaml(name)


# ---------------------------------------------------------------- data


MULTIPLIER_VALUE = {"万": 1e4, "亿": 1e8, "万亿": 1e12}


class Quantity(msgspec.Struct):
    start: int                 # the whole quantity, qualifiers included
    end: int
    num_start: int             # the number as written
    num_end: int
    number: float
    decimals: int
    numeral: str = "arabic"    # "arabic" | "chinese"
    fullwidth: bool = False
    approx: str = ""           # 多 / 余 between number and unit
    multiplier: str = ""
    mult_end: int = -1
    unit: str = ""
    unit_kind: str = ""
    unit_start: int = -1
    gaps: list[Span] = msgspec.field(default_factory=list)  # whitespace between number, multiplier and unit
    prefix: str = ""           # 约, 超过 ...
    suffixes: list[str] = msgspec.field(default_factory=list)  # 左右, 以上 ...

    @property
    def value(self) -> float:
        return self.number * MULTIPLIER_VALUE.get(self.multiplier, 1.0)

    @property
    def is_year(self) -> bool:
        return (self.unit == "年" and self.numeral == "arabic" and not self.multiplier and not self.decimals
                and self.num_end - self.num_start == 4 and 1900 <= self.number <= 2100)

    @property
    def unit_text(self) -> str:
        return self.multiplier + self.unit

    def written(self, text: str) -> str:
        return text[self.num_start:self.end]


class Range(msgspec.Struct):
    low: Quantity
    high: Quantity
    sep: str
    sep_start: int

    @property
    def start(self) -> int:
        return self.low.num_start

    @property
    def end(self) -> int:
        return self.high.end

    @property
    def is_year_span(self) -> bool:
        lo, hi = self.low, self.high
        four = all(q.numeral == "arabic" and q.num_end - q.num_start == 4 and not q.decimals for q in (lo, hi))
        return (four and 1900 <= lo.number < hi.number <= min(lo.number + 50, 2100)
                and lo.unit in ("", "年") and hi.unit in ("", "年") and not lo.multiplier and not hi.multiplier)


class Analysis(msgspec.Struct):
    regions: list[tuple[int, int, str]]              # (start, end, block kind)
    quantities: list[Quantity] = msgspec.field(default_factory=list)
    ranges: list[Range] = msgspec.field(default_factory=list)
    spaced: list[tuple[Span, Quantity]] = msgspec.field(default_factory=list)  # space before a CJK unit / %
    tight: int = 0                                    # numbers written against their unit
    fullwidth: list[Quantity] = msgspec.field(default_factory=list)
    halfwidth: int = 0
    cn_years: list[tuple[int, int]] = msgspec.field(default_factory=list)  # 二〇二五 spans (the 年 excluded)


# ---------------------------------------------------------------- scanning


def regions(doc: Document) -> list[tuple[int, int, str]]:
    """The text that carries quantities: body and table blocks and heading titles (never the
    markers, never the 目录 with its page numbers)."""
    out = [(b.span.start, b.span.end, b.kind) for b in doc.blocks if b.kind != "toc"]
    out += [(h.title_span.start, h.title_span.end, "title") for h in doc.headings if not h.in_toc]
    out.sort()
    return out


def analyse(doc: Document, unit_vocabulary: str = "units", extra_units: dict | None = None) -> Analysis:
    key = f"quantities:{unit_vocabulary}:{sorted((extra_units or {}).items())}"
    return doc.memo(key, lambda d: _analyse(d, units(unit_vocabulary, extra_units)))


def _analyse(doc: Document, reg: Units) -> Analysis:
    text = doc.text.content
    result = Analysis(regions(doc))
    for start, end, kind in result.regions:
        _scan_region(text, start, end, kind, reg, result)
    result.quantities.sort(key=lambda q: q.start)
    return result


def _scan_region(text: str, start: int, end: int, kind: str, reg: Units, out: Analysis) -> None:
    if _NUMERAL.search(text, start, end) is None:
        return  # every pattern below starts with a digit or a Chinese numeral: half the regions have none
    pos = start
    previous: Quantity | None = None
    for m in _ARABIC.finditer(text, start, end):
        a = m.start()
        if a < pos:
            continue
        if a > start and (text[a - 1] in _NOT_BEFORE or text[a - 1] in "-–－+" and _is_code(text, a, start)):
            pos = m.end()
            continue
        q = _read(text, m, end, reg)
        pos = q.end
        out.quantities.append(q)
        if q.fullwidth:
            out.fullwidth.append(q)
        else:
            out.halfwidth += 1
        if kind != "table":
            _spacing(text, q, end, reg, out)
        if previous is not None:
            rng = _range(text, previous, q, start)
            if rng is not None:
                out.ranges.append(rng)
        previous = q
    for m in reg.counter_re.finditer(text, start, end):
        if m.start() > start and text[m.start() - 1] in "第" + _CN_NUMERAL:
            continue  # an ordinal (第三个) or the tail of a longer numeral
        value = cn_to_int(m.group(1))
        if value is None or value == 0:
            continue
        unit = reg.unit_re.match(text, m.end(), end)
        u = unit.group() if unit else ""
        out.quantities.append(Quantity(
            start=m.start(), end=m.end() + len(u), num_start=m.start(), num_end=m.end(), number=float(value),
            decimals=0, numeral="chinese", unit=u, unit_kind=reg.kind(u), unit_start=m.end()))
    for m in _CN_YEAR.finditer(text, start, end):
        if m.start() == start or text[m.start() - 1] not in _CN_NUMERAL + "○Ｏ":
            out.cn_years.append((m.start(), m.end()))


def _is_code(text: str, a: int, floor: int) -> bool:
    """A number after a hyphen is a range end (5-10) unless the hyphen follows a code (G-20)."""
    b = a - 1
    return b == floor or not (text[b - 1].isdigit() or text[b - 1] in SPACE)


def skip_space(text: str, i: int, end: int) -> int:
    while i < end and text[i] in SPACE:
        i += 1
    return i


def _read(text: str, m: re.Match, end: int, reg: Units) -> Quantity:
    raw = m.group()
    half = to_halfwidth_digits(raw).replace("．", ".").replace(",", "")
    try:
        number = float(half)
    except ValueError:
        number = 0.0
    q = Quantity(start=m.start(), end=m.end(), num_start=m.start(), num_end=m.end(), number=number,
                 decimals=len(half.split(".")[1]) if "." in half else 0,
                 fullwidth=not raw.isascii())  # _ARABIC's only non-ASCII characters: ０-９ and ．
    i = m.end()
    j = skip_space(text, i, end)
    if j < end and text[j] in "多余":
        q.approx, i = text[j], j + 1
        j = skip_space(text, i, end)
    for mult in reg.multipliers if text.startswith(reg.multipliers, j) else ():
        if text.startswith(mult, j) and j + len(mult) <= end:
            if j > i:
                q.gaps.append(Span(i, j))
            q.multiplier, i = mult, j + len(mult)
            q.mult_end = i
            j = skip_space(text, i, end)
            break
    unit = reg.unit_re.match(text, j, end)
    if unit:
        if j > i:
            q.gaps.append(Span(i, j))
        q.unit, q.unit_kind, q.unit_start, i = unit.group(), reg.kind(unit.group()), j, unit.end()
    q.end = i
    # qualifiers: 约/超过 before, 左右/以上 after (possibly two: 以上左右)
    k = skip_space(text, i, end)
    while text.startswith(SUFFIX_QUALIFIERS, k):
        for s in SUFFIX_QUALIFIERS:
            if text.startswith(s, k):
                q.suffixes.append(s)
                q.end = k = k + len(s)
                break
        else:
            break
    before = text[max(0, q.num_start - 5):q.num_start]
    stripped = before.rstrip(SPACE)
    for p in PREFIX_QUALIFIERS if stripped.endswith(PREFIX_QUALIFIERS) else ():
        if stripped.endswith(p):
            q.prefix = p
            q.start = q.num_start - (len(before) - len(stripped)) - len(p)
            break
    return q


def _spacing(text: str, q: Quantity, end: int, reg: Units, out: Analysis) -> None:
    """Record whether the number stands against the Chinese word or % that follows it."""
    if q.gaps:
        for gap in q.gaps:
            out.spaced.append((gap, q))
        return
    i = q.num_end + len(q.approx)
    j = skip_space(text, i, end)
    if j < end and (is_han(text[j]) or text[j] in "%％‰"):  # its unit: a Chinese word, a percent sign
        if j > i:
            out.spaced.append((Span(i, j), q))
        else:
            out.tight += 1


def _range(text: str, low: Quantity, high: Quantity, floor: int) -> Range | None:
    between = text[low.end:high.num_start]
    sep = between.strip(SPACE)
    if len(sep) != 1 or sep not in RANGE_SEPARATORS or low.suffixes or high.prefix:
        return None
    if _CAPTION_BEFORE.search(text, max(floor, low.num_start - 6), low.num_start):
        return None
    # dates (2022-11-08), document numbers and phone numbers continue after the second number
    after = text[high.end:high.end + 2]
    if after[:1] in "-–－/" and after[1:2].isdigit():
        return None
    if low.num_start > floor and text[low.num_start - 1] in "-–－/":
        return None
    rng = Range(low, high, sep, low.end + between.index(sep))
    if rng.is_year_span:
        return rng
    if not (high.unit or high.multiplier or low.unit):
        return None  # 3-2: a code, a score or a version, not a range
    if low.value > high.value and (low.unit_text == high.unit_text or not low.unit_text):
        return None
    return rng


# ---------------------------------------------------------------- targets


def money_context(text: str, at: int, floor: int, reg: Units) -> bool:
    """Is the quantity at `at` an amount of money? The last telling word of its clause decides."""
    i = at
    while i > floor and text[i - 1] not in "。；;！？!?\n" and at - i < 40:
        i -= 1
    clause = text[i:at]
    best_money = max((clause.rfind(w) + len(w) for w in reg.money_words if w in clause), default=-1)
    best_other = max((clause.rfind(w) + len(w) for w in reg.other_words if w in clause), default=-1)
    return best_money > best_other
