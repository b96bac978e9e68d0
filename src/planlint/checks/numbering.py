"""Numbering of headings, items, boxes and captions: gaps, repeats, order, restarts, marker forms
and level inversions (GB/T 9704 §7.3.3; STR-01..STR-11 in the standards notes)."""
from __future__ import annotations

from collections import Counter

from planlint.document.model import KIND_LABEL, Document, Edit, Fix, Heading
from planlint.document.numbering_scopes import (DOCUMENT_SCOPE, PLAUSIBLE_MAX, Sequence, scope_modes, sequences,
                                validate_scopes, where as where_of)
from planlint.text.numerals import int_to_cn
from planlint.checks import check
from planlint.checks.wording import listed

_SCOPE_PARAMS = {"scopes": {}, "document_scope": DOCUMENT_SCOPE}
_MAX_LISTED = 8


def _sequences(doc: Document, rule) -> list[Sequence]:
    return sequences(doc, scope_modes(rule.params))


class Segment(list):
    """Part of a sequence numbered 1, 2, 3 …; a later one records where it started again."""

    def __init__(self, parent_segment: Segment | None = None, after: Heading | None = None,
                 at_new_parent: bool = False):
        super().__init__()
        self.parent_segment = parent_segment  # the segment it broke away from
        self.after = after                    # the highest item before the restart
        self.at_new_parent = at_new_parent    # the restart came with a change of parent
        self.top: Heading | None = None       # its highest item so far

    @property
    def highest(self) -> int:
        return self.top.number if self.top is not None else 0

    def add(self, h: Heading) -> None:
        self.append(h)
        if h.number > self.highest:
            self.top = h


def _segments(items: list[Heading]) -> list[Segment]:
    """Split a list where it restarts at 1: after higher numbers, or under a new parent. When the
    parent after a restarted one goes on from the numbers before the restart (1.–6. | 1.–2. |
    7.–8.), the restart was one parent's slip: the list resumes and the slip is reported once."""
    out: list[Segment] = [Segment()]
    current = out[0]
    for h in items:
        last = current[-1] if current else None
        new_parent = last is not None and h.parent is not last.parent
        back = current.parent_segment
        if new_parent and back is not None and h.number == back.highest + 1 != current.highest + 1:
            current, last = back, back[-1]
        if last is not None and h.number == 1 and (current.highest > 1 or new_parent):
            current = Segment(current, current.top, new_parent)
            out.append(current)
        current.add(h)
    return out


def _label(kind: str, number: int, prefix=()) -> str:
    from planlint.text.numerals import format_marker

    return format_marker(kind, number, prefix)


def _missing_runs(low: int, high: int, present: list[int]) -> list[tuple[int, int]]:
    """The numbers after low and before high that are not present, as (first, last) runs: the
    cost is that of the list, not of the gap (第一〇〇〇〇〇〇〇〇章 leaves out a hundred million)."""
    runs, start = [], low + 1
    for n in present:  # sorted
        if n >= high:
            break
        if n >= start:
            if n > start:
                runs.append((start, n - 1))
            start = n + 1
    if start < high:
        runs.append((start, high - 1))
    return runs


def _listed(kind: str, runs: list[tuple[int, int]], prefix=()) -> str:
    """“第一节”、“第二节”, “第二章”至“第九千九百九十九章” — runs of three or more as a range, long
    lists shortened; the message adds the outer quotes."""
    labels = []
    for first, last in runs:
        if last - first >= 2:
            labels.append(_label(kind, first, prefix) + "”至“" + _label(kind, last, prefix))
        else:
            labels.extend(_label(kind, n, prefix) for n in range(first, last + 1))
    return listed(labels, quoted=True, most=_MAX_LISTED)


def _marker(doc: Document, rule, h: Heading, **fields):
    return rule.finding(doc, h.marker_span.start, h.marker_span.end, node=h, **fields)


def _renumber(doc: Document, segment: list[Heading], seq: Sequence, first: bool = True):
    """The unsafe fix of a gap or repeat: renumber the list (and its 目录 entries). Only the first
    finding of a list carries it, so that output stays linear in the number of findings."""
    from planlint.document.renumbering import renumber

    return renumber(doc, segment, seq.where()) if first else None


