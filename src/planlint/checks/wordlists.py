"""Word drafts: a list that mixes hand-typed numbers with Word's automatic ones (NUM120).

After an edit Word renumbers its automatic items but not the typed one, so the list shows a
number twice or skips one; the outline already sees the numbers as displayed, this check names
the cause. Only .docx texts carry automatic numbers (wordfile/reader.py), so other drafts give nothing.
"""
from __future__ import annotations

from planlint.document.model import Document
from planlint.checks import check


def _auto_lengths(text) -> dict[int, int]:
    """Paragraph start offset -> length of the automatic number written there."""
    return {p.start: p.auto for p in getattr(text, "paras", ()) if p.auto}


def _story(doc: Document, h) -> tuple:
    """The part of the document a heading is written in: the main text, one table, one text box.
    A 专栏 drawn as a box or a table numbers its items on its own."""
    para = doc.memo("word.paras", lambda d: {p.start: p for p in d.text.paras}).get(doc.text.line_start(h.line))
    return (para.part, para.table, para.number if para.part == "textbox" else 0) if para else ()


@check("word.mixed-numbering", fields=("heading", "auto"))
def mixed_numbering(doc: Document, rule):
    auto_at = _auto_lengths(doc.text)
    if not auto_at:
        return
    groups: dict[tuple, list] = {}
    for h in doc.headings:
        if not h.in_toc and not h.is_caption:
            groups.setdefault((h.kind, id(h.parent), _story(doc, h)), []).append(h)
    for items in groups.values():
        flags = [(h, _is_auto(doc, h, auto_at)) for h in items]
        autos = [h for h, auto in flags if auto]
        if not autos:
            continue
        for h, auto in flags:
            if not auto:
                yield rule.finding(doc, h.marker_span.start, h.marker_span.end, node=h,
                                   heading=h.marker.strip(), auto=autos[0].label())


def _is_auto(doc: Document, h, auto_at: dict[int, int]) -> bool:
    start = doc.text.line_start(h.line)
    return auto_at.get(start, 0) > h.marker_span.start - start
