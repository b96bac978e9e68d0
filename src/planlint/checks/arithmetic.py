"""Arithmetic the text claims (IND-07.2 in the standards notes): parts that should add up to a
stated total, “N大X” after a list of another length, 三次产业结构 ratios that do not make 100, and a
base value, target value and annual growth rate that contradict each other."""
from __future__ import annotations

from bisect import bisect_left

from planlint.document import measures as Q
from planlint.document import tables as T
from planlint.document.model import Document
from planlint.text.brackets import outer_chars_before
from planlint.checks import bounded_param, check
from planlint.checks.wording import listed
from planlint.checks.quantities import UNIT_VOCABULARY, analysis
from planlint.text.chars import BLANK
from planlint.text import lazyre

_OPEN, _CLOSE = "（(“‘《〈【[", "）)”’》〉】]"
_CLAUSE_STOP = "，,。；;：:！？!?\n"


# ---------------------------------------------------------------- 共N项，其中……


@check("arithmetic.count-sum", params={**UNIT_VOCABULARY, "total_words": ["共", "共计", "总计", "合计", "总共"]},
       fields=("total", "parts", "sum"))
def count_sum(doc: Document, rule):
    """“共30项，其中约束性8项、预期性20项”: the parts of a stated total add up to it. Parts that are
    subsets (其中上市企业5家) stay quiet: only a sum above the total, or short of it by less than half,
    is reported."""
    text = doc.text.content
    words = tuple(rule.params["total_words"])
    qs = [q for q in analysis(doc, rule).quantities if q.unit_kind in ("count", "people") and not q.multiplier]
    for i, total in enumerate(qs):
        before = text[max(0, total.num_start - 12):total.num_start]
        before = before[max(map(before.rfind, _CLAUSE_STOP)) + 1:]
        if not any(w in before for w in words):
            continue
        end = _sentence_end(text, total.end)
        where = text.find("其中", total.end, end)
        if where == -1 or where - total.end > 12:
            continue
        parts = [q for q in qs[i + 1:] if q.num_start > where and q.end <= end and q.unit == total.unit]
        if len(parts) < 2:
            continue
        s = sum(q.number for q in parts)
        if s == total.number or (s < total.number and s < total.number / 2):
            continue
        written = "、".join(text[q.num_start:q.end] for q in parts)
        yield rule.finding(doc, total.num_start, total.end,
                           related=[rule.related(doc, parts[0].num_start, "其中各项")],
                           severity="error" if s > total.number else "warning",
                           total=text[total.num_start:total.end], parts=written, sum=_fmt(s) + total.unit)


_SENTENCE_STOP = lazyre.compile(r"[。；;\n]")


def _sentence_end(text: str, at: int) -> int:
    m = _SENTENCE_STOP.search(text, at)
    return m.start() if m else len(text)


def _fmt(x: float) -> str:
    return f"{x:.10g}"


# ---------------------------------------------------------------- A、B、C等三大X


@check("arithmetic.list-count", params={**UNIT_VOCABULARY, "counters": ["大", "个", "项", "类", "种", "方面", "条", "件"]},
       fields=("count", "items", "listed"))
def list_count(doc: Document, rule):
    """“A、B、C、D等五大行动”: a count after a list matches the list. A list closed by 等 may be
    partial, so it is reported (as a warning) only when one item seems to be missing."""
    text = doc.text.content
    counters = set(rule.params["counters"])
    for q in analysis(doc, rule).quantities:
        if q.unit not in counters or q.decimals or q.prefix or q.approx:
            continue
        etc = text[q.num_start - 1:q.num_start] == "等"
        if not etc and q.numeral != "chinese":
            continue  # 推进A、B建设3个园区: a digit count after a list is usually a new quantity
        items = _list_before(text, q.num_start - (1 if etc else 0), _text_floor(doc, q.num_start))
        if not items:
            continue
        if not _enumerates(items, text[q.end:q.end + 2], etc):
            continue
        n, count = int(q.number), len(items)
        joined = any(w in items[-1] for w in ("和", "及", "以及", "与"))
        if count == n or (joined and count + 1 == n):
            continue
        if etc:
            if count > n:
                severity = "error"
            elif n - count == 1 and (count >= 3 or q.unit == "大"):
                severity = "warning"
            else:
                continue
        else:
            severity = "error"
        start = q.num_start - (1 if etc else 0)
        yield rule.finding(doc, start, q.end, severity=severity, data={"items": items},
                           count=text[start:q.end], items=count, listed=listed(items, width=12))


