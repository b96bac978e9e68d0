"""Task-division plans (任务分工方案): is this document one, which numbered items are its tasks, and
who owns each task (the responsibility clauses).

Clause forms (full or half width, at the end of an item or on the next line):

- labelled:  （责任单位：A、B，各镇<办、处、区>）  （牵头单位：X；责任单位：Y、Z；完成时限：2025年底前）
             （预期性指标，牵头单位：X；责任单位：…）   also unbracketed on a line of its own
- formula:   （A牵头，B、C按职责分工负责）  （A、B牵头，C配合）  （A负责）

Brackets inside a unit name (〈〉 ‹› <> 《》 and nested （）) belong to the name. With only a list
(责任单位：A、B), the first-listed unit is the lead (TASK-02 in the standards notes).

The analysis is computed once per document and parameter set (Document.memo) and shared by every
responsibility rule and by `planlint owners`.
"""
from __future__ import annotations

import bisect
import fnmatch
import os
import re

import msgspec

from planlint.document.agencies import base_name
from planlint.text.brackets import outer_chars_before
from planlint.document.model import Document, Heading, Span
from planlint.text import lazyre

# Parameters every responsibility kind accepts (one dict, so that they cannot drift apart).
ANALYSIS_PARAMS = {
    # a document is a task-division plan when its title (or file name) matches ...
    "title_pattern": "分工方案|任务分工|责任分工|分工安排|责任清单|任务清单|分解方案",
    # ... or when it carries at least this many responsibility clauses ...
    "min_clauses": 3,
    # ... or when its path matches one of these globs (a profile per file glob); never when it
    # matches one of not_task_plan_paths
    "task_plan_paths": [],
    "not_task_plan_paths": [],
    # sections that assign work: their numbered items are tasks
    "section_pattern": "指标|任务|工程|项目|举措|分工|重点工作",
    # preambles are never tasks, nor is anything under them
    "preamble_pattern": "总体要求|工作要求|指导思想|基本原则|有关要求|实施要求|编制说明",
    # a section whose title does not match is still a task section when this share of its items
    # carries a clause
    "assigned_share": 0.6,
    # heading kinds that are tasks (l1..l5, jie, zhang); empty: the innermost numbered items
    "task_levels": [],
    # units that are no one in particular
    "catch_all_pattern": r"^各|有关|相关|^(?:全市|全区|全县|市级|区级|县级|市直|区直|县直)各|^其他",
}

LEAD, RESPONSIBLE, SUPPORT = "lead", "responsible", "support"
ROLE_LABEL = {LEAD: "牵头单位", RESPONSIBLE: "责任单位", SUPPORT: "配合单位"}
STYLE_LABEL = {"list": "责任单位：……", "lead": "牵头单位：……；责任单位：……", "formula": "……牵头，……按职责分工负责"}

_ROLE_WORDS = (
    (LEAD, "牵头单位|牵头部门|主办单位|主责单位|牵头责任单位"),
    (RESPONSIBLE, "责任单位|责任部门|承办单位|实施单位|落实单位"),
    (SUPPORT, "配合单位|配合部门|参与单位|参与部门|协办单位|协作单位|协同单位|支持单位"),
    ("deadline", "完成时限|完成时间|时间节点|时限要求|时限"),
    ("person", "责任人|责任领导|牵头领导|牵头市领导|分管领导|联系领导"),
)
_LABEL_ROLE = {w: role for role, words in _ROLE_WORDS for w in words.split("|")}
_LABEL_ALT = "|".join(sorted(_LABEL_ROLE, key=len, reverse=True))
LABEL_RE = lazyre.compile(rf"({_LABEL_ALT})\s*[:：]")
# where to look for a clause: a label, or the formula's 牵头/负责 just before a closing bracket
_HIT_RE = lazyre.compile(rf"(?:{_LABEL_ALT})\s*[:：]|牵头(?![单部领市责])|负责\s*[)）]")
_FORMULA_END = lazyre.compile(r"(?:等)?(?:(?:按照?|根据)?(?:各自)?职责(?:分工)?)?(?:负责|落实|配合|参与|协助|参加|"
                          r"共同推进|共同负责|协同推进|按职责分工负责)$")
