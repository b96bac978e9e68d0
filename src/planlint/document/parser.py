"""Text -> Document: find the numbered headings with the Lark grammar, the 目录, tables and body
text, and nest the headings the way the document itself uses its levels."""
from __future__ import annotations

import re
from pathlib import Path

import msgspec

from planlint.document import markup
from planlint.document.model import HIERARCHY, Block, Document, Heading, Span, Text
from planlint.text.chars import LINE_BLANKS
from planlint.text.numerals import CIRCLED, CN_NUMERAL_CHARS, FULLWIDTH_DIGITS, parse_number
from planlint.resources import cache_dir, data_dir
from planlint.text import lazyre, programs

_parser = None
# A heading starts with one of these; everything else is not worth a parse.
_FIRST_CHARS = frozenset("附第专表图（(" + "0123456789" + FULLWIDTH_DIGITS + CN_NUMERAL_CHARS + CIRCLED)
_TERMINATORS = "。！？!?"
_TOC_TITLE = lazyre.compile(r"^目\s*录$")
_PAGE_NUMBER = lazyre.compile(r"[\s.·…—_\-－]*\d+\s*$")
_CAPTION_PUNCT = " \t\u3000:：.．、"
# A superset of the grammar's markers (grammar/plan.lark: its tokens with the ignored spaces between
# them, lookaheads dropped): a line that does not match cannot parse, so most body lines are
# decided without Lark, and a draft without headings never imports it.
_SP = LINE_BLANKS  # the grammar's %ignore
_CN = "一二三四五六七八九十百〇零○两"
_D = "0-9０-９"
_CANDIDATE = lazyre.compile(
    f"附件|第[{_SP}{_CN}{_D}]*(?:篇|部分|章|节)|[{_CN}][{_CN}{_SP}]*、"
    f"|[（(][{_SP}]*(?:[{_CN}][{_CN}{_SP}]*|[{_D}][{_D}{_SP}]*)[）)]"
    f"|[{_D}][{_D}{_SP}]*[.．、]|[{CIRCLED}]|专栏|[表图][{_SP}]*[{_D}]")
# 二、三产业 is an abbreviation of two ordinals (GB/T 15834 4.5.3.4), not a heading.
_ORDINAL_ABBREV = lazyre.compile(r"^[一二三四五六七八九十][、]?(?:产业|级|类|季度|等|次产业)")
# “12.135人才工程”: item 12 whose title starts with digits. Not when a unit follows (2.5万人).
_DECIMAL_ITEM = lazyre.compile(r"([0-9０-９]{1,3})([.．])(?=[0-9０-９]+(?![0-9０-９.．%％‰万亿千倍元个项家次年月日号米吨]))")


def parser():
    global _parser
    if _parser is None:
        from lark import Lark

        grammar = _grammar()
        cache = cache_dir()
        options = dict(parser="lalr", propagate_positions=True, maybe_placeholders=False)
        if cache is not None:
            try:
                _parser = Lark(grammar, cache=str(_cache_file(cache, grammar)), **options)
            except OSError:
                _parser = None
        if _parser is None:
            _parser = Lark(grammar, **options)
    return _parser


def _grammar() -> str:
    return (data_dir("grammar") / "plan.lark").read_text(encoding="utf-8")


def grammar_cache_file(cache: Path, grammar: str | None = None) -> Path:
    """The compiled grammar's file in the cache folder, keyed by lark's version and the grammar's
    text: a cache compiled from another grammar (an earlier planlint's) is never the one read."""
    import hashlib

    import lark

    grammar = _grammar() if grammar is None else grammar
    digest = hashlib.sha256(grammar.encode("utf-8")).hexdigest()[:16]
    return cache / f"plan-lark-{lark.__version__}-{digest}.cache"


def _cache_file(cache: Path, grammar: str) -> Path:
    """grammar_cache_file; before it is first written, the files of other keys are removed."""
    target = grammar_cache_file(cache, grammar)
    if not target.exists():
        for old in cache.glob("plan-lark-*.cache"):
            try:
                old.unlink(missing_ok=True)
            except OSError:  # a folder in the way: only a cache miss
                pass
    return target


