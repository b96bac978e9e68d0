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
from functools import lru_cache
from typing import NamedTuple

import msgspec

from planlint.document.model import Block, Document, Heading, Span
from planlint.text import lazyre

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

        # ~10 ms of unicodedata calls on every run: kept per Python Unicode version in the cache folder
        tables = cached_value("normalizer", f"{unicodedata.unidata_version}\0{_SYNTAX_SYMBOLS}", _tables, _valid_tables)
        change, drop = tables["change"], tables["drop"]
        self.mapped: dict[str, str] = tables["mapped"]
        self.change = re.compile(_char_class(change) + "+")
        self.drop = re.compile(_char_class(drop) + "+")
        # on the original text, the characters NFKC maps onto 。!?; and ,: (which end sentences
        # and clauses in normalised text)
        self.sentence_end = re.compile(self._originals("。!?;") + "+")
        self.clause_end = re.compile(self._originals(",:") + "+")

    def _originals(self, targets: str) -> str:
        # any target in the mapping marks a break in the key (‼ is "!!"): the span must break there too
        chars = [c for c, n in self.mapped.items() if any(t in n for t in targets)] + list(targets)
        return _char_class(sorted(map(ord, chars)))

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


def _tables() -> dict:
    """The code points NFKC changes (with what they become) and those the key drops."""
    change: list[int] = []
    drop: list[int] = []
    mapped: dict[str, str] = {}
    for lo, hi in ((0, 0x3400), (0xF900, 0x10000)):
        for cp in range(lo, hi):
            c = chr(cp)
            n = unicodedata.normalize("NFKC", c)
            if n != c:
                change.append(cp)
                mapped[c] = n
            elif (unicodedata.category(c)[0] in "PZC" or c.isspace() or c in _SYNTAX_SYMBOLS) \
                    and c not in (_SENTENCE_MARK, _CLAUSE_MARK):
                drop.append(cp)
    return {"change": change, "drop": drop, "mapped": mapped}


def _valid_tables(t) -> bool:
    """A cache file is untrusted: the right shape, every changed character mapped, nothing else."""
    if not (isinstance(t, dict) and set(t) == {"change", "drop", "mapped"}):
        return False
    change, drop, mapped = t["change"], t["drop"], t["mapped"]
    return (isinstance(change, list) and isinstance(drop, list) and isinstance(mapped, dict)
            and all(type(cp) is int and 0 <= cp < 0x110000 for cp in change + drop)
            and len(mapped) == len(change) and all(chr(cp) in mapped for cp in change)
            and all(isinstance(v, str) for v in mapped.values()))


def _unmarked(text: str) -> str:
    """text without the two control characters used as sentence and clause marks: a draft that
    contains them (binary debris) must not gain sentence breaks the offsets do not know about."""
    if _SENTENCE_MARK in text or _CLAUSE_MARK in text:
        return text.replace(_SENTENCE_MARK, " ").replace(_CLAUSE_MARK, " ")
    return text


def _char_class(codepoints: list[int]) -> str:
    ranges: list[list[int]] = []
    for cp in codepoints:
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    parts = (re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)
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
    one per phrase."""
    return re.compile("|".join(map(re.escape, keys)))


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
        # most paragraphs have no bracket at all: only a sentence without wording is "bracketed"
        return [_WORDING.search(content, a, b) is None for a, b in spans]
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
        if depth == 0 and _has_wording(content[pos : m.start()]):
            return False
        depth, pos = _deeper(depth, m.group()), m.end()
    return depth > 0 or not _has_wording(content[pos:b])


def _deeper(depth: int, bracket: str) -> int:
    """The bracket depth after one bracket (a closing bracket without an opening one is ignored)."""
    return depth + 1 if bracket in _OPENING else max(0, depth - 1)


# a letter or digit (what str.isalnum() accepts: re's \w without _) or a Han character
_WORDING = lazyre.compile(r"[^\W_]|[\u4e00-\u9fff]")


def _has_wording(text: str) -> bool:
    return _WORDING.search(text) is not None


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