_SUPPORT_END = lazyre.compile(r"(?:配合|参与|协助|参加)$")
_OPEN, _CLOSE = "（(", "）)"
_NAME_OPEN = "（(〈‹<《【〔[＜"
_NAME_CLOSE = "）)〉›>》】〕]＞"
_SEPARATORS = "、，,；;"
_STRIP = " \t\u3000。．.，,；;、:：…"
_UNIT_END = lazyre.compile(r"(?:局|委|办|部|厅|院|会|中心|政府|处|室|队|所|站|司|集团|区|县|市|镇|乡|街道|行|团|社|联|组|"
                       r"门|位|关|馆|校|署|台|公司|园|场|厂|社区|村)$")
_LEAD_MARK = lazyre.compile(r"[（(]\s*牵头\s*[)）]$")
_ETC = lazyre.compile(r"等(?=[^、，,]*(?:有关|相关|各|其他|单位|部门))")
_TITLE_LINE_MAX = 80
_TITLE_LINES = 60


class Unit(msgspec.Struct):
    name: str        # as written, whitespace removed
    span: Span
    role: str        # lead | responsible | support
    positional: bool = False  # the lead only by being listed first
    catch_all: bool = False

    @property
    def base(self) -> str:
        return base_name(self.name)


class Clause(msgspec.Struct):
    span: Span               # the whole note, brackets included
    style: str               # list | lead | formula; "" when only 配合单位/完成时限 are given
    units: list[Unit]
    labels: list[tuple[str, str, Span]] = msgspec.field(default_factory=list)  # (label, role, span)
    empty: list[tuple[str, Span]] = msgspec.field(default_factory=list)        # labels with nothing after
    attribute: str = ""      # 预期性指标 / 约束性指标
    deadline: str = ""
    bracketed: bool = True

    def role(self, role: str) -> list[Unit]:
        return [u for u in self.units if u.role == role]

    @property
    def leads(self) -> list[Unit]:
        return self.role(LEAD)

    @property
    def label_span(self) -> Span:
        return self.labels[0][2] if self.labels else self.span


class Task(msgspec.Struct):
    heading: Heading
    span: Span               # the item's text: its marker up to the next heading
    section: Heading | None  # None: a flat list of tasks with no sections
    clauses: list[Clause] = msgspec.field(default_factory=list)
    tabled: bool = False     # owners given in a table inside the item
    # the owner of the enclosing item, for a sub-item that names none while its siblings do
    inherited: list[Clause] = msgspec.field(default_factory=list)

    @property
    def owned(self) -> bool:
        """Owners named (an empty list counts: it is reported as empty), given in a table, or
        given once for the enclosing item."""
        return self.tabled or any(c.units or c.empty for c in self.clauses + self.inherited)

    @property
    def units(self) -> list[Unit]:
        return [u for c in self.clauses + self.inherited for u in c.units]

    def label(self) -> str:
        """The task's number from its section down: 三、（一）1."""
        parts, node = [], self.heading
        while node is not None:
            parts.append(node.label())
            if node is self.section:
                break
            node = node.parent
        return "".join(reversed(parts))


class Analysis(msgspec.Struct):
    is_plan: bool
    reason: str = ""
    clauses: list[Clause] = msgspec.field(default_factory=list)
    tasks: list[Task] = msgspec.field(default_factory=list)
    sections: list[Heading] = msgspec.field(default_factory=list)
    _task_of: dict[int, Task] = msgspec.field(default_factory=dict)

    def task_of(self, clause: Clause) -> Task | None:
        if not self._task_of:
            self._task_of = {id(c): t for t in self.tasks for c in t.clauses}
        return self._task_of.get(id(clause))


