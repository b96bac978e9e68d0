"""Line breaks inside a paragraph: where a body line stops mid-sentence and the next line goes on
with the same sentence.

Two layouts produce them. A document may wrap every paragraph over several lines (text extracted
from a PDF): the lines of a paragraph all run to about the same
width, and that is the document's convention. Or a document keeps one paragraph per line and a
stray break cuts one of them (`加强研发、测` / `试、标准`), usually with a blank line between, as
scraping and copy-paste leave them. In Markdown, lines with no blank line between are one
paragraph by the format's own rule (a soft line break), never a stray break. Every continuation
is a `Join` (the responsibility analysis reads a clause split by one as a single clause); a join
is `reported` only when it is an anomaly for its document: any break of a one-paragraph-per-line
document, and in a wrapped document only a line that stops far short of the wrap width with clear
signs of a cut sentence.

Headings, list items, tables, the 目录, titles, signatures and dates are never breaks: only two
`body` blocks of the outline, with nothing but blank lines between, can be joined. Computed once
per document (Document.memo); linear in the size of the text.
"""
from __future__ import annotations

import unicodedata

import msgspec

from planlint.document import markup
from planlint.document.model import Block, Document
from planlint.text import lazyre

# a line that ends with one of these ends a sentence, a clause list or a bracketed note
_FINAL = set("。！？!?；;：:…—.．）)」』”’】〕》〉>]｝}*_")
# a line cannot start with these: they close or continue what came before
_CONTINUING_START = set("，,、。．；;：:！？!?）)」』”’】〕》〉")
_COMMA_END = set("，,、")
_OPEN, _CLOSE = "（(【〔《〈「『“‘", "）)】〕》〉」』”’"
# a paragraph of prose has sentence punctuation inside it; titles, cells and signatures do not
_PROSE = lazyre.compile(r"[，,。；;]")
_CLAUSE_MARK = lazyre.compile(r"[，,。；;：:、！？!?]")
# list items and bullets start a new element, not the rest of a sentence
_ITEM_START = lazyre.compile(r"^(?:[—\-－–•●○■□◆◇▲△★☆※·►▶✓√]|\d{1,3}[.．、)）]|[（(【〔\[<＜])")
# notes, sources and the metadata of a document (contacts, 抄送, 附件) often have no final punctuation
_NOTE = lazyre.compile(r"^[*_\s]*(?:注|备注|说明|资料来源|数据来源|来源|出处|联系人|联系电话|电话|传真|邮箱|地址|抄送|"
                   r"印发|发布日期|发布机构|分类|附件)\s*\d*\s*[*_]*\s*[:：]")
# sentence openers that a two-character first clause may be
_OPENERS = frozenset("同时 此外 其中 另外 因此 为此 对此 总之 目前 当前 近年 首先 其次 再次 最后 然而 但是 此后 随后 "
                     "从而 进而 特别 尤其 同期 今年 去年 明年 届时 期间 全年 截至 对于 关于".split())
# the 落款 after a text: the issuing body, a date
_SIGNATURE = lazyre.compile(r"^(?:[^，,。；;：:、\s]{2,24}(?:部|委|局|厅|办|院|政府|办公室|委员会|中心|会|室|处|所)"
                        r"|[0-9０-９〇零一二三四五六七八九十]{2,4}\s*年\s*[0-9０-９一二三四五六七八九十]{1,2}\s*月"
                        r"(?:\s*[0-9０-９一二三四五六七八九十]{1,3}\s*日)?)$")
_MAX_BLANK_LINES = 2
# what may stand between two lines of one sentence: blank lines, and in Markdown emphasis markers
_BETWEEN = {"txt": " \t\n\u3000", "md": " \t\n\u3000*_"}
_WRAP_MIN_WIDTH = 36     # display columns: shorter lines are titles, cells and signatures
_WRAP_MIN_LINES = 5      # a wrapping convention needs this many wrapped lines ...
_WRAP_REGULAR = 0.6      # ... of which this share ends near one width
_WRAP_SHORT = 0.8        # in a wrapped document, a cut line is shorter than this share of the width


class Join(msgspec.Struct, frozen=True):
    line: int        # the line that stops mid-sentence
    end: int         # offset just after its last character of text
    cut: int         # offset just after the line (its closing Markdown syntax included)
    resume: int      # offset of the first character of the line that goes on (its syntax included)
    next_line: int
    evidence: str    # open | comma | start | fragment | continues | wrap
    reported: bool   # an anomaly for this document, not its wrapping convention


class Analysis(msgspec.Struct):
    wrapped: bool          # the document wraps its paragraphs over lines
    width: float           # the usual display width of a wrapped line (0 when not wrapped)
    joins: list[Join]

    @property
    def breaks(self) -> list[Join]:
        return [j for j in self.joins if j.reported]


def analyse(doc: Document) -> Analysis:
    return doc.memo("linebreaks", _analyse)


def display_width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


class _Pair(msgspec.Struct, frozen=True):
    """Two body lines with only blank lines (and, in Markdown, emphasis markers) between."""

    first: Block
    second: Block
    text: str          # the first line's text, its closing Markdown syntax left out
    next_text: str     # the second line's text
    line: str          # the first line whole, with its indent and any heading before the text
    next_line: str     # the second line whole
    resume: int        # offset of the first visible character after the first line