@check("numbering.gap", params=_SCOPE_PARAMS, fields=("where", "missing"), validate=validate_scopes)
def gap(doc: Document, rule):
    for seq in _sequences(doc, rule):
        for segment in _segments(seq.items):
            present = sorted({h.number for h in segment})
            highest = 0
            fixed = False
            for h in segment:
                if h.number > highest + 1:
                    runs = _missing_runs(highest, h.number, present)
                    if runs:
                        yield _marker(doc, rule, h, where=seq.where(), missing=_listed(h.kind, runs, h.prefix),
                                      fix=_renumber(doc, segment, seq, not fixed))
                        fixed = True
                highest = max(highest, h.number)


@check("numbering.repeat", params=_SCOPE_PARAMS, fields=("where", "number"), validate=validate_scopes)
def repeat(doc: Document, rule):
    for seq in _sequences(doc, rule):
        for segment in _segments(seq.items):
            seen: dict[int, Heading] = {}
            fixed = False
            for h in segment:
                if h.number in seen:
                    first = seen[h.number]
                    yield rule.finding(doc, h.marker_span.start, h.marker_span.end, node=h,
                                       related=[rule.related(doc, first.marker_span.start, "第一次出现")],
                                       where=seq.where(), number=h.label(),
                                       fix=_renumber(doc, segment, seq, not fixed))
                    fixed = True
                else:
                    seen[h.number] = h


@check("numbering.order", params=_SCOPE_PARAMS, fields=("where", "number", "previous"),
       validate=validate_scopes)
def order(doc: Document, rule):
    for seq in _sequences(doc, rule):
        for segment in _segments(seq.items):
            highest: Heading | None = None
            counts = Counter(h.number for h in segment)
            for h in segment:
                if highest is not None and h.number < highest.number and counts[h.number] == 1:
                    yield rule.finding(doc, h.marker_span.start, h.marker_span.end, node=h,
                                       related=[rule.related(doc, highest.marker_span.start)],
                                       where=seq.where(), number=h.label(), previous=highest.label())
                if highest is None or h.number > highest.number:
                    highest = h


@check("numbering.restart", params=_SCOPE_PARAMS, fields=("where", "number", "previous", "hint"),
       validate=validate_scopes)
def restart(doc: Document, rule):
    for seq in _sequences(doc, rule):
        segments = _segments(seq.items)
        for after in segments[1:]:
            h, last = after[0], after.after
            expected = _label(h.kind, last.number + 1, h.prefix)
            if seq.parent is None and not seq.runs_on:
                where = where_of(h.parent) if h.parent is not None else "全文"
                hint = f"应全文连续编号为“{expected}”"
            elif seq.runs_on and after.at_new_parent:
                # the document's own convention: this level runs on across its parents
                where = where_of(h.parent)
                hint = f"本文“{KIND_LABEL[h.kind]}”一级跨上级标题连续编号，应接续编号为“{expected}”"
            else:
                where = seq.where()
                hint = f"应接续编号为“{expected}”，或此前缺少一个上级标题"
            yield rule.finding(doc, h.marker_span.start, h.marker_span.end, node=h,
                               related=[rule.related(doc, last.marker_span.start)],
                               where=where, number=h.label(), previous=last.label(), hint=hint)


@check("numbering.implausible", fields=("marker", "value", "limit"))
def implausible(doc: Document, rule):
    for h in doc.headings:
        if h.number > PLAUSIBLE_MAX:
            yield _marker(doc, rule, h, marker=h.marker.strip(), value=h.number, limit=PLAUSIBLE_MAX)


def _dominant_forms(doc: Document) -> dict[str, str]:
    def compute(d: Document) -> dict[str, str]:
        counts: dict[str, Counter] = {}
        first: dict[tuple[str, str], int] = {}
        for i, h in enumerate(d.headings):
            counts.setdefault(h.kind, Counter())[h.form] += 1
            first.setdefault((h.kind, h.form), i)
        # the most frequent form; on a tie, the one used first
        return {k: max(c, key=lambda f: (c[f], -first[(k, f)])) for k, c in counts.items()}

    return doc.memo("numbering.forms", compute)


def _rewrite(h: Heading, form: str) -> str | None:
    """The marker of h written in another form, or None when that is not mechanical."""
    if h.kind in ("l2", "l4"):
        inner = int_to_cn(h.number) if h.kind == "l2" else str(h.number)
        return form[0] + inner + form[-1]
    if h.kind == "l3":
        return f"{h.number}{form[1:]}"
    if h.kind in ("pian", "zhang", "jie") and form[1] == "X":
        return f"第{int_to_cn(h.number)}{form[-1]}"
    return None