# ---------------------------------------------------------------- entry point

def analyse(doc: Document, params: dict, force: bool = False) -> Analysis:
    """The plan analysis for these parameters, computed once per document."""
    p = {k: params.get(k, v) for k, v in ANALYSIS_PARAMS.items()}
    key = "responsibility:" + repr(sorted((k, str(v)) for k, v in p.items())) + (":force" if force else "")
    return doc.memo(key, lambda d: _analyse(d, p, force))


def _analyse(doc: Document, p: dict, force: bool) -> Analysis:
    reason = "" if not force else "forced"
    if not force:
        reason = recognise(doc, p)
        if not reason:
            return Analysis(False)
    clauses = _clauses_across_breaks(doc, _bounded(p, "catch_all_pattern"))
    if not force and reason == "clauses" and sum(1 for c in clauses) < p["min_clauses"]:
        return Analysis(False)
    tasks, sections = find_tasks(doc, clauses, p)
    return Analysis(True, reason, clauses, tasks, sections)


def _bounded(p: dict, key: str):
    """A regex parameter a configuration may set, searched under the pattern rules' timeout."""
    from planlint.text.regexes import Bounded

    return Bounded(p[key], key, ANALYSIS_PARAMS[key])


def recognise(doc: Document, p: dict) -> str:
    """Why this document is a task-division plan ('' when it is not): path, title or clauses."""
    path = doc.path
    name = os.path.basename(path)
    if any(fnmatch.fnmatch(path, g) or fnmatch.fnmatch(name, g) for g in p["not_task_plan_paths"]):
        return ""
    if any(fnmatch.fnmatch(path, g) or fnmatch.fnmatch(name, g) for g in p["task_plan_paths"]):
        return "path"
    title_re = _bounded(p, "title_pattern") if p["title_pattern"] else None
    if title_re is not None and (title_re.search(name) or title_re.search(_title_text(doc))):
        return "title"
    content = doc.text.content
    if p["min_clauses"] > 0 and _quick_count(content) >= p["min_clauses"]:
        return "clauses"
    return ""


def _quick_count(content: str) -> int:
    return len(LABEL_RE.findall(content)) + content.count("牵头，") + content.count("牵头,")


def _title_text(doc: Document) -> str:
    """The short, sentence-free lines before the first heading (where a title sits), joined."""
    first = next((h.line for h in doc.headings if not h.in_toc), None)
    if doc.toc_span is not None:
        first = min(first or 10**9, doc.text.pos(doc.toc_span.start).line)
    last = min(first - 1 if first else 10**9, _TITLE_LINES, doc.text.line_count)
    parts = []
    for n in range(1, last + 1):
        line = "".join(doc.text.line_text(n).split()).strip("#*> ")
        if line and len(line) <= _TITLE_LINE_MAX and "。" not in line.rstrip("。"):
            parts.append(line)
    return "".join(parts)


# ---------------------------------------------------------------- clauses

def _clauses_across_breaks(doc: Document, catch_all) -> list[Clause]:
    """The clauses of the document read with its line breaks inside sentences taken out (a stray
    break in “（牵头部” / “门：市交通委）”, or a wrapped line), spans mapped back to the document."""
    from planlint.document.linebreaks import analyse as line_joins

    content = doc.text.content
    joins = line_joins(doc).joins
    if not joins:
        return find_clauses(content, catch_all)
    parts, cuts, shifts, removed, at = [], [], [], 0, 0
    for j in joins:
        parts.append(content[at:j.cut])
        cuts.append(j.cut - removed)  # the offset of the cut in the joined text
        removed += j.resume - j.cut
        shifts.append(removed)
        at = j.resume
    parts.append(content[at:])

    def start(offset: int) -> int:
        i = bisect.bisect_right(cuts, offset) - 1
        return offset + (shifts[i] if i >= 0 else 0)

    def span(s: Span) -> Span:
        return Span(start(s.start), start(s.end - 1) + 1 if s.end > s.start else start(s.start))

    clauses = find_clauses("".join(parts), catch_all)
    for c in clauses:
        c.span = span(c.span)
        for u in c.units:
            u.span = span(u.span)
        c.labels = [(label, role, span(s)) for label, role, s in c.labels]
        c.empty = [(label, span(s)) for label, s in c.empty]
    return clauses


