"""Targets and indicator tables (standards notes UNIT-07, IND-01..IND-07): a rate's change in
个百分点, rates above 100%, contradictory qualifiers, 完成上级下达任务 for 预期性 indicators, the same
indicator stated differently in one draft, and the form of the 主要指标 table."""
from __future__ import annotations

import msgspec

from planlint.document import measures as Q
from planlint.document import target_statements as TS
from planlint.document import tables as T
from planlint.document.model import Applicability, Document, Edit, Fix
from planlint.checks import bounded_param, check
from planlint.checks.quantities import UNIT_VOCABULARY
from planlint.text.chars import BLANK, without_spaces
from planlint.text import lazyre


VOCABULARY = {**UNIT_VOCABULARY, "vocabulary": "targets"}


def text_targets(doc: Document, rule) -> list[TS.Target]:
    return TS.targets(doc, rule.params["unit_vocabulary"], rule.params["vocabulary"], rule.params["extra_units"] or None)


def vocabulary(rule) -> TS.TargetVocabulary:
    return TS.target_vocabulary(rule.params["vocabulary"])


def _written(doc: Document, q: Q.Quantity) -> str:
    return doc.text.content[q.start:q.end]


def _rate_targets(doc: Document, rule, verb_class: str):
    """(subject, quantity) of targets in % whose subject is a rate or share (率, 比重, 占比 …) with a
    verb of this class. A 分别 list pairs its subjects with its values by position."""
    for t in text_targets(doc, rule):
        voc = vocabulary(rule)  # here, not before the loop: a draft without targets never loads it
        if t.verb_class != verb_class or (verb_class == "change" and _relative(doc, t, voc)):
            continue
        pairs = _respective_pairs(doc, rule, t)
        if pairs is None:
            pairs = [(t.subject, t.quantity)]
        elif verb_class == "change" and not all(TS.is_rate(s, voc) for s, _ in pairs):
            # 人数、数量和比重分别下降a%、b%和c%: a count changes relatively, so the whole list speaks
            # of relative changes; nothing can be said about 个百分点
            continue
        for subject, q in pairs:
            if q.unit in ("%", "％") and TS.is_rate(subject, voc):
                yield subject, q


def _relative(doc: Document, t: TS.Target, voc: TS.TargetVocabulary) -> bool:
    """平均下降24%: a word of the vocabulary right before the verb makes the change relative."""
    text = doc.text.content
    verb_at = text.rfind(t.verb, t.subject_start, t.quantity.start)
    before = text[t.subject_start:verb_at].rstrip(" \u3000")
    return verb_at > 0 and bool(voc.relative_change) and before.endswith(voc.relative_change)


# the conjunction before the last subject; not the 及 of 普及/涉及 or the 与 of 参与
_LAST_JOIN = lazyre.compile(r"以及|(?<![普涉波惠顾触企])及|(?<![饱中温缓])和|(?<![参给])与")
_VALUE_SEP = lazyre.compile(rf"{BLANK}*(?:、|，|,|以及|及|和|与){BLANK}*")


def _respective_pairs(doc: Document, rule, t: TS.Target) -> list[tuple[str, Q.Quantity]] | None:
    """A、B和C分别提高x、y和z: [(A, x), (B, y), (C, z)]. None when the target has no 分别; an empty
    list when the subjects and values do not pair one to one (no conclusion can be drawn)."""
    text = doc.text.content
    if "分别" not in text[t.subject_start:t.quantity.start]:
        return None
    subjects = t.subject.split("、")
    subjects[-1:] = _LAST_JOIN.split(subjects[-1], maxsplit=1)
    values = _following_values(doc, rule, t.quantity)
    if len(subjects) < 2 or len(subjects) != len(values) or not all(subjects):
        return []
    return list(zip(subjects, values))


def _following_values(doc: Document, rule, first: Q.Quantity) -> list[Q.Quantity]:
    """The quantity and those listed right after it (37.6%、70.8%和38.9%)."""
    from planlint.checks.quantities import analysis

    text, out = doc.text.content, [first]
    qs = analysis(doc, rule).quantities
    # the analysis depends on the rule's units: one index per analysis
    index = doc.memo(f"targets.quantity_index:{id(qs)}", lambda d: {q.num_start: i for i, q in enumerate(qs)})
    for i in range(index.get(first.num_start, len(qs)) + 1, len(qs)):
        if not _VALUE_SEP.fullmatch(text, out[-1].end, qs[i].start):
            break
        out.append(qs[i])
    return out


@check("targets.percent-change", params=VOCABULARY, fields=("subject", "text", "expected"))
def percent_change(doc: Document, rule):
    """城镇化率提高5%: a change of a rate or share is stated in 个百分点 (UNIT-07)."""
    for subject, q in _rate_targets(doc, rule, "change"):
        text = doc.text.content[q.num_start:q.end]
        unit_end = q.unit_start + len(q.unit)
        expected = doc.text.content[q.num_start:q.unit_start] + "个百分点" + doc.text.content[unit_end:q.end]
        yield rule.finding(doc, q.num_start, q.end,
                           fix=Fix("改为“个百分点”", [Edit(q.unit_start, unit_end, "个百分点")], Applicability.UNSAFE),
                           subject=subject, text=text, expected=expected)


