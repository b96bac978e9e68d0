"""Duplicated text: sentences repeated exactly or nearly, clauses repeated inside a paragraph,
repeated heading titles, and sentences shared between drafts (corpus scope).

Sentences and their keys come from ``planlint.document.sentences`` (body text only; headings, the 目录,
table rows and captions are not sentences). Exact repeats are found by hashing keys; near repeats
by the exact set-similarity join in ``planlint.text.simjoin``. jieba is loaded only to explain a near
repeat that was actually found.
"""
from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate
from typing import NamedTuple

import msgspec

from planlint.document import sentences as sent
from planlint.document.model import Document, Related
from planlint.document.sentences import Sentence
from planlint.checks import Param, check, kept
from planlint.text import lazyre

_TAIL = "。！？；!?;.，,、 \u3000"
_SHOWN = 60  # characters of a sentence shown in a message
_MAX_RELATED = 5

# The stock formulations a plan repeats on purpose live in rules/duplicates.yaml (params.allow).
EXACT = {"min_chars": 12, "adjacent_min_chars": 4, "allow": [], "extend_allow": []}
NEAR = {"min_chars": 12, "threshold": Param(0.8, above=0, max=1), "max_edits": 2,
        "edit_ratio": Param(0.17, max=1), "word_diff": True,
        "ignore_number_changes": True, "allow": [], "extend_allow": []}


# --- shared pieces ------------------------------------------------------------------------------

def _allow_keys(params: dict) -> tuple[str, ...]:
    phrases = list(params.get("allow") or []) + list(params.get("extend_allow") or [])
    keys = {sent.normalize(p) for p in phrases if isinstance(p, str)}
    return tuple(sorted((k for k in keys if k), key=len, reverse=True))


def _stock(key: str, allow: tuple[str, ...], min_chars: int) -> bool:
    """Whether a key is only stock wording: what is left after removing every allowlisted phrase
    is shorter than the minimum length."""
    if not allow or sent.finder(allow).search(key) is None:
        return False  # most sentences hold no stock phrase: one regex search, not one per phrase
    rest = key
    for phrase in allow:
        if phrase in rest:
            rest = rest.replace(phrase, "")
    return rest != key and len(rest) < min_chars


def _comparable(doc: Document, s: Sentence, allow: tuple[str, ...], min_chars: int,
                holding: set[str] | None = None) -> bool:
    """Whether a repeat of this sentence is worth reporting: it is neither stock wording, a
    bracketed note nor a title line of the front matter (all are repeated on purpose). Cheapest
    test first: most sentences hold no stock phrase (``holding``: _holding_stock(doc, allow), which
    a caller that asks of every sentence passes) and are under a heading, which rules out a title
    line at once."""
    if holding is None:
        holding = _holding_stock(doc, allow)
    return (not (s.key in holding and _stock(s.key, allow, min_chars))
            and not _front_title(doc, s) and not _parenthetical(doc, s))


def _holding_stock(doc: Document, allow: tuple[str, ...]) -> set[str]:
    """The sentence keys of doc that hold an allowlisted phrase, found once per document and
    allowlist (DUP103 and DUP104 ask of nearly every sentence): one search over all keys joined by
    newlines (a key has no whitespace and a phrase is a key, so no match spans two keys), each
    match placed in its key by its offset."""
    if not allow:
        return set()
    return doc.memo("duplicates.stock\0" + "\0".join(allow), lambda d: _keys_holding(d, allow))


def _keys_holding(doc: Document, allow: tuple[str, ...]) -> set[str]:
    keys = [s.key for s in sent.sentences(doc)]
    finder = sent.finder(allow)
    joined = _one_line_each(keys)
    if joined is None:
        return {k for k in keys if finder.search(k)}
    starts = [0, *accumulate(len(k) + 1 for k in keys)]
    return {keys[bisect_right(starts, m.start()) - 1] for m in finder.finditer(joined)}


def _one_line_each(keys: list[str]) -> str | None:
    """The keys joined by newlines, for one C-level pass over them all instead of one per key; None
    when a key holds a newline itself (a key has no whitespace, so never in practice)."""
    joined = "\n".join(keys)
    return joined if joined.count("\n") == max(0, len(keys) - 1) else None


