"""Pairing of quotation marks and brackets within a paragraph (GB/T 15834-2011 §4.8, §4.9, §4.15).

The scanner is a plain stack over the marks of one paragraph. It reports what a reader would
notice: an opening mark never closed, a closing mark with no opening one, a pair whose halves
differ in width or kind (“(一）”, “《纲要〉”), and nesting against 外双内单 / 《〈〉》.
"""
from __future__ import annotations

import re

import msgspec
from planlint.text import lazyre

# mark -> (family, variant). Marks of one family close each other's pairs when mistyped.
OPENERS = {
    "“": ("quote", "double"), "‘": ("quote", "single"),
    "（": ("round", "full"), "(": ("round", "half"),
    "《": ("book", "double"), "〈": ("book", "single"),
    "【": ("lenticular", "full"), "〔": ("tortoise", "full"),
}
CLOSERS = {
    "”": ("quote", "double"), "’": ("quote", "single"),
    "）": ("round", "full"), ")": ("round", "half"),
    "》": ("book", "double"), "〉": ("book", "single"),
    "】": ("lenticular", "full"), "〕": ("tortoise", "full"),
}
PARTNER = {"“": "”", "‘": "’", "（": "）", "(": ")", "《": "》", "〈": "〉", "【": "】", "〔": "〕"}
OPENER_OF = {v: k for k, v in PARTNER.items()}

# Quotation marks are named in messages (a ” inside “…” cannot be read); brackets are shown.
_QUOTE_NAMES = {"“": "前引号", "”": "后引号", "‘": "前单引号", "’": "后单引号"}
QUOTES = frozenset(_QUOTE_NAMES)


def show(mark: str) -> str:
    """How a message names a mark: 后引号, “）”."""
    return _QUOTE_NAMES.get(mark) or f"“{mark}”"


MARKS = lazyre.compile("[" + re.escape("".join(OPENERS) + "".join(CLOSERS)) + "]")
_SENTENCE_END = lazyre.compile(r"[。！？；!?;]")
_ASCII_ALNUM = lazyre.compile(r"[A-Za-z0-9]")
# “1)” “a）” “三)” in running text is an item marker, not half of a pair.
_ITEM_MARKER = lazyre.compile(r"[\s，；：。,;:、](?:\d{1,2}|[A-Za-z]|[一二三四五六七八九十])$")
# A closing mark this close to where a paragraph or sentence starts, with no opening mark, is
# most likely the tail of text that was cut (PDF page breaks lose the start of a sentence).
CUT_WINDOW = 8


class Event(msgspec.Struct):
    kind: str      # "unclosed" | "mismatch" | "stray" | "truncated" | "nesting"
    pos: int       # offset of the mark reported
    mark: str
    other: int | None = None   # the other half (mismatch) or the enclosing opener (nesting)
    other_mark: str = ""
    reason: str = ""           # nesting: which convention is broken


class _Open:
    __slots__ = ("mark", "pos", "ok")

    def __init__(self, mark: str, pos: int):
        self.mark, self.pos, self.ok = mark, pos, False  # ok: closed by its exact partner


class _Nest(msgspec.Struct):
    inner: _Open
    outer: _Open | None
    reason: str


def scan(text: str, starts: list[int], ends: list[int], new_paragraph: list[bool]) -> list[Event]:
    """Events for the marks of text inside the units [starts[i], ends[i]), in text order. Marks
    pair across the units of one paragraph (new_paragraph[i] False: a hard-wrapped line), never
    beyond."""
    scanner = _Scanner(text)
    index, count = -1, len(starts)
    unit_start = unit_end = -1
    for m in MARKS.finditer(text):
        pos = m.start()
        if pos >= unit_end:
            while index + 1 < count and ends[index + 1] <= pos:
                index += 1
                if new_paragraph[index]:
                    scanner.flush()
            if index + 1 >= count or starts[index + 1] > pos:
                continue  # not prose
            index += 1
            unit_start, unit_end = starts[index], ends[index]
            if new_paragraph[index]:
                scanner.flush()
        mark = m.group()
        if mark in OPENERS:
            scanner.open(mark, pos)
        else:
            scanner.close(mark, pos, unit_start)
    scanner.flush()
    scanner.events.sort(key=lambda e: e.pos)
    return scanner.events