@check("targets.rate-over-100", params=VOCABULARY, fields=("subject", "text"))
def rate_over_100(doc: Document, rule):
    """覆盖率达到120%, 比例达到100%以上: a share cannot exceed the whole (IND-07.3)."""
    # the vocabulary is fetched where needed: a draft with no target and no % column never loads it
    for subject, q in _rate_targets(doc, rule, "level"):
        if subject.endswith(vocabulary(rule).may_exceed_100):
            continue
        above = q.number > 100 or (q.number == 100 and ("以上" in q.suffixes or q.prefix in ("超过", "高于", "逾")))
        if above:
            yield rule.finding(doc, q.start, q.end, subject=subject, text=_written(doc, q))
    for table in T.tables(doc):
        for ind in table.indicators:
            name = ind.clean_name
            if ind.unit_text not in ("%", "％") or not TS.is_rate(name, voc := vocabulary(rule)) \
                    or name.endswith(voc.may_exceed_100):
                continue
            for role in ("base", "target"):
                cell = ind.values.get(role)
                value = T.number_of(cell.text) if cell else None
                if value is not None and value > 100 and "〔" not in cell.text:
                    yield rule.finding(doc, cell.span.start, cell.span.end, subject=ind.clean_name,
                                       text=cell.text + ind.unit_text)


QUALIFIER_PAIRS = [["左右", "以上"], ["左右", "以内"], ["左右", "以下"], ["约", "以上"], ["近", "以上"]]


@check("targets.qualifiers", params={**VOCABULARY, "pairs": QUALIFIER_PAIRS}, fields=("text", "first", "second"))
def qualifiers(doc: Document, rule):
    """左右 with 以上 (IND-06), or 约……左右 (NUM-16): the pairs are a parameter."""
    from planlint.checks.quantities import analysis

    pairs = [tuple(p) for p in rule.params["pairs"]]
    for q in analysis(doc, rule).quantities:
        present = ([q.prefix] if q.prefix else []) + q.suffixes
        if len(present) < 2:
            continue
        for first, second in pairs:
            if first in present and second in present:
                yield rule.finding(doc, q.start, q.end, text=_written(doc, q), first=first, second=second)
                break



@check("targets.assigned-task", params={"pattern": "完成.{0,6}下达", "attribute": "预期性"},
       fields=("name", "text", "attribute"))
def assigned_task(doc: Document, rule):
    """完成上级下达任务 is a target only for 约束性 indicators (IND-06)."""
    pattern = bounded_param(rule, "pattern")  # config may set it: time-bounded
    for table in T.tables(doc):
        for ind in table.indicators:
            if ind.attribute is None or ind.attribute.text.replace(" ", "") != rule.params["attribute"]:
                continue
            for cell in ind.values.values():
                if pattern.search(cell.text):
                    yield rule.finding(doc, cell.span.start, cell.span.end, name=ind.clean_name, text=cell.text,
                                       attribute=ind.attribute.text)
                    break


# ---------------------------------------------------------------- the same indicator, stated twice


class Statement(msgspec.Struct):
    subject: str
    year: int
    unit: str        # without 万/亿
    value: float     # multiplier applied
    tolerance: float  # half a unit of the last written digit
    start: int
    end: int


def _statement(subject, year, unit, number, decimals, multiplier, start, end) -> Statement:
    scale = Q.MULTIPLIER_VALUE.get(multiplier, 1.0)
    return Statement(subject, year, unit.replace("％", "%"), number * scale, 0.5 * 10 ** -decimals * scale,
                     start, end)


def _statements(doc: Document, rule) -> list[Statement]:
    """Text levels with a year, and the base and target cells of indicator tables."""
    out = []
    for t in text_targets(doc, rule):
        q = t.quantity
        if (t.verb_class == "level" and t.year is not None and not q.approx and len(t.subject) >= 4
                and t.subject not in vocabulary(rule).generic_subjects):
            out.append(_statement(t.subject, t.year, q.unit, q.number, q.decimals, q.multiplier, q.num_start, q.end))
    for table in T.tables(doc):
        for ind in table.indicators:
            unit = ind.unit_text
            mult = next((m for m in ("万亿", "亿", "万") if unit.startswith(m)), "")
            for role in ("base", "target"):
                cell, col = ind.values.get(role), table.column(role)
                value = T.number_of(cell.text) if cell else None
                if value is None or col is None or col.year is None or "〔" in cell.text:
                    continue
                decimals = len(cell.text.split(".")[1].rstrip("%％ ")) if "." in cell.text else 0
                out.append(_statement(ind.clean_name, col.year, unit[len(mult):], value, decimals, mult,
                                      cell.span.start, cell.span.end))
    return out