def _analyse(doc: Document) -> Analysis:
    pairs = _pairs(doc)
    widths = [display_width(p.text) for p in pairs
              if p.text[-1] not in _FINAL and display_width(p.text) >= _WRAP_MIN_WIDTH]
    wrapped, width = _wrapping(widths)
    body_start = _body_start(doc)
    joins = []
    for p in pairs:
        # in Markdown, lines with no blank line between are one paragraph (a soft line break)
        soft = doc.fmt == "md" and p.second.line == p.first.line + 1
        join = _join(p, wrapped or soft, 0.0 if soft else width)
        if join is None:
            continue
        if join.evidence == "continues" and (p.first.span.start < body_start
                                              or not ("。" in p.line or "。" in p.next_text)):
            continue  # a title with a comma, a slogan: no sentence on either side, nothing cut
        joins.append(join)
    return Analysis(wrapped, width, joins)


def _pairs(doc: Document) -> list[_Pair]:
    text = doc.text
    content = text.content
    table_lines = _table_lines(doc)
    between = _BETWEEN[doc.fmt]
    out = []
    previous: Block | None = None
    for block in doc.blocks:
        if (previous is not None and previous.kind == "body" and block.kind == "body"
                and 0 < block.line - previous.line <= _MAX_BLANK_LINES + 1
                and not content[previous.span.end:block.span.start].strip(between)
                and previous.line not in table_lines and block.line not in table_lines):
            first = content[previous.span.start:previous.span.end]
            if doc.fmt == "md":
                first = first[: len(first) - markup.trailing_syntax(first)]
            if first:
                out.append(_Pair(previous, block, first, content[block.span.start:block.span.end],
                                 content[text.line_start(previous.line):previous.span.start + len(first)],
                                 content[text.line_start(block.line):block.span.end],
                                 _first_visible(content, previous.span.end)))
        previous = block
    return out


def _body_start(doc: Document) -> int:
    """Where the text proper starts: the first heading, or the first line with a full sentence.
    The lines before are the title, the 文号 and the salutation."""
    content = doc.text.content
    starts = [h.marker_span.start for h in doc.headings[:1]]
    starts += [b.span.start for b in doc.body_blocks() if "。" in content[b.span.start:b.span.end]][:1]
    return min(starts, default=len(content))


def _wrapping(widths: list[int]) -> tuple[bool, float]:
    """Whether the unterminated lines of a document end near one width (its wrap column)."""
    if len(widths) < _WRAP_MIN_LINES:
        return False, 0.0
    width = _median(widths)
    near = sum(1 for w in widths if 0.85 * width <= w <= 1.1 * width)
    return near >= _WRAP_REGULAR * len(widths), float(width)


def _median(values: list[int]) -> float:
    """statistics.median, whose import (fractions, decimal, random) costs a worker ~5 ms."""
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def _first_visible(content: str, at: int) -> int:
    while at < len(content) and content[at] in " \t\n\u3000":
        at += 1
    return at


def _join(p: _Pair, wrapped: bool, width: float) -> Join | None:
    first, second = p.text, p.next_text
    if first[-1] in _FINAL or _NOTE.match(first) or _NOTE.match(second):
        return None
    a, b = p.first, p.second
    end = a.span.start + len(first)
    if wrapped and display_width(first) >= _WRAP_SHORT * width:
        # a line of the document's usual width: its wrapping convention, never reported
        if _ITEM_START.match(second) or _SIGNATURE.match(second):
            return None
        return Join(a.line, end, a.span.end, p.resume, b.line, "wrap", False)
    evidence = _evidence(first, second, p.line, p.next_line)
    if evidence is None:
        return None
    # in a wrapped document a short line that stops mid-sentence is an outlier only with clear
    # signs of a cut; a plain continuation there is as likely a paragraph end without its 。
    reported = not wrapped or evidence != "continues"
    return Join(a.line, end, a.span.end, p.resume, b.line, evidence, reported)


def _dedented(line: str, second_line: str) -> bool:
    """The next line lacks the paragraph indent (两个全角空格) that this line has: it goes on
    with this paragraph."""
    indent = len(line) - len(line.lstrip(" \u3000"))
    return indent >= 2 and not second_line[:1].isspace() and bool(_PROSE.search(second_line))


def _evidence(first: str, second: str, line: str, second_line: str) -> str | None:
    """Why the second line goes on with the first one's sentence; None when it does not."""
    if second[0] in _CONTINUING_START:
        return "start"
    if _ITEM_START.match(second) and not _unclosed(first):
        return None
    if first[-1] in _COMMA_END or _unclosed(first):
        pass
    elif not _PROSE.search(line):
        if not _dedented(line, second_line):
            return None  # a title, a cell, a signature: short lines without sentence punctuation
        return "indent"
    if _SIGNATURE.match(second):
        return None  # a signature or a date follows the text
    if _unclosed(first):
        return "open"
    if first[-1] in _COMMA_END:
        return "comma"
    tail = _CLAUSE_MARK.split(first)[-1]
    head = _CLAUSE_MARK.split(second, 1)[0]
    if len(tail.strip()) <= 2 or (len(head.strip()) <= 2 and head.strip() not in _OPENERS
                                  and len(head) < len(second)):
        return "fragment"
    return "continues"


def _unclosed(line: str) -> bool:
    """A bracket or quote opened on the line and not closed on it."""
    depth = 0
    for c in line:
        if c in _OPEN:
            depth += 1
        elif c in _CLOSE:
            depth = max(0, depth - 1)
    return depth > 0


def _table_lines(doc: Document) -> set[int]:
    """Lines of tables laid out one cell per line (planlint.document.tables)."""
    from planlint.document.tables import tables

    out: set[int] = set()
    for table in tables(doc):
        for row in [table.header, *table.rows]:
            for cell in row.cells:
                out.add(doc.text.pos(cell.span.start).line)
    return out


def join_fix_text(first_char: str, next_char: str) -> str:
    """What replaces the break: nothing between Chinese text, a space between two Latin words."""
    return " " if first_char.isascii() and first_char.isalnum() and next_char.isascii() and next_char.isalnum() else ""
