"""The 目录 must list the body's headings: same numbers, same titles, same order."""
from __future__ import annotations

import msgspec

from planlint.document.model import Document, Heading, normalise_title
from planlint.checks import check


class TocMatch(msgspec.Struct):
    entry: Heading
    body: Heading | None
    where: str = ""  # the entry's enclosing 章 (or 篇), e.g. “第九章”, so “第二节” is unambiguous
    renumbered: bool = False  # matched by title: the body numbers it differently


def _pair_by_title(missing: list[TocMatch], unlisted: list[tuple[Heading, str]]):
    """An entry not found by number and a body heading not listed, of the same kind and title:
    one heading renumbered on one side, not two defects."""
    free = {}
    for h, where in unlisted:
        free.setdefault((h.kind, normalise_title(h.title)), []).append((h, where))
    pairs = []
    for m in missing:
        candidates = free.get((m.entry.kind, normalise_title(m.entry.title)))
        if candidates:
            pairs.append((m, candidates.pop(0)))
    return pairs


def _keys(headings: list[Heading], kinds: set[str]) -> list[tuple[Heading, tuple, str]]:
    """Each heading's path of (kind, number) through the levels the 目录 lists, and the label of
    its enclosing 章/篇."""
    out, stack = [], []
    for h in headings:
        if h.kind not in kinds:
            continue
        while stack and stack[-1].rank >= h.rank:
            stack.pop()
        outer = [s.label() for s in stack if s.kind in ("pian", "zhang")][-1:]
        stack.append(h)
        out.append((h, tuple((s.kind, s.number) for s in stack), "".join(outer)))
    return out


def toc_analysis(doc: Document):
    def compute(d: Document):
        kinds = {e.kind for e in d.toc if not e.is_caption}
        body_keys = _keys([h for h in d.headings if not h.is_caption], kinds)
        index: dict[tuple, Heading] = {}
        for h, key, _ in body_keys:
            index.setdefault(key, h)
        matches = [TocMatch(e, index.get(key), where) for e, key, where in _keys(d.toc, kinds)]
        listed = {id(m.body) for m in matches if m.body is not None}
        unlisted = [(h, where) for h, _, where in body_keys if id(h) not in listed]
        renumbered = _pair_by_title([m for m in matches if m.body is None], unlisted)
        for m, (h, _) in renumbered:
            m.body, m.renumbered = h, True
        paired = {id(h) for _, (h, _) in renumbered}
        unlisted = [(h, w) for h, w in unlisted if id(h) not in paired]
        return matches, unlisted

    return doc.memo("toc", compute)


def _entry_text(h: Heading, where: str = "") -> str:
    return f"{where}{h.label()} {h.title}".strip()


@check("toc.missing-in-body", fields=("entry",))
def missing_in_body(doc: Document, rule):
    if not doc.toc:
        return
    matches, _ = toc_analysis(doc)
    for m in matches:
        if m.body is None:
            yield rule.finding(doc, m.entry.marker_span.start, m.entry.title_span.end, entry=_entry_text(m.entry, m.where))


@check("toc.number-mismatch", fields=("entry", "body_number"))
def number_mismatch(doc: Document, rule):
    if not doc.toc:
        return
    matches, _ = toc_analysis(doc)
    for m in matches:
        if m.renumbered:
            yield rule.finding(doc, m.entry.marker_span.start, m.entry.marker_span.end,
                               related=[rule.related(doc, m.body.marker_span.start, "正文标题")],
                               entry=_entry_text(m.entry, m.where), body_number=m.body.label())


@check("toc.title-mismatch", fields=("number", "toc_title", "body_title"))
def title_mismatch(doc: Document, rule):
    if not doc.toc:
        return
    matches, _ = toc_analysis(doc)
    for m in matches:
        if m.body is not None and not m.renumbered and normalise_title(m.entry.title) != normalise_title(m.body.title):
            yield rule.finding(doc, m.entry.marker_span.start, m.entry.title_span.end,
                               related=[rule.related(doc, m.body.marker_span.start, "正文标题")],
                               number=m.where + m.entry.label(), toc_title=m.entry.title, body_title=m.body.title)


@check("toc.missing-entry", fields=("entry",))
def missing_entry(doc: Document, rule):
    if not doc.toc:
        return
    _, unlisted = toc_analysis(doc)
    for h, where in unlisted:
        yield rule.finding(doc, h.marker_span.start, h.title_span.end, node=h, entry=_entry_text(h, where))


@check("toc.order", fields=("entry", "previous"))
def order(doc: Document, rule):
    if not doc.toc:
        return
    matches, _ = toc_analysis(doc)
    previous: TocMatch | None = None
    for m in matches:
        if m.body is None:
            continue
        if previous is not None and m.body.line < previous.body.line:
            yield rule.finding(doc, m.entry.marker_span.start, m.entry.title_span.end,
                               related=[rule.related(doc, m.body.marker_span.start, "正文位置")],
                               entry=_entry_text(m.entry, m.where),
                               previous=_entry_text(previous.entry, previous.where))
        previous = m
