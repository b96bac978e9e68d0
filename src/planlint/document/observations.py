"""The indicator model of one document: every place where a draft states an indicator's value — body
text (through the target parser of planlint.document.measures), indicator tables (planlint.document.tables) and 专栏
items — as an Observation: indicator, value, unit, qualifier, year, attribute, role, place.

Years a statement leaves out come from its context and the JSON says where from: a 主要目标 section
or the plan period (十四五 → 2025; “2021—2025年” in the title) for targets, a 发展回顾 section for the
base year. Indicator identity goes through the synonym vocabulary (rules/vocabularies/indicators.yaml);
a name that is only similar to a table's indicator is a loose match, which checks report at most as
info. Computed once per document (Document.memo).
"""
from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from typing import Any

import msgspec

from planlint.document import measures as Q
from planlint.document import target_statements as TS
from planlint.document import tables as T
from planlint.document.model import Document, Heading
from planlint.text.chars import BLANK, RANGE_SEPARATORS, without_spaces
from planlint.text.numerals import to_halfwidth_digits
from planlint.text import lazyre

TARGET, BASE, GROWTH, CUMULATIVE = "target", "base", "growth", "cumulative"
ROLE_LABEL = {TARGET: "目标值", BASE: "基期值", GROWTH: "年均增速", CUMULATIVE: "累计变化"}
LOWER, UPPER, APPROX = "lower", "upper", "approx"  # ≥, ≤, ≈
QUALIFIER_SENSE = {
    "以上": LOWER, "不低于": LOWER, "不少于": LOWER, "超过": LOWER, "高于": LOWER, "大于": LOWER, "逾": LOWER,
    "＞": LOWER, ">": LOWER, "≥": LOWER, "以内": UPPER, "以下": UPPER, "不超过": UPPER, "不高于": UPPER,
    "低于": UPPER, "小于": UPPER, "之内": UPPER, "＜": UPPER, "<": UPPER, "≤": UPPER, "左右": APPROX, "约": APPROX,
    "近": APPROX, "上下": APPROX,
}
ATTRIBUTES = ("约束性", "预期性")
# where a year came from (Observation.year_source), besides a section (章节“主要目标”) or the plan period
STATED, TABLE_HEADER = "stated", "表头"
PERIOD_SOURCE = "规划期"  # year_source of a year taken from the plan period alone

# plan periods named by their five-year plan
_PERIOD_NAMES = {"十三五": (2015, 2020), "十四五": (2020, 2025), "十五五": (2025, 2030), "十六五": (2030, 2035)}
_PERIOD_SPAN = lazyre.compile(rf"((?:19|20)\d{{2}}){BLANK}*年?{BLANK}*[{RANGE_SEPARATORS}至到]{BLANK}*((?:19|20)\d{{2}}){BLANK}*年")
# sections whose statements are about the plan's targets, or about the base year
TARGET_SECTION = lazyre.compile(r"目标|指标|(?:到|至)(?:19|20)\d{2}年")
# a long-range vision (二〇三五年远景目标) is not the plan's target year: no year is guessed there
VISION_SECTION = lazyre.compile(r"远景|展望|二[〇○零Ｏ]三五|2035")
BASE_SECTION = lazyre.compile(r"回顾|(?:发展|现实|坚实|良好)基础|基础(?:条件|与环境)|成就|成效|现状|十三五|过去五年")
# a name's tail that says the role of its value, not the indicator: 地区生产总值年均增长（%）
_ROLE_TAIL = lazyre.compile(r"(?:累计|年均|平均)?(?:增长|增速|增幅|降低|下降|减少|提高|提升)(?:率)?$")
_NAME_NOISE = lazyre.compile(r"[（(][^）)]*[）)]|[\s*＊“”\"‘’'、·：:。，,；;]|^(?:全市|全区|全县|全省|全镇|其中)")
# what the target parser may leave around a name: 推动/实现 before it, 首次 after it
_NAME_LEAD = lazyre.compile(r"^(?:推动|推进|实现|力争|确保|争取|努力|预计|使)(?=.{4})")
_NAME_TAIL = lazyre.compile(r"(?:首次|总体|稳步|持续)$")


class Period(msgspec.Struct):
    base: int | None
    target: int | None
    source: str          # where it was read: "标题“十四五”", "标题“2021—2025年”", "指标表", ""


