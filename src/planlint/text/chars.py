"""Named character classes: what counts as a Han character, CJK punctuation, a full-width form or
a blank, defined once. Modules compose their own classes from these, so a class that differs on
purpose (a number's unit may also be %) says so where it is written.

The range constants are bodies of a regular-expression character class (`f"[{HAN}]"`); they hold
the characters themselves, none of them special inside brackets. The blank sets are plain strings
for `in`, `strip` and for building classes alike.
"""
from __future__ import annotations

# --- Han ideographs ------------------------------------------------------------------------------

# CJK Unified Ideographs, the basic block: every character of a modern Chinese draft. The checks
# that ask "is this a Chinese character?" (before a unit, after an issuing body, inside a label)
# use this block alone.
HAN = "\u4e00-\u9fff"
# CJK Unified Ideographs Extension A: rare characters, still Chinese text
HAN_EXT_A = "\u3400-\u4dbf"
# CJK Compatibility Ideographs: duplicates of unified ideographs that some converters emit
HAN_COMPAT = "\uf900-\ufaff"
# Every Han ideograph of the Basic Multilingual Plane: where a character only has to be Chinese
# text (the width of the punctuation next to it, whether a document is written in Chinese).
IDEOGRAPHS = HAN_EXT_A + HAN + HAN_COMPAT


def is_han(c: str) -> bool:
    """Is c one character of the basic block (HAN)?"""
    return "\u4e00" <= c <= "\u9fff"


def is_ideograph(c: str) -> bool:
    """Is c one character of IDEOGRAPHS? Where a pattern would only ask about one character, ask
    this: sre compiles a class code point by code point, ~1 ms for IDEOGRAPHS."""
    return "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf" or "\uf900" <= c <= "\ufaff"


# --- punctuation and full-width forms -------------------------------------------------------------

# CJK Symbols and Punctuation: the ideographic space, 、。〃, the brackets 〈〉《》「」『』【】〔〕 and 〇
CJK_PUNCT = "\u3000-\u303f"
# Halfwidth and Fullwidth Forms, the whole block: full-width ASCII (！ to ～, digits and Latin
# letters too) and the half-width katakana
FULLWIDTH_FORMS = "\uff00-\uffef"
# The punctuation of that block without its digits and Latin letters (a full-width digit is not
# Chinese context): ！ to ／, ： to ＠, ［ to ｀, ｛ to ～, and the half-width ｟｠｡｢｣､･
FULLWIDTH_PUNCT = "\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
# Chinese quotation marks (GB/T 15834 uses the curly quotes' code points)
QUOTES = "“”‘’"
# The dashes and tildes that join the two ends of a range (2021—2025年, 3～5个), the correct
# 一字线 and 浪纹线 and the hyphens written for them; the leading "-" is literal in a class
RANGE_SEPARATORS = "-–－~～—"

# --- blanks --------------------------------------------------------------------------------------

# The spaces a drafter types: the ASCII space and the ideographic (full-width) space
SPACES = " \u3000"
# The no-break space, which Word and web pages put where a space was typed
NBSP = "\xa0"
# Every blank inside one line: SPACES, the tab and the no-break space (the grammar ignores these
# between a heading's marker and its number)
LINE_BLANKS = " \t\u3000\xa0"
# One typed space in a regular expression: rf"年[{SPACES}]*" is spelled BLANK, as in rf"年{BLANK}*"
BLANK = f"[{SPACES}]"


def members(body: str) -> frozenset[str]:
    """The characters of a small class body of this module (single characters and ranges a-b, a
    "-" first or last is literal), for `in` tests."""
    out: set[str] = set()
    i = 0
    while i < len(body):
        if body[i + 1:i + 2] == "-" and i + 2 < len(body):
            out.update(map(chr, range(ord(body[i]), ord(body[i + 2]) + 1)))
            i += 3
        else:
            out.add(body[i])
            i += 1
    return frozenset(out)


def without_spaces(s: str) -> str:
    """s with every SPACES character removed (a label or a mark compared as written, spaces aside)."""
    return s.replace(" ", "").replace("\u3000", "")