def find_clauses(content: str, catch_all: re.Pattern) -> list[Clause]:
    """Every responsibility clause in the text, in order."""
    out: list[Clause] = []
    seen: set[int] = set()
    covered = 0  # the end of the last clause: later hits inside it belong to it
    for m in _HIT_RE.finditer(content):
        if m.start() < covered:
            continue
        line_start = content.rfind("\n", 0, m.start()) + 1
        line_end = content.find("\n", m.end())
        line_end = len(content) if line_end == -1 else line_end
        group = _enclosing_group(content, line_start, line_end, m.start())
        if group is None:
            if not m.group(0).endswith(("：", ":")):
                continue  # the formula only counts in brackets
            start = _unbracketed_start(content, line_start, m.start())
            if start is None or start in seen:
                continue
            end = line_end
            inner = (start, end)
            span = Span(start, end)
        else:
            start, end = group
            if start in seen:
                continue
            inner = (start + 1, end - 1 if content[end - 1] in _CLOSE else end)
            span = Span(start, end)
        clause = parse_clause(content, inner[0], inner[1], span, catch_all)
        if clause is not None:
            clause.bracketed = group is not None
            seen.add(start)
            covered = span.end
            out.append(clause)
    out.sort(key=lambda c: c.span.start)
    return out


def _enclosing_group(content: str, lo: int, hi: int, pos: int) -> tuple[int, int] | None:
    """The innermost （…） on the line around pos: (open offset, offset after the close)."""
    opening = next((i for i, c in outer_chars_before(content, pos, lo, _OPEN, _CLOSE) if c in _OPEN), None)
    if opening is None:
        return None
    depth, j = 0, pos
    while j < hi:
        c = content[j]
        if c in _OPEN:
            depth += 1
        elif c in _CLOSE:
            if depth == 0:
                return opening, j + 1
            depth -= 1
        j += 1
    return opening, hi  # unclosed: up to the end of the line


def _unbracketed_start(content: str, line_start: int, pos: int) -> int | None:
    """An unbracketed labelled clause starts a line or follows the end of a sentence."""
    before = content[line_start:pos].rstrip(" \t\u3000*_")
    if not before.strip(" \t\u3000*_->#"):
        return pos
    if before.endswith(("。", "；", ";")):
        return pos
    return None


def parse_clause(content: str, lo: int, hi: int, span: Span, catch_all: re.Pattern) -> Clause | None:
    text = content[lo:hi]
    labels = list(LABEL_RE.finditer(text))
    if labels:
        return _labelled(text, lo, labels, span, catch_all)
    return _formula(text, lo, span, catch_all)


def _labelled(text: str, lo: int, labels, span: Span, catch_all) -> Clause:
    clause = Clause(span, "", [])
    clause.attribute = text[: labels[0].start()].strip(_STRIP)
    for i, m in enumerate(labels):
        label = m.group(1)
        role = _LABEL_ROLE[label]
        vstart = m.end()
        vend = labels[i + 1].start() if i + 1 < len(labels) else len(text)
        clause.labels.append((label, role, Span(lo + m.start(1), lo + m.end(1))))
        value = text[vstart:vend]
        if role == "deadline":
            clause.deadline = value.strip(_STRIP)
            continue
        if role == "person":
            continue
        units = split_units(value, lo + vstart, role, catch_all)
        if not units:
            clause.empty.append((label, Span(lo + m.start(1), lo + m.end())))
        clause.units.extend(units)
        if role == LEAD:
            clause.style = "lead"
        elif role == RESPONSIBLE and not clause.style:
            clause.style = "list"
    _mark_positional_lead(clause)
    return clause


