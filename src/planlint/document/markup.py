"""Line-level syntax that is not text: Markdown markers and emphasis, table rows, comments.

Every function returns offsets into the line, so positions still point into the original file.
"""
from __future__ import annotations

from planlint.text import lazyre

_MD_PREFIX = lazyre.compile(r"[ \t\u3000]{0,8}(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+)*")
_EMPHASIS = lazyre.compile(r"(\*\*|__|\*|_)")
_TRAILING_MD = lazyre.compile(r"[ \t]*(?:\*\*|__|\*|_|#+)?[ \t]*$")
_LINK = lazyre.compile(r"\[([^\]]*)\]\([^)]*\)")


def strip_line(line: str, markdown: bool) -> tuple[int, int]:
    """The (start, end) of a line's content without indentation and, in Markdown, without
    heading/list/quote markers and the emphasis that wraps a heading."""
    start, end = 0, len(line.rstrip())
    if markdown:
        m = _MD_PREFIX.match(line)
        start = m.end()
        e = _EMPHASIS.match(line, start)
        if e:
            start = e.end()
    while start < end and line[start].isspace():
        start += 1
    return start, end


def strip_emphasis(text: str) -> str:
    """Markdown emphasis and links inside a title are syntax: **加强**组织领导 -> 加强组织领导."""
    text = _LINK.sub(r"\1", text)
    return text.replace("**", "").replace("__", "")


def table_cells(line: str) -> int:
    """How many cells a line has as a table row: a pipe table (Markdown, or text extracted from a
    web page) or a tab-separated row. 0 or 1 means it is not a row."""
    stripped = line.strip()
    if stripped.count("|") >= 2 or (stripped.startswith("|") and len(stripped) > 1):
        return max(2, stripped.strip("|").count("|") + 1)
    return len([c for c in line.split("\t") if c.strip()])


def is_fence(line: str) -> bool:
    s = line.lstrip()
    return s.startswith("```") or s.startswith("~~~")


def is_comment(line: str) -> bool:
    s = line.strip()
    return s.startswith("<!--") and s.endswith("-->")


def trailing_syntax(text: str) -> int:
    """Length of Markdown syntax at the end of a title (closing ** or #)."""
    m = _TRAILING_MD.search(text)
    return len(text) - m.start() if m else 0
