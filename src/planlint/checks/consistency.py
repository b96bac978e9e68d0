"""Consistency of one draft (CON): an indicator stated with different values, units or qualifiers in
different places; a 发展回顾 figure that is not the table's base value; an attribute the text gives
that the table contradicts; a table's 〔累计〕 change that is not target − base.

All of it reads the indicator model (planlint.document.observations). Quiet when in doubt: statements are
compared only for the same indicator, year and role, on different lines; a loose name match gives
at most an info."""
from __future__ import annotations

import re

from planlint.document import observations as I
from planlint.document import target_statements as TS
from planlint.document import tables as T
from planlint.document.model import Document, Span
from planlint.checks import Param, check
from planlint.text import lazyre

# indicator_vocabulary: a file of rules/vocabularies/ (its old name `registry` is still accepted)
INDICATOR_VOCABULARY = {"indicator_vocabulary": Param("indicators", was="registry")}


def _model(doc: Document, rule) -> I.Model:
    return I.model(doc, rule.params["indicator_vocabulary"])


def _reported_by_tgt106(o: I.Observation, others: list[I.Observation]) -> bool:
    """TGT106 already reports a level stated with its year under the same written name."""
    dated = (I.STATED, I.TABLE_HEADER)
    if o.role not in (I.TARGET, I.BASE) or o.year_source not in dated:
        return False
    key = TS.subject_key(o.name)
    return any(x.year_source in dated and TS.subject_key(x.name) == key and x.line != o.line for x in others)


def _related(doc, rule, majority: list[I.Observation], limit: int = 3):
    where = {"table": "指标表", "box": "专栏", "text": "正文"}
    return [rule.related(doc, o.start, f"{where[o.source]}：{o.written}") for o in majority[:limit]]


def _severity(o: I.Observation, majority: list[I.Observation]) -> str | None:
    return "info" if o.match == "similar" or any(x.match == "similar" for x in majority) else None


def _year_note(o: I.Observation) -> str:
    return "" if o.year_source in (I.STATED, I.TABLE_HEADER) else f"（年份据{o.year_source}推定）"


def _matched_note(o: I.Observation, majority: list[I.Observation]) -> str:
    names = {x.name for x in majority if x.name != o.name}
    if not names:
        return ""
    how = "近似名称" if _severity(o, majority) else "同一指标"
    return f"（按{how}“{'”“'.join(sorted(names))}”比对）"


@check("consistency.values", params={**INDICATOR_VOCABULARY, "roles": [I.TARGET, I.GROWTH, I.CUMULATIVE]},
       fields=("name", "year", "role", "text", "other", "note"))
def values(doc: Document, rule):
    """The same indicator, year and role has one value and one unit everywhere in a draft."""
    roles = tuple(rule.params["roles"])
    for group in I.groups(_model(doc, rule), roles):
        majority, odd = I.outliers(group)
        for o in odd:
            if _reported_by_tgt106(o, majority):
                continue
            m = majority[0]
            yield rule.finding(doc, o.start, o.end, related=_related(doc, rule, majority),
                               severity=_severity(o, majority),
                               data={"indicator": o.indicator, "year": o.year, "year_source": o.year_source,
                                     "role": o.role, "match": o.match},
                               name=o.name, year=o.year, role=I.ROLE_LABEL[o.role], text=o.written,
                               other=m.written, note=_year_note(o) + _matched_note(o, majority))


# a bound against the other bound, or against an approximation: ≥ vs ≤, 左右 vs 以上
_OPPOSITE = {frozenset((I.LOWER, I.UPPER)), frozenset((I.APPROX, I.LOWER)), frozenset((I.APPROX, I.UPPER))}


@check("consistency.qualifier", params={**INDICATOR_VOCABULARY, "roles": [I.TARGET, I.GROWTH, I.CUMULATIVE]},
       fields=("name", "year", "text", "other"))
def qualifier(doc: Document, rule):
    """The same value with qualifiers that change its meaning: 5.5%以内 here, 5.5%以上 there."""
    roles = tuple(rule.params["roles"])
    for group in I.groups(_model(doc, rule), roles):
        majority, _ = I.outliers(group)
        stated = [o for o in majority if o.qualifier]
        if len(stated) < 2:
            continue
        first = stated[0]
        for o in stated[1:]:
            if frozenset((first.qualifier, o.qualifier)) in _OPPOSITE and o.line != first.line:
                yield rule.finding(doc, o.start, o.end, related=_related(doc, rule, [first]),
                                   severity=_severity(o, [first]), name=o.name, year=o.year, text=o.written,
                                   other=first.written)


@check("consistency.attribute", params=INDICATOR_VOCABULARY, fields=("name", "said", "table"))
def attribute(doc: Document, rule):
    """Text that calls an indicator 约束性 while its table row says 预期性, or the reverse."""
    m = _model(doc, rule)
    for claim in m.claims:
        row = m.attributes.get(claim.indicator)
        if row is not None and row[0] != claim.attribute:
            yield rule.finding(doc, claim.start, claim.end,
                               related=[rule.related(doc, row[1], "指标表中的属性")],
                               name=m.display.get(claim.indicator, claim.indicator), said=claim.attribute,
                               table=row[0])


