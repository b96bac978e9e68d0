"""Punctuation that 公文 readers notice (GB/T 15834-2011; PUN-01..PUN-11 in the standards notes):
paired marks, 顿号 before 等 and between titles, doubled marks, ASCII quotes, ellipsis and dash
forms, 发文字号 brackets, and half-width marks in a full-width draft.

All checks read one shared view of the document (`_prose`): the text with everything that is not
prose blanked out, so that heading markers (the （一） of a heading, the dot of `1.`), the 目录,
Markdown syntax, URLs and code are never taken for punctuation.
"""
from __future__ import annotations

import bisect
import re
from operator import itemgetter

import msgspec

from planlint.document import linebreaks, widths

from planlint.text import brackets as pairs
from planlint.text.chars import BLANK, SPACES, is_han, without_spaces
from planlint.document.language import URL, chinese_only
from planlint.document.model import Applicability, Document, Edit, Fix, Heading
from planlint.checks import check
from planlint.checks.wording import listed
from planlint.text import lazyre, programs

_SENTENCE_FINAL = "。！？；：!?;:"


# --- the prose view shared by every check -------------------------------------------------------

class DocNo(msgspec.Struct):
    start: int
    end: int
    found: str
    expected: str
    safe: bool
    brackets: tuple[int, int]  # offsets of the two brackets


class Prose(msgspec.Struct):
    """The prose of a document. Its units are stretches of prose: a body line, a table row, or a
    heading's title with its run-in text; kept as columns (one list per field, in text order),
    because a large draft has tens of thousands of them."""

    text: str                  # content, non-prose blanked to "\n", URLs/code to "x"
    pair_text: str             # text, with the brackets of 发文字号 neutralised
    starts: list[int]
    ends: list[int]
    lines: list[int]
    kinds: list[str]           # "heading" | "body" | "table"
    nodes: list[Heading | None]
    new_paragraph: list[bool]  # False: the unit continues the paragraph of the one before
    docnos: list[DocNo] = msgspec.field(default_factory=list)

    def unit_at(self, pos: int) -> int | None:
        i = bisect.bisect_right(self.starts, pos) - 1
        return i if i >= 0 and pos < self.ends[i] else None

    def node_at(self, pos: int) -> Heading | None:
        i = self.unit_at(pos)
        return self.nodes[i] if i is not None else None

    def paragraph_end(self, pos: int) -> int:
        i = bisect.bisect_right(self.starts, pos) - 1
        while i + 1 < len(self.starts) and not self.new_paragraph[i + 1]:
            i += 1
        return self.ends[i] if i >= 0 else pos


_MD_MASKS = (
    # a link target, with one level of brackets inside the address: [文字](url "title")
    programs.compile(r"\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"\n]*\")?\)"),
    programs.compile(r"`[^`\n]+`"),                                 # inline code
    programs.compile(r"<[A-Za-z/!][^>\n]*>"),                       # HTML tags, comments, autolinks
)
# the colon of a Markdown field label (**发布机构**: 暂无), in .md and in pages saved as .txt: it is
# the layout of a metadata block, not a mark of the prose
_FIELD_LABEL = lazyre.compile(r"(?m)^[ \t]*(?:[-*+][ \t]+)?\*\*[^*\n]{1,20}\*\*[ \t]*([:：])")


def _prose(doc: Document) -> Prose:
    return doc.memo("punctuation.prose", _build_prose)




def _build_prose(doc: Document) -> Prose:
    content = doc.text.content
    starts, ends, lines, kinds, nodes = _units(doc)
    pieces, last = [], 0
    for start, end in zip(starts, ends):
        pieces.append("\n" * (start - last))
        pieces.append(content[start:end])
        last = end
    pieces.append("\n" * (len(content) - last))
    text = "".join(pieces)
    masks = list(_MD_MASKS) if doc.fmt == "md" else []
    if "://" in text or "www." in text:
        masks.append(URL)
    for pattern in masks:
        text = pattern.sub(_blank_match, text)
    if "**" in content:
        colons = [m.start(1) for m in _FIELD_LABEL.finditer(content)]
        if colons:
            chars = list(text)
            for i in colons:
                chars[i] = "x"
            text = "".join(chars)
    new_paragraph = _paragraph_starts(doc, starts, ends, lines, kinds)
    prose = Prose(text, text, starts, ends, lines, kinds, nodes, new_paragraph)
    prose.docnos = list(_docnos(text))
    if prose.docnos:
        chars = list(text)
        for d in prose.docnos:
            for i in d.brackets:
                chars[i] = "x"
        prose.pair_text = "".join(chars)
    return prose