_TITLE_MAX = 60


def _front_title(doc: Document, s: Sentence) -> bool:
    """A title line before the first heading (of the document or of an attachment): a paragraph of
    one clause without a sentence mark. A document's title comes back in its metadata, its 印发
    notice and above the attachment; that is layout, not a repeated sentence."""
    if s.heading is not None and s.heading.kind != "annex":
        return False
    if len(s.clauses) != 1 or len(s.key) > _TITLE_MAX:
        return False
    block = sent.block_of(doc, s)
    a, b = sent.span(doc, s)
    text = doc.text.content
    whole_line = a - block.span.start <= 4 and not text[b:block.span.end].strip()  # 4: "## " of a page
    return whole_line and not text[a:b].rstrip().endswith(tuple("。！？；!?;"))


def _parenthetical(doc: Document, s: Sentence) -> bool:
    """A note wholly in brackets, e.g. （责任单位：市发改局）: task-division plans repeat these."""
    return sent.bracketed(doc, s)


def _line(doc: Document, offset: int) -> int:
    return doc.text.pos(offset).line


def _shown(text: str, limit: int = _SHOWN) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _text(doc: Document, s: Sentence) -> str:
    a, b = sent.span(doc, s)
    return doc.text.content[a:b]


def _candidates(doc: Document, min_chars: int) -> list[Sentence]:
    return [s for s in sent.sentences(doc) if len(s.key) >= min_chars]


# --- exact repeats -------------------------------------------------------------------------------

class _Repeat(msgspec.Struct):
    """One later occurrence [start, end) of text first seen at ``first`` (an offset)."""

    start: int
    end: int
    first: list[int]  # offsets of the earlier occurrences, first one first (at most _MAX_RELATED)
    key: str
    how: str  # "" | "adjacent" | "part" | "contains"
    earlier: int = 1  # how many earlier occurrences there are


def _exact_repeats(doc: Document, p: dict) -> list[_Repeat]:
    min_chars, adjacent_min = p["min_chars"], p["adjacent_min_chars"]
    allow = _allow_keys(p)
    all_sentences = sent.sentences(doc)
    out: list[_Repeat] = []
    seen: dict[str, list[Sentence]] = {}
    for s in all_sentences:
        if len(s.key) >= min(min_chars, adjacent_min):
            seen.setdefault(s.key, []).append(s)
    reported: set[int] = set()
    for key, group in seen.items():
        if len(group) < 2:
            continue
        # the first few occurrences are all a finding shows: a sentence repeated thousands of
        # times costs a finding per repeat, not one per pair of repeats
        shown = [sent.span(doc, g)[0] for g in group[:_MAX_RELATED]]
        for i, s in enumerate(group[1:], 1):
            prev = group[i - 1]
            adjacent = prev.block == s.block and prev.index + 1 == s.index
            if len(key) < min_chars and not adjacent:
                continue
            if not _comparable(doc, s, allow, min_chars):
                continue
            a, b = sent.span(doc, s)
            out.append(_Repeat(a, b, shown[:i], key, "adjacent" if adjacent else "", earlier=i))
            reported.add(s.index)
    out.extend(_contained(doc, all_sentences, seen, min_chars, allow, reported))
    return out


_MAX_CLAUSES = 200


