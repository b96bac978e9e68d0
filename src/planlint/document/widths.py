"""Half-width punctuation in Chinese text (GB/T 15834-2011 §5.1; PUN-01) and a document's style.

Word drafts use full-width marks; text extracted from web pages and PDFs often has every comma
and bracket normalised to ASCII. Only a mark that touches Chinese text counts: the comma of
`1,234`, the colon of `8:30`, a URL or an English phrase are not Chinese punctuation.
"""
from __future__ import annotations

from collections import Counter

import msgspec

from planlint.text.chars import CJK_PUNCT, FULLWIDTH_PUNCT, IDEOGRAPHS, LINE_BLANKS, QUOTES, is_ideograph, members
from planlint.text import lazyre

HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
FULL_MARKS = "".join(HALF_TO_FULL.values())
FULL_QUOTES = QUOTES

# Chinese ideographs, CJK punctuation, full-width punctuation, the quotes, … and — (full-width
# digits and Latin letters are not Chinese context).
_CJK_MARK_CLASS = CJK_PUNCT + FULLWIDTH_PUNCT + QUOTES + "…—"
CJK_CLASS = IDEOGRAPHS + _CJK_MARK_CLASS
_CJK_MARKS = members(_CJK_MARK_CLASS)  # is_cjk compares the ideographs, looks these up
_HALF = lazyre.compile(r"[,;:?!()]")
_ASCII_QUOTE = lazyre.compile(r"[\"']")
_ALNUM = lazyre.compile(r"[A-Za-z0-9]")
_DIGIT = lazyre.compile(r"[0-9]")


def is_cjk(ch: str) -> bool:
    """Is the character ch (or "") in CJK_CLASS?"""
    return is_ideograph(ch) or ch in _CJK_MARKS


def _cjk_before(text: str, pos: int) -> bool:
    """A character of CJK_CLASS just before pos, or before the one space there."""
    return (pos >= 1 and is_cjk(text[pos - 1])) or (pos >= 2 and text[pos - 1] == " " and is_cjk(text[pos - 2]))


def neighbours(text: str, pos: int, skip_space: bool = True) -> tuple[str, str]:
    """The characters either side of text[pos], optionally past one space ("" at either end)."""
    lo, hi = 0, len(text)
    left = pos - 1
    if skip_space and left > lo and text[left] in LINE_BLANKS:
        left -= 1
    right = pos + 1
    if skip_space and right < hi - 1 and text[right] in LINE_BLANKS:
        right += 1
    return (text[left] if left >= lo else "", text[right] if right < hi else "")


def chinese_context(text: str, pos: int) -> bool:
    """A half-width mark at pos punctuates Chinese text: it touches a Chinese character or mark,
    and is not a digit separator (1,234  8:30  1:2)."""
    left, right = neighbours(text, pos)
    if _DIGIT.match(left or " ") and _DIGIT.match(right or " "):
        return False
    return is_cjk(left) or is_cjk(right)


class Mark(msgspec.Struct):
    pos: int
    char: str
    safe: bool  # replacing it with the full-width form cannot change the meaning


# The same marks counted at C speed (a “)” whose “(” was Chinese aside), marks and quotes in one
# pass: each match is the mark itself, before Chinese text (past one space) or else with the
# empty group `behind`, and then _cjk_before asks about the text before it. Lookbehinds would
# repeat CJK_CLASS, and each copy takes a millisecond to compile.
_MARK_CJK = lazyre.compile(f"[,;:?!()\"'](?:(?= ?[{CJK_CLASS}])|(?P<behind>))")


class Widths(msgspec.Struct):
    """Half-width marks in Chinese context, found in the prose ranges of one document. The marks
    themselves are listed only for a class whose style is full-width (they are the minority)."""

    half: int = 0            # , ; : ? ! ( ) touching Chinese
    full: int = 0            # ，；：？！（）
    half_quotes: int = 0     # " ' touching Chinese
    full_quotes: int = 0     # “”‘’
    first_half: int | None = None
    half_chars: dict[str, int] = msgspec.field(default_factory=dict)  # how often each half-width mark
    first_quote: int | None = None
    quote_chars: dict[str, int] = msgspec.field(default_factory=dict)
    marks: list[Mark] = msgspec.field(default_factory=list)
    quotes: list[Mark] = msgspec.field(default_factory=list)

    @property
    def style(self) -> str:
        """“full” unless half-width marks are the majority (text normalised on the way)."""
        return "half" if self.half > self.full else "full"

    @property
    def quote_style(self) -> str:
        return "half" if self.half_quotes > self.full_quotes else "full"


def _tally(found: list, counts: Counter, quotes: bool) -> tuple[int, int, dict[str, int]] | None:
    """Of the quotes or of the other marks among the matches found: (offset of the first, how
    many, count per mark in the order first seen), or None without one."""
    chars = {c: n for c, n in counts.items() if (c in _QUOTE_MARKS) == quotes}
    if not chars:
        return None
    first = next(m.start() for m in found if (m.group() in _QUOTE_MARKS) == quotes)
    return first, sum(chars.values()), chars


_QUOTE_MARKS = "\"'"


def analyse(text: str) -> Widths:
    """text: the document with everything that is not prose blanked out (offsets kept)."""
    out = Widths()
    out.full = sum(text.count(c) for c in FULL_MARKS)
    out.full_quotes = sum(text.count(c) for c in FULL_QUOTES)
    # a match with the group `behind` counts only after a Chinese character; the marks are counted
    # in C, in the order first seen
    found = [m for m in _MARK_CJK.finditer(text) if m.lastgroup is None or _cjk_before(text, m.start())]
    counts = Counter([m.group() for m in found])
    hit = _tally(found, counts, quotes=False)
    if hit is not None:
        out.first_half, out.half, out.half_chars = hit
    hit = _tally(found, counts, quotes=True)
    if hit is not None:
        out.first_quote, out.half_quotes, out.quote_chars = hit
    if out.style == "full" and out.half:
        _half_marks(text, out.marks)
    if out.quote_style == "full" and out.half_quotes:
        out.quotes = [Mark(m.start(), m.group(), False) for m in _ASCII_QUOTE.finditer(text)
                      if _quote_in_chinese(text, m.start())]
    return out


def _half_marks(text: str, out: list[Mark]) -> None:
    open_parens: list[bool] = []  # a ) is Chinese punctuation when its ( was
    last = 0
    for m in _HALF.finditer(text):
        pos, ch = m.start(), m.group()
        if text.find("\n", last, pos) != -1:
            open_parens.clear()  # pairs do not cross paragraphs
        last = pos
        chinese = chinese_context(text, pos)
        if ch == "(":
            open_parens.append(chinese)
        elif ch == ")" and open_parens:
            chinese = open_parens.pop() or chinese
        if chinese:
            out.append(Mark(pos, ch, _safe(text, pos, ch)))


def _safe(text: str, pos: int, ch: str) -> bool:
    """Unambiguous: the mark touches Chinese directly, and a comma or colon touches no digit or
    Latin letter (where a half-width mark could belong to the Latin text)."""
    left, right = neighbours(text, pos, skip_space=False)
    if not (is_cjk(left) or is_cjk(right)):
        return False
    if ch in "()":
        return True
    return not (_ALNUM.match(left or " ") or _ALNUM.match(right or " "))


def _quote_in_chinese(text: str, pos: int) -> bool:
    left, right = neighbours(text, pos)
    if text[pos] == "'" and _ALNUM.match(left or " ") and _ALNUM.match(right or " "):
        return False  # an apostrophe: China's
    return is_cjk(left) or is_cjk(right)