def _blank_match(m: re.Match) -> str:
    """Latin-like filler, so that a mark next to a masked URL reads as next to Latin text. The
    ] of a Markdown link stays (it is not a mark we pair)."""
    found = m.group()
    return found[0] + "x" * (len(found) - 1) if found.startswith("](") else "x" * len(found)


def _units(doc: Document):
    """The prose units as columns (starts, ends, lines, kinds, nodes), in text order: heading titles
    (with their run-in text), body lines and table rows. Markers, the 目录 and the rest are not
    prose."""
    run_in_end: dict[int, int] = {}
    for b in doc.blocks:
        if b.kind == "body" and b.heading is not None and b.heading.line == b.line:
            run_in_end[b.line] = b.span.end
    units = []
    heading_lines = set()
    for h in doc.headings:
        end = max(h.title_span.end, run_in_end.get(h.line, 0))
        heading_lines.add(h.line)
        if end > h.title_span.start:
            units.append((h.title_span.start, end, h.line, "heading", h))
    for b in doc.blocks:
        if b.kind in ("body", "table") and b.line not in heading_lines:
            units.append((b.span.start, b.span.end, b.line, b.kind, b.heading))
    units.sort(key=_START)  # stable: a heading before the body line that starts where it does
    return tuple(map(list, zip(*units))) if units else ([], [], [], [], [])


_START = itemgetter(0)


def _paragraph_starts(doc: Document, starts, ends, lines, kinds) -> list[bool]:
    """Whether each unit starts a paragraph. A body line continues the paragraph of the line above
    in a Markdown paragraph (no blank line between, no list or quote marker), or in plain text
    when the line above stops mid-sentence (hard-wrapped text)."""
    content, text = doc.text.content, doc.text
    markdown = doc.fmt == "md"
    out = [True] * len(starts)
    # a sentence cut by a line break, even across blank lines, is one paragraph (INP101 reports it)
    joined = {(j.line, j.next_line) for j in linebreaks.analyse(doc).joins}
    for i in range(1, len(starts)):
        if kinds[i] == "body" and (lines[i - 1], lines[i]) in joined:
            out[i] = False
            continue
        if kinds[i] != "body" or kinds[i - 1] != "body" or lines[i] != lines[i - 1] + 1:
            continue
        if content[text.line_start(lines[i]):starts[i]].strip():
            continue  # a Markdown list or quote marker starts a new paragraph
        if markdown:
            out[i] = False
            continue
        tail = content[starts[i - 1]:ends[i - 1]].rstrip()
        out[i] = not tail or tail[-1] in _SENTENCE_FINAL
    return out


def _touches_chinese(text: str, start: int, end: int) -> bool:
    """The text at [start, end) has a Chinese character or mark on either side (past one space)."""
    return (widths.is_cjk(widths.neighbours(text, start)[0])
            or widths.is_cjk(widths.neighbours(text, end - 1)[1]))


def _finding(doc: Document, rule, prose: Prose, start: int, end: int, **kw):
    return rule.finding(doc, start, end, node=prose.node_at(start), **kw)


# --- paired marks -------------------------------------------------------------------------------

def _pair_events(doc: Document) -> list[pairs.Event]:
    def compute(d: Document) -> list[pairs.Event]:
        prose = _prose(d)
        return pairs.scan(prose.pair_text, prose.starts, prose.ends, prose.new_paragraph)

    return doc.memo("punctuation.pairs", compute)


@check("punctuation.unclosed", fields=("mark", "closer"))
def unclosed(doc: Document, rule):
    prose = _prose(doc)
    for e in _pair_events(doc):
        if e.kind == "unclosed":
            end = prose.paragraph_end(e.pos)
            related = []
            if doc.text.pos(end).line != doc.text.pos(e.pos).line:
                related = [rule.related(doc, end, "段落在此结束")]  # a paragraph wrapped over lines
            yield _finding(doc, rule, prose, e.pos, e.pos + 1, related=related,
                           mark=pairs.show(e.mark), closer=pairs.show(e.other_mark))


