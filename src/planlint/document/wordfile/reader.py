"""A .docx package -> the Text every check reads, with a map back to Word's paragraphs and runs.

How the text is laid out (one line per unit, so that the outline, tables and every check work
unchanged):
- a body paragraph is one line; its automatic number (numbering.xml) is written before its text;
- a table row is one line, its cells separated by tabs (the indicator-table reader sees them);
  a table of one column (a 专栏 drawn as a one-cell bordered table) is read as paragraphs;
- the paragraphs of a text box (w:txbxContent: a 专栏 drawn as a box) follow the paragraph that
  anchors it; footnotes come last, after a blank line;
- headers, footers and comments are not body text; a comment that starts with “planlint:” is a
  suppression directive and becomes a directive line around the paragraphs it is attached to.

第N段 counts the paragraphs of the main text as Word does (blank paragraphs and the paragraphs in
table cells included; text boxes and footnotes are stories of their own).
"""
from __future__ import annotations

import re

import msgspec

from planlint.document.model import Text
from planlint.document.wordfile.autonumbers import Numbering
from planlint.document.wordfile.xml import MC, W, attr, child
from planlint.text.chars import is_han
from planlint.text import lazyre

_DIRECTIVE = lazyre.compile(r"^\s*planlint\s*[:：]\s*(\S+)(.*)$", re.IGNORECASE | re.DOTALL)
_BOX_PARTS = (W + "drawing", W + "pict", MC + "AlternateContent", W + "object")
# inline containers whose children are read in place
_TRANSPARENT = {W + n for n in ("hyperlink", "smartTag", "fldSimple", "customXml", "sdtContent", "dir", "bdo")}
# tag names, built once: the reader compares every element of the document with them
_R, _SDT, _RPR, _HYPHEN, _VANISH = W + "r", W + "sdt", W + "rPr", W + "noBreakHyphen", W + "vanish"
_INSERTED = {W + "ins", W + "moveTo"}
_DELETED = {W + "del", W + "moveFrom"}
_COMMENT_START, _COMMENT_END, _COMMENT_REF = W + "commentRangeStart", W + "commentRangeEnd", W + "commentReference"
_FOOTNOTE_REF = W + "footnoteReference"
_TEXTS = {W + "t"}
_TEXTS_ORIGINAL = {W + "t", W + "delText"}
_SPACES = {W + "tab", W + "br", W + "cr", W + "ptab"}


class Para(msgspec.Struct):
    """Where a stretch of the text came from: a paragraph, a table cell, a directive line."""

    start: int          # offsets of its text in Text.content
    end: int
    part: str           # body | cell | textbox | footnote | directive
    number: int         # 第N段 (for a text box, footnote or directive: the paragraph it belongs to)
    table: int = 0      # 表N, 第R行, 第C列 for a cell
    row: int = 0
    col: int = 0
    footnote: str = ""  # the footnote's id
    auto: int = 0       # length of the automatic number written at the start (0: none)


class WordText(Text):
    """A Text read from a .docx. pieces: (start, end, text node index, offset in that node) for
    every stretch copied from a w:t; everything else (numbers, separators) was generated."""

    paras: list[Para] = msgspec.field(default_factory=list)
    pieces: list[tuple[int, int, int, int]] = msgspec.field(default_factory=list)
    revisions: str = "accept"
    memo_starts: list[int] | None = None  # paragraph starts (positions.para_at), on first use