def _formula(text: str, lo: int, span: Span, catch_all) -> Clause | None:
    """（A牵头，B、C按职责分工负责）, （A、B牵头，C配合）, （A负责）; None for ordinary prose."""
    stripped = text.rstrip(_STRIP)
    at = stripped.find("牵头")
    if at == -1:
        head = _FORMULA_END.sub("", stripped)
        if head == stripped or not stripped.endswith("负责"):
            return None
        leads = split_units(head, lo, LEAD, catch_all)
        if not leads or not all(_unit_like(u) for u in leads):
            return None
        return Clause(span, "formula", leads)
    lead_text = stripped[:at]
    offset = 0
    if lead_text.startswith("由"):
        lead_text, offset = lead_text[1:], 1
    leads = split_units(lead_text, lo + offset, LEAD, catch_all)
    if not leads or not all(_unit_like(u) for u in leads):
        return None
    rest_start = at + 2
    rest = stripped[rest_start:]
    if rest.startswith("负责"):
        rest, rest_start = rest[2:], rest_start + 2
    role = SUPPORT if _SUPPORT_END.search(rest) else RESPONSIBLE
    rest = _FORMULA_END.sub("", rest)
    others = split_units(rest, lo + rest_start, role, catch_all)
    if rest.strip(_STRIP) and not others:
        return None
    if others and not all(_unit_like(u) for u in others):
        return None
    return Clause(span, "formula", leads + others)


def _unit_like(u: Unit) -> bool:
    return u.catch_all or bool(_UNIT_END.search(u.base))


def split_units(value: str, offset: int, role: str, catch_all: re.Pattern) -> list[Unit]:
    """Units of one list, split at 、，；, never inside brackets: 各镇<办、处、区> is one unit."""
    out: list[Unit] = []
    depth, start = 0, 0
    pieces = []
    for i, c in enumerate(value):
        if c in _NAME_OPEN:
            depth += 1
        elif c in _NAME_CLOSE and depth:
            depth -= 1
        elif depth == 0 and c in _SEPARATORS:
            pieces.append((start, i))
            start = i + 1
    pieces.append((start, len(value)))
    for a, b in pieces:
        a, b = _trim(value, a, b)
        if a >= b:
            continue
        m = _ETC.search(value, a, b)
        parts = [(a, m.start()), (m.end(), b)] if m else [(a, b)]
        for pa, pb in parts:
            pa, pb = _trim(value, pa, pb)
            if pa >= pb:
                continue
            piece = value[pa:pb]
            unit_role = role
            mark = _LEAD_MARK.search(piece)
            if mark:
                unit_role = LEAD
                pb = pa + mark.start()
                pa, pb = _trim(value, pa, pb)
                piece = value[pa:pb]
            if piece.endswith("等"):
                pb -= 1
                piece = piece[:-1]
            name = "".join(piece.split())
            if not name:
                continue
            out.append(Unit(name, Span(offset + pa, offset + pb), unit_role,
                            catch_all=bool(catch_all.search(base_name(name)))))
    return out


def _trim(value: str, a: int, b: int) -> tuple[int, int]:
    while a < b and (value[a] in _STRIP or value[a] in "*_"):
        a += 1
    while b > a and (value[b - 1] in _STRIP or value[b - 1] in "*_"):
        b -= 1
    return a, b


def _mark_positional_lead(clause: Clause) -> None:
    """With no lead named, the first-listed responsible unit leads (TASK-02)."""
    if clause.leads:
        return
    for u in clause.units:
        if u.role == RESPONSIBLE:
            u.role, u.positional = LEAD, True
            return


# ---------------------------------------------------------------- tasks

