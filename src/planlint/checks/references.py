"""Cross-references (REF): 见专栏6 when there is no 专栏6, a quoted title that is not the target's,
and the counts a draft states about itself (本规划共分三篇十章, 设置3个专栏)."""
from __future__ import annotations

from planlint.document import crossrefs as R
from planlint.document.model import Document
from planlint.checks import check


@check("references.missing", fields=("reference", "what"))
def missing(doc: Document, rule):
    """见专栏6, 如表2所示, 本规划第十一章: the target exists in this draft."""
    for ref in R.references(doc).local:
        target = R.resolve(doc, ref)
        if target is None:
            yield rule.finding(doc, ref.start, ref.end, reference=doc.text.content[ref.start:ref.end],
                               what=_what_exists(doc, ref))


def _what_exists(doc: Document, ref: R.Reference) -> str:
    kind = ref.kinds[-1] if ref.kinds else ref.kind
    present = [h.label() for h in doc.headings if h.kind == kind and not h.in_toc]
    if not present:
        return f"文中没有{ref.word}"
    shown = "、".join(present[:3]) + ("……" + present[-1] if len(present) > 4 else
                                        "、" + present[3] if len(present) == 4 else "")
    return f"文中只有{shown}"


@check("references.title", fields=("reference", "quoted", "title"))
def title(doc: Document, rule):
    """见专栏4“现代服务业重点工程”: the quoted title is the title of 专栏4."""
    for ref in R.references(doc).local:
        if not ref.title:
            continue
        target = R.resolve(doc, ref)
        if target is None or target is True or not target.title:
            continue
        if not R.title_matches(ref.title, target.title):
            yield rule.finding(doc, ref.title_start, ref.end,
                               related=[rule.related(doc, target.title_span.start, "被引用的标题")],
                               reference=ref.label, quoted=ref.title, title=target.title)


@check("references.count", fields=("text", "actual", "word"))
def count(doc: Document, rule):
    """本规划共分三篇十章, 设置3个专栏: the count is the number of 篇/章/专栏 in the draft."""
    for c in R.counts(doc):
        present = c.items if c.items is not None else R.counted(doc, c.kind)
        if c.kind != "box" and not present:
            continue  # a draft without 篇 headings cannot be judged (篇 may be 部分, or not marked)
        if len(present) != c.stated:
            last = "最后一项" if c.items is not None else f"最后一个{c.word}"
            related = [rule.related(doc, present[-1].marker_span.start, last)] if present else []
            yield rule.finding(doc, c.start, c.end, related=related, text=doc.text.content[c.start:c.end],
                               actual=_actual(c, len(present)), word=c.word)


def _actual(c: R.Count, n: int) -> str:
    if c.items is not None:
        return f"专栏中编号列出的是 {n} 项"
    return f"正文共有 {n} 个专栏" if c.kind == "box" else f"正文共有 {n} {c.word}"