class _Scanner:
    """The open marks of the current paragraph."""

    def __init__(self, text: str):
        self.text = text
        self.stack: list[_Open] = []
        self.nests: list[_Nest] = []
        self.events: list[Event] = []

    def flush(self) -> None:
        """The end of a paragraph: what is still open is unclosed; nesting is reported only where
        both layers closed properly (an unclosed mark explains the rest)."""
        if not self.stack and not self.nests:
            return
        for entry in self.stack:
            self._unclosed(entry)
        for nest in self.nests:
            if nest.inner.ok and (nest.outer is None or nest.outer.ok):
                outer = nest.outer
                self.events.append(Event("nesting", nest.inner.pos, nest.inner.mark,
                                         outer.pos if outer else None, outer.mark if outer else "",
                                         nest.reason))
        self.stack.clear()
        self.nests.clear()

    def open(self, mark: str, pos: int) -> None:
        if mark == "‘" and _is_apostrophe(self.text, pos):
            return
        entry = _Open(mark, pos)
        family = OPENERS[mark][0]
        if family == "quote" or family == "book":
            outer = None
            for e in reversed(self.stack):
                if OPENERS[e.mark][0] == family:
                    outer = e
                    break
            reason = _nesting_reason(mark, outer.mark if outer else None)
            if reason == "single-book-outside" and self.stack:
                reason = ""  # 〈〉 as the inner bracket of a 括注: 市规划局〈市林业局〉 in 分工方案
            if reason:
                self.nests.append(_Nest(entry, outer, reason))
        self.stack.append(entry)

    def close(self, mark: str, pos: int, unit_start: int) -> None:
        stack = self.stack
        want = OPENER_OF[mark]
        if stack and stack[-1].mark == want:  # the usual case
            stack.pop().ok = True
            return
        if mark == "’" and self._apostrophe(pos):
            return
        found = _find(stack, lambda e: e.mark == want)
        if found is None:
            # the same family in another width or kind: （2022) 《纲要〉 “十四五’
            family = CLOSERS[mark][0]
            found = _find(stack, lambda e: OPENERS[e.mark][0] == family)
            if found is None:
                _stray(self.text, mark, pos, unit_start, self.events)
                return
            entry = stack[found]
            self.events.append(Event("mismatch", entry.pos, entry.mark, pos, mark))
        else:
            stack[found].ok = True
        for entry in stack[found + 1:]:
            self._unclosed(entry)
        del stack[found:]

    def _apostrophe(self, pos: int) -> bool:
        """China’s, 青川’s: no ‘ is open and a Latin letter follows."""
        if _is_apostrophe(self.text, pos):
            return True
        following = self.text[pos + 1:pos + 2]
        return bool(following) and following.isascii() and following.isalpha() and \
            not any(e.mark == "‘" for e in self.stack)

    def _unclosed(self, entry: _Open) -> None:
        self.events.append(Event("unclosed", entry.pos, entry.mark, other_mark=PARTNER[entry.mark]))


def _find(stack: list[_Open], test) -> int | None:
    """The index of the innermost open mark that passes test."""
    for i in range(len(stack) - 1, -1, -1):
        if test(stack[i]):
            return i
    return None


def _nesting_reason(mark: str, outer: str | None) -> str:
    """外双内单 for quotes (§4.8.3), 《〈〉》 for titles (§4.15.3); “” inside ‘’ is a third level."""
    if mark == "“" and outer == "“":
        return "double-in-double"
    if mark == "‘" and outer is None:
        return "single-outside"
    if mark == "《" and outer == "《":
        return "book-in-book"
    if mark == "〈" and outer is None:
        return "single-book-outside"
    return ""


def _stray(text: str, mark: str, pos: int, unit_start: int, events: list[Event]) -> None:
    if mark in ")）" and _is_item_marker(text, unit_start, pos):
        return
    kind = "truncated" if looks_cut(text, unit_start, pos) else "stray"
    events.append(Event(kind, pos, mark, other_mark=OPENER_OF[mark]))


def _is_item_marker(text: str, unit_start: int, pos: int) -> bool:
    lo = max(unit_start, pos - 3)
    return bool(_ITEM_MARKER.search(("\n" if lo == unit_start else "x") + text[lo:pos]))


def looks_cut(text: str, unit_start: int, pos: int) -> bool:
    """The closing mark at pos follows a fragment of at most CUT_WINDOW characters that starts the
    paragraph or a sentence: the opening words were most likely lost, not the opening mark."""
    lo = max(unit_start, pos - CUT_WINDOW - 1)
    window = text[lo:pos]
    last_end = None
    for m in _SENTENCE_END.finditer(window):
        last_end = m.end()
    if last_end is not None:
        fragment = window[last_end:]
    elif lo == unit_start:
        fragment = window
    else:
        return False
    fragment = fragment.strip()
    return len(fragment) <= CUT_WINDOW and not MARKS.search(fragment)


def _is_apostrophe(text: str, pos: int) -> bool:
    """’ between Latin letters (China’s) is an apostrophe, not a quotation mark."""
    left = text[pos - 1] if pos > 0 else ""
    right = text[pos + 1] if pos + 1 < len(text) else ""
    return bool(left and right and _ASCII_ALNUM.match(left) and _ASCII_ALNUM.match(right))


def outer_chars_before(text: str, pos: int, lo: int, opens: str, closes: str):
    """Walk left from pos (down to lo): yield (index, char) for each character that is not inside
    a bracket group closed within the walk. An unmatched opening bracket is yielded last: it
    encloses pos. Shared by the checks that look back for a list or an enclosing 括注."""
    depth = 0
    for i in range(pos - 1, lo - 1, -1):
        c = text[i]
        if c in closes:
            depth += 1
        elif c in opens:
            if depth == 0:
                yield i, c
                return
            depth -= 1
        elif depth == 0:
            yield i, c
