"""Targets that plan text states: subject + verb + quantity + year (“到2025年，地区生产总值达到
1100亿元”), read over the quantities of measures.py with the verbs, subject trimming and rate
words of rules/vocabularies/targets.yaml. Memoised per document; the TGT checks, the indicator model
and `planlint targets` read it."""
from __future__ import annotations

import functools
import re
from bisect import bisect_left
from typing import Any

import msgspec

from planlint.document.measures import (PREFIX_QUALIFIERS, SPACE, Analysis, Quantity, analyse, skip_space,
                                        vocabulary)
from planlint.document.model import Document
from planlint.text.chars import BLANK, without_spaces
from planlint.text import lazyre, programs


class Target(msgspec.Struct):
    subject: str               # the indicator as written before the verb (normalised)
    subject_start: int
    verb: str
    verb_class: str            # "level" | "change" | "growth"
    quantity: Quantity
    year: int | None
    source: str = "text"       # "text" | "table"
    line: int = 0
    column: str = ""           # table: "base" | "target" | "growth"
    attribute: str = ""        # table: 预期性 / 约束性

    def to_dict(self, doc: Document) -> dict[str, Any]:
        q = self.quantity
        return {
            "subject": self.subject, "verb": self.verb, "class": self.verb_class,
            "value": q.number, "unit": q.unit_text, "qualifiers": [x for x in (q.prefix, *q.suffixes) if x],
            "year": self.year, "source": self.source, "line": self.line or doc.text.pos(q.start).line,
            "column": self.column, "attribute": self.attribute,
            "text": doc.text.content[q.start:q.end] if self.source == "text" else "",
        }


class TargetVocabulary(msgspec.Struct):
    verbs: dict[str, str]          # verb -> class
    verb_re: re.Pattern
    strip_tail: re.Pattern         # adverbs between the subject and the verb
    strip_head: re.Pattern         # 全市, 全区 ... before the subject
    rate_words: tuple[str, ...]
    rate_exempt: tuple[str, ...]
    may_exceed_100: tuple[str, ...]   # rates above 100% by definition (per 100 people, gross ratios)
    relative_change: tuple[str, ...]  # before a change verb: the change is relative (平均)
    per_amount: re.Pattern            # a rate per an amount (亿元GDP…死亡率), not a percentage
    generic_subjects: frozenset[str]  # measure words that name no indicator (年均增速)
    year_re: re.Pattern


@functools.lru_cache(maxsize=8)
def target_vocabulary(name: str = "targets") -> TargetVocabulary:
    data = vocabulary(name)
    verbs: dict[str, str] = {}
    for cls, names in (data.get("verbs") or {}).items():
        for v in names or []:
            verbs[str(v)] = str(cls)
    ordered = sorted(verbs, key=len, reverse=True)
    return TargetVocabulary(
        verbs=verbs,
        verb_re=programs.compile("|".join(re.escape(v) for v in ordered) or "(?!)"),
        strip_tail=programs.compile(f"(?:{'|'.join(data.get('subject_tail') or ['(?!)'])})$"),
        strip_head=programs.compile(f"^(?:{'|'.join(data.get('subject_head') or ['(?!)'])})"),
        rate_words=tuple(data.get("rate_words") or ()),
        rate_exempt=tuple(data.get("rate_exempt") or ()),
        may_exceed_100=tuple(data.get("may_exceed_100") or ()),
        relative_change=tuple(data.get("relative_change") or ()),
        per_amount=programs.compile("|".join(data.get("per_amount") or ["(?!)"])),
        generic_subjects=frozenset(data.get("generic_subjects") or ()),
        year_re=programs.compile(rf"((?:19|20)\d{{2}}){BLANK}*年(?!代)"),
    )


_YEAR_AFTER_VERB = lazyre.compile(rf"((?:19|20)\d{{2}}){BLANK}*年(?:底|末)?的?")
_CLAUSE_END = "，,。；;！？!?：:\n"
_SENTENCE_END = "。；;！？!?\n"