class _Builder:
    def __init__(self, numbering: Numbering, styles: dict, comments: dict[str, str], revisions: str):
        self.numbering = numbering
        self.styles = styles
        self.comments = comments
        self.revisions = revisions
        self.parts: list[str] = []
        self.offset = 0
        self.paras: list[Para] = []
        self.pieces: list[tuple[int, int, int, int]] = []
        self.nodes: list = []          # w:t / w:delText elements, indexed by pieces
        self.number = 0                # paragraphs of the main text so far
        self.tables = 0
        self.footnote_refs: list[tuple[str, int]] = []
        self.carry: tuple | None = None  # (inline text, 第N段, part) of a paragraph whose mark is gone

    # -- output -------------------------------------------------------------------------
    def _emit_line(self, segments: list, para_template: dict | None) -> None:
        """segments: (text, node or None, offset in node). Records pieces and the line's Para."""
        start = at = self.offset
        pieces, nodes = self.pieces, self.nodes
        for s, node, node_offset in segments:
            if node is not None:
                nodes.append(node)
                pieces.append((at, at + len(s), len(nodes) - 1, node_offset))
            at += len(s)
        line = "".join(s for s, _, _ in segments)
        self.parts.append(line)
        self.parts.append("\n")
        self.offset = at + 1
        if para_template is not None:
            self.paras.append(Para(start, at, **para_template))

    # -- blocks -------------------------------------------------------------------------
    def blocks(self, container, part: str, anchor: int = 0) -> None:
        for el in container:
            tag = el.tag
            if tag == W + "p":
                self.paragraph(el, part, anchor)
                continue
            self._flush()
            if tag == W + "tbl":
                self.table(el, part, anchor)
            elif tag == W + "sdt":
                content = child(el, "sdtContent")
                if content is not None:
                    self.blocks(content, part, anchor)
            elif tag == W + "customXml":
                self.blocks(el, part, anchor)
        self._flush()

    def paragraph(self, p, part: str, anchor: int, where: dict | None = None) -> None:
        if part == "body":
            self.number += 1
        number = self.number if part == "body" else anchor
        reader = _Inline(self)
        reader.read(p)
        gone = self._mark_deleted(p)
        if self.carry is not None and where is None:
            # the previous paragraph lost its mark: Word shows both as one paragraph
            first, number, _ = self.carry
            self.carry = None
            reader = first.joined(reader)
        if gone and where is None and reader.text():
            self.carry = (reader, number, part)
            return
        label = self._auto_number(p, not gone)
        self._emit_paragraph(reader, part, number, where, label)

    def _flush(self) -> None:
        """A paragraph that lost its mark but has nothing after it to join stands alone."""
        if self.carry is not None:
            reader, number, part = self.carry
            self.carry = None
            self._emit_paragraph(reader, part, number, None, "")

    def _emit_paragraph(self, reader, part: str, number: int, where: dict | None, label: str) -> None:
        segments = reader.segments
        if label:
            segments = [(label, None, 0)] + segments
        self._directives(reader.starts, number)
        info = dict(part=part, number=number, auto=len(label))
        if where:
            info.update(where)
        self._emit_line(segments, info)
        self._directives(reader.ends, number, closing=True)
        for ref in reader.footnotes:
            self.footnote_refs.append((ref, number))
        for box in reader.boxes:
            self.blocks(box, "textbox", number)

    def table(self, tbl, part: str, anchor: int) -> None:
        if part == "body":
            self.tables += 1
        index = self.tables
        rows = [tr for tr in tbl.iterchildren(W + "tr")]
        cells = [[tc for tc in _cells(tr)] for tr in rows]
        if all(len(r) <= 1 for r in cells):
            # one column: a box drawn as a table, or a list laid out in cells; read as paragraphs
            for r, row in enumerate(cells, 1):
                for tc in row:
                    for p in _cell_blocks(tc):
                        where = {"table": index, "row": r, "col": 1} if part == "body" else None
                        if p.tag == W + "p":
                            self.paragraph(p, part, anchor, where)
                        else:
                            self.table(p, part, anchor)
            return
        # a comment directive anywhere in the table covers the whole table: a directive line
        # between two rows would cut the table in two for the table reader
        comments = list(dict.fromkeys(attr(c, "id") or "" for c in tbl.iter(_COMMENT_START, _COMMENT_REF)))
        first = self.number + 1 if part == "body" else anchor
        self._directives(comments, first)
        for r, row in enumerate(cells, 1):
            self._row(row, index, r, part, anchor)
        self._directives(comments, first, closing=True)

    def _row(self, row, index: int, r: int, part: str, anchor: int) -> None:
        segments: list = []
        spans: list[tuple[int, int, int, int]] = []   # (col, start, end, paragraph number)
        footnotes: list[str] = []
        at = 0
        for c, tc in enumerate(row, 1):
            if c > 1:
                segments.append(("\t", None, 0))
                at += 1
            cell_start = at
            first_number = self.number + 1 if part == "body" else anchor
            for k, p in enumerate(tc.iter(W + "p")):
                if part == "body":
                    self.number += 1
                reader = _Inline(self)
                reader.read(p)
                label = self._auto_number(p, True)
                if k and (reader.text() or label):
                    segments.append((" ", None, 0))
                    at += 1
                if label:
                    segments.append((label, None, 0))
                    at += len(label)
                segments.extend(reader.segments)
                at += len(reader.text())
                footnotes += reader.footnotes
            spans.append((c, cell_start, at, first_number))
            span = _grid_span(tc)
            for _ in range(span - 1):  # a merged cell keeps the columns of the rows below aligned
                segments.append(("\t", None, 0))
                at += 1
        line_start = self.offset
        self._emit_line(segments, None)
        for c, a, b, number in spans:
            self.paras.append(Para(line_start + a, line_start + b, "cell" if part == "body" else part,
                                   number if part == "body" else anchor, index, r, c))
        for ref in footnotes:
            self.footnote_refs.append((ref, spans[0][3] if spans else self.number))

    def footnotes(self, root) -> None:
        if root is None or not self.footnote_refs:
            return
        by_id = {attr(fn, "id"): fn for fn in root.iterchildren(W + "footnote")
                 if attr(fn, "type") in (None, "normal")}
        self._emit_line([], None)
        for ref, number in self.footnote_refs:
            fn = by_id.get(ref)
            if fn is None:
                continue
            for p in fn.iter(W + "p"):
                reader = _Inline(self)
                reader.read(p)
                self._emit_line(reader.segments, dict(part="footnote", number=number, footnote=ref))

    # -- numbering, directives ----------------------------------------------------------------
    def _auto_number(self, p, counts: bool) -> str:
        num_id, ilvl = self._num_pr(p)
        if num_id is None or not counts:
            return ""
        got = self.numbering.next_label(num_id, ilvl)
        if not got:
            return ""
        label, suffix = got
        if suffix in ("tab", "space") and label and not _is_punctuation(label[-1]):
            label += " "
        return label

    def _num_pr(self, p) -> tuple[str | None, int]:
        ppr = child(p, "pPr")
        num_id = ilvl = None
        style = None
        if ppr is not None:
            num_pr = child(ppr, "numPr")
            if num_pr is not None:
                n, i = child(num_pr, "numId"), child(num_pr, "ilvl")
                num_id = attr(n, "val") if n is not None else None
                ilvl = _int(attr(i, "val")) if i is not None else None
            ps = child(ppr, "pStyle")
            style = attr(ps, "val") if ps is not None else None
        if style is not None and (num_id is None or ilvl is None):
            s_num, s_ilvl = self.styles.get(style, (None, None))
            if num_id is None:
                num_id = s_num
            if ilvl is None:
                ilvl = s_ilvl if s_ilvl is not None else (
                    self.numbering.level_of_style(num_id, style) if num_id else 0)
        return num_id, ilvl or 0

    def _mark_deleted(self, p) -> bool:
        """A paragraph whose mark is deleted (accepted text) or inserted (original text) does not
        end there in the text being read: its text joins the next paragraph, its number is gone."""
        ppr = child(p, "pPr")
        rpr = child(ppr, "rPr") if ppr is not None else None
        return rpr is not None and child(rpr, "del" if self.revisions == "accept" else "ins") is not None

    def _directives(self, ids: list[str], number: int, closing: bool = False) -> None:
        for cid in ids:
            m = _DIRECTIVE.match(self.comments.get(cid, ""))
            if m is None:
                continue
            action, rest = m.group(1).lower(), " ".join(m.group(2).split())
            if closing:
                if action in ("disable", "disable-next-line"):
                    body = "enable" + (f" {rest.split('--')[0].strip()}" if rest.split("--")[0].strip() else "")
                else:
                    continue
            else:
                if action == "enable":
                    continue
                body = ("disable" if action == "disable-next-line" else action) + (f" {rest}" if rest else "")
            body = body.replace("-->", "")
            self._emit_line([(f"<!-- planlint: {body} -->", None, 0)], dict(part="directive", number=number))


