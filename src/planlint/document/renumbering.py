"""The unsafe fix for a numbering gap or repeat: renumber the list 1, 2, 3 … in place, and the
matching 目录 entries and the references that point at it (见专栏4, 本规划第五章) with it. Unsafe
because only the drafter knows whether an item was deleted (renumber) or is missing (write it)."""
from __future__ import annotations

import re

from planlint.document.model import Document, Edit, Fix, Heading, normalise_title
from planlint.text.numerals import CIRCLED, FULLWIDTH_DIGITS, int_to_cn

_CN = r"[〇零一二两三四五六七八九十百]+(?:\s+[〇零一二两三四五六七八九十百]+)*"
_ARABIC = r"[0-9０-９]+"
_TO_FULL = str.maketrans("0123456789", FULLWIDTH_DIGITS)


def number_edit(doc: Document, h: Heading, number: int) -> Edit | None:
    """An edit that rewrites only the number inside h's marker (第三章 -> 第四章, （2） -> （3））."""
    start = h.marker_span.start
    marker = doc.text.content[start:h.marker_span.end]
    if h.prefix:
        return None  # 表3-1: the chapter part is not ours to renumber
    if marker.strip() and marker.strip()[0] in CIRCLED:
        if number > len(CIRCLED):
            return None
        i = marker.index(marker.strip()[0])
        return Edit(start + i, start + i + 1, CIRCLED[number - 1])
    m = re.search(_CN if h.numeral == "chinese" else _ARABIC, marker)
    if m is None:
        return None
    if h.numeral == "chinese":
        new = int_to_cn(number)
    else:
        new = str(number)
        if any(c in FULLWIDTH_DIGITS for c in m.group()):
            new = new.translate(_TO_FULL)
    return Edit(start + m.start(), start + m.end(), new)


def _toc_entries(doc: Document, h: Heading) -> list[Heading]:
    """目录 entries with h's kind, number and title (an index built once per document)."""
    def index(d: Document) -> dict[tuple, list[Heading]]:
        out: dict[tuple, list[Heading]] = {}
        for e in d.toc:
            out.setdefault((e.kind, e.number, e.prefix, normalise_title(e.title)), []).append(e)
        return out

    return doc.memo("renumber.toc", index).get((h.kind, h.number, h.prefix, normalise_title(h.title)), [])


def _reference_edits(doc: Document, h: Heading, number: int) -> list[Edit]:
    """见专栏4, 本规划第五章: the references that point at h follow it."""
    from planlint.document.crossrefs import number_edits

    return number_edits(doc, h, number)


def renumber(doc: Document, items: list[Heading], where: str = "") -> Fix | None:
    """Renumber one list (a segment of one sequence) 1..n. None when it is not mechanical: the
    list is out of order (which item moved?) or a marker cannot be rewritten."""
    numbers = [h.number for h in items]
    if not items or any(b < a for a, b in zip(numbers, numbers[1:])):
        return None
    edits: list[Edit] = []
    for n, h in enumerate(items, 1):
        if h.number == n:
            continue
        for node in (h, *_toc_entries(doc, h)):
            edit = number_edit(doc, node, n)
            if edit is None:
                return None
            edits.append(edit)
        edits.extend(_reference_edits(doc, h, n))
    if not edits:
        return None
    return Fix(f"{where}重新连续编号（请确认是删去了条目，而不是漏写了条目）", edits, applicability="unsafe")