class Observation(msgspec.Struct):
    indicator: str       # identity: the vocabulary's canonical name, else the normalised name
    name: str            # as written (cleaned)
    value: float         # multiplier applied
    unit: str            # without 万/亿, ％ folded to %
    written: str         # the number as written, with unit and qualifiers
    tolerance: float     # half a unit of the last written digit (multiplier applied)
    qualifier: str       # "", lower, upper, approx
    qualifier_text: str
    year: int | None
    year_source: str     # "stated" | "表头" | "章节“主要目标”" | "规划期“十四五”" ...
    role: str            # target | base | growth | cumulative
    source: str          # text | table | box
    start: int
    end: int
    line: int
    match: str = "exact"  # how the name was matched to its indicator: exact | synonym | similar
    attribute: str = ""   # 约束性 / 预期性, when the table or the enclosing section says so
    attribute_start: int = -1
    stretch: bool = False  # 力争/争取: a stretch goal beside the plain target, compared only with its kind

    def to_dict(self) -> dict[str, Any]:
        return {
            "indicator": self.indicator, "name": self.name, "value": self.value, "unit": self.unit,
            "written": self.written, "qualifier": self.qualifier, "year": self.year,
            "year_source": self.year_source, "role": self.role, "source": self.source, "line": self.line,
            "match": self.match, "attribute": self.attribute,
        }


class AttributeClaim(msgspec.Struct):
    """Text that calls an indicator 约束性 or 预期性 (……等5项约束性指标)."""

    indicator: str
    attribute: str
    start: int           # the indicator's name in the text
    end: int


class Model(msgspec.Struct):
    period: Period
    observations: list[Observation] = msgspec.field(default_factory=list)
    claims: list[AttributeClaim] = msgspec.field(default_factory=list)
    # canonical indicator -> the name a table (or else the first statement) gives it
    display: dict[str, str] = msgspec.field(default_factory=dict)
    # canonical indicator -> (约束性/预期性, offset of the table's 属性 cell), every row with an attribute
    attributes: dict[str, tuple[str, int]] = msgspec.field(default_factory=dict)

    def by_indicator(self) -> dict[str, list[Observation]]:
        out: dict[str, list[Observation]] = {}
        for o in self.observations:
            out.setdefault(o.indicator, []).append(o)
        return out


# ---------------------------------------------------------------- names


@functools.lru_cache(maxsize=4)
def synonyms(name: str = "indicators") -> dict[str, str]:
    """normalised name -> canonical name, from the indicator vocabulary (rules/vocabularies/)."""
    data = Q.vocabulary(name)
    out: dict[str, str] = {}
    for canonical, synonyms in (data.get("indicators") or {}).items():
        canonical = str(canonical)
        key = normalise(canonical)
        out[key] = key
        for s in synonyms or []:
            out.setdefault(normalise(str(s)), key)
    return out


@functools.lru_cache(maxsize=4096)
def normalise(name: str) -> str:
    text = unicodedata.normalize("NFKC", name)
    text = _NAME_TAIL.sub("", _NAME_LEAD.sub("", _NAME_NOISE.sub("", text)))
    text = text.replace("GDP", "地区生产总值").replace("R&D", "研发").replace("Ⅲ", "III")
    while True:
        stripped = _ROLE_TAIL.sub("", text)
        if stripped == text or len(stripped) < 2:
            break
        text = stripped
    return text


def names_of(canonical: str, vocabulary: str = "indicators") -> set[str]:
    """Every normalised name the vocabulary gives an indicator (its own included)."""
    return {k for k, v in synonyms(vocabulary).items() if v == canonical} | {canonical}


def role_tail(name: str) -> str:
    """What a name's tail says of its values: 增长 → growth, 降低 → change, else ''."""
    m = _ROLE_TAIL.search(_NAME_NOISE.sub("", unicodedata.normalize("NFKC", name)))
    return m.group() if m else ""


def _bigrams(s: str) -> set[str]:
    return {s[i:i + 2] for i in range(len(s) - 1)}


def similar(a: str, b: str, threshold: float = 0.8) -> bool:
    """Dice similarity of character bigrams. A name that only adds a place or a scope in front of
    another (高新区地区生产总值 / 地区生产总值), or starts with another one (城镇居民…/农村居民…), is a
    different indicator, not a similar one."""
    if min(len(a), len(b)) < 4 or a.endswith(b) or b.endswith(a) or a[:2] != b[:2]:
        return False
    x, y = _bigrams(a), _bigrams(b)
    return 2 * len(x & y) / (len(x) + len(y)) >= threshold


