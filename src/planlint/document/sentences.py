"""Sentences and clauses of a draft's body text, each with a normalised comparison key.

A sentence ends at 。！？； (full or half width, with any closing quote) or at the end of its
paragraph; a clause ends at ，： as well. Headings, the 目录, table rows and captions are not body
blocks, so they never become sentences.

The key is what two copies of a sentence have in common whatever extraction or retyping did to
them: NFKC (full/half width), no whitespace, no punctuation. ``key_map`` gives, for one piece of
text, the key and the original offset of each key character, for marking differences.
"""
from __future__ import annotations

import re
import unicodedata
from functools import cached_property, lru_cache
from typing import NamedTuple

import msgspec

from planlint.document.model import Block, Document, Heading, Span
from planlint.text import lazyre, programs
from planlint.text.chars import is_han

# Symbols that are Markdown or layout syntax rather than wording.
_SYNTAX_SYMBOLS = "`^|~<>"
_SENTENCE_MARK = "\x1e"
_CLAUSE_MARK = "\x1f"
_SENTENCE_RUN = _SENTENCE_MARK * 2


class Clause(NamedTuple):
    start: int  # offsets into Text.content
    end: int
    key: str


class Sentence(msgspec.Struct):
    key: str                  # the normalised text: see module docstring
    clauses: tuple[str, ...]  # keys of its clauses; "".join(clauses) == key
    block: int                # ordinal of its paragraph (body block) in the document
    piece: int                # ordinal of the sentence inside its paragraph (empty ones counted)
    index: int                # ordinal of the sentence in the document
    heading: Heading | None


class _Normalizer:
    """Compiled once: a regex of the characters NFKC changes, one of the characters that end a
    sentence or a clause, and one of the characters the key drops. Character-wise NFKC is enough
    for a comparison key and much faster than normalising whole strings."""

    def __init__(self) -> None:
        from planlint.resources import cached_value

        # ~10 ms of unicodedata calls on every run: kept per Python Unicode version in the cache
        # folder, as runs of code points (a few hundred numbers, quick to read and check); "runs"
        # in the key: a cache of an older layout is another file, never misread
        key = f"runs\0{unicodedata.unidata_version}\0{_SYNTAX_SYMBOLS}"
        self._runs: dict[str, list[list[int]]] = cached_value("normalizer", key, _tables, _valid_tables)
        self.mapped = _Mapped()
        self.change = programs.compile(_char_class(self._runs["change"]) + "+")
        self.drop = programs.compile(_char_class(self._runs["drop"]) + "+")

    @cached_property
    def sentence_end(self) -> re.Pattern:
        """On the original text, the characters NFKC maps onto 。!?; (which end sentences in
        normalised text). Only finding spans need it: compiled on first use."""
        return programs.compile(_char_class(self._runs["sentence_end"]) + "+")

    @cached_property
    def clause_end(self) -> re.Pattern:
        """As sentence_end, for ,: (which end clauses)."""
        return programs.compile(_char_class(self._runs["clause_end"]) + "+")

    def _map(self, m: re.Match) -> str:
        return "".join(self.mapped[c] for c in m.group())

    def key(self, text: str) -> str:
        return self.drop.sub("", self.change.sub(self._map, _unmarked(text)))

    def pieces(self, text: str) -> list[list[str]]:
        """The sentences of a paragraph, each as the keys of its clauses (possibly none). A run of
        。!?; ends one sentence; marks are placed with str.replace, which is several times faster
        than a regex substitution (a run of clause marks needs no merging: empty clauses go)."""
        marked = self.change.sub(self._map, _unmarked(text))
        for end in "。!?;":
            marked = marked.replace(end, _SENTENCE_MARK)
        while _SENTENCE_RUN in marked:
            marked = marked.replace(_SENTENCE_RUN, _SENTENCE_MARK)
        marked = marked.replace(",", _CLAUSE_MARK).replace(":", _CLAUSE_MARK)
        return [list(filter(None, piece.split(_CLAUSE_MARK)))
                for piece in self.drop.sub("", marked).split(_SENTENCE_MARK)]


class _Mapped(dict):
    """What NFKC makes of a character the change regex matched, computed on first sight: a draft
    uses a few dozen of the ~4,800 such characters, so a full table would cost every run more."""

    def __missing__(self, c: str) -> str:
        n = self[c] = unicodedata.normalize("NFKC", c)
        return n