def _enumerates(items: list[str], noun: str, etc: bool) -> bool:
    """Does the count name the listed things? Most items end with the counted noun (……行动等五大行动),
    or the items are bare short names (汽车、电子、医药四大产业)."""
    if len(noun) == 2 and sum(i.endswith(noun) for i in items) * 2 >= len(items):
        return True
    return all(len(i) <= 4 for i in items)


def _list_before(text: str, end: int, floor: int = 0) -> list[str]:
    """The 、-separated items that end at `end`, back to the start of the clause (brackets and
    quotes nest), never before `floor`. Empty when what precedes is not a list of at least two items."""
    if end == 0 or end <= floor or text[end - 1] in _CLAUSE_STOP + "、" + _OPEN:
        return []
    lo = max(floor, end - 401)
    i, cuts = lo, []  # i: where the list starts
    for at, c in outer_chars_before(text, end, lo, _OPEN, _CLOSE):
        if c in _OPEN or c in _CLAUSE_STOP:
            i = at + 1
            break
        if c == "、":
            cuts.append(at)
    else:
        if lo > floor:  # no clause start within 400 characters: not a list
            return []
    if not cuts:
        return []
    bounds = [i] + [c + 1 for c in reversed(cuts)]
    ends = [c for c in reversed(cuts)] + [end]
    items = [text[a:b].strip() for a, b in zip(bounds, ends)]
    return items if all(items) else []


def _text_floor(doc: Document, at: int) -> int:
    """Where the text of the line holding `at` may start a list: after its heading marker, if any.
    A heading's own 序号 and 顿号 (三、实施五大行动) are numbering, not the first item of a list."""
    ends = doc.memo("arithmetic.marker_ends", lambda d: sorted(h.marker_span.end for h in d.headings))
    k = bisect_left(ends, at + 1) - 1
    return ends[k] if k >= 0 else 0


# ---------------------------------------------------------------- 三次产业结构 a:b:c


# The lookbehind keeps a long run of digits linear: a match can only start where a number does. It
# follows the first digit so that the pattern starts with a character class: re then skips to the
# next digit in C instead of trying a match at every position (a third of the time on a draft).
_RATIO = lazyre.compile(rf"(\d(?<![\d.]\d)\d*(?:\.\d+)?){BLANK}*[:：∶]{BLANK}*(\d+(?:\.\d+)?){BLANK}*[:：∶]{BLANK}*"
                    r"(\d+(?:\.\d+)?)(?![\d:：∶])")


@check("arithmetic.ratio-sum", params={"context_pattern": "产业结构|三次产业|产业比例|三产比", "window": 40},
       fields=("text", "sum"))
def ratio_sum(doc: Document, rule):
    """三次产业结构 a:b:c is a split of 100: it sums to 100 within the rounding of its digits."""
    text = doc.text.content
    context = bounded_param(rule, "context_pattern")  # config may set it: time-bounded
    last_context = -1
    for m in _RATIO.finditer(text):
        start = m.start()
        if text[start - 1:start] in ":：∶" or text[start - 1:start].isdigit():
            continue
        window = text[max(0, start - rule.params["window"]):start]
        if context.search(window):
            last_context = start
        elif last_context == -1 or start - last_context > rule.params["window"] * 2:
            continue
        values = [m.group(k) for k in (1, 2, 3)]
        decimals = max(len(v.split(".")[1]) if "." in v else 0 for v in values)
        total = sum(float(v) for v in values)
        if abs(total - 100) > 1.5 * 10 ** -decimals + 1e-9:
            yield rule.finding(doc, start, m.end(), text=m.group(), sum=f"{total:.{decimals}f}")


# ---------------------------------------------------------------- base, target and annual growth


GROWTH = {**UNIT_VOCABULARY, "vocabulary": "targets", "slack": 0.5}