class Identity:
    """Names → indicators: the vocabulary's synonyms first, then exact normalised names, then similarity to the
    indicators a table of this document defines."""

    def __init__(self, vocabulary: str, known: list[str]):
        # the vocabulary is read when the first name is asked about: a draft without tables or
        # numbered targets asks none and never pays for it
        self._vocabulary = vocabulary
        self._names = known

    @functools.cached_property
    def synonyms(self) -> dict[str, str]:
        return synonyms(self._vocabulary)

    @functools.cached_property
    def known(self) -> list[str]:
        out: list[str] = []
        for k in self._names:
            key = self.synonyms.get(k, k)
            if key not in out:
                out.append(key)
        return out

    def __call__(self, name: str) -> tuple[str, str]:
        key = normalise(name)
        if key in self.synonyms:
            canonical = self.synonyms[key]
            return canonical, "exact" if canonical == key else "synonym"
        if key in self.known:
            return key, "exact"
        near = [k for k in self.known if similar(key, k)]
        if len(near) == 1:
            return near[0], "similar"
        return key, "exact"


# ---------------------------------------------------------------- the plan period


def period(doc: Document) -> Period:
    return doc.memo("indicators:period", _period)


def _period(doc: Document) -> Period:
    head = doc.text.content[:600]
    # the earliest mention wins: the title names its own period before the text recalls the last one
    found = []
    for word, (base, target) in _PERIOD_NAMES.items():
        for written in (f"第{_ordinal(word)}个五年", word):
            at = head.find(written)
            if at >= 0:
                found.append((at, base, target, f"标题“{word}”"))
    m = _PERIOD_SPAN.search(head)
    if m and 0 < int(m.group(2)) - int(m.group(1)) <= 15:
        found.append((m.start(), int(m.group(1)) - 1, int(m.group(2)), f"标题“{m.group()}”"))
    if found:
        _, base, target, source = min(found)
        return Period(base, target, source)
    for table in T.tables(doc):
        b, t = table.column("base"), table.column("target")
        if b is not None and t is not None and b.year and t.year and b.year < t.year:
            return Period(b.year, t.year, "指标表表头")
    return Period(None, None, "")


def _ordinal(word: str) -> str:
    return word[:-1]  # 十四五 -> 十四: 第十四个五年规划


# ---------------------------------------------------------------- building the model


def model(doc: Document, vocabulary: str = "indicators") -> Model:
    return doc.memo(f"indicators:{vocabulary}", lambda d: _model(d, vocabulary))


def _model(doc: Document, vocabulary: str) -> Model:
    per = period(doc)
    tables = T.tables(doc)
    identity = Identity(vocabulary, [normalise(i.clean_name) for t in tables for i in t.indicators])
    out = Model(per)
    for table in tables:
        for ind in table.indicators:
            out.observations.extend(_table_observations(doc, table, ind, identity))
    context = _Context(doc, per)
    out.observations.extend(_text_observations(doc, identity, context))
    out.claims = _claims(doc, identity, tables)
    for table in tables:
        for ind in table.indicators:
            cell = ind.attribute
            text = re.sub(r"\s", "", cell.text) if cell is not None else ""
            if text in ATTRIBUTES:
                out.attributes.setdefault(identity(ind.clean_name)[0], (text, cell.span.start))
    for o in out.observations:
        if o.source == "table" or o.indicator not in out.display:
            out.display.setdefault(o.indicator, o.name)
    out.observations.sort(key=lambda o: o.start)
    return out


def _split_unit(unit: str) -> tuple[str, str]:
    unit = unit.replace("％", "%").strip()
    for m in ("万亿", "亿", "万"):
        if unit.startswith(m) and len(unit) > len(m):
            return m, unit[len(m):]
    return "", unit


def decimals(written: str) -> int:
    m = re.search(r"[.．]([0-9０-９]+)", written)
    return len(m.group(1)) if m else 0


def _cell_qualifier(text: str) -> tuple[str, str]:
    for word, sense in QUALIFIER_SENSE.items():
        if word in text:
            return sense, word
    return "", ""