def find_tasks(doc: Document, clauses: list[Clause], p: dict) -> tuple[list[Task], list[Heading]]:
    section_re = _bounded(p, "section_pattern") if p["section_pattern"] else None
    preamble_re = _bounded(p, "preamble_pattern") if p["preamble_pattern"] else None
    levels = set(p["task_levels"])
    headings = [h for h in doc.headings if not h.in_toc]
    ends = _item_ends(doc, headings)
    starts = [c.span.start for c in clauses]
    tables = _owner_tables(doc)

    def clauses_in(a: int, b: int) -> list[Clause]:
        i, j = bisect.bisect_left(starts, a), bisect.bisect_left(starts, b)
        return clauses[i:j]

    def own_span(h: Heading) -> Span:
        return Span(h.marker_span.start, ends[id(h)][0])

    def subtree_span(h: Heading) -> Span:
        return Span(h.marker_span.start, ends[id(h)][1])

    tasks: list[Task] = []
    sections: list[Heading] = []
    claimed: set[int] = set()  # ids of the sections found so far

    def collect(h: Heading, section: Heading | None, out: list[Task], inherited: list[Clause] | None = None) -> None:
        if id(h) in claimed or (preamble_re is not None and preamble_re.search(h.title)):
            return
        children = [c for c in h.children if not c.is_caption]
        if levels:
            if h.kind in levels:
                span = subtree_span(h)
                out.append(_task(h, span, section, clauses_in(span.start, span.end), tables, inherited))
                return
        else:
            span = own_span(h)
            own = clauses_in(span.start, span.end)
            owned_below = own and any(clauses_in(*_bounds(subtree_span(c))) for c in children)
            if (own and not owned_below) or not children or _introduces_list(doc.text.content, span):
                # an item with its own owner owns its sub-items too; an item ending in “：”
                # lists its own parts, with one owner after the last
                full = subtree_span(h)
                out.append(_task(h, full, section, clauses_in(full.start, full.end), tables, inherited))
                return
            if own:
                # tasks are the innermost numbered items: when the sub-items name owners of
                # their own, the item's owner covers only those that name none
                inherited = own
        for c in children:
            collect(c, section, out, inherited)

    def walk(h: Heading) -> None:
        if h.is_caption or (preamble_re is not None and preamble_re.search(h.title)):
            return
        children = [c for c in h.children if not c.is_caption]
        if section_re is not None and section_re.search(h.title) and children:
            sections.append(h)
            claimed.add(id(h))
            for c in children:
                collect(c, h, tasks)
            return
        for c in children:
            walk(c)

    roots = doc.tree_roots()
    for r in roots:
        walk(r)
    # sections that assign their items although their titles do not say so; then a flat list of
    # owned items with no sections at all
    loose = [r for r in roots if id(r) not in claimed
             and not (preamble_re is not None and preamble_re.search(r.title))]
    groups = []
    for r in loose:
        candidates: list[Task] = []
        for c in (c for c in r.children if not c.is_caption):
            collect(c, r, candidates)
        groups.append((r, candidates))
    unclaimed = []
    for (r, candidates), assigns in zip(groups, _assigning_groups(groups, p["assigned_share"])):
        if assigns:
            sections.append(r)
            claimed.add(id(r))
            tasks.extend(candidates)
        else:
            unclaimed.append(r)
    candidates = []
    for r in unclaimed:
        collect(r, None, candidates)
    if _mostly_owned(candidates, p["assigned_share"]):
        tasks.extend(candidates)
    tasks.sort(key=lambda t: t.span.start)
    return tasks, sections


def _introduces_list(content: str, span: Span) -> bool:
    return content[span.start:span.end].rstrip(" \t\u3000\n*_").endswith(("：", ":"))


_SMALL_GROUP = 2


