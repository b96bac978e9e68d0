"""The annotated copy of a .docx draft: the original package with one comment (批注) per finding.

The reader (wordfile) maps every stretch of the Text to the w:t element it came from. Here the
runs are cut at each finding's boundaries (a run becomes two runs with the same formatting), the
comment range is marked around the finding's runs, and python-docx adds the comments part. Only
the main document part, its relationships, the content types and the comments part are written
anew; every other entry of the package is copied byte for byte.
"""
from __future__ import annotations

import bisect
import io
import zipfile
from copy import deepcopy

from planlint.report.anchors import finding_range

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def annotate(path: str, display: str, findings: list, comments: list[list[str]], *, author: str,
             initials: str, revisions: str = "accept") -> bytes:
    """The bytes of the annotated copy. comments[i]: the lines of finding i's comment."""
    import docx

    from planlint.document.wordfile import read_docx

    wf = read_docx(path, display, revisions)
    copy = docx.Document(io.BytesIO(wf.package))
    main = wf.parts["document"][1]
    mirror = _Mirror(main, copy.element)
    pieces = [(s, e, mirror(wf.nodes[n]), off) for s, e, n, off in wf.text.pieces]
    pieces = [p for p in pieces if p[2] is not None]   # footnotes live in a part of their own
    spans = []
    for f in findings:
        start, end = finding_range(wf.text, f)
        mark = _footnote_mark(wf.text, copy.element, start)
        spans.append(("runs", mark, mark) if mark is not None else _node_span(pieces, wf.text, start, end))
    cut = _Cutter()
    for span in spans:
        if span is not None and span[0] == "text":
            cut.need(span[1], span[2])
            cut.need(span[3], span[4])
    cut.apply()
    from docx.oxml.text.run import CT_R

    for span, lines in zip(spans, comments):
        if span is None:
            continue
        if span[0] == "text":
            first, last = cut.run_starting(span[1], span[2]), cut.run_ending(span[3], span[4])
        else:
            first, last = span[1], span[2]
        comment = copy.comments.add_comment(text=lines[0], author=author, initials=initials)
        for line in lines[1:]:
            comment.add_paragraph(line)
        CT_R.insert_comment_range_start_above(first, comment.comment_id)
        CT_R.insert_comment_range_end_and_reference_below(last, comment.comment_id)
    return _repackage(wf.package, copy)


class _Mirror:
    """An element of the reader's tree -> the same element of the copy's tree. Both are parsed
    from the same bytes; parsers may differ in blank text and comments, so a step counts only the
    element children."""

    def __init__(self, root, other_root):
        self.root = root
        self.other = other_root
        self.positions: dict = {}   # parent -> {child: element index}
        self.children: dict = {}    # element of the copy -> its element children

    def __call__(self, node):
        steps = []
        el = node
        while el is not self.root:
            parent = el.getparent()
            if parent is None:
                return None     # another part (footnotes)
            if parent not in self.positions:
                self.positions[parent] = {c: i for i, c in enumerate(_elements(parent))}
            steps.append(self.positions[parent][el])
            el = parent
        el = self.other
        for i in reversed(steps):
            if el not in self.children:
                self.children[el] = _elements(el)
            el = self.children[el][i]
        return el


def _elements(el) -> list:
    return [c for c in el if isinstance(c.tag, str)]


def _footnote_mark(text, root, offset: int):
    """The run of the footnote's reference mark in the body when offset is in a footnote (a
    comment belongs to the main text), else None."""
    from planlint.document.wordfile.positions import para_at

    para = para_at(text, offset)
    if para is None or para.part != "footnote":
        return None
    for ref in root.iter(_W + "footnoteReference"):
        if ref.get(_W + "id") == para.footnote:
            return ref.getparent()
    return None