@check("targets.consistency", params=VOCABULARY, fields=("subject", "year", "text", "other"))
def consistency(doc: Document, rule):
    """The same indicator for the same year has one value and one unit in a draft (IND-07.1)."""
    content = doc.text.content
    seen: dict[tuple[str, int], Statement] = {}
    line = doc.text.pos
    for st in sorted(_statements(doc, rule), key=lambda s: s.start):
        key = (TS.subject_key(st.subject), st.year)
        first = seen.setdefault(key, st)
        # one paragraph may state the same indicator for several places (each town's 常住人口)
        if first is st or line(first.start).line == line(st.start).line:
            continue
        if first.unit and st.unit and first.unit != st.unit:
            differs = True
        else:
            differs = abs(first.value - st.value) > max(first.tolerance, st.tolerance)
        if differs:
            yield rule.finding(doc, st.start, st.end, related=[rule.related(doc, first.start, "另一处")],
                               subject=st.subject, year=st.year, text=content[st.start:st.end],
                               other=content[first.start:first.end])


# ---------------------------------------------------------------- the indicator table


@check("targets.table-attribute", params={"allowed": ["预期性", "约束性"]}, fields=("name", "text", "allowed"))
def table_attribute(doc: Document, rule):
    """属性 is 预期性 or 约束性 and nothing else (IND-02)."""
    allowed = rule.params["allowed"]
    for table in T.tables(doc):
        if table.column("attribute") is None:
            continue
        for ind in table.indicators:
            cell = ind.attribute
            text = without_spaces(cell.text) if cell is not None else ""
            if text in allowed:
                continue
            at = cell if cell is not None and cell.text else ind.name
            fix = None
            guess = [a for a in allowed if text and a.startswith(text)]
            if cell is not None and len(guess) == 1:
                fix = Fix(f"改为“{guess[0]}”", [Edit(cell.span.start, cell.span.end, guess[0])], Applicability.UNSAFE)
            yield rule.finding(doc, at.span.start, at.span.end, fix=fix, name=ind.clean_name,
                               text=text or "空", allowed="”或“".join(allowed))


@check("targets.table-unit", fields=("name", "problem"))
def table_unit(doc: Document, rule):
    """The unit of an indicator is written in one place: the 单位 column or （单位） after the name (IND-01)."""
    for table in T.tables(doc):
        has_column = table.column("unit") is not None
        for ind in table.indicators:
            in_column = ind.unit is not None and ind.unit.text not in ("", "—", "-", "/")
            if in_column and ind.suffix_unit:
                if ind.suffix_unit != ind.unit.text:
                    problem = f"单位栏为“{ind.unit.text}”，指标名称后又注“（{ind.suffix_unit}）”，两者不一致"
                else:
                    problem = f"单位“{ind.unit.text}”在单位栏和指标名称后重复标注"
                yield rule.finding(doc, ind.suffix_span.start, ind.suffix_span.end, name=ind.clean_name,
                                   problem=problem)
            elif not in_column and not ind.suffix_unit and _numeric(ind):
                where = "单位栏为空" if has_column else "指标名称后未注明单位"
                yield rule.finding(doc, ind.name.span.start, ind.name.span.end, name=ind.clean_name,
                                   problem=f"{where}，应注明计量单位")


def _numeric(ind: T.Indicator) -> bool:
    return any(T.number_of(c.text) is not None for r, c in ind.values.items() if r in ("base", "target"))


@check("targets.table-years", fields=("base", "target"))
def table_years(doc: Document, rule):
    """The base year comes before the target year (IND-03)."""
    for table in T.tables(doc):
        base, target = table.column("base"), table.column("target")
        if base is None or target is None or base.year is None or target.year is None:
            continue
        if base.year >= target.year:
            yield rule.finding(doc, base.header.span.start, base.header.span.end,
                               related=[rule.related(doc, target.header.span.start, "目标年份")],
                               base=base.header.text, target=target.header.text)


_WRONG_BRACKETS = lazyre.compile(r"^[\[【［]\s*([0-9.]+)\s*[\]】］]$")


@check("targets.table-cumulative", fields=("name", "text", "expected"))
def table_cumulative(doc: Document, rule):
    """A cumulative value goes in 六角括号 〔13.5〕, not [13.5] or 【13.5】 (IND-04)."""
    for table in T.tables(doc):
        for ind in table.indicators:
            for cell in ind.values.values():
                m = _WRONG_BRACKETS.match(cell.text)
                if m:
                    expected = f"〔{m.group(1)}〕"
                    yield rule.finding(doc, cell.span.start, cell.span.end,
                                       fix=Fix(f"改为“{expected}”", [Edit(cell.span.start, cell.span.end, expected)]),
                                       name=ind.clean_name, text=cell.text, expected=expected)