def _contained(doc, all_sentences, by_key, min_chars, allow, reported) -> list[_Repeat]:
    """A whole sentence repeated as a run of clauses of another sentence (either order)."""
    # whole sentences of two or more clauses, by their first clause: a run can only equal one of
    # them if it starts with that clause, which keeps this linear in practice
    starts: dict[str, set[str]] = {}
    longest: dict[str, int] = {}  # per first clause, the longest sentence that starts with it
    for key, group in by_key.items():
        clauses = group[0].clauses
        if len(key) >= min_chars and clauses:
            keys = starts.get(clauses[0])
            if keys is None:  # most first clauses start one sentence
                starts[clauses[0]] = {key}
                longest[clauses[0]] = len(key)
            else:
                keys.add(key)
                if len(key) > longest[clauses[0]]:
                    longest[clauses[0]] = len(key)
    out = []
    first_clauses = starts.keys()
    for s in all_sentences:
        n = len(s.clauses)
        # a "sentence" of hundreds of clauses is not prose (a pasted list, garbage): skip it, so
        # that the runs below stay short
        if n < 2 or n > _MAX_CLAUSES or len(s.key) <= min_chars:
            continue
        # most sentences start only themselves and hold no other sentence's first clause: one
        # test in C instead of a lookup per clause
        own = starts.get(s.clauses[0])
        if (not own or (len(own) == 1 and s.key in own)) and first_clauses.isdisjoint(s.clauses[1:]):
            continue
        for i in range(n):
            targets = starts.get(s.clauses[i])
            if not targets or (len(targets) == 1 and s.key in targets):
                continue
            limit = longest[s.clauses[i]]
            run = ""
            for j in range(i, n if i else n - 1):  # the whole sentence is an exact repeat
                run += s.clauses[j]
                if len(run) > limit:
                    break
                if run == s.key or run not in targets:  # a sentence does not contain itself
                    continue
                other = by_key[run][0]
                if not _comparable(doc, other, allow, min_chars):
                    continue
                if i == j and _general_then_specific(s, other, all_sentences):
                    continue
                out.append(_part_repeat(doc, s, i, j, other, run, reported))
    return [r for r in out if r is not None]


def _general_then_specific(summary: Sentence, lead: Sentence, all_sentences: list[Sentence]) -> bool:
    """总—分: a summary sentence lists the sub-goals and each sub-goal's paragraph opens by restating
    its clause (——公共服务体系更加健全。). That is structure, not a repeat: the restatement (of one
    clause; a run of clauses is a pasted passage) is the first sentence of its own paragraph, in the
    summary's section (or a section under it)."""
    if lead.block == summary.block:
        return False
    if lead.index > 0 and all_sentences[lead.index - 1].block == lead.block:
        return False  # not the paragraph's lead sentence
    if lead.block < summary.block:  # 分—总: the summary closes the same section
        return lead.heading is summary.heading
    node = lead.heading
    while node is not None and node is not summary.heading:
        node = node.parent
    return node is summary.heading


def _part_repeat(doc, s: Sentence, i: int, j: int, whole: Sentence, key: str, reported) -> _Repeat | None:
    clauses = sent.clauses(doc, s)
    if len(clauses) != len(s.clauses):
        return None
    run_start, run_end = clauses[i].start, clauses[j].end
    run_end = _strip_end(doc.text.content, run_start, run_end)
    if whole.index > s.index:  # the whole sentence comes later: report it
        if whole.index in reported:
            return None
        reported.add(whole.index)
        a, b = sent.span(doc, whole)
        return _Repeat(a, b, [run_start], key, "part")
    return _Repeat(run_start, run_end, [sent.span(doc, whole)[0]], key, "contains")


def _strip_end(content: str, a: int, b: int) -> int:
    while b > a and content[b - 1] in "，,：: \u3000":
        b -= 1
    return b


_NOTES = {
    "": "",
    "adjacent": "（紧接着重复了一遍）",
    "part": "（此前作为另一句的一部分出现）",
    "contains": "（此前作为单独的一句出现）",
}


@check("duplicates.exact", params=EXACT, fields=("text", "line", "count", "note"))
def exact(doc: Document, rule):
    for r in _exact_repeats(doc, rule.params):
        count = r.earlier + 1
        related = [rule.related(doc, o, "此前出现") for o in r.first]
        yield rule.finding(doc, r.start, r.end, related=related,
                           text=_shown(doc.text.content[r.start : r.end]), line=_line(doc, r.first[0]),
                           count=count, note=_NOTES[r.how] + (f"（共出现{count}次）" if count > 2 else ""),
                           data={"first": _line(doc, r.first[0]), "occurrences": count})


# --- a clause repeated inside one paragraph ---------------------------------------------------------

@check("duplicates.clause", params={"min_chars": 12, "allow": [], "extend_allow": []},
       fields=("text", "line"))
def clause(doc: Document, rule):
    min_chars = rule.params["min_chars"]
    allow = _allow_keys(rule.params)
    by_block: dict[int, list[Sentence]] = {}
    for s in sent.sentences(doc):
        by_block.setdefault(s.block, []).append(s)
    for group in by_block.values():
        if len(group) == 1 and len(group[0].clauses) < 2:
            continue
        yield from _clause_repeats(doc, rule, group, min_chars, allow)