def _table_observations(doc: Document, table: T.Table, ind: T.Indicator, identity: Identity):
    indicator, match = identity(ind.clean_name)
    mult, unit = _split_unit(ind.unit_text)
    attribute = without_spaces(ind.attribute.text) if ind.attribute is not None else ""
    attribute = attribute if attribute in ATTRIBUTES else ""
    tail = role_tail(ind.clean_name)
    line = doc.text.pos
    for role, cell in ind.values.items():
        value = T.number_of(cell.text)
        if value is None or re.search(r"完成|下达|考核", cell.text):
            continue
        col = table.column(role)
        if role == "growth":
            role = CUMULATIVE if "〔" in cell.text or "[" in cell.text or "【" in cell.text else GROWTH
        elif "〔" in cell.text:
            continue  # a cumulative figure in a year column: the layout is the table's own
        elif tail:
            # 地区生产总值增长（%） | 6.5 | 6: the year columns hold rates, not levels
            if role == BASE:
                continue
            role = GROWTH if re.search(r"增长|增速|增幅", tail) else CUMULATIVE
        sense, word = _cell_qualifier(cell.text)
        scale = Q.MULTIPLIER_VALUE.get(mult, 1.0) if role in (BASE, TARGET) else 1.0
        year = col.year if col is not None and role in (BASE, TARGET) else (table.column("target").year
                                                                           if table.column("target") else None)
        level = role in (BASE, TARGET)
        yield Observation(
            indicator=indicator, name=ind.clean_name, value=value * scale,
            unit=unit if level else _rate_unit(unit), written=cell.text + (ind.unit_text if level else ""),
            tolerance=0.5 * 10 ** -decimals(cell.text) * scale, qualifier=sense, qualifier_text=word,
            year=year, year_source=TABLE_HEADER, role=role, source="table", start=cell.span.start, end=cell.span.end,
            line=line(cell.span.start).line, match=match, attribute=attribute,
            attribute_start=ind.attribute.span.start if attribute else -1)


def _rate_unit(unit: str) -> str:
    """A growth or change column holds % or 百分点 whatever the level's unit is."""
    return unit if unit in ("%", "个百分点", "百分点") else "%"


class _Context:
    """Which heading each offset sits under, and what that says about years and attributes (worked
    out once per heading: a long draft states many figures under each)."""

    def __init__(self, doc: Document, per: Period):
        self.per = per
        # a run-in heading's title carries text too (1．森林覆盖率达到43%。): it sits under itself
        places = [(b.span.start, b.heading) for b in doc.blocks if b.kind in ("body", "table")]
        places += [(h.title_span.start, h) for h in doc.headings if not h.in_toc]
        places.sort(key=lambda p: p[0])
        self.starts = [p[0] for p in places]
        self.headings = [p[1] for p in places]
        self._known: dict[int, tuple] = {}

    def of(self, offset: int) -> tuple:
        """(year, year source, is base, in a 专栏, attribute, attribute offset) at offset."""
        i = bisect.bisect_right(self.starts, offset) - 1
        heading = self.headings[i] if i >= 0 else None
        key = id(heading)
        if key not in self._known:
            chain = []
            node = heading
            while node is not None:
                chain.append(node)
                node = node.parent
            self._known[key] = (*self._year(chain), any(h.kind == "box" for h in chain), *self._attribute(chain))
        return self._known[key]

    def _year(self, chain: list[Heading]) -> tuple[int | None, str, bool]:
        """(year, where it comes from, is it the base year) for a statement without a year: its
        section's (发展回顾 → base year, 主要目标 → target year), else the plan period's end."""
        for h in chain:
            if h.kind == "box":
                continue
            if VISION_SECTION.search(h.title):
                return None, "", False
            if BASE_SECTION.search(h.title) and self.per.base:
                return self.per.base, f"章节“{h.title[:12]}”", True
            if TARGET_SECTION.search(h.title) and self.per.target:
                return self.per.target, f"章节“{h.title[:12]}”", False
        if self.per.target:
            return self.per.target, PERIOD_SOURCE + self.per.source[2:], False
        return None, "", False

    @staticmethod
    def _attribute(chain: list[Heading]) -> tuple[str, int]:
        for h in chain:
            for a in ATTRIBUTES:
                if h.title.startswith(a) or h.title.startswith(a[:2] + "类"):
                    return a, h.title_span.start
        return "", -1


_CHANGE_PREFIX = ("累计",)


