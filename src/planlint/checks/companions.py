"""A plan and its companion (分工方案, 年度计划, 实施方案) linted in one run (corpus scope): the
companion's indicators and quantified tasks agree with the plan, every 约束性 indicator of the plan is
assigned, and the sections it cites (（对应《纲要》第四章第一节）) exist. Each finding sits in the
companion — the document written from the plan — and relates the plan's place."""
from __future__ import annotations

import re
import unicodedata

from planlint.document import companion_pairs as C
from planlint.document import observations as I
from planlint.document import crossrefs as R
from planlint.document import tables as T
from planlint.document.model import Document, Heading, Related
from planlint.checks import Param, check

PARAMS = {"pairs": Param([], item=["", ""]), "indicator_vocabulary": Param("indicators", was="registry")}


def _validate(params):
    pairs = params.get("pairs")
    if not isinstance(pairs, list) or not all(isinstance(p, list) and len(p) == 2 and all(isinstance(g, str) for g in p)
                                              for p in pairs):
        yield "pairs", "应为 [分工方案路径或通配符, 纲要路径或通配符] 的列表"


def _keeps_nothing(doc: Document, rule) -> None:
    """The digest of a companion rule: nothing. Pairs are found from the texts, which the run
    keeps; the few drafts that pair are parsed again (companion_pairs.pairs)."""
    return None


def _related(doc: Document, offset: int, note: str) -> Related:
    p = doc.text.pos(offset)
    return Related(doc.path, p.line, p.column, note)


@check("companions.values", scope="corpus", params=PARAMS, validate=_validate, digest=_keeps_nothing,
       fields=("name", "year", "role", "text", "other", "plan", "note"))
def values(docs: list[Document], rule):
    """Each indicator or quantified task of the companion says what the plan says."""
    vocabulary = rule.params["indicator_vocabulary"]
    for pair in C.pairs(docs, rule.params["pairs"]):
        doc = pair.companion
        for c in C.compare(pair, vocabulary):
            if c.agrees:
                continue
            o, p = c.observation, c.plan
            note = f"（按近似名称“{p.name}”比对）" if c.loose else ""
            yield rule.finding(doc, o.start, o.end, related=[_related(pair.plan, p.start, f"纲要：{p.written}")],
                               severity="info" if c.loose else None,
                               data={"plan": pair.plan.path, "indicator": c.indicator, "year": o.year,
                                     "role": o.role},
                               name=o.name, year=o.year, role=I.ROLE_LABEL[o.role], text=o.written, other=p.written,
                               plan=pair.plan.path, note=note)


@check("companions.binding", scope="corpus", params=PARAMS, validate=_validate, digest=_keeps_nothing,
       fields=("name", "plan"))
def binding(docs: list[Document], rule):
    """Every 约束性 indicator of the plan's table is assigned in the companion."""
    vocabulary = rule.params["indicator_vocabulary"]
    for pair in C.pairs(docs, rule.params["pairs"]):
        identity = C.plan_identity(pair.plan, vocabulary)
        text = _comparable(pair.companion.text.content)
        at = _indicator_section(pair.companion)
        for table in T.tables(pair.plan):
            for ind in table.indicators:
                attribute = ind.attribute.text.replace(" ", "") if ind.attribute is not None else ""
                if attribute != "约束性":
                    continue
                canonical, _ = identity(ind.clean_name)
                names = I.names_of(canonical, vocabulary) | {I.normalise(ind.clean_name)}
                if any(n and n in text for n in names):
                    continue
                yield rule.finding(pair.companion, at.marker_span.start if at else 0,
                                   at.title_span.end if at else None, node=at,
                                   related=[_related(pair.plan, ind.name.span.start, "纲要中的约束性指标")],
                                   name=ind.clean_name, plan=pair.plan.path)


def _comparable(text: str) -> str:
    """The companion's text as names are compared: width folded, no spaces or brackets' content."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"[（(][^）)\n]{0,20}[）)]|\s", "", text)
    return text.replace("GDP", "地区生产总值").replace("R&D", "研发")


def _indicator_section(doc: Document) -> Heading | None:
    body = [h for h in doc.headings if not h.in_toc]
    return (next((h for h in body if "约束性" in h.title), None)
            or next((h for h in body if "指标" in h.title), None))


@check("companions.sections", scope="corpus", params=PARAMS, validate=_validate, digest=_keeps_nothing,
       fields=("reference", "what"))
def sections(docs: list[Document], rule):
    """（对应《纲要》第四章第一节）: the cited section exists in the plan."""
    for pair in C.pairs(docs, rule.params["pairs"]):
        body = [h for h in pair.plan.headings if not h.in_toc]
        for cited in R.references(pair.companion).cited:
            if not C.names_plan(pair, cited.document):
                continue
            if R.resolve_sections(body, cited.kinds, cited.numbers) is not None:
                continue  # found, or the plan has no heading of that kind to judge by
            near = _nearest(body, cited)
            yield rule.finding(pair.companion, cited.start, cited.end,
                               related=[_related(pair.plan, near.marker_span.start, f"纲要的{near.path()}")],
                               reference=pair.companion.text.content[cited.start:cited.end],
                               what=f"纲要中没有{cited.label}")


def _nearest(body: list[Heading], cited: R.Cited) -> Heading:
    """What the plan has nearest to a missing section: the deepest part of the chain that exists
    (第五章 of 第五章第九节), else the plan's last heading of the outermost cited kind."""
    for depth in range(len(cited.kinds) - 1, 0, -1):
        found = R.resolve_sections(body, cited.kinds[:depth], cited.numbers[:depth])
        if isinstance(found, Heading):
            return found
    return [h for h in body if h.kind == cited.kinds[0]][-1]
