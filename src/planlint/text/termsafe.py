"""Text from drafts and file names made safe to show: in a terminal, a CI log, or XML.

A draft or a file name may carry escape sequences (window title, OSC 52 clipboard, hyperlinks),
a newline followed by `::error` (a GitHub Actions workflow command), bidirectional overrides, or
code points XML 1.0 forbids. `escape()` writes every such character as a visible `\\xNN` /
`\\uNNNN` escape, so nothing in a report takes effect or breaks the format. A file name that is not
valid UTF-8 reaches Python as lone surrogates (surrogateescape); they are shown as the byte they
stand for.
"""
from __future__ import annotations

import re
from planlint.text import lazyre

# C0 (tab and newline included: one finding is one line), DEL, C1, lone surrogates, bidi
# embeddings/overrides/isolates, line/paragraph separators, and U+FFFE/U+FFFF (not XML 1.0).
_UNSAFE = lazyre.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")


def _visible(m: re.Match) -> str:
    c = ord(m.group())
    if 0xDC80 <= c <= 0xDCFF:  # surrogateescape: the undecodable byte itself
        return f"\\x{c - 0xDC00:02x}"
    return f"\\x{c:02x}" if c <= 0xFF else f"\\u{c:04x}"


def escape(s: str) -> str:
    """s with every control, bidi, separator, surrogate and non-XML character escaped."""
    if s.isprintable():  # every _UNSAFE character is a control, format, separator or unassigned one
        return s
    return _UNSAFE.sub(_visible, s) if _UNSAFE.search(s) else s


def escape_source(s: str) -> str:
    """A source line for display: a tab stays one column wide, everything else as escape()."""
    return escape(s.replace("\t", " "))


def markup(s: str) -> str:
    """Draft text placed inside rich markup: escaped as escape(), then as markup."""
    from rich.markup import escape as markup_escape

    return markup_escape(escape(s))