def _text_observations(doc: Document, identity: Identity, ctx: _Context):
    line = doc.text.pos
    content = doc.text.content
    for t in TS.targets(doc):
        q = t.quantity
        if q.approx or not (q.unit or q.multiplier) or len(t.subject) < 3:
            continue
        role = _text_role(t)
        if role is None:
            continue
        year, source = t.year, STATED
        c_year, c_source, is_base, in_box, attribute, a_start = ctx.of(q.start)
        if year is None:
            year, source = c_year, c_source
            if is_base and role == TARGET:
                role = BASE
        elif ctx.per.base and year == ctx.per.base and role == TARGET:
            role = BASE
        if role in (GROWTH, CUMULATIVE) and t.year is not None and ctx.per.target and t.year != ctx.per.target:
            continue  # 比2020年提高: the year is the comparison's base, not the period's end
        if _generic(t.subject):
            continue
        indicator, match = identity(t.subject)
        sense = next((QUALIFIER_SENSE[w] for w in (q.prefix, *q.suffixes) if w in QUALIFIER_SENSE), "")
        word = next((w for w in (q.prefix, *q.suffixes) if w in QUALIFIER_SENSE), "")
        scale = Q.MULTIPLIER_VALUE.get(q.multiplier, 1.0)
        o = Observation(
            indicator=indicator, name=t.subject, value=q.number * scale, unit=q.unit.replace("％", "%"),
            written=content[q.start:q.end], tolerance=0.5 * 10 ** -q.decimals * scale, qualifier=sense,
            qualifier_text=word, year=year, year_source=source, role=role,
            source="box" if in_box else "text", start=q.num_start, end=q.end,
            line=line(q.num_start).line, match=match, attribute=attribute, attribute_start=a_start,
            stretch=_stretch(content, t))
        yield o
        if role == TARGET:
            growth = _growth_after(doc, t, o)
            if growth is not None:
                yield growth


# 地区生产总值达到1000亿元，年均增长7.5%: the growth clause has no subject of its own
_GROWTH_AFTER = lazyre.compile(rf"[，,]{BLANK}*(?:年均|平均每年|年平均)(?:增长|增速|递增)(?:为|达到?)?{BLANK}*"
                           rf"(?P<prefix>约|超过|不低于)?(?P<num>[0-9０-９]+(?:[.．][0-9０-９]+)?){BLANK}*[%％]"
                           r"(?P<suffix>左右|以上|以内)?")


def _growth_after(doc: Document, t: TS.Target, o: Observation) -> Observation | None:
    content = doc.text.content
    m = _GROWTH_AFTER.match(content, t.quantity.end)
    if m is None:
        return None
    num = to_halfwidth_digits(m.group("num")).replace("．", ".")
    word = m.group("prefix") or m.group("suffix") or ""
    start = m.start("num")
    return msgspec.structs.replace(
        o, value=float(num), unit="%", written=content[start:m.end()], tolerance=0.5 * 10 ** -decimals(num),
        qualifier=QUALIFIER_SENSE.get(word, ""), qualifier_text=word, role=GROWTH, start=start, end=m.end(),
        line=doc.text.pos(start).line)


_STRETCH = lazyre.compile(r"力争|争取|努力|冲刺|确保")


def _stretch(content: str, t: TS.Target) -> bool:
    """力争达到1100亿元 beside 达到1000亿元: the clause before the number says it is a stretch goal
    (确保 is the floor beside it: also not the plain target)."""
    floor = max(t.subject_start - 40, 0)
    clause_start = max(content.rfind(c, floor, t.subject_start) for c in "，,。；;\n") + 1
    return bool(_STRETCH.search(content, max(clause_start, floor), t.quantity.num_start))


def _generic(subject: str) -> bool:
    """年均增速, 增长率, 总量: a word for a kind of value, not an indicator."""
    key = _NAME_NOISE.sub("", unicodedata.normalize("NFKC", subject))
    return len(key) < 3 or bool(_ROLE_TAIL.fullmatch(key)) or key in ("总量", "规模", "总额", "比重", "占比")


def _text_role(t: TS.Target) -> str | None:
    if t.verb_class == "level":
        return TARGET
    if t.verb_class == "growth" and t.verb.startswith(("年均", "平均")):
        return GROWTH
    if t.verb_class == "change" and (t.verb.startswith(_CHANGE_PREFIX) or "百分点" in t.quantity.unit):
        return CUMULATIVE
    return None


# ---------------------------------------------------------------- attributes stated in text


# the clause that gives the attribute: 其中，森林覆盖率、耕地保有量为约束性指标 (the names share its clause)
_ATTRIBUTE_SENTENCE = lazyre.compile(r"[^。；;，,\n]*(约束性|预期性)指标[^。；;，,\n]*")