@check("punctuation.mismatched", fields=("opener", "closer", "expected"))
def mismatched(doc: Document, rule):
    prose = _prose(doc)
    for e in _pair_events(doc):
        if e.kind == "mismatch":
            yield _mismatch(doc, rule, e.pos, e.mark, e.other, e.other_mark, prose.node_at(e.pos),
                            e.other + 1)
    for h in doc.headings:
        # （一） written (一） in a heading marker: the marker is syntax, but its brackets still pair
        if h.mismatched_brackets:
            opener, closer = h.marker_brackets
            finding = _mismatch(doc, rule, h.marker_span.start, opener, None, closer, h, h.marker_span.end)
            finding.fix = _full_width_marker(doc, h)
            yield finding


def _full_width_marker(doc: Document, h) -> Fix:
    """(二） -> （二）: the half-width half of a heading marker becomes full-width, the standard form."""
    start = h.marker_span.start
    raw = doc.text.content[start:h.marker_span.end]
    edits = [Edit(start + i, start + i + 1, "（" if c == "(" else "）") for i, c in enumerate(raw) if c in "()"]
    return Fix("改为全角括号", edits, Applicability.SAFE)


def _mismatch(doc: Document, rule, pos: int, opener: str, other: int | None, closer: str, node,
              end: int):
    """other: the offset of the closing half, None in a heading marker (whose form the numbering
    rules fix)."""
    fix = None
    if opener in "(（" and closer in ")）":
        expected = "“（…）”"
        if other is not None:  # make the half-width half full-width: the standard form
            edit = Edit(pos, pos + 1, "（") if opener == "(" else Edit(other, other + 1, "）")
            fix = Fix("改为全角括号", [edit], Applicability.SAFE)
    else:
        expected = f"{opener}…{pairs.PARTNER[opener]}"
        if opener not in pairs.QUOTES:
            expected = f"“{expected}”"
        if other is not None:
            fix = Fix(f"把“{closer}”改为“{pairs.PARTNER[opener]}”",
                      [Edit(other, other + 1, pairs.PARTNER[opener])], Applicability.UNSAFE)
    return rule.finding(doc, pos, end, node=node, fix=fix, opener=pairs.show(opener),
                        closer=pairs.show(closer), expected=expected)


@check("punctuation.stray-closing", fields=("mark", "opener"))
def stray_closing(doc: Document, rule):
    prose = _prose(doc)
    for e in _pair_events(doc):
        if e.kind == "stray":
            yield _finding(doc, rule, prose, e.pos, e.pos + 1, mark=pairs.show(e.mark),
                           opener=pairs.show(e.other_mark))


@check("punctuation.truncated", fields=("mark", "opener"))
def truncated(doc: Document, rule):
    prose = _prose(doc)
    for e in _pair_events(doc):
        if e.kind == "truncated":
            yield _finding(doc, rule, prose, e.pos, e.pos + 1, mark=pairs.show(e.mark),
                           opener=pairs.show(e.other_mark))


_NESTING = {
    "double-in-double": ("双引号内再用引号", "单引号‘’"),
    "single-outside": ("单引号‘’用在最外层", "双引号“”（引号内再用引号时才用单引号）"),
    "book-in-book": ("书名号内再用书名号", "单书名号〈〉"),
    "single-book-outside": ("单书名号〈〉用在书名号外", "书名号《》或圆括号（）"),
}


@check("punctuation.nesting", fields=("mark", "problem", "expected"))
def nesting(doc: Document, rule):
    prose = _prose(doc)
    for e in _pair_events(doc):
        if e.kind == "nesting":
            problem, expected = _NESTING[e.reason]
            related = [rule.related(doc, e.other, "外层")] if e.other is not None else []
            yield _finding(doc, rule, prose, e.pos, e.pos + 1, related=related,
                           mark=pairs.show(e.mark), problem=problem, expected=expected)


# --- marks in running text ----------------------------------------------------------------------

# Nouns that start with 等 can be list items: 等级公路, 等离子体, 等额, 等量, 等效, 等高线, 等值线,
# 等价交换, 等距, 等比, 等温线, 等压线, 等边, 等腰, 等差, 等位基因, 等次. (A verb such as 等于 cannot
# follow a 顿号: “集A、B、等于一体” is the slip this rule is for.)
_DUN_DENG = lazyre.compile(rf"、{BLANK}*(?=等(?!级|离子|额|量|效|高|值|价|距|比|温|压|边|腰|差|位|次))")