def _node_span(pieces, text, start: int, end: int):
    """("text", w:t, offset, w:t, offset) covering [start, end) of the Text, or the nearest copied
    text on the same line when the span is generated (an automatic number) or empty; None for a
    draft with no text at all."""
    starts = [p[0] for p in pieces]
    if end > start:
        lo = max(bisect.bisect_right(starts, start) - 1, 0)
        inside = [p for p in pieces[lo:bisect.bisect_left(starts, end)] if p[0] < end and p[1] > start]
        if inside:
            a, b = inside[0], inside[-1]
            return "text", a[2], a[3] + max(start, a[0]) - a[0], b[2], b[3] + min(end, b[1]) - b[0]
    near = _nearest(pieces, starts, text, start)
    if near is None:
        return None
    return "text", near[2], near[3], near[2], near[3] + near[1] - near[0]


def _nearest(pieces, starts, text, offset: int):
    if not pieces:
        return None
    line = text.pos(offset).line
    after = bisect.bisect_left(starts, offset)
    for k in (after, after - 1):
        if 0 <= k < len(pieces) and text.pos(pieces[k][0]).line == line:
            return pieces[k]
    return pieces[max(after - 1, 0)]


class _Cutter:
    """Cuts w:t elements, then runs, so that every needed (w:t, offset) is a run boundary."""

    def __init__(self):
        self.points: dict = {}        # w:t -> offsets needed
        self.segments: dict = {}      # w:t -> [(offset, w:t holding the text from there)]

    def need(self, node, offset: int) -> None:
        self.points.setdefault(node, set()).add(offset)

    def apply(self) -> None:
        for node, offsets in self.points.items():
            full = node.text or ""
            segments = [(0, node)]
            current = node
            for k in sorted(o for o in offsets if 0 < o < len(full)):
                rest = deepcopy(current)
                base = segments[-1][0]
                current.text, rest.text = full[base:k], full[k:]
                for t in (current, rest):
                    if t.text != t.text.strip():
                        t.set(_XML_SPACE, "preserve")
                current.addnext(rest)
                segments.append((k, rest))
                current = rest
            self.segments[node] = segments
            for k, t in segments:
                if k > 0 or 0 in offsets:
                    _split_run_before(t)
            if len(full) in offsets:
                _split_run_before(segments[-1][1].getnext())

    def run_starting(self, node, offset: int):
        segments = self.segments[node]
        k = max(i for i, (o, _) in enumerate(segments) if o <= offset)
        return segments[k][1].getparent()

    def run_ending(self, node, offset: int):
        segments = self.segments[node]
        k = max(i for i, (o, _) in enumerate(segments) if o < offset) if offset > 0 else 0
        return segments[k][1].getparent()


def _split_run_before(el) -> None:
    """Move el and the run content after it into a new run with the same properties."""
    if el is None:
        return
    run = el.getparent()
    if run is None or run.tag != _W + "r":
        return
    before = [c for c in run if c is not el and c.tag != _W + "rPr" and _precedes(c, el)]
    if not before:
        return
    from docx.oxml import OxmlElement

    new = OxmlElement("w:r")
    for name, value in run.attrib.items():
        new.set(name, value)
    props = run.find(_W + "rPr")
    if props is not None:
        new.append(deepcopy(props))
    moving = [el, *el.itersiblings()]
    run.addnext(new)
    for c in moving:
        new.append(c)


def _precedes(a, b) -> bool:
    parent = a.getparent()
    return parent.index(a) < parent.index(b)


def _repackage(original: bytes, copy) -> bytes:
    """The original package with the copy's document part, its relationships, the content types
    and the comments part; every other entry byte for byte as it was."""
    saved = io.BytesIO()
    copy.save(saved)
    part = copy.part
    document = str(part.partname).lstrip("/")
    folder, name = document.rsplit("/", 1) if "/" in document else ("", document)
    rels = f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"
    changed = {document, rels, "[Content_Types].xml"}
    changed |= {str(r.target_part.partname).lstrip("/") for r in part.rels.values()
                if not r.is_external and r.reltype.endswith("/comments")}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(original)) as old, zipfile.ZipFile(saved) as new, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        new_names = set(new.namelist())
        for info in old.infolist():
            z.writestr(info, new.read(info.filename) if info.filename in changed & new_names else old.read(info))
        for name in sorted(changed & new_names - set(old.namelist())):
            z.writestr(new.getinfo(name), new.read(name))
    return out.getvalue()