class Marker(msgspec.Struct):
    kind: str
    number: int
    numeral: str
    form: str
    prefix: tuple[int, ...]
    end: int          # end of the marker within the parsed string
    title_start: int  # start of the title within the parsed string (== len when there is none)


def parse_marker(s: str) -> Marker | None:
    """Parse the marker at the start of a (syntax-stripped) line; None when it is not a heading."""
    if not s or s[0] not in _FIRST_CHARS:
        return None
    # a line the fast patterns read passes the prefilter too (they are markers of the grammar)
    parsed = _fast_parse(s) or (_lark_parse(s) if _CANDIDATE.match(s) else None)
    if parsed is None:
        return None
    kind, tokens, end, title_start = parsed
    numbers = [v for t, v in tokens if t in ("ARABIC", "CN_NUMERAL", "CIRCLED")]
    if kind in ("table", "figure"):
        values = [parse_number(t)[0] for t in numbers]
        number, numeral, prefix = values[-1], "arabic", tuple(values[:-1])
    elif kind == "annex" and not numbers:
        number, numeral, prefix = 1, "arabic", ()  # “附件：” — the only attachment
    else:
        number, numeral = parse_number("".join(numbers))
        prefix = ()
    if not number:
        return None
    form = _form(kind, numeral, tokens, s[:end])
    return Marker(kind, number, numeral, form, prefix, end, title_start)


# (kind, token types of the groups, pattern): the markers as the grammar reads them (same tokens,
# same end, same title start), written without spaces inside a number; every other line goes to
# Lark (tests/test_outline.py checks both agree). A title follows after the grammar's ignored
# spaces and must start with a non-space (the grammar's REST), or the line ends.
_TAIL = f"[{_SP}]*(?:\\Z|(?=\\S))"
_ARABIC = f"[{_D}]{{1,3}}(?![{_D}])"
_NO_DASH_TAIL = f"[{_SP}]*(?:\\Z|(?=[^\\s\\-－—]))"  # a dash after 表1 would continue the number
# after 专栏's number the grammar's lexer also reads 章 and 节 (a state shared with 第N章)
_BOX_TAIL = f"[{_SP}]*(?:\\Z|(?=[^\\s章节]))"
_FAST = (
    ("l1", ("CN_NUMERAL", "DUN"), f"([{_CN}]+)(、){_TAIL}"),
    ("l2", ("LPAR", "CN_NUMERAL", "RPAR"), f"([（(])([{_CN}]+)([）)]){_TAIL}"),
    ("l3", ("ARABIC", "ITEM_DOT"), f"({_ARABIC})([.．、])(?![{_D}]){_TAIL}"),
    ("l4", ("LPAR", "ARABIC", "RPAR"), f"([（(])({_ARABIC})([）)]){_TAIL}"),
    ("l5", ("CIRCLED",), f"([{CIRCLED}]){_TAIL}"),
    ("zhang", ("NUMBER",), f"第([{_CN}]+|{_ARABIC})(?=章)"),
    ("jie", ("NUMBER",), f"第([{_CN}]+|{_ARABIC})(?=节)"),
    ("pian", ("CN_NUMERAL", "PART"), f"第([{_CN}]+)(篇|部分){_TAIL}"),
    ("box", ("ARABIC",), f"专栏[{_SP}]*({_ARABIC}){_BOX_TAIL}"),
    # the grammar's lexer never backtracks: a number it can read after 附件 is read
    ("annex", ("ARABIC",), f"附件(?:[{_SP}]*({_ARABIC}){_TAIL}|(?![{_SP}]*{_ARABIC}){_TAIL})"),
    ("table", ("ARABIC",), f"表[{_SP}]*({_ARABIC}){_NO_DASH_TAIL}"),
    ("figure", ("ARABIC",), f"图[{_SP}]*({_ARABIC}){_NO_DASH_TAIL}"),
)
# the first characters of each kind's marker: a line is tried only on the patterns its first
# character can start, and a draft compiles only the patterns of the markers it uses
_FAST_FIRST = {"l1": _CN, "l2": "（(", "l3": "0123456789" + FULLWIDTH_DIGITS, "l4": "（(", "l5": CIRCLED,
               "zhang": "第", "jie": "第", "pian": "第", "box": "专", "annex": "附", "table": "表", "figure": "图"}