def _clause_repeats(doc, rule, group: list[Sentence], min_chars: int, allow):
    keys = [k for s in group for k in s.clauses]
    if len(set(keys)) == len(keys):
        return  # no clause comes twice (most paragraphs): told in C
    # (sentence position, clause position, key) of every clause in the paragraph, in order
    flat = [(si, ci, k) for si, s in enumerate(group) for ci, k in enumerate(s.clauses)]
    first: dict[str, int] = {}
    whole = {s.key for s in group}
    i = 0
    while i < len(flat):
        key = flat[i][2]
        if key not in first:
            first[key] = i
            i += 1
            continue
        # extend the repeat to the longest run of clauses that repeats the earlier run
        j0, n = first[key], 1
        while (i + n < len(flat) and j0 + n < i and flat[i + n][2] == flat[j0 + n][2]
               and flat[i + n][0] == flat[i][0]):
            n += 1
        run = "".join(f[2] for f in flat[i : i + n])
        si = flat[i][0]
        if (len(run) >= min_chars and run not in whole and not _stock(run, allow, min_chars)
                and flat[j0 + n - 1][0] == flat[j0][0]):
            clauses = sent.clauses(doc, group[si])
            ci = flat[i][1]
            if len(clauses) == len(group[si].clauses):
                start = clauses[ci].start
                end = _strip_end(doc.text.content, start, clauses[ci + n - 1].end)
                earlier_s = group[flat[j0][0]]
                earlier = sent.clauses(doc, earlier_s)
                if len(earlier) == len(earlier_s.clauses):
                    at = earlier[flat[j0][1]].start
                    yield rule.finding(doc, start, end, related=[rule.related(doc, at, "此前出现")],
                                       text=_shown(doc.text.content[start:end]), line=_line(doc, at))
        for k in range(i, i + n):
            first.setdefault(flat[k][2], k)
        i += n


# --- near repeats -------------------------------------------------------------------------------------

@check("duplicates.near", params=NEAR,
       fields=("text", "other", "line", "similarity", "changes"))
def near(doc: Document, rule):
    """Each sentence that nearly repeats an earlier one, once, with one such earlier sentence.
    Exact repeats are DUP101's, so only the first occurrence of each text takes part; stock and
    bracketed sentences never do. Pairs come lazily from the join, which skips any pair whose later
    sentence is already reported: a draft of templated sentences costs one finding and one diff
    per sentence, not one per pair."""
    from planlint.text import simjoin

    p = rule.params
    pool = _near_pool(doc, p)
    if len(pool) < 2:
        return
    # sentences that differ only in numbers (targets of different years) are not repeats
    numberless = _without_numbers([s.key for s in pool]) if p["ignore_number_changes"] else None
    found: dict[int, tuple[int, float]] = {}  # later -> (earlier, similarity); pool is in text order

    def skip(i: int, j: int) -> bool:
        return j in found

    pairs = simjoin.join([s.key for s in pool], p["threshold"], 2, p["max_edits"], p["edit_ratio"], skip=skip,
                         classes=numberless)
    for i, j, sim in pairs:
        if not _part_of(pool[i], pool[j]):
            found[j] = (i, sim)
    for j in sorted(found):
        i, sim = found[j]
        ops = diff(pool[i].key, pool[j].key, p["word_diff"])
        yield _near_finding(doc, rule, pool[i], pool[j], sim, ops)


def _near_pool(doc: Document, p: dict) -> list[Sentence]:
    """The first occurrence of each sentence text that is neither stock wording nor a bracketed note."""
    allow = _allow_keys(p)
    holding = _holding_stock(doc, allow)
    seen: set[str] = set()
    pool = []
    for s in _candidates(doc, p["min_chars"]):
        if s.key in seen:
            continue
        seen.add(s.key)
        if _comparable(doc, s, allow, p["min_chars"], holding):
            pool.append(s)
    return pool


_NUMBER_CHARS = lazyre.compile(r"[\d.%]")


