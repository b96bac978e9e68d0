"""Plain data the whole pipeline shares: decoded text, spans, the outline, findings and fixes
(and whether a fix is safe to apply unasked: Applicability).

Everything here is a plain record (msgspec.Struct: cheap to define at start-up) with no behaviour
beyond position arithmetic, so that checks stay pure functions of a Document and a rule.
"""
from __future__ import annotations

import bisect
import unicodedata
from enum import Enum
from typing import Any

import msgspec


class Pos(msgspec.Struct, frozen=True):
    """A 1-based line and column; columns count Unicode code points of the original line."""

    line: int
    column: int


class Span(msgspec.Struct, frozen=True):
    start: int  # offset into Text.content
    end: int

    def __len__(self) -> int:
        return self.end - self.start


class Text(msgspec.Struct):
    """A decoded file.

    ``content`` joins the original lines with "\\n" whatever the file used (LF, CRLF or CR), so an
    offset maps to the same line and column as in the original file. The BOM is not content.
    """

    path: str
    content: str
    encoding: str                    # as reported: utf-8, utf-16, gb18030 ...
    newline: str = "\n"
    codec: str = ""                  # the exact codec, with byte order: utf-16-le
    bom: bool = False
    trailing_newline: bool = True
    _line_starts: list[int] = msgspec.field(default_factory=list)

    def __post_init__(self) -> None:
        starts = [0]
        find = self.content.find
        i = find("\n")
        while i != -1:
            starts.append(i + 1)
            i = find("\n", i + 1)
        self._line_starts = starts

    @property
    def line_count(self) -> int:
        if not self.content:
            return 0
        return len(self._line_starts) - (1 if self.content.endswith("\n") else 0)

    def line_start(self, line: int) -> int:
        return self._line_starts[line - 1]

    def line_end(self, line: int) -> int:
        if line < len(self._line_starts):
            return self._line_starts[line] - 1
        return len(self.content)

    def line_text(self, line: int) -> str:
        return self.content[self.line_start(line) : self.line_end(line)]

    def pos(self, offset: int) -> Pos:
        offset = max(0, min(offset, len(self.content)))
        idx = bisect.bisect_right(self._line_starts, offset) - 1
        return Pos(idx + 1, offset - self._line_starts[idx] + 1)

    def lines(self):
        """Yield (line number, start offset, line text)."""
        content = self.content
        starts = self._line_starts
        for i, start in enumerate(starts):
            end = starts[i + 1] - 1 if i + 1 < len(starts) else len(content)
            if i + 1 == len(starts) and start == len(content) and i > 0:
                return  # the empty remainder after a final newline is not a line
            yield i + 1, start, content[start:end]


# Heading kinds, outermost first. Boxes and captions stand outside the hierarchy.
HIERARCHY = ("annex", "pian", "zhang", "jie", "l1", "l2", "l3", "l4", "l5")
CAPTIONS = ("box", "table", "figure")
KIND_LABEL = {
    "annex": "附件", "pian": "篇", "zhang": "章", "jie": "节", "l1": "一、", "l2": "（一）", "l3": "1.",
    "l4": "（1）", "l5": "①", "box": "专栏", "table": "表", "figure": "图",
}


class Heading(msgspec.Struct):
    kind: str
    number: int
    marker: str          # the marker as written, e.g. "第 三 章", "(一)", "1．"
    form: str            # the normalised marker form, e.g. "（一）", "(一)", "1.", "1、", "第X章"
    numeral: str         # "chinese" | "arabic"
    title: str
    line: int
    marker_span: Span    # the marker in the original text
    title_span: Span
    run_in: bool = False  # body text follows the title in the same paragraph
    prefix: tuple[int, ...] = ()  # "表3-1" -> prefix (3,), number 1
    in_toc: bool = False
    parent: "Heading | None" = None
    children: list["Heading"] = msgspec.field(default_factory=list)

    @property
    def rank(self) -> int:
        return HIERARCHY.index(self.kind) if self.kind in HIERARCHY else -1

    @property
    def marker_brackets(self) -> str:
        """The brackets of the marker as written: “(）” for (一）, “” for 一、."""
        return "".join(c for c in self.marker if c in "（()）")

    @property
    def mismatched_brackets(self) -> bool:
        """（一） written (一）: the halves of a bracketed marker differ in width. A typo, reported once
        by the bracket pairing (PUN102), not also as a variant form of the numbering."""
        pair = self.marker_brackets
        return self.kind in ("l2", "l4") and len(pair) == 2 and pair not in ("（）", "()")

    @property
    def is_caption(self) -> bool:
        return self.kind in CAPTIONS

    def label(self) -> str:
        """The heading's number as a reader names it: “第三章”, “（二）”, “专栏5”."""
        from planlint.text.numerals import format_marker

        label = format_marker(self.kind, self.number, self.prefix)
        return label[:-1] + "部分" if self.form.endswith("部分") else label

    def path(self) -> str:
        parts = []
        node: Heading | None = self
        while node is not None:
            parts.append(node.label())
            node = node.parent
        return "/".join(reversed(parts))