@check("punctuation.dun-deng", fields=("found",))
@chinese_only
def dun_deng(doc: Document, rule):
    prose = _prose(doc)
    text = prose.text
    for m in _DUN_DENG.finditer(text):
        found = text[m.start():m.end() + (2 if text.startswith("等等", m.end()) else 1)]
        fix = Fix("删去“等”前的顿号", [Edit(m.start(), m.end(), "")], Applicability.SAFE)
        yield _finding(doc, rule, prose, m.start(), m.end() + 1, fix=fix, found=found)


_DUN_TITLES = lazyre.compile(rf"、{BLANK}*[《“]")
_TITLE_CLOSER = {"《": "》", "“": "”"}
# “A”向“B”、“C”向“D”: the 顿号 separates phrases that contain quotations, not the quotations.
_COMPOUND_LEFT = lazyre.compile(r"”[^“”，。、；：,;:\n]{1,3}“[^“”\n]*$")
_COMPOUND_RIGHT = lazyre.compile(r"^[^“”\n]*”[^“”，。、；：,;:\n]{1,3}“")


@check("punctuation.dun-titles", fields=("found", "expected"))
@chinese_only
def dun_titles(doc: Document, rule):
    prose = _prose(doc)
    text = prose.text
    for m in _DUN_TITLES.finditer(text):
        dun, opener = m.start(), m.group()[-1]
        start = dun - 1
        while start >= 0 and text[start] in SPACES:
            start -= 1
        if start < 0 or text[start] != _TITLE_CLOSER[opener]:
            continue
        if opener == "“" and _compound_quotes(text, start, m.end()):
            continue
        found, expected = _items(text, start, dun, m.end())
        fix = Fix("删去顿号", [Edit(start + 1, m.end() - 1, "")], Applicability.UNSAFE)
        yield _finding(doc, rule, prose, dun, dun + 1, fix=fix, found=found, expected=expected)


def _items(text: str, closer: int, dun: int, after: int) -> tuple[str, str]:
    """The two titled or quoted items around the 顿号, for the message: 《A》、《B》."""
    opener = pairs.OPENER_OF[text[closer]]
    first = text.rfind(opener, max(0, closer - 40), closer)
    second = text.find(text[closer], after, after + 40)
    left = text[first:closer + 1] if first != -1 else text[closer]
    right = text[after - 1:second + 1] if second != -1 else text[after - 1]
    return f"{left}、{right}", left + right


def _compound_quotes(text: str, start: int, end: int) -> bool:
    left = text[max(0, start - 40):start]
    right = text[end:end + 40]
    return bool(_COMPOUND_LEFT.search(left) or _COMPOUND_RIGHT.search(right))


_DOUBLED = lazyre.compile(rf"[，。、；：,;:](?:{BLANK}*[，。、；：,;:])+")


@check("punctuation.doubled", fields=("found", "expected"))
@chinese_only
def doubled(doc: Document, rule):
    prose = _prose(doc)
    text = prose.text
    for m in _DOUBLED.finditer(text):
        marks = without_spaces(m.group())
        if set(marks) == {"。"} and len(marks) >= 3:
            continue  # 。。。 is a mistyped ellipsis (punctuation.ellipsis)
        if not _touches_chinese(text, m.start(), m.end()):
            continue
        same = len(set(marks)) == 1
        fix = Fix("保留一个标点", [Edit(m.start() + 1, m.end(), "")], Applicability.SAFE) if same else None
        expected = f"一个“{marks[0]}”" if same else "其中一个"
        yield _finding(doc, rule, prose, m.start(), m.end(), fix=fix, found=marks, expected=expected)


# Each pattern starts with its literal mark, so that the scan stays fast on long documents.
_ELLIPSES = (programs.compile(r"\.\.\.\.*"), programs.compile(r"。。。。*"), programs.compile(r"……*"))