@check("consistency.cumulative", params={"vocabulary": "targets"}, fields=("name", "text", "base", "target",
                                                                               "expected"))
def cumulative(doc: Document, rule):
    """A rate's 〔累计〕 change in 百分点 is target − base, within the rounding of the printed digits."""
    for table in T.tables(doc):
        for ind in table.indicators:
            cells = ind.values
            if not {"base", "target", "growth"} <= set(cells) or "〔" not in cells["growth"].text:
                continue
            if ind.unit_text.replace("％", "%") != "%":
                continue
            # the vocabulary is loaded here, not up front: most drafts have no 〔〕 change in %
            if not TS.is_rate(I.normalise(ind.clean_name), TS.target_vocabulary(rule.params["vocabulary"])):
                continue
            if any("〔" in cells[r].text or re.search(r"[＞>＜<≥≤]|以上|以内|左右", cells[r].text)
                   for r in ("base", "target")):
                continue  # a bound is not a value to subtract
            base, target, change = (T.number_of(cells[r].text) for r in ("base", "target", "growth"))
            if base is None or target is None or change is None:
                continue
            slack = sum(0.5 * 10 ** -I.decimals(cells[r].text) for r in ("base", "target", "growth"))
            diff = target - base
            if abs(abs(diff) - change) > slack + 1e-9:
                cell = cells["growth"]
                yield rule.finding(doc, cell.span.start, cell.span.end,
                                   related=[rule.related(doc, cells["base"].span.start, "基期值"),
                                            rule.related(doc, cells["target"].span.start, "目标值")],
                                   name=ind.clean_name, text=cell.text, base=cells["base"].text,
                                   target=cells["target"].text, expected=f"〔{_shown(abs(diff))}〕")


def _shown(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


_TOTAL_NAMES = ("合计", "总计", "小计", "总数", "全市合计", "全区合计", "全县合计", "总量")
# columns that do not add up: rates, shares, growth, averages, years, codes
_NOT_ADDITIVE = lazyre.compile(r"率|增|速|均|比|%|％|年份|年度|时间|期限|序号|编号|排名|标准|单价|强度|密度|指数")
_PLAIN_NUMBER = lazyre.compile(r"[0-9０-９]+(?:[.．][0-9０-９]+)?")
_PART_OF = lazyre.compile(r"^(?:其中|含|包括|[（(]|[-－—·•])")


@check("consistency.total", fields=("name", "text", "parts", "total"))
def total(doc: Document, rule):
    """A 合计/总计 row is the sum of the rows above it, within the rounding of the printed digits."""
    for table in T.tables(doc):
        headers = [c.text for c in table.header.cells]
        rows = [_aligned(r, len(headers)) for r in table.rows]
        start = 0
        for i, row in enumerate(rows):
            label = _total_label(row)
            if label is None:
                continue
            parts = rows[start:i]
            start = i + 1
            if len(parts) < 2 or any(_PART_OF.match(_first_text(p)) for p in parts):
                continue
            for j, cell in enumerate(row.cells):
                if j <= label or j >= len(headers) or _NOT_ADDITIVE.search(headers[j]):
                    continue
                found = _column_sum(parts, j, cell.text)
                if found is not None:
                    expected, written = found
                    yield rule.finding(doc, cell.span.start, cell.span.end,
                                       related=[rule.related(doc, parts[0].cells[j].span.start, "第一项")],
                                       name=headers[j], text=cell.text, parts=written, total=_shown(expected))


def _aligned(row: T.Row, width: int) -> T.Row:
    """Merged or empty leading cells are lost in extracted text: align a short row from the right
    (as tables.py does for indicator rows)."""
    missing = width - len(row.cells)
    if missing <= 0 or not row.cells:
        return row
    pad = T.Cell("", Span(row.cells[0].span.start, row.cells[0].span.start))
    return T.Row(row.line, [pad] * missing + row.cells)


def _total_label(row: T.Row) -> int | None:
    for j, cell in enumerate(row.cells[:2]):
        if re.sub(r"\s", "", cell.text) in _TOTAL_NAMES:
            return j
    return None


def _first_text(row: T.Row) -> str:
    return next((c.text for c in row.cells if c.text and not _PLAIN_NUMBER.fullmatch(c.text)), "")


def _column_sum(parts: list[T.Row], j: int, total_text: str):
    """(the sum of the parts, how many) when the printed total differs from it; None otherwise."""
    if not _PLAIN_NUMBER.fullmatch(total_text):
        return None
    values, slack = [], 0.5 * 10 ** -I.decimals(total_text)
    for p in parts:
        if j >= len(p.cells) or not _PLAIN_NUMBER.fullmatch(p.cells[j].text):
            return None
        values.append(T.number_of(p.cells[j].text))
        slack += 0.5 * 10 ** -I.decimals(p.cells[j].text)
    total_value = T.number_of(total_text)
    expected = sum(values)
    if total_value is None or abs(expected - total_value) < slack:
        return None
    return expected, f"{len(values)} 项"
