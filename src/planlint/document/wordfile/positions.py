"""Where a finding in a .docx is, in Word's terms.

Checks report offsets into the Text (one line per paragraph or table row, see reader.py). For
people and tools the place is the paragraph (第N段, counted as Word counts) or the table cell
(表N 第R行第C列), with the heading path. `place()` records that as the finding's `location`
object; `relocate()` then makes `line` the paragraph number and the columns count within the
paragraph's (or cell's) text, which the text report shows as the source line.

The `location` object (JSON `findings[].location`, SARIF `properties.location`):
    part        "body" | "table" | "textbox" | "footnote"
    paragraph   第N段: the paragraph (for a table cell: the cell's first paragraph; for a text box
                or a footnote: the paragraph that anchors it)
    table, row, col   for a table cell (1-based, as Word counts tables, rows and cells)
    footnote    the footnote's number as stored in the document
    label       how a reader names the place: “第12段”, “表2 第3行第2列”, “第12段的文本框”, “第12段的脚注”
    heading_path      the headings the place sits under, e.g. 第三章/第二节/（一）
"""
from __future__ import annotations

import bisect

from planlint.document.wordfile.reader import Para, WordText


def para_at(text: WordText, offset: int) -> Para | None:
    """The paragraph or cell an offset falls in (or, between cells, the nearest before it)."""
    paras = text.paras
    starts = text.memo_starts
    if starts is None:
        starts = [p.start for p in paras]
        text.memo_starts = starts
    i = bisect.bisect_right(starts, offset) - 1
    if i < 0:
        return paras[0] if paras else None
    return paras[i]


def label(para: Para) -> str:
    if para.part == "cell" or (para.table and para.part == "body"):
        return f"表{para.table} 第{para.row}行第{para.col}列"
    if para.part == "textbox":
        return f"第{para.number}段的文本框"
    if para.part == "footnote":
        return f"第{para.number}段的脚注"
    return f"第{para.number}段"


def location(para: Para, heading_path: str = "") -> dict:
    part = {"cell": "table", "directive": "body"}.get(para.part, para.part)
    out: dict = {"part": part, "paragraph": para.number}
    if para.table:
        out.update(table=para.table, row=para.row, col=para.col)
        if part == "body":
            out["part"] = "table"
    if para.footnote:
        out["footnote"] = para.footnote
    out["label"] = label(para)
    if heading_path:
        out["heading_path"] = heading_path
    return out


def _position(text: WordText, offset: int) -> tuple[Para | None, int, int]:
    """(paragraph, its number, 1-based column within its text) for an offset."""
    para = para_at(text, offset)
    if para is None:
        return None, 1, 1
    return para, max(para.number, 1), max(1, min(offset, para.end) - para.start + 1)


def place(findings, doc, word_texts: dict | None = None) -> None:
    """Give each finding of a .docx its location, and every related place in a .docx (this file
    or another: word_texts maps paths to WordTexts) its paragraph; remember them in paragraph
    terms for relocate() (the Text positions stay until baselines are written)."""
    text = doc.text
    own = isinstance(text, WordText)
    texts = dict(word_texts or {})
    if own:
        texts[doc.path] = text
    for f in findings:
        related = [_related(r, texts, f) for r in f.related]
        if not own:
            if any(related):
                f._word = (None, None, None, None, related)
            continue
        start = _offset(text, f.line, f.column)
        end = _offset(text, f.end_line, f.end_column)
        para, line, column = _position(text, start)
        if para is None:
            continue
        end_column = max(column, min(end, para.end) - para.start + 1) if end >= start else column
        f.location = location(para, f.heading_path)
        f._word = (line, column, end_column, text.content[para.start:para.end], related)
        for e in (f.fix_json or {}).get("edits", []):
            _, e["line"], e["column"] = _position(text, _offset(text, e["line"], e["column"]))
            _, e["end_line"], e["end_column"] = _position(text, _offset(text, e["end_line"], e["end_column"]))


def _offset(text: WordText, line: int, column: int) -> int:
    return text.line_start(line) + column - 1 if 1 <= line <= text.line_count else len(text.content)


def _related(r, texts: dict, f):
    """(paragraph number, column) of a related place in a .docx, or None. A message that names
    the related line (第12行) names its paragraph instead."""
    text = texts.get(r.path)
    if text is None or not 1 <= r.line <= text.line_count:
        return None
    para, line, column = _position(text, _offset(text, r.line, r.column))
    if para is not None:
        f.message = f.message.replace(f"第{r.line}行", label(para))
    return line, column


def relocate(findings) -> None:
    """Switch findings of .docx files to paragraph numbers and columns within the paragraph, and
    related places in .docx files to their paragraphs."""
    for f in findings:
        word = f._word
        if word is None:
            continue
        line, column, end_column, source, related = word
        if line is not None:
            f.line, f.column, f.end_line, f.end_column = line, column, line, end_column
            f.source = source
        for r, pos in zip(f.related, related):
            if pos is not None:
                r.line, r.column = pos
        f._word = None