@check("punctuation.ellipsis", fields=("found",))
@chinese_only
def ellipsis(doc: Document, rule):
    prose = _prose(doc)
    text = prose.text
    for pattern in _ELLIPSES:
        for m in pattern.finditer(text):
            found = m.group()
            if found[0] == "…" and len(found) % 2 == 0:
                continue  # …… (and ………… for a whole omitted paragraph)
            if found[0] == "." and not _touches_chinese(text, m.start(), m.end()):
                continue  # Latin text, a version number, a leader
            safe = found[0] != "…" or len(found) == 1
            fix = Fix("改为省略号“……”", [Edit(m.start(), m.end(), "……")], Applicability.of(safe))
            yield _finding(doc, rule, prose, m.start(), m.end(), fix=fix, found=found)


_HYPHENS = (programs.compile(r"---*"), programs.compile(r"－－－*"))
_DASHES = lazyre.compile(r"——*")
_DASH_NEIGHBOURS = "，。；：、！？,;:!?"


@check("punctuation.dash", fields=("found",))
@chinese_only
def dash(doc: Document, rule):
    prose = _prose(doc)
    text = prose.text
    for pattern in _HYPHENS:
        for m in pattern.finditer(text):
            if len(m.group()) != 2 or text.startswith(">", m.end()):
                continue  # a rule line ---, a Markdown table |---|, a comment -->
            if _touches_chinese(text, m.start(), m.end()) and not _is_digit_span(text, m.start(), m.end()):
                fix = Fix("改为破折号“——”", [Edit(m.start(), m.end(), "——")], Applicability.SAFE)
                yield _finding(doc, rule, prose, m.start(), m.end(), fix=fix, found=m.group())
    for m in _DASHES.finditer(text):
        if len(m.group()) == 1 and _single_dash_is_dash(text, m.start()):
            fix = Fix("改为破折号“——”", [Edit(m.start(), m.end(), "——")], Applicability.SAFE)
            yield _finding(doc, rule, prose, m.start(), m.end(), fix=fix, found="—")


def _is_digit_span(text: str, start: int, end: int) -> bool:
    left, right = widths.neighbours(text, start)[0], widths.neighbours(text, end - 1)[1]
    return left.isdigit() and right.isdigit()


def _single_dash_is_dash(text: str, pos: int) -> bool:
    """A single — is a 一字线 (2021—2025年, 中国—东盟, 研发—制造) unless it opens a paragraph or
    touches a comma or full stop, where only a 破折号 can stand."""
    line_start = text.rfind("\n", 0, pos) + 1
    if not text[line_start:pos].strip(SPACES):
        return True
    left, right = widths.neighbours(text, pos)
    return left in _DASH_NEIGHBOURS or right in _DASH_NEIGHBOURS


# --- an inner 书名号 typed as < > ------------------------------------------------------------------

_TITLE = lazyre.compile(r"《([^《》\n]{1,300})》")
_ANGLE = lazyre.compile(r"[<＜]([^<>＜＞《》〈〉\n]{1,100})[>＞]")


@check("punctuation.angle-title", fields=("found", "expected"))
def angle_title(doc: Document, rule):
    """《关于贯彻落实<某某规划>的实施意见》: the inner title mark is 〈〉, not less-than and greater-than
    signs. Only a pair inside a 《》 with Chinese text between is taken for a title, so the fix is safe."""
    prose = _prose(doc)
    for title in _TITLE.finditer(prose.pair_text):
        for m in _ANGLE.finditer(prose.pair_text, title.start(1), title.end(1)):
            if not any(map(is_han, m.group(1))):
                continue  # <a>, <5%>: markup or a comparison, not a title
            expected = f"〈{m.group(1)}〉"
            fix = Fix(f"改为“{expected}”", [Edit(m.start(), m.start() + 1, "〈"), Edit(m.end() - 1, m.end(), "〉")])
            yield _finding(doc, rule, prose, m.start(), m.end(), fix=fix, found=m.group(), expected=expected)


# --- 发文字号 -------------------------------------------------------------------------------------

_DOCNO = lazyre.compile(rf"([\[［【(（〔]){BLANK}?(\d{{4}}|\d{{2}}){BLANK}?"
                    rf"([\]］】)）〕]){BLANK}?(第?){BLANK}?(\d{{1,4}}){BLANK}?号")


def _docnos(text: str):
    for m in _DOCNO.finditer(text):
        before = text[max(0, m.start() - 2):m.start()].rstrip(SPACES)
        if not before or not is_han(before[-1]):
            continue  # a 发文字号 follows the issuing body's code: 国发〔2022〕18号
        year, number = m.group(2), m.group(5)
        if len(year) == 4 and not year.startswith(("19", "20")):
            continue
        full_year = year if len(year) == 4 else "20" + year
        expected = f"〔{full_year}〕{int(number)}号"
        found = without_spaces(m.group())
        safe = len(year) == 4
        yield DocNo(m.start(), m.end(), found, expected, safe, (m.start(1), m.start(3)))