@check("arithmetic.growth", params=GROWTH, fields=("base", "target", "years", "rate", "implied"))
def growth(doc: Document, rule):
    """699亿元 in 2020 and 1100亿元 in 2025 mean about 9.5% a year, not 7.5%."""
    for claim in _text_claims(doc, rule) + _table_claims(doc):
        base, base_tol, target, target_tol, y0, y1, rate, rate_tol, qualifier, at, base_text, target_text = claim
        if base <= 0 or target <= 0 or y1 <= y0:
            continue
        n = y1 - y0
        lo = ((target - target_tol) / (base + base_tol)) ** (1 / n) - 1
        hi = ((target + target_tol) / (base - base_tol)) ** (1 / n) - 1 if base > base_tol else float("inf")
        slack = rule.params["slack"] / 100
        g_lo, g_hi = rate / 100 - rate_tol - slack, rate / 100 + rate_tol + slack
        too_low = hi < g_lo and qualifier not in ("以内", "以下")
        too_high = lo > g_hi and qualifier not in ("以上",)
        if too_low or too_high:
            implied = ((target / base) ** (1 / n) - 1) * 100
            yield rule.finding(doc, at[0], at[1], base=base_text, target=target_text, years=n,
                               rate=f"{_fmt(rate)}%{qualifier}", implied=f"{implied:.1f}%")


_ANNUAL = lazyre.compile(rf"年均(?:增长|增速)(?:为|达到|达)?{BLANK}*$")
_YEAR_BEFORE = lazyre.compile(rf"((?:19|20)\d{{2}}){BLANK}*年")  # the year an amount is of: 2020年
_FROM = lazyre.compile(r"[由从]")
_PLAIN_NUMBER = lazyre.compile(r"[0-9]+(?:\.[0-9]+)?")


def _text_claims(doc: Document, rule) -> list[tuple]:
    """A sentence with two amounts in one unit, each after its own year, and a 年均增长 rate."""
    text = doc.text.content
    qs = analysis(doc, rule).quantities
    rates = [q for q in qs if q.unit in ("%", "％") and _ANNUAL.search(text, max(0, q.start - 8), q.start)]
    starts = [q.num_start for q in qs]  # in text order: a sentence's quantities are one slice
    out = []
    for rq in rates:
        start = rq.num_start
        s0 = max(text.rfind(c, max(0, start - 300), start) for c in "。；;\n") + 1
        s1 = _sentence_end(text, start)
        amounts = []
        for q in qs[bisect_left(starts, s0):bisect_left(starts, s1)]:
            if q.is_year or q.unit_kind in ("percent", "point", ""):
                continue
            years = _YEAR_BEFORE.findall(text, max(s0, q.num_start - 12), q.num_start)
            if years:
                amounts.append((int(years[-1]), q))
        if len(amounts) != 2 or amounts[0][1].unit_text != amounts[1][1].unit_text:
            continue
        (y0, a), (y1, b) = amounts
        if not _FROM.search(text, max(s0, a.num_start - 16), a.num_start) or a.prefix or b.prefix:
            continue  # only “由A增长到B”: “突破3000亿元” is a bound, not a base value
        scale = Q.MULTIPLIER_VALUE.get(a.multiplier, 1.0)
        qualifier = next((s for s in rq.suffixes if s in ("以上", "以内", "以下")), "")
        out.append((a.value, 0.5 * 10 ** -a.decimals * scale, b.value,
                    0.5 * 10 ** -b.decimals * Q.MULTIPLIER_VALUE.get(b.multiplier, 1.0), y0, y1, rq.number,
                    0.5 * 10 ** -rq.decimals / 100, qualifier, (rq.num_start, rq.end),
                    text[a.num_start:a.end], text[b.num_start:b.end]))
    return out


def _table_claims(doc: Document) -> list[tuple]:
    out = []
    for table in T.tables(doc):
        base_col, target_col, growth_col = table.column("base"), table.column("target"), table.column("growth")
        if not (base_col and target_col and growth_col and base_col.year and target_col.year):
            continue
        if "年均" not in growth_col.header.text:
            continue
        for ind in table.indicators:
            if ind.unit_text in ("%", "％", "个百分点") or len(ind.values) < 3:
                continue
            cells = [ind.values[r] for r in ("base", "target", "growth")]
            if any(not _PLAIN_NUMBER.fullmatch(c.text) for c in cells):
                continue  # ＞7, 〔13.5〕, 60左右: not a plain number
            decimals = [len(c.text.split(".")[1]) if "." in c.text else 0 for c in cells]
            b, t, g = (float(c.text) for c in cells)
            out.append((b, 0.5 * 10 ** -decimals[0], t, 0.5 * 10 ** -decimals[1], base_col.year, target_col.year,
                        g, 0.5 * 10 ** -decimals[2] / 100, "", (cells[2].span.start, cells[2].span.end),
                        cells[0].text + ind.unit_text, cells[1].text + ind.unit_text))
    return out