@check("numbering.form", fields=("number", "form", "expected"))
def form(doc: Document, rule):
    dominant = _dominant_forms(doc)
    for h in doc.headings:
        expected = dominant[h.kind]
        if h.form == expected or h.in_toc or h.mismatched_brackets:
            continue  # (一） is a bracket typo: PUN102 reports it, once
        replacement = _rewrite(h, expected)
        fix = None
        if replacement is not None:
            fix = Fix(f"改为“{replacement}”", [Edit(h.marker_span.start, h.marker_span.end, replacement)])
        finding = _marker(doc, rule, h, number=h.marker.strip(), form=h.form,
                          expected=_label_form(h.kind, expected))
        finding.fix = fix
        yield finding


def _label_form(kind: str, form: str) -> str:
    return form.replace("X", "一").replace("N", "1") if kind in ("pian", "zhang", "jie", "box") else form


STANDARD_FORMS = {"l2": ["（一）"], "l3": ["1.", "1．"], "l4": ["（1）"], "zhang": ["第X章"],
                  "jie": ["第X节"], "pian": ["第X篇", "第X部分"]}


@check("numbering.standard-form", params={"forms": STANDARD_FORMS}, fields=("form", "expected", "count"))
def standard_form(doc: Document, rule):
    """A document that writes a level in a non-standard form throughout gets one summary finding."""
    dominant = _dominant_forms(doc)
    allowed = rule.params["forms"]
    for kind, form_ in dominant.items():
        if kind in allowed and form_ not in allowed[kind]:
            uses = [h for h in doc.headings if h.kind == kind and h.form == form_ and not h.in_toc]
            if uses:
                yield _marker(doc, rule, uses[0], form=form_, expected=_label_form(kind, allowed[kind][0]),
                              count=len(uses))


@check("numbering.inversion", fields=("heading", "level", "before", "after"))
def inversion(doc: Document, rule):
    # The same pair of levels inverted at parent after parent (二、 between （五） and （六）, 三、
    # between （九） and （十）…) is one cause — a lost first heading above a level that runs on —
    # so it is reported once, where it starts.
    seen: set[tuple[str, str]] = set()
    for outer, item in doc.inversions:
        if (outer.kind, item.kind) in seen:
            continue
        seen.add((outer.kind, item.kind))
        yield _marker(doc, rule, outer, heading=outer.label(), level=KIND_LABEL[item.kind],
                      before=item.label(), after=_label(item.kind, item.number + 1))


ITEM_LEVELS = ("l1", "l2", "l3", "l4")


@check("numbering.level-skip", fields=("heading", "parent", "skipped"))
def level_skip(doc: Document, rule):
    for h in doc.headings:
        p = h.parent
        first = p is not None and next((c for c in p.children if c.kind == h.kind), None) is h
        if first and h.kind in ITEM_LEVELS and p.kind in ITEM_LEVELS and h.rank - p.rank > 1:
            skipped = "”“".join(KIND_LABEL[k] for k in ITEM_LEVELS[ITEM_LEVELS.index(p.kind) + 1 : ITEM_LEVELS.index(h.kind)])
            yield _marker(doc, rule, h, heading=h.label(), parent=p.label(), skipped=skipped)


_MARKER_PUNCT = "、，,：:．.;；"


@check("numbering.marker-punctuation", fields=("marker", "punct", "expected"))
def marker_punctuation(doc: Document, rule):
    """“第三章、主要目标”, “（一）、指导思想”: a marker carries its own punctuation (or a space after
    第X章) and takes no other (GB/T 15834 附录B.2; STR-01, STR-08)."""
    for h in doc.headings:
        start = h.title_span.start
        if h.in_toc or h.is_caption or not h.title or doc.text.content[start] not in _MARKER_PUNCT:
            continue
        chapter_like = h.kind in ("pian", "zhang", "jie")
        replacement = "　" if chapter_like else ""
        marker = doc.text.content[h.marker_span.start:h.marker_span.end]
        finding = rule.finding(doc, h.marker_span.start, start + 1, node=h, marker=marker,
                               punct=doc.text.content[start],
                               expected=marker + (replacement or ""))
        finding.fix = Fix(f"删去“{doc.text.content[start]}”", [Edit(start, start + 1, replacement)])
        yield finding