def _without_numbers(keys: list[str]) -> list[str]:
    """Each key with its digits, decimal points and % removed: two keys equal after this differ only
    in numbers. One substitution over the keys joined by a newline (which a key never holds: it has
    no whitespace), not one per key."""
    joined = _one_line_each(keys)
    if joined is None:
        return [_NUMBER_CHARS.sub("", k) for k in keys]
    return _NUMBER_CHARS.sub("", joined).split("\n") if keys else []


def _part_of(a: Sentence | _Kept, b: Sentence | _Kept) -> bool:
    """One sentence is a run of clauses of the other: reported as an exact repeat."""
    short, long = (a, b) if len(a.key) <= len(b.key) else (b, a)
    if short.key not in long.key:
        return False
    clauses = long.clauses
    for i in range(len(clauses)):
        run = ""
        for j in range(i, len(clauses)):
            run += clauses[j]
            if run == short.key:
                return True
            if len(run) >= len(short.key):
                break
    return False


def diff(earlier: str, later: str, word_level: bool = True) -> list[dict]:
    """How ``later`` differs from ``earlier`` (two keys), as operations:
    {"op": "replace"|"insert"|"delete", "text": in later, "other": in earlier,
     "at": [start, end) in later's key, "other_at": [start, end) in earlier's key}."""
    import difflib  # only for a near repeat found: most drafts have none

    if word_level:
        a, b = sent.words(earlier), sent.words(later)
    else:
        a, b = list(earlier), list(later)
    pos_a = _positions(a)
    pos_b = _positions(b)
    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        op = {"replace": "replace", "delete": "delete", "insert": "insert"}[tag]
        out.append({"op": op, "text": "".join(b[j1:j2]), "other": "".join(a[i1:i2]),
                    "at": [pos_b[j1], pos_b[j2]], "other_at": [pos_a[i1], pos_a[i2]]})
    return out


def _positions(tokens: list[str]) -> list[int]:
    out = [0]
    for t in tokens:
        out.append(out[-1] + len(t))
    return out


def _describe(ops: list[dict]) -> str:
    parts = []
    for o in ops[:4]:
        if o["op"] == "replace":
            parts.append(f"“{o['other']}”改为“{o['text']}”")
        elif o["op"] == "insert":
            parts.append(f"多出“{o['text']}”")
        else:
            parts.append(f"少了“{o['other']}”")
    if len(ops) > 4:
        parts.append(f"等{len(ops)}处")
    return "，".join(parts)


def marked(text: str, base: int, key_ranges: list[tuple[int, int]], limit: int = 90) -> str:
    """text (starting at offset base) with the characters behind the given key ranges wrapped in
    【】; an empty range marks where something is missing with 【】. Long texts are cut around the
    marks."""
    key, offsets = sent.key_map(text, base)
    marks: list[tuple[int, int]] = []
    for a, b in key_ranges:
        if a < b:
            marks.append((offsets[a] - base, offsets[b - 1] - base + 1))
        else:
            # right after the character before the gap, so “退捕【】，” not “退捕，【】”
            at = offsets[a - 1] - base + 1 if a > 0 else 0
            marks.append((at, at))
    out, pos = [], 0
    for a, b in sorted(marks):
        if a < pos:
            continue
        out.append(text[pos:a])
        out.append("【" + text[a:b] + "】")
        pos = b
    out.append(text[pos:])
    shown = " ".join("".join(out).split())
    if len(shown) <= limit:
        return shown
    first = shown.find("【")
    lo = max(0, first - 20)
    hi = min(len(shown), lo + limit)
    return ("…" if lo else "") + shown[lo:hi] + ("…" if hi < len(shown) else "")


def _near_finding(doc, rule, earlier: Sentence, later: Sentence, sim: float, ops: list[dict]):
    ea, eb = sent.span(doc, earlier)
    la, lb = sent.span(doc, later)
    content = doc.text.content
    later_text = marked(content[la:lb], la, [tuple(o["at"]) for o in ops])
    earlier_text = marked(content[ea:eb], ea, [tuple(o["other_at"]) for o in ops])
    line = _line(doc, ea)
    data = {"similarity": round(sim, 3), "diff": ops,
            "other": {"line": line, "text": content[ea:eb]}}
    return rule.finding(doc, la, lb, related=[rule.related(doc, ea, "相近的句子")], data=data,
                        text=later_text, other=earlier_text, line=line,
                        similarity=f"{sim:.2f}", changes=_describe(ops))