def _assigning_groups(groups: list[tuple[Heading, list[Task]]], share: float) -> list[bool]:
    """Which top-level headings whose titles do not name a task section still assign their items:
    those whose items are mostly owned; and, when the document's owned groups are mostly owned
    together, a small group (one or two tasks, too few to judge alone: a 实施意见's （一） with
    tasks 1. and 2.) with an owned task, or with none but between two assigning groups of its kind
    or numbering its tasks on from the assigning group before it."""
    take = [_mostly_owned(c, share) for _, c in groups]
    pool = [t for _, c in groups if any(t.owned for t in c) for t in c]
    if not _mostly_owned(pool, share):
        return take
    small = [0 < len(c) <= _SMALL_GROUP for _, c in groups]
    for i, (_, c) in enumerate(groups):
        if small[i] and any(t.owned for t in c):
            take[i] = True
    taken = [i for i, t in enumerate(take) if t]
    for i, (r, c) in enumerate(groups):
        if take[i] or not small[i]:
            continue
        before = [j for j in taken if j < i]
        after = [j for j in taken if j > i]
        if before and groups[before[-1]][0].kind == r.kind and (
                (after and groups[after[0]][0].kind == r.kind) or _numbered_on(groups[before[-1]][1], c)):
            take[i] = True
    return take


def _numbered_on(previous: list[Task], tasks: list[Task]) -> bool:
    """The tasks go on with the numbers of the tasks before them (1.–5. in one group, 6. in the
    next): one list of tasks across the groups."""
    last, first = previous[-1].heading, tasks[0].heading
    return first.kind == last.kind and first.number == last.number + 1


def _bounds(span: Span) -> tuple[int, int]:
    return span.start, span.end


def _mostly_owned(candidates: list[Task], share: float) -> bool:
    owned = sum(1 for t in candidates if t.owned)
    return len(candidates) >= 2 and owned >= 2 and owned >= share * len(candidates)


def _task(h: Heading, span: Span, section: Heading | None, clauses: list[Clause], tables: list[int],
          inherited: list[Clause] | None = None) -> Task:
    i = bisect.bisect_left(tables, span.start)
    tabled = i < len(tables) and tables[i] < span.end
    return Task(h, span, section, clauses, tabled, [] if clauses else list(inherited or []))


def _item_ends(doc: Document, headings: list[Heading]) -> dict[int, tuple[int, int]]:
    """For each heading: where its own text ends (the next heading) and where its subtree ends
    (the next heading that is not its descendant)."""
    text = doc.text
    total = len(text.content)
    line_starts = [text.line_start(h.line) for h in headings]
    out: dict[int, tuple[int, int]] = {}
    open_: list[tuple[Heading, int]] = []
    for i, h in enumerate(headings):
        own_end = line_starts[i + 1] if i + 1 < len(headings) else total
        out[id(h)] = (max(own_end, h.marker_span.end), total)
        # close every open heading that h is not inside
        ancestors = set()
        node = h.parent
        while node is not None:
            ancestors.add(id(node))
            node = node.parent
        while open_ and id(open_[-1][0]) not in ancestors:
            done, _ = open_.pop()
            out[id(done)] = (out[id(done)][0], max(line_starts[i], done.marker_span.end))
        open_.append((h, i))
    return out


def _owner_tables(doc: Document) -> list[int]:
    """Starts of table rows that carry owners (a table with 牵头单位/责任单位 columns)."""
    content = doc.text.content
    rows = [b for b in doc.blocks if b.kind == "table"]
    out = []
    header = False
    for b in rows:
        row = content[b.span.start:b.span.end]
        if any(w in row for w in ("牵头单位", "责任单位", "牵头部门", "责任部门")):
            header = True
        if header:
            out.append(b.span.start)
    return out


# ---------------------------------------------------------------- helpers for checks and owners

def dominant_style(analysis: Analysis) -> str:
    """The labelling style most clauses use (on a tie, the first used)."""
    counts: dict[str, int] = {}
    order = [c.style for c in analysis.clauses if c.style]
    for style in order:
        counts[style] = counts.get(style, 0) + 1
    if not counts:
        return "list"
    return max(counts, key=lambda s: (counts[s], -order.index(s)))


def shorten(title: str, limit: int = 16) -> str:
    title = "".join(title.split())
    return title if len(title) <= limit else title[: limit - 1] + "…"