def _claims(doc: Document, identity: Identity, tables: list[T.Table]) -> list[AttributeClaim]:
    """……森林覆盖率等3项为约束性指标: the table's indicators named in a sentence that gives one attribute."""
    names = {i.clean_name for t in tables for i in t.indicators if len(i.clean_name) >= 4}
    if not names:
        return []
    out = []
    content = doc.text.content
    for b in doc.body_blocks():
        text = content[b.span.start:b.span.end]
        if "性指标" not in text:
            continue
        for m in _ATTRIBUTE_SENTENCE.finditer(text):
            said = {a for a in ATTRIBUTES if a in m.group()}
            if len(said) != 1:
                continue
            attribute = said.pop()
            taken: list[tuple[int, int]] = []
            # longest names first: 森林覆盖率 inside 单位地区生产总值能源消耗降低 is not a claim
            for name in sorted(names, key=len, reverse=True):
                at = m.group().find(name)
                if at < 0 or any(a <= at < b for a, b in taken):
                    continue
                taken.append((at, at + len(name)))
                start = b.span.start + m.start() + at
                out.append(AttributeClaim(identity(name)[0], attribute, start, start + len(name)))
    return out


# ---------------------------------------------------------------- reconciling


_CHANGE_UNITS = {"%", "百分点", "个百分点"}


def same_unit(a: Observation, b: Observation) -> bool:
    """A growth or cumulative change in % of a rate is 百分点 in another place: the table's 〔〕
    column does not say which."""
    if not a.unit or not b.unit or a.unit == b.unit:
        return True
    return a.role in (GROWTH, CUMULATIVE) and a.unit in _CHANGE_UNITS and b.unit in _CHANGE_UNITS


def agree(a: Observation, b: Observation) -> bool:
    """The same value within the rounding of the digits each one prints, and no other unit."""
    if not same_unit(a, b):
        return False
    # strictly within half a unit of the coarser digit: 7 (±0.5) is not 7.5, which would round to 8
    return abs(a.value - b.value) < max(a.tolerance, b.tolerance) * (1 - 1e-9)


def groups(m: Model, roles=(TARGET, BASE, GROWTH, CUMULATIVE)) -> list[list[Observation]]:
    """Observations of one indicator, year and role on more than one line: they must agree."""
    out: dict[tuple, list[Observation]] = {}
    for o in m.observations:
        if o.role in roles and o.year is not None:
            out.setdefault((o.indicator, o.year, o.role, o.stretch), []).append(o)
    # a year taken from the plan period alone is the weakest guess: such statements are compared with
    # a table or a statement that names its year (or its section's), never only with each other
    return [g for g in out.values() if len({o.line for o in g}) > 1
            and any(not o.year_source.startswith(PERIOD_SOURCE) for o in g)]


MAX_VALUES = 3  # more distinct values than this: places or years listed, not one figure mistyped


def outliers(group: list[Observation]) -> tuple[list[Observation], list[Observation]]:
    """(the statements most places agree on, table first; the others). A tie goes to the table,
    then to the earliest statement. A group with more than MAX_VALUES distinct values is no slip
    (each town's 常住人口, a template filled in per section): all agree, as far as a check cares."""
    clusters: list[list[Observation]] = []
    # one sweep over the values in order: linear after the sort, however large the group
    for o in sorted(group, key=lambda o: (o.unit, o.value)):
        if clusters and agree(clusters[-1][0], o):
            clusters[-1].append(o)
        else:
            clusters.append([o])
    if len(clusters) > MAX_VALUES:
        return sorted(group, key=lambda o: (o.source != "table", o.start)), []
    clusters.sort(key=lambda c: (-len(c), not any(o.source == "table" for o in c), min(o.start for o in c)))
    # the table first: it is the place a reader checks the others against
    majority = sorted(clusters[0], key=lambda o: (o.source != "table", o.start))
    return majority, sorted((o for c in clusters[1:] for o in c), key=lambda o: o.start)


def reconcile(m: Model) -> dict[int, str]:
    """id(observation) -> "agrees" | "differs" for every observation compared with another."""
    status: dict[int, str] = {}
    for g in groups(m):
        majority, odd = outliers(g)
        status.update((id(o), "agrees") for o in majority)
        status.update((id(o), "differs") for o in odd)
    return status