# --- heading titles ---------------------------------------------------------------------------------

@check("duplicates.heading-title", params={"kinds": ["pian", "zhang", "jie", "l1", "l2", "l3"]},
       fields=("title", "line", "other"))
def heading_title(doc: Document, rule):
    kinds = set(rule.params["kinds"])
    seen: dict[tuple[str, str], object] = {}
    for h in doc.headings:
        if h.in_toc or h.kind not in kinds:
            continue
        key = sent.normalize(h.title)
        if len(key) < 2:
            continue
        first = seen.setdefault((h.kind, key), h)
        if first is h:
            continue
        yield rule.finding(doc, h.title_span.start, h.title_span.end, node=h,
                           related=[rule.related(doc, first.title_span.start, "同名标题")],
                           title=h.title, line=first.line, other=first.label() + first.title)


# --- across drafts ------------------------------------------------------------------------------------

class _Kept(NamedTuple):
    """A sentence as DUP105 keeps it until the end of the run: no more than the comparison needs.
    Its clauses are where they end in the key (small ints), not strings: that halves a digest."""

    key: str
    cuts: tuple[int, ...]  # the end of each clause in key
    start: int             # span in the document's text
    end: int
    comparable: bool       # see _comparable()

    @property
    def clauses(self) -> tuple[str, ...]:
        return tuple(self.key[a:b] for a, b in zip((0,) + self.cuts, self.cuts))


def _cross_file_digest(doc: Document, rule) -> list[_Kept]:
    """The candidate sentences of one draft, taken while it is parsed."""
    p = rule.params
    allow = _allow_keys(p)
    holding = _holding_stock(doc, allow)
    out = []
    for s in _candidates(doc, p["min_chars"]):
        a, b = sent.span(doc, s)
        cuts = tuple(accumulate(map(len, s.clauses)))
        out.append(_Kept(s.key, cuts, a, b, _comparable(doc, s, allow, p["min_chars"], holding)))
    return out


@check("duplicates.cross-file", scope="corpus",
       params={"min_chars": 20, "near": True, "threshold": NEAR["threshold"], "max_edits": 2,
               "edit_ratio": NEAR["edit_ratio"], "allow": [], "extend_allow": []},
       fields=("text", "path", "line", "how"), digest=_cross_file_digest)
def cross_file(docs: list[Document], rule):
    p = rule.params
    if len(docs) < 2:
        return
    pool: list[tuple[int, _Kept]] = []
    for d, doc in enumerate(docs):
        pool.extend((d, s) for s in kept(doc, rule))
    first: dict[str, tuple[int, _Kept]] = {}
    for d, s in pool:
        f = first.setdefault(s.key, (d, s))
        if f[0] != d and s.comparable:
            yield _cross_finding(rule, docs, (d, s), f, "完全相同")
    if not p["near"]:
        return
    from planlint.text import simjoin

    near = [(d, s) for d, s in pool if s.comparable]
    keys = [s.key for _, s in near]
    drafts = [d for d, _ in near]  # near pairs within one draft are DUP103's
    for i, j, sim in sorted(simjoin.join(keys, p["threshold"], 2, p["max_edits"], p["edit_ratio"], classes=drafts)):
        (da, a), (db, b) = near[i], near[j]
        if _part_of(a, b):
            continue
        yield _cross_finding(rule, docs, (db, b), (da, a), f"近似（相似度{sim:.2f}）",
                             {"similarity": round(sim, 3)})


def _cross_finding(rule, docs, later, earlier, how: str, data: dict | None = None):
    (dl, sl), (de, se) = later, earlier
    doc, other = docs[dl], docs[de]
    a, b = sl.start, sl.end
    oa = se.start
    related = Related(other.path, other.text.pos(oa).line, other.text.pos(oa).column, "其他文稿中的句子")
    return rule.finding(doc, a, b, related=[related], data=data,
                        text=_shown(doc.text.content[a:b]), path=other.path,
                        line=other.text.pos(oa).line, how=how)
