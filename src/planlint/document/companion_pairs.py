"""Companion documents: a 任务分工方案 (or 年度计划, 实施方案, 工作方案) that names the plan it carries out
— by its full title, or by 以下简称《纲要》 — paired with that plan when both are linted in one run.

Pairs come from configuration first (`pairs`: [companion glob, plan glob]), then from the titles:
the companion's cited title is found in another draft's opening lines. A companion that names its
plan only as 《纲要》 is paired with the one plan of the run, if there is exactly one.
"""
from __future__ import annotations

import fnmatch
import os
import re
import unicodedata

import msgspec

from planlint.document import observations as I
from planlint.document import tables as T
from planlint.document.model import Document
from planlint.document.parser import reparsed
from planlint.text.chars import BLANK
from planlint.text import lazyre

COMPANION_TITLE = lazyre.compile(r"分工方案|任务分工|责任分工|任务分解|分解方案|年度计划|实施方案|工作方案|行动方案|责任清单")
PLAN_TITLE = lazyre.compile(r"纲要|规划")
# 《……纲要》（以下简称《纲要》）
_NAMED = lazyre.compile(rf"《(?P<title>[^》\n]{{4,80}})》{BLANK}*[（(]{BLANK}*以下简称{BLANK}*(?P<alias>《[^》\n]{{1,12}}》|“[^”\n]{{1,12}}”)")
_TITLE = lazyre.compile(r"《(?P<title>[^》\n]{6,80}(?:纲要|规划))》")
_SHORT = lazyre.compile(r"《(?P<title>纲要|规划纲要|规划)》")
_HEAD = 800


class Pair(msgspec.Struct):
    companion: Document
    plan: Document
    aliases: set[str] = msgspec.field(default_factory=set)  # how the companion names the plan: 《纲要》, 《规划纲要》
    how: str = ""                                    # "标题" | "简称" | "配置"


def key(title: str) -> str:
    """A title for comparison: width folded, spaces and quotes gone, 〇/零/0 alike."""
    text = unicodedata.normalize("NFKC", title)
    text = re.sub(r"[\s“”\"‘’'《》()（）]", "", text)
    return text.replace("○", "〇").replace("零", "〇").replace("0", "〇").replace("O", "〇")


def head(doc: Document) -> str:
    return doc.text.content[:_HEAD]


def is_companion(doc: Document) -> bool:
    first = head(doc)
    return bool(COMPANION_TITLE.search(first[:300])) and any(r.search(first) for r in (_NAMED, _TITLE, _SHORT))


def named_plan(doc: Document) -> tuple[str, set[str]]:
    """(the plan's title as the companion cites it, the aliases it gives it)."""
    first = head(doc)
    m = _NAMED.search(first)
    if m:
        return m.group("title"), {m.group("alias"), f"《{m.group('title')}》"}
    m = _TITLE.search(first) or _SHORT.search(first)
    return (m.group("title"), {f"《{m.group('title')}》"}) if m else ("", set())


def _matches(path: str, glob: str) -> bool:
    """A configured glob: absolute (from a configuration), relative to the current folder, or a
    bare file name."""
    path = path.replace(os.sep, "/")
    glob = glob.replace(os.sep, "/")
    return any(fnmatch.fnmatch(p, glob) for p in (path, os.path.abspath(path).replace(os.sep, "/"),
                                                   os.path.basename(path)))


def pairs(docs: list[Document], configured: list | None = None) -> list[Pair]:
    out: list[Pair] = []
    paired: set[int] = set()
    forced: set[int] = set()  # configured as a companion; its plan is found by the title it cites
    for entry in configured or []:
        comp_glob, plan_glob = entry[0], entry[1]
        for c in docs:
            if id(c) in paired or not _matches(c.path, comp_glob):
                continue
            if not plan_glob:
                forced.add(id(c))
                continue
            plan = next((p for p in docs if p is not c and _matches(p.path, plan_glob)), None)
            if plan is not None:
                aliases = named_plan(c)[1] | {"《纲要》", "《规划纲要》", "《规划》"}
                out.append(Pair(reparsed(c), reparsed(plan), aliases, "配置"))
                paired.add(id(c))
    plans = [d for d in docs if id(d) not in forced and not is_companion(d) and PLAN_TITLE.search(head(d)[:300])]
    plan_keys = [key(head(p)) for p in plans]  # once each: every companion looks through them all
    for c in docs:
        if id(c) in paired or not (id(c) in forced or is_companion(c)):
            continue
        title, aliases = named_plan(c)
        wanted = key(title)
        plan = _one(c, [p for p, k in zip(plans, plan_keys) if p is not c and wanted and wanted in k])
        how = "标题"
        if plan is None and (title in ("纲要", "规划纲要", "规划") or id(c) in forced):
            plan, how = _one(c, [p for p in plans if p is not c]), "简称"
        if plan is not None:
            out.append(Pair(reparsed(c), reparsed(plan), aliases, how))
            paired.add(id(c))
    return out


def _one(companion: Document, candidates: list[Document]) -> Document | None:
    """The plan, when there is exactly one, or exactly one beside the companion (same folder);
    several drafts of one plan in a run leave the companion unpaired rather than paired wrongly."""
    if len(candidates) > 1:
        folder = os.path.dirname(companion.path)
        candidates = [p for p in candidates if os.path.dirname(p.path) == folder]
    return candidates[0] if len(candidates) == 1 else None


def names_plan(pair: Pair, document: str) -> bool:
    """Does a citation's document (《纲要》, 《……纲要》) name the pair's plan?"""
    k = key(document)
    return any(key(a) == k for a in pair.aliases) or (len(k) > 6 and k in key(head(pair.plan)))


# ---------------------------------------------------------------- the companion against its plan

_OPPOSITE = {(I.LOWER, I.UPPER), (I.UPPER, I.LOWER)}


class Comparison(msgspec.Struct):
    observation: I.Observation   # in the companion
    plan: I.Observation          # what most of the plan's statements say
    indicator: str
    agrees: bool
    loose: bool                  # matched by a similar name only


def plan_identity(plan: Document, vocabulary: str = "indicators") -> I.Identity:
    """Names → the plan's indicators (its tables define them)."""
    return I.Identity(vocabulary, [I.normalise(i.clean_name) for t in T.tables(plan) for i in t.indicators])


def compare(pair: Pair, vocabulary: str = "indicators") -> list[Comparison]:
    """Each companion statement the plan also states (same indicator, year and role), and whether
    they agree: value and unit within printed rounding, and no opposite bound (以上 vs 以内)."""
    index: dict[tuple, list[I.Observation]] = {}
    for o in I.model(pair.plan, vocabulary).observations:
        if o.year is not None:
            index.setdefault((o.indicator, o.year, o.role), []).append(o)
    identity = plan_identity(pair.plan, vocabulary)
    out = []
    for o in I.model(pair.companion, vocabulary).observations:
        indicator, match = identity(o.name)
        stated = index.get((indicator, o.year, o.role)) if o.year is not None else None
        if not stated:
            continue
        majority = I.outliers(stated)[0]
        p = majority[0]
        # a bound is checked against the plan's statement that gives one (the table rarely does)
        # (and when the plan itself says both, the companion follows one of them: CON103's business)
        bound = next((x for x in majority if (o.qualifier, x.qualifier) in _OPPOSITE), None)
        if any(x.qualifier == o.qualifier for x in majority):
            bound = None
        if bound is not None:
            p = bound
        agrees = I.agree(o, p) and bound is None
        out.append(Comparison(o, p, indicator, agrees, match == "similar" or p.match == "similar"))
    return out