class _Inline:
    """The text of one paragraph as Word shows it, run by run."""

    def __init__(self, builder: _Builder):
        self.accept = builder.revisions == "accept"
        self.segments: list[tuple[str, object, int]] = []
        self.boxes: list = []
        self.footnotes: list[str] = []
        self.starts: list[str] = []      # comments whose range starts here
        self.ends: list[str] = []

    def text(self) -> str:
        return "".join(s for s, _, _ in self.segments)

    def joined(self, after: "_Inline") -> "_Inline":
        for name in ("segments", "boxes", "footnotes", "starts", "ends"):
            getattr(self, name).extend(getattr(after, name))
        return self

    def read(self, el) -> None:
        for c in el:
            tag = c.tag
            if tag == _R:
                self._run(c)
            elif tag in _INSERTED:
                if self.accept:
                    self.read(c)
            elif tag in _DELETED:
                if not self.accept:
                    self.read(c)
            elif tag in _TRANSPARENT:
                self.read(c)
            elif tag == _SDT:
                content = child(c, "sdtContent")
                if content is not None:
                    self.read(content)
            elif tag == _COMMENT_START:
                self.starts.append(attr(c, "id") or "")
            elif tag == _COMMENT_END:
                self.ends.append(attr(c, "id") or "")

    def _run(self, r) -> None:
        texts = _TEXTS if self.accept else _TEXTS_ORIGINAL
        for c in r:
            tag = c.tag
            if tag == _RPR:
                if _hidden(c):  # hidden text (w:vanish) is not what the reader sees
                    return
            elif tag in texts:
                if c.text:
                    self.segments.append((c.text, c, 0))
            elif tag in _SPACES:
                # a tab inside a paragraph is layout, not a table column
                self.segments.append((" ", None, 0))
            elif tag == _HYPHEN:
                self.segments.append(("-", None, 0))
            elif tag == _FOOTNOTE_REF:
                self.footnotes.append(attr(c, "id") or "")
            elif tag == _COMMENT_REF:
                cid = attr(c, "id") or ""
                if cid not in self.starts:  # a comment on a point, without a range
                    self.starts.append(cid)
                    self.ends.append(cid)
            elif tag in _BOX_PARTS:
                self.boxes.extend(_text_boxes(c))