_FAST_BY_FIRST: dict[str, tuple] = {}
_AFTER_CHAPTER = lazyre.compile(f".{_TAIL}")  # 章/节, then the title


def _fast_patterns(first: str) -> tuple:
    """The (kind, types, compiled pattern) of _FAST that a line starting with `first` may match, in
    _FAST's order."""
    found = _FAST_BY_FIRST.get(first)
    if found is None:
        found = _FAST_BY_FIRST[first] = tuple((kind, types, programs.compile(pattern)) for kind, types, pattern in _FAST
                                              if first in _FAST_FIRST[kind])
    return found


def _fast_parse(s: str):
    if not s or "\n" in s:  # the grammar's REST stops at a newline
        return None
    for kind, types, pattern in _fast_patterns(s[0]):
        m = pattern.match(s)
        if m is None:
            continue
        values = m.groups()
        end, title_start = m.end(len(values)), m.end()
        if kind == "annex" and values[0] is None:  # “附件：”
            values, end = (), 2
        if kind in ("zhang", "jie"):
            types = ("ARABIC",) if values[0][0] not in _CN else ("CN_NUMERAL",)
            tail = _AFTER_CHAPTER.match(s, m.end())
            if tail is None:
                return None
            end, title_start = m.end() + 1, tail.end()
        return kind, list(zip(types, values)), end, title_start
    return None


def _lark_parse(s: str):
    from lark.exceptions import LarkError

    try:
        tree = parser().parse(s)
    except LarkError:
        return None
    node = tree.children[0]
    tokens = [(t.type, str(t)) for t in node.scan_values(lambda v: True)]
    rest = tree.children[1] if len(tree.children) > 1 else None
    title_start = rest.start_pos if rest is not None else len(s)
    return node.data, tokens, node.meta.end_pos, title_start


def _form(kind: str, numeral: str, tokens, marker_text: str) -> str:
    """The written form of a marker, independent of its number: （一） (一) 1. 1． 1、 第X章 专栏 N."""
    punct = "".join(v for t, v in tokens if t in ("LPAR", "RPAR", "ITEM_DOT", "DUN"))
    if kind in ("l2", "l4"):
        return punct[0] + ("一" if kind == "l2" else "1") + punct[1]
    if kind == "l3":
        return "1" + punct
    if kind == "l1":
        return "一、"
    if kind in ("pian", "zhang", "jie"):
        suffix = "部分" if marker_text.endswith("部分") else marker_text[-1]
        return "第" + ("X" if numeral == "chinese" else "N") + suffix
    if kind == "box":
        return "专栏" + (" " if any(c.isspace() for c in marker_text) else "") + ("N" if numeral == "arabic" else "X")
    return kind


def _plausible(m: Marker, title: str, line_rest: str) -> bool:
    if m.kind == "l1" and _ORDINAL_ABBREV.match(title):
        return False
    if m.kind in ("box", "table", "figure"):
        # A caption is short; “表1显示，……。” is a sentence.
        return 0 < len(line_rest) <= 60 and "。" not in line_rest
    if m.kind == "annex":
        # “附件1 重点任务分工表”, “附件：”, not “附件材料要按时报送。”
        numbered_or_marked = m.end > 2 or not line_rest or line_rest[0] in _CAPTION_PUNCT
        return len(line_rest) <= 40 and "。" not in line_rest and numbered_or_marked
    if m.kind in ("pian", "zhang", "jie"):
        return not (len(title) > 60 and title.endswith("。"))
    return True