def _tables() -> dict[str, list[list[int]]]:
    """Runs [first, last] of the code points NFKC changes, of those the key drops, and of those that
    end a sentence or a clause in the original text."""
    change: list[int] = []
    drop: list[int] = []
    sentence_end = [ord(c) for c in "。!?;"]
    clause_end = [ord(c) for c in ",:"]
    for lo, hi in ((0, 0x3400), (0xF900, 0x10000)):
        for cp in range(lo, hi):
            c = chr(cp)
            n = unicodedata.normalize("NFKC", c)
            if n != c:
                change.append(cp)
                # any end in the mapping marks a break in the key (‼ is "!!"): the span breaks too
                if any(t in n for t in "。!?;"):
                    sentence_end.append(cp)
                if any(t in n for t in ",:"):
                    clause_end.append(cp)
            elif (unicodedata.category(c)[0] in "PZC" or c.isspace() or c in _SYNTAX_SYMBOLS) \
                    and c not in (_SENTENCE_MARK, _CLAUSE_MARK):
                drop.append(cp)
    return {"change": _runs(change), "drop": _runs(drop),
            "sentence_end": _runs(sentence_end), "clause_end": _runs(clause_end)}


def _runs(codepoints: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for cp in sorted(set(codepoints)):
        if runs and runs[-1][1] == cp - 1:
            runs[-1][1] = cp
        else:
            runs.append([cp, cp])
    return runs


def _valid_tables(t) -> bool:
    """A cache file is untrusted: the right shape, each table a non-empty list (an empty character
    class is no regex) of runs [first, last] of code points."""
    return (isinstance(t, dict) and set(t) == {"change", "drop", "sentence_end", "clause_end"}
            and all(isinstance(runs, list) and runs and all(_is_run(r) for r in runs) for runs in t.values()))


def _is_run(r) -> bool:
    return (isinstance(r, list) and len(r) == 2 and type(r[0]) is int and type(r[1]) is int
            and 0 <= r[0] <= r[1] < 0x110000)


def _unmarked(text: str) -> str:
    """text without the two control characters used as sentence and clause marks: a draft that
    contains them (binary debris) must not gain sentence breaks the offsets do not know about."""
    if _SENTENCE_MARK in text or _CLAUSE_MARK in text:
        return text.replace(_SENTENCE_MARK, " ").replace(_CLAUSE_MARK, " ")
    return text


def _char_class(runs: list[list[int]]) -> str:
    parts = (re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in runs)
    return "[" + "".join(parts) + "]"


@lru_cache(maxsize=1)
def _normalizer() -> _Normalizer:
    return _Normalizer()


def normalize(text: str) -> str:
    """The comparison key of a piece of text."""
    return _normalizer().key(text)


@lru_cache(maxsize=16)
def finder(keys: tuple[str, ...]) -> re.Pattern:
    """A regex that finds any of these keys (e.g. stock phrases) in a key: one search instead of
    one per phrase. Sorted: the same pattern whatever order a set gave the keys in."""
    return programs.compile("|".join(map(re.escape, sorted(keys))))


def key_map(text: str, base: int = 0) -> tuple[str, list[int]]:
    """(key, offsets): offsets[i] is the original offset (plus base) of key character i."""
    key = _normalizer().key
    chars: list[str] = []
    offsets: list[int] = []
    for i, c in enumerate(text):
        for ch in key(c):
            chars.append(ch)
            offsets.append(base + i)
    return "".join(chars), offsets


def sentences(doc: Document) -> list[Sentence]:
    """The body sentences of a document (those with any wording), computed once and shared."""
    return doc.memo("sentences", _compute)


def _compute(doc: Document) -> list[Sentence]:
    content = doc.text.content
    pieces = _normalizer().pieces
    out: list[Sentence] = []
    for block_no, block in enumerate(doc.body_blocks()):
        for piece_no, parts in enumerate(pieces(content[block.span.start : block.span.end])):
            if parts:
                out.append(Sentence("".join(parts), tuple(parts), block_no, piece_no, len(out),
                                    block.heading))
    return out


def block_of(doc: Document, s: Sentence) -> Block:
    return doc.memo("sentences.blocks", _body_blocks)[s.block]


def _body_blocks(doc: Document) -> list[Block]:
    return list(doc.body_blocks())


def span(doc: Document, s: Sentence) -> tuple[int, int]:
    """(start, end) of a sentence in Text.content, without surrounding whitespace; the terminator
    and a closing quote belong to the sentence."""
    return _block_spans(doc, s)[s.piece]


def _per_block(doc: Document) -> dict[int, list]:
    return {}


def _block_spans(doc: Document, s: Sentence) -> list[tuple[int, int]]:
    """The spans of all sentences of s's block, computed once per block (checks ask for every
    sentence's span: one table per document, looked up without building a key per call)."""
    by_block = doc.memo("sentences.spans", _per_block)
    spans = by_block.get(s.block)
    if spans is None:
        spans = by_block[s.block] = _piece_spans(doc.text.content, block_of(doc, s))
    return spans


_OPENING = "(（[［【〔〈《「『"
_CLOSING_BRACKETS = ")）]］】〕〉》」』"


_BRACKET = lazyre.compile("[" + re.escape(_OPENING + _CLOSING_BRACKETS) + "]")


def bracketed(doc: Document, s: Sentence) -> bool:
    """Whether all the wording of a sentence is inside brackets, e.g. the note
    （牵头单位：市发改委；责任单位：市统计局） even when a ； splits it into two sentences.
    Answered for a whole paragraph at once: DUP103 asks it of nearly every sentence."""
    by_block = doc.memo("sentences.bracketed", _per_block)
    answers = by_block.get(s.block)
    if answers is None:
        answers = by_block[s.block] = _bracketed_pieces(doc.text.content, block_of(doc, s).span,
                                                        _block_spans(doc, s))
    return answers[s.piece]


def _bracketed_pieces(content: str, block: Span, spans: list[tuple[int, int]]) -> list[bool]:
    """bracketed() for every sentence span of a block, in one pass over the block."""
    if _BRACKET.search(content, block.start, block.end) is None:
        # most paragraphs have no bracket at all: only a sentence without wording is "bracketed";
        # nearly every sentence starts with a letter, a digit or a Han character (all isalnum())
        return [not (a < b and content[a].isalnum()) and not _has_wording(content, a, b) for a, b in spans]
    out, depth, pos = [], 0, block.start
    for a, b in spans:
        for m in _BRACKET.finditer(content, pos, max(pos, a)):
            depth = _deeper(depth, m.group())
        pos = max(pos, a)
        out.append(_all_bracketed(content, a, b, depth))
    return out


def _all_bracketed(content: str, a: int, b: int, depth: int) -> bool:
    """Whether all wording in content[a:b] is inside brackets, ``depth`` of them open at a."""
    pos = a
    for m in _BRACKET.finditer(content, a, b):
        if depth == 0 and _has_wording(content, pos, m.start()):
            return False
        depth, pos = _deeper(depth, m.group()), m.end()
    return depth > 0 or not _has_wording(content, pos, b)


def _deeper(depth: int, bracket: str) -> int:
    """The bracket depth after one bracket (a closing bracket without an opening one is ignored)."""
    return depth + 1 if bracket in _OPENING else max(0, depth - 1)


_ALNUM = lazyre.compile(r"[^\W_]")


def _has_wording(text: str, start: int = 0, end: int | None = None) -> bool:
    """A letter or digit (str.isalnum(): a word character of re but _) or a Han character
    (chars.is_han) in text[start:end]. Every assigned Han character is alphanumeric, so the Han test
    only reads a span without any; a class of the Han block would take a millisecond to compile."""
    end = len(text) if end is None else end
    return _ALNUM.search(text, start, end) is not None or any(map(is_han, text[start:end]))


def _piece_spans(content: str, block) -> list[tuple[int, int]]:
    ends = _normalizer().sentence_end
    start, end = block.span.start, block.span.end
    out = []
    pos = start
    for m in ends.finditer(content, start, end):
        stop = m.end()
        while stop < end and content[stop] in _CLOSING:
            stop += 1
        out.append(_trim(content, pos, stop))
        pos = m.end()  # a closing quote is dropped from the key either way
    out.append(_trim(content, pos, end))
    return out


_CLOSING = "”’」』\"'）)"


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and (text[a].isspace() or text[a] in _CLOSING):
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def clauses(doc: Document, s: Sentence) -> list[Clause]:
    """The clauses of a sentence with their offsets, aligned with ``s.clauses``."""
    norm = _normalizer()
    content = doc.text.content
    start, end = span(doc, s)
    out = []
    pos = start
    for m in norm.clause_end.finditer(content, start, end):
        key = norm.key(content[pos : m.start()])
        if key:
            out.append(Clause(pos, m.end(), key))
        pos = m.end()
    key = norm.key(content[pos:end])
    if key:
        out.append(Clause(pos, end, key))
    return out


def sentence_keys(text: str) -> list[str]:
    """Keys of the sentences of plain text, one paragraph per line: for corpus-scale tools that need
    no positions."""
    out = []
    pieces = _normalizer().pieces
    for line in text.split("\n"):
        out.extend("".join(parts) for parts in pieces(line) if parts)
    return out


# --- words, for explaining differences only ----------------------------------------------------

def words(text: str) -> list[str]:
    """jieba's segmentation of text (lcut, HMM=False), computed by planlint.text.segment from jieba's
    dictionary without loading jieba: a near-duplicate message costs milliseconds, not 0.6 s."""
    from planlint.text.segment import lcut

    return lcut(text)