def _hidden(rpr) -> bool:
    v = rpr.find(_VANISH)
    return v is not None and (attr(v, "val") or "true").lower() not in ("0", "false", "off")


def _text_boxes(el) -> list:
    """w:txbxContent under a drawing, skipping mc:Fallback (the same box again, in VML)."""
    out = []
    stack = [el]
    while stack:
        node = stack.pop()
        if node.tag == MC + "Fallback":
            continue
        if node.tag == W + "txbxContent":
            out.append(node)
            continue
        stack.extend(reversed(list(node)))
    return out


def _cells(tr):
    for c in tr:
        if c.tag == W + "tc":
            yield c
        elif c.tag == W + "sdt":
            content = child(c, "sdtContent")
            if content is not None:
                yield from (x for x in content if x.tag == W + "tc")


def _cell_blocks(tc):
    return [c for c in tc if c.tag in (W + "p", W + "tbl")]


def _grid_span(tc) -> int:
    pr = child(tc, "tcPr")
    span = child(pr, "gridSpan") if pr is not None else None
    return max(1, min(_int(attr(span, "val")) or 1, 64)) if span is not None else 1


def _int(s) -> int | None:
    try:
        return int(s)
    except (TypeError, ValueError):
        return None


def _is_punctuation(c: str) -> bool:
    return not (c.isalnum() or is_han(c))


def styles_numbering(root) -> dict[str, tuple[str | None, int | None]]:
    """style id -> (numId, ilvl) from each paragraph style's numPr, following w:basedOn."""
    if root is None:
        return {}
    own: dict[str, tuple] = {}
    based: dict[str, str] = {}
    for st in root.iterchildren(W + "style"):
        sid = attr(st, "styleId") or ""
        b = child(st, "basedOn")
        if b is not None:
            based[sid] = attr(b, "val") or ""
        ppr = child(st, "pPr")
        num_pr = child(ppr, "numPr") if ppr is not None else None
        if num_pr is not None:
            n, i = child(num_pr, "numId"), child(num_pr, "ilvl")
            own[sid] = (attr(n, "val") if n is not None else None, _int(attr(i, "val")) if i is not None else None)
    out = {}
    for sid in set(own) | set(based):
        seen, s = set(), sid
        while s and s not in own and s not in seen:
            seen.add(s)
            s = based.get(s)
        if s in own:
            out[sid] = own[s]
    return out


def comment_texts(root) -> dict[str, str]:
    if root is None:
        return {}
    return {attr(c, "id") or "": "".join(t.text or "" for t in c.iter(W + "t"))
            for c in root.iterchildren(W + "comment")}


def build(path: str, parts: dict, revisions: str = "accept") -> tuple[WordText, list]:
    """parts: root elements by role (document, numbering, styles, comments, footnotes; absent
    ones are None). Returns the Text and the text nodes its pieces index."""
    styles = styles_numbering(parts.get("styles"))
    b = _Builder(Numbering(parts.get("numbering"), styles), styles, comment_texts(parts.get("comments")), revisions)
    body = child(parts["document"], "body")
    if body is not None:
        b.blocks(body, "body")
    b.footnotes(parts.get("footnotes"))
    content = "".join(b.parts)
    text = WordText(path=path, content=content, encoding="docx", paras=b.paras, pieces=b.pieces,
                    revisions=revisions)
    return text, b.nodes


WORD_EXAMPLE = "docx:\n"


def example_text(path: str, content: str) -> WordText:
    """A rule example written as a Word text (rules/word.yaml): it starts with "docx:" and a
    number between {{ and }} is one that Word's automatic numbering displays."""
    lines = content[len(WORD_EXAMPLE):].split("\n")
    out, paras, offset = [], [], 0
    for n, line in enumerate(lines, 1):
        auto = 0
        if line.startswith("{{") and "}}" in line:
            label, rest = line[2:].split("}}", 1)
            line, auto = label + rest, len(label)
        paras.append(Para(offset, offset + len(line), "body", n, auto=auto))
        out.append(line)
        offset += len(line) + 1
    return WordText(path=path, content="\n".join(out), encoding="docx", paras=paras)