def _split_run_in(title: str) -> tuple[int, int | None]:
    """(end of the title, start of run-in body or None)."""
    for i, c in enumerate(title):
        if c in _TERMINATORS:
            rest = i + 1
            while rest < len(title) and title[rest].isspace():
                rest += 1
            return i, (rest if rest < len(title) else None)
    return len(title), None


class _Builder:
    def __init__(self, text: Text, fmt: str):
        self.text = text
        self.md = fmt == "md"
        self.fmt = fmt
        self.headings: list[Heading] = []
        self.toc: list[Heading] = []
        self.toc_state = None  # None -> "in" -> "done"
        self.toc_start = self.toc_end = None
        self.blocks: list[Block] = []
        self.stack: list[Heading] = []
        self.last_child: dict[tuple[int, str], Heading] = {}
        self.last_item: Heading | None = None  # the last “1.” item, for decimal-looking markers
        self.inversions: list[tuple[Heading, Heading]] = []
        self.box_rank: dict[int, float] = {}
        self.toc_keys: set[tuple] = set()

    def build(self) -> Document:
        in_fence = False
        for lineno, start, line in self.text.lines():
            if self.md and markup.is_fence(line):
                in_fence = not in_fence
                continue
            if in_fence or (self.md and markup.is_comment(line)):
                continue
            a, b = markup.strip_line(line, self.md)
            if a >= b:
                continue
            self._line(lineno, start, line, a, b)
        toc_span = Span(self.toc_start, self.toc_end) if self.toc_start is not None else None
        doc = Document(self.text, self.headings, self.toc, toc_span, self.blocks, self.fmt)
        doc.inversions = self.inversions
        return doc

    def _line(self, lineno: int, start: int, line: str, a: int, b: int) -> None:
        content = line[a:b]
        if _TOC_TITLE.match(content.strip("*#_ \u3000")) and self.toc_state is None:
            self.toc_state = "in"
            self.toc_start = start
            self.toc_end = start + len(line)
            self.blocks.append(Block("toc", Span(start + a, start + b), lineno))
            return
        cells = markup.table_cells(line)
        if cells >= 3 or (cells == 2 and "|" in line):
            self.blocks.append(Block("table", Span(start + a, start + b), lineno, self._current()))
            return
        heading = self._heading(lineno, start + a, content)
        if cells == 2 and heading is None:
            self.blocks.append(Block("table", Span(start + a, start + b), lineno, self._current()))
            return
        if self.toc_state == "in":
            if self._toc_entry(heading):
                heading.in_toc = True
                heading.title = _PAGE_NUMBER.sub("", heading.title).strip()
                self.toc.append(heading)
                self.toc_end = start + len(line)
                self.blocks.append(Block("toc", Span(start + a, start + b), lineno))
                return
            self.toc_state = "done"
        if heading is None:
            self.blocks.append(Block("body", Span(start + a, start + b), lineno, self._current()))
            return
        self._place(heading)
        if heading.run_in:
            body_start = heading.title_span.end
            rest = self.text.content[body_start : start + b]
            skip = len(rest) - len(rest.lstrip(_TERMINATORS + " \u3000"))
            if start + b > body_start + skip:
                self.blocks.append(Block("body", Span(body_start + skip, start + b), lineno, heading))

    def _toc_entry(self, heading: Heading | None) -> bool:
        if heading is None or heading.run_in:
            return False
        # 篇 and 章 numbers are unique in a document, other numbers within their 章: an entry
        # seen before means the body has started again
        if heading.kind not in ("pian", "zhang"):
            chapters = [e.number for e in self.toc if e.kind == "zhang"]
            key = (heading.kind, heading.number, chapters[-1] if chapters else None)
        else:
            key = (heading.kind, heading.number, None)
        if key in self.toc_keys:
            return False
        self.toc_keys.add(key)
        return True

    def _heading(self, lineno: int, offset: int, content: str) -> Heading | None:
        shift = 0
        if self.md and content.startswith("[") and "](" in content:
            # a 目录 entry written as a Markdown link
            shift = 1
            content = content[1:].split("](", 1)[0]
        m = parse_marker(content) or self._decimal_item(content)
        if m is None:
            return None
        raw_title = after_marker = content[m.title_start :]
        title_offset = m.title_start
        if m.kind in ("box", "table", "figure", "annex"):
            lead = len(raw_title) - len(raw_title.lstrip(_CAPTION_PUNCT))
            raw_title, title_offset = raw_title[lead:], title_offset + lead
        raw_title = raw_title[: len(raw_title) - markup.trailing_syntax(raw_title)] if self.md else raw_title
        title_end, body_at = _split_run_in(raw_title)
        title = markup.strip_emphasis(raw_title[:title_end]).strip()
        if not _plausible(m, title, after_marker if m.kind == "annex" else raw_title):
            return None
        base = offset + shift
        heading = Heading(
            kind=m.kind, number=m.number, marker=content[: m.end], form=m.form, numeral=m.numeral,
            title=title, line=lineno, marker_span=Span(base, base + m.end),
            title_span=Span(base + title_offset, base + title_offset + title_end),
            run_in=body_at is not None, prefix=m.prefix,
        )
        return heading

    def _decimal_item(self, content: str) -> Marker | None:
        """A marker that looks like a decimal is item n only where the list expects n next."""
        m = _DECIMAL_ITEM.match(content)
        if m is None or self.last_item is None:
            return None
        number, _ = parse_number(m.group(1))
        if number != self.last_item.number + 1:
            return None
        return Marker("l3", number, "arabic", "1" + m.group(2), (), m.end(), m.end())

    def _current(self) -> Heading | None:
        return self.stack[-1] if self.stack else None

    def _rank(self, h: Heading) -> float:
        return self.box_rank.get(id(h), h.rank)

    def _place(self, h: Heading) -> None:
        self.headings.append(h)
        if h.kind == "box":
            self._open_box(h)
            return
        if h.is_caption:
            h.parent = self._current()
            return
        while self.stack and self._rank(self.stack[-1]) >= h.rank:
            self.stack.pop()
        parent = self._current()
        parent = self._continued_list(h, parent)
        h.parent = parent
        if parent is not None:
            parent.children.append(h)
        self.last_child[(id(parent), h.kind)] = h
        if h.kind == "l3":
            self.last_item = h
        self.stack.append(h)

    def _open_box(self, box: Heading) -> None:
        """A 专栏 holds the items that follow it: a 篇/章/节, a heading at or above the level of
        the heading it stands under, or another box closes it."""
        while self.stack and self.stack[-1].kind == "box":
            self.stack.pop()
        box.parent = self._current()
        if box.parent is not None:
            box.parent.children.append(box)
        # 篇/章/节 always close a box; items go inside it
        inner = max(self._rank(box.parent) if box.parent else -1, HIERARCHY.index("jie"))
        self.box_rank[id(box)] = inner + 0.5
        self.stack.append(box)

    def _continued_list(self, h: Heading, parent: Heading | None) -> Heading | None:
        """Detect a level inversion: “一、” placed inside a “1.” list. The sign is that the list
        goes on after it (1. 2. 一、 3.): the 3. continues the outer list instead of restarting."""
        if parent is None or h.number <= 1 or any(c.kind == h.kind for c in parent.children):
            return parent
        outer = parent.parent
        before = self.last_child.get((id(outer), h.kind))
        if before is None or before.number != h.number - 1 or before.line > parent.line:
            return parent
        self.inversions.append((parent, before))
        while self.stack and self.stack[-1] is not outer:
            self.stack.pop()
        return outer


def build(text: Text, fmt: str = "txt") -> Document:
    return _Builder(text, fmt).build()


def reparsed(doc: Document) -> Document:
    """The document with its parse: itself, or -- when the run kept only its text -- the same
    parse built again from that text (the parse is a function of the text and format)."""
    return build(doc.text, doc.fmt) if doc.text_only else doc


def format_of(path: str) -> str:
    return "md" if path.lower().endswith((".md", ".markdown")) else "txt"