def targets(doc: Document, unit_vocabulary: str = "units", vocabulary_name: str = "targets",
            extra_units: dict | None = None) -> list[Target]:
    """Targets stated in the text (tables are read by planlint.document.tables)."""
    return doc.memo(f"targets:{unit_vocabulary}:{vocabulary_name}:{sorted((extra_units or {}).items())}",
                    lambda d: _targets(d, analyse(d, unit_vocabulary, extra_units), vocabulary_name))


def _targets(doc: Document, analysis: Analysis, vocabulary_name: str) -> list[Target]:
    text = doc.text.content
    by_start = {q.num_start: q for q in analysis.quantities if q.numeral == "arabic" and not q.is_year}
    if not by_start:
        return []  # every target is a verb's number: a draft without one need not load the vocabulary
    voc = target_vocabulary(vocabulary_name)
    starts = sorted(by_start)
    out: list[Target] = []
    for start, end, kind in analysis.regions:
        if kind == "table":
            continue
        k = bisect_left(starts, start)
        if k == len(starts) or starts[k] > end:
            continue  # a target is a verb's number: no number starts here (most paragraphs and titles)
        for m in voc.verb_re.finditer(text, start, end):
            verb = m.group()
            j = skip_space(text, m.end(), end)
            stated = _YEAR_AFTER_VERB.match(text, j, end)  # 增长到2025年的1100亿元
            if stated:
                j = skip_space(text, stated.end(), end)
            for p in PREFIX_QUALIFIERS:
                if text.startswith(p, j):
                    j = skip_space(text, j + len(p), end)
                    break
            q = by_start.get(j)
            if q is None or not (q.unit or q.multiplier):
                continue
            subject, s_start = _subject(text, m.start(), start, voc)
            if not subject:
                continue
            year = int(stated.group(1)) if stated else _year(text, m.start(), start, voc)
            out.append(Target(subject, s_start, verb, voc.verbs[verb], q, year, line=doc.text.pos(q.start).line))
    return out


def _subject(text: str, verb_start: int, floor: int, voc: TargetVocabulary) -> tuple[str, int]:
    i = verb_start
    while i > floor and text[i - 1] not in _CLAUSE_END:
        i -= 1
    raw = text[i:verb_start]
    lead = len(raw) - len(raw.lstrip(SPACE))
    raw = raw.strip(SPACE)
    while True:
        stripped = voc.strip_tail.sub("", raw).rstrip(SPACE)
        if stripped == raw:
            break
        raw = stripped
    cut = 0
    while (head := voc.strip_head.match(raw, cut)) and head.end() > cut:
        cut = head.end()
    return without_spaces(raw[cut:]), i + lead + cut


def _year(text: str, at: int, floor: int, voc: TargetVocabulary) -> int | None:
    """The year a target is set for: the nearest “2025年” before it in the same sentence, else
    at the head of the paragraph (“到2025年，……”)."""
    i = at
    while i > floor and text[i - 1] not in _SENTENCE_END:
        i -= 1
    years = voc.year_re.findall(text, i, at)
    if years:
        return int(years[-1])
    head = voc.year_re.match(text, floor + (3 if text.startswith(("到", "至"), floor) else 0), at)
    if head is None and text.startswith("到", floor):
        head = voc.year_re.match(text, floor + 1, at)
    return int(head.group(1)) if head else None


# what a subject's key leaves out: notes in brackets, spaces, footnote marks and quotes
_SUBJECT_NOISE = lazyre.compile(r"[（(][^）)]*[）)]|[\s*＊“”\"]")


def subject_key(subject: str) -> str:
    """A target's subject for comparison: 常住人口城镇化率（%） and “常住人口城镇化率” alike."""
    return _SUBJECT_NOISE.sub("", subject)


def is_rate(subject: str, voc: TargetVocabulary) -> bool:
    """A percentage-valued indicator (a rate or a share), whose changes are 百分点."""
    return (subject.endswith(voc.rate_words) and not subject.endswith(voc.rate_exempt)
            and not voc.per_amount.search(subject))