def normalise_title(title: str) -> str:
    """Compare titles ignoring width, whitespace, punctuation and Markdown emphasis."""
    title = unicodedata.normalize("NFKC", title)
    return "".join(c for c in title if not c.isspace() and not unicodedata.category(c).startswith("P")
                   and c not in "*_#`")


class Block(msgspec.Struct):
    """A run of text that is not a heading marker: body text, a table row, metadata."""

    kind: str  # "body" | "table" | "toc" | "title" | "caption"
    span: Span
    line: int
    heading: Heading | None = None  # the innermost heading it sits under


class Document(msgspec.Struct):
    text: Text
    headings: list[Heading]          # body headings in document order (captions included)
    toc: list[Heading]               # entries of the 目录, in order
    toc_span: Span | None
    blocks: list[Block]
    fmt: str = "txt"                 # "txt" | "md"
    # (inverted heading, the list item it interrupts): “一、” inside a “1.” list
    inversions: list[tuple[Heading, Heading]] = msgspec.field(default_factory=list)
    # analyses shared by several checks (sequences, sentences, quantities), computed once
    derived: dict[str, Any] = msgspec.field(default_factory=dict)
    # the parse was dropped to save memory (workflow.engine): parser.reparsed() rebuilds it
    text_only: bool = False

    def memo(self, key: str, compute):
        if key not in self.derived:
            self.derived[key] = compute(self)
        return self.derived[key]

    @property
    def path(self) -> str:
        return self.text.path

    def tree_roots(self) -> list[Heading]:
        return [h for h in self.headings if h.parent is None and h.kind not in ("table", "figure")]

    def body_blocks(self):
        return (b for b in self.blocks if b.kind == "body")


class Edit(msgspec.Struct, frozen=True):
    start: int  # offsets into Text.content
    end: int
    replacement: str


class Applicability(str, Enum):
    """Whether `check --fix` applies a fix on its own (SAFE), or only with --unsafe-fixes (UNSAFE:
    the drafter should confirm it, as when a list is renumbered). The value is what JSON shows."""
    SAFE = "safe"
    UNSAFE = "unsafe"

    def __str__(self) -> str:
        return self.value

    @classmethod
    def of(cls, safe: bool) -> Applicability:
        return cls.SAFE if safe else cls.UNSAFE


class Fix(msgspec.Struct):
    description: str
    edits: list[Edit]
    applicability: Applicability = Applicability.SAFE

    def __post_init__(self):
        self.applicability = Applicability(self.applicability)  # "safe" is taken, "save" is not

    def to_json(self, text: Text) -> dict[str, Any]:
        out = []
        for e in self.edits:
            a, b = text.pos(e.start), text.pos(e.end)
            out.append({"line": a.line, "column": a.column, "end_line": b.line,
                        "end_column": b.column, "replacement": e.replacement})
        return {"description": self.description, "applicability": self.applicability.value, "edits": out}


class Related(msgspec.Struct):
    path: str
    line: int
    column: int
    message: str | None = None


class Finding(msgspec.Struct):
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    name: str
    category: str
    severity: str
    message: str
    related: list[Related] = msgspec.field(default_factory=list)
    fix: Fix | None = None
    data: dict[str, Any] = msgspec.field(default_factory=dict)  # extra machine-readable detail
    heading_path: str = ""  # e.g. 第三章/第二节/（二）; keys baselines
    fix_json: dict[str, Any] | None = None
    fingerprint: str = ""  # content-keyed identity (baseline.py): survives edits elsewhere in the file
    location: dict[str, Any] | None = None  # .docx: paragraph / table cell (wordfile/positions.py)
    source: str | None = None  # the source line to show when it is not the Text's line (.docx)
    _word: tuple | None = None  # .docx: where relocate() moves it (wordfile/positions.py)

    def sort_key(self):
        return (self.path, self.line, self.column, self.code)


SEVERITIES = ("info", "warning", "error")


def severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity)
