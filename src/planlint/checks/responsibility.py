"""Responsible units in task-division plans (TASK-01..05 in the standards notes): every task has
an owner and a lead, owners are named one way, catch-alls do not lead, names are current.

All kinds stay silent unless the document is a task-division plan (see planlint.document.assignments).
"""
from __future__ import annotations

from collections import Counter

from planlint.document import agencies
from planlint.document.model import Applicability, Document, Edit, Fix
from planlint.document.assignments import (ANALYSIS_PARAMS, LEAD, RESPONSIBLE, ROLE_LABEL, STYLE_LABEL, SUPPORT,
                              Analysis, Clause, Unit, analyse, dominant_style, shorten)
from planlint.checks import Param, check

# agency_vocabulary: 单位名录 files read together (its old name `registry` is still accepted)
_AGENCY_PARAMS = {"agency_vocabulary": Param([agencies.DEFAULT_FILE], nonempty=True, was="registry")}


def _params(**own):
    return {**ANALYSIS_PARAMS, **own}


def _validate_agencies(params):
    for problem in agencies.validate_paths(params.get("agency_vocabulary")):
        yield "params.agency_vocabulary", problem


def _plan(doc: Document, rule) -> Analysis | None:
    a = analyse(doc, rule.params)
    return a if a.is_plan else None


def _task_name(a: Analysis, clause: Clause) -> str:
    task = a.task_of(clause)
    return f"“{task.label()}”" if task is not None else "本条"


def _role_name(u: Unit) -> str:
    # a lead by position was written in the 责任单位 list
    return ROLE_LABEL[RESPONSIBLE] if u.positional else ROLE_LABEL[u.role]


@check("responsibility.missing", params=_params(), fields=("task", "title", "expected"))
def missing(doc: Document, rule):
    a = _plan(doc, rule)
    if a is None:
        return
    expected = "（" + STYLE_LABEL[dominant_style(a)] + "）"
    for t in a.tasks:
        if t.owned:
            continue
        h = t.heading
        end = h.title_span.end if h.title_span.end > h.marker_span.end else h.marker_span.end
        yield rule.finding(doc, h.marker_span.start, end, node=h, task=t.label(),
                           title=shorten(h.title), expected=expected)


@check("responsibility.empty", params=_params(), fields=("label", "task"))
def empty(doc: Document, rule):
    a = _plan(doc, rule)
    if a is None:
        return
    for c in a.clauses:
        for label, span in c.empty:
            yield rule.finding(doc, span.start, span.end, label=label, task=_task_name(a, c))


@check("responsibility.lead", params=_params(explicit=False), fields=("task", "problem"))
def lead(doc: Document, rule):
    """A lead is required: named (牵头单位：/A牵头) or, by default, the first unit of the list."""
    a = _plan(doc, rule)
    if a is None:
        return
    for c in a.clauses:
        if c.empty or not c.units:
            continue  # an empty list, or a note with no units at all (a missing owner)
        owners = [u for u in c.units if u.role in (LEAD, RESPONSIBLE)]
        if not c.leads:
            problem = ("只有配合单位，没有牵头单位或责任单位：应写明“牵头单位：”"
                       if c.role(SUPPORT) else "没有列出牵头单位：应写明“牵头单位：”")
        elif rule.params["explicit"] and all(u.positional for u in c.leads) and len(owners) > 1:
            problem = "列有多个责任单位但未写明牵头单位：应写作“牵头单位：……；责任单位：……”"
        else:
            continue
        s = c.label_span
        yield rule.finding(doc, s.start, s.end, task=_task_name(a, c), problem=problem)


@check("responsibility.repeated", params=_params(), fields=("unit", "roles", "task"))
def repeated(doc: Document, rule):
    a = _plan(doc, rule)
    if a is None:
        return
    content = doc.text.content
    for c in a.clauses:
        seen: dict[str, Unit] = {}
        for u in c.units:
            first = seen.get(u.base)
            if first is None:
                seen[u.base] = u
                continue
            r1, r2 = _role_name(first), _role_name(u)
            roles = f"已列为{r1}，又列为{r2}" if r1 != r2 else f"在{r1}中列出两次"
            fix = _removal(content, u)
            yield rule.finding(doc, u.span.start, u.span.end, unit=u.name, roles=roles,
                               task=_task_name(a, c), related=[rule.related(doc, first.span.start, "第一次列出")],
                               fix=Fix(f"删去重复的“{u.name}”", [fix], Applicability.UNSAFE) if fix else None)


def _removal(content: str, u: Unit) -> Edit | None:
    """Delete a unit from its list together with one neighbouring separator."""
    i = u.span.start
    while i > 0 and content[i - 1] in " \t\u3000":
        i -= 1
    if i > 0 and content[i - 1] in "、，,":
        return Edit(i - 1, u.span.end, "")
    j = u.span.end
    if j < len(content) and content[j] in "、，,":
        return Edit(u.span.start, j + 1, "")
    return None


@check("responsibility.catch-all", params=_params(), fields=("unit", "advice", "task"))
def catch_all(doc: Document, rule):
    a = _plan(doc, rule)
    if a is None:
        return
    for c in a.clauses:
        leads = c.leads
        if not leads or not leads[0].catch_all:
            continue
        u = leads[0]
        if u.positional:
            advice = "应把具体牵头的部门列在首位，或写明“牵头单位：”"
        else:
            advice = "牵头单位应是具体部门"
        yield rule.finding(doc, u.span.start, u.span.end, unit=u.name, advice=advice,
                           task=_task_name(a, c))