@check("punctuation.docno", fields=("found", "expected"))
def docno(doc: Document, rule):
    prose = _prose(doc)
    for d in prose.docnos:
        if d.found == d.expected:
            continue
        fix = Fix(f"改为“{d.expected}”", [Edit(d.start, d.end, d.expected)], Applicability.of(d.safe))
        yield _finding(doc, rule, prose, d.start, d.end, fix=fix, found=d.found, expected=d.expected)


# --- half-width marks ---------------------------------------------------------------------------

def _widths(doc: Document) -> widths.Widths:
    return doc.memo("punctuation.widths", lambda d: widths.analyse(_prose(d).pair_text))


def _by_line(doc: Document, marks: list[widths.Mark]) -> dict[int, list[widths.Mark]]:
    lines: dict[int, list[widths.Mark]] = {}
    for mark in marks:
        lines.setdefault(doc.text.pos(mark.pos).line, []).append(mark)
    return lines


def _listed(chars) -> str:
    """Each mark once, in quotes without 顿号: ,”“;"""
    return listed(dict.fromkeys(chars), sep="", quoted=True)


@check("punctuation.half-width", fields=("found", "expected"))
@chinese_only
def half_width(doc: Document, rule):
    """The half-width minority of a full-width document, one finding per line."""
    prose = _prose(doc)
    # a bracket whose pair is mixed, （2022), is reported (and fixed) as a mismatched pair
    paired = {p for e in _pair_events(doc) if e.kind == "mismatch" for p in (e.pos, e.other)}
    minority = [m for m in _widths(doc).marks if m.pos not in paired]
    for marks in _by_line(doc, minority).values():
        edits = [Edit(m.pos, m.pos + 1, widths.HALF_TO_FULL[m.char]) for m in marks]
        safe = all(m.safe for m in marks)
        fix = Fix("改为全角标点", edits, Applicability.of(safe))
        found = _listed(m.char for m in marks)
        yield _finding(doc, rule, prose, marks[0].pos, marks[0].pos + 1, fix=fix, found=found,
                       expected=_listed(widths.HALF_TO_FULL[m.char] for m in marks))


@check("punctuation.ascii-quote", fields=("found",))
@chinese_only
def ascii_quote(doc: Document, rule):
    """ASCII " and ' in Chinese text of a document whose quotes are otherwise “” ‘’."""
    prose = _prose(doc)
    for marks in _by_line(doc, _widths(doc).quotes).values():
        fix = None
        if len(marks) % 2 == 0 and all(m.char == '"' for m in marks):
            edits = [Edit(m.pos, m.pos + 1, "“" if i % 2 == 0 else "”") for i, m in enumerate(marks)]
            fix = Fix("改为中文引号“”", edits, Applicability.UNSAFE)
        yield _finding(doc, rule, prose, marks[0].pos, marks[0].pos + 1, fix=fix,
                       found=_listed(m.char for m in marks))


@check("punctuation.half-width-document", fields=("half", "full", "found", "expected"))
@chinese_only
def half_width_document(doc: Document, rule):
    """A document consistently in half-width marks (normalised on the way): one finding."""
    w = _widths(doc)
    counts: dict[str, int] = {}
    half = full = 0
    firsts = []
    if w.style == "half" and w.first_half is not None:
        counts.update(w.half_chars)
        half, full = half + w.half, full + w.full
        firsts.append(w.first_half)
    if w.quote_style == "half" and w.first_quote is not None:
        counts.update(w.quote_chars)
        half, full = half + w.half_quotes, full + w.full_quotes
        firsts.append(w.first_quote)
    if not firsts:
        return
    chars = sorted(counts, key=lambda c: -counts[c])
    expected = " ".join(widths.HALF_TO_FULL.get(c, "“”" if c == '"' else "‘’") for c in chars)
    yield rule.finding(doc, min(firsts), min(firsts) + 1, half=half, full=full,
                       found=" ".join(chars), expected=expected,
                       data={"half": half, "full": full, "marks": counts})