@check("responsibility.style", params=_params(), fields=("style", "majority", "count"))
def style(doc: Document, rule):
    """Report the minority labelling style, not the majority one."""
    a = _plan(doc, rule)
    if a is None:
        return
    counts = Counter(c.style for c in a.clauses if c.style)
    if len(counts) < 2:
        return
    major = dominant_style(a)
    first = next(c for c in a.clauses if c.style == major)
    for c in a.clauses:
        if c.style in (major, ""):
            continue
        s = c.label_span
        yield rule.finding(doc, s.start, s.end, style=STYLE_LABEL[c.style], majority=STYLE_LABEL[major],
                           count=counts[major], related=[rule.related(doc, first.span.start, "通行写法")])


def _occurrences(a: Analysis) -> dict[str, list[Unit]]:
    """Named units (not catch-alls) by base name, in document order."""
    out: dict[str, list[Unit]] = {}
    for c in a.clauses:
        for u in c.units:
            if not u.catch_all:
                out.setdefault(u.base, []).append(u)
    return out


def _is_subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def _variant_groups(names: list[str], known: agencies.Directory) -> list[list[str]]:
    """Names that denote one unit: the same full name in the 名录, or (for names it does not
    tell apart) an abbreviation: same level prefix, same last character, the short form's
    characters in order inside the long one (市卫健局 / 市卫生健康局)."""
    parent = {n: n for n in names}

    def find(n):
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    def union(x, y):
        parent[find(x)] = find(y)

    by_full: dict[str, str] = {}
    buckets: dict[tuple[str, str], list[str]] = {}
    for n in names:
        full = known.full_name(n)
        if full is not None:
            if full in by_full:
                union(n, by_full[full])
            else:
                by_full[full] = n
        if len(n) >= 4:
            buckets.setdefault((n[:2], n[-1]), []).append(n)
    for bucket in buckets.values():
        bucket.sort(key=len)
        for i, short in enumerate(bucket):
            for long in bucket[i + 1:]:
                if len(long) == len(short) or not _is_subsequence(short, long):
                    continue
                fs, fl = known.full_name(short), known.full_name(long)
                if fs is not None and fl is not None and fs != fl:
                    continue  # the 名录 knows them as two units (市科技局 / 市科技经信局)
                union(short, long)
    groups: dict[str, list[str]] = {}
    for n in names:
        groups.setdefault(find(n), []).append(n)
    return [g for g in groups.values() if len(g) > 1]


def _plan_with_agencies(doc: Document, rule):
    """The task-plan analysis and the rule's 单位名录, or (None, None) when the document is
    not a task-division plan (the 名录 is then not loaded)."""
    a = _plan(doc, rule)
    return (a, agencies.load(rule.params["agency_vocabulary"])) if a is not None else (None, None)


@check("responsibility.variants", params=_params(**_AGENCY_PARAMS), fields=("unit", "preferred", "count"),
       validate=_validate_agencies)
def variants(doc: Document, rule):
    a, known = _plan_with_agencies(doc, rule)
    if a is None:
        return
    occ = _occurrences(a)
    for group in _variant_groups(list(occ), known):
        preferred = max(group, key=lambda n: (len(occ[n]), -occ[n][0].span.start))
        for name in sorted(group, key=lambda n: occ[n][0].span.start):
            if name == preferred:
                continue
            units = occ[name]
            edits = [Edit(u.span.start, u.span.end, preferred) for u in units if u.name == u.base]
            first = units[0]
            yield rule.finding(doc, first.span.start, first.span.end, unit=name, preferred=preferred,
                               count=len(occ[preferred]),
                               related=[rule.related(doc, occ[preferred][0].span.start, f"“{preferred}”")],
                               fix=Fix(f"统一写作“{preferred}”", edits, Applicability.UNSAFE) if edits else None,
                               data={"forms": sorted(group)})


@check("responsibility.unknown", params=_params(cutoff=Param(0.6, max=1), **_AGENCY_PARAMS), fields=("unit", "hint"),
       validate=_validate_agencies)
def unknown(doc: Document, rule):
    a, known = _plan_with_agencies(doc, rule)
    if a is None:
        return
    for name, units in _occurrences(a).items():
        if name in known or known.outdated_form(name):
            continue
        near = known.nearest(name, rule.params["cutoff"])
        hint = f"，是否应为“{near}”？" if near else "：请核对，或把它加入单位名录"
        yield rule.finding(doc, units[0].span.start, units[0].span.end, unit=units[0].name, hint=hint,
                           data={"suggestion": near} if near else None)


@check("responsibility.outdated", params=_params(**_AGENCY_PARAMS), fields=("unit", "old", "new"),
       validate=_validate_agencies)
def outdated(doc: Document, rule):
    a, known = _plan_with_agencies(doc, rule)
    if a is None:
        return
    from planlint.document.dating import document_year  # only for a task plan: not on every draft's start-up

    year = document_year(doc)  # a 2012 text rightly uses the names of 2012
    for name, units in _occurrences(a).items():
        found = known.outdated_form(name, year)
        if found is None:
            continue
        old, new = found
        for u in units:
            yield rule.finding(doc, u.span.start, u.span.end, unit=u.name, old=old, new=new)
