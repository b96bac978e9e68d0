"""Which numbered headings form one list. Per level, a document either restarts its numbering
under each parent (（一） under every 一、) or runs on across parents (中央文件: （一）…（三十三）
across 一、二、三、; 行动计划: tasks 1.–45. across （一）…（五）). The scope of each level is a rule
parameter: `restart`, `continuous` or `auto`; `auto` lets the document decide by majority, the way
widths.py decides the punctuation width, so that a document following its own convention gets no
finding and only the parents that break it are outliers."""
from __future__ import annotations

import msgspec

from planlint.document.model import Document, Heading

MODES = ("restart", "continuous", "auto")
# 章 run on across 篇; 附件, 专栏, 表 and 图 through the document. Every other level: auto.
DEFAULT_SCOPES = {"annex": "continuous", "zhang": "continuous", "box": "continuous",
                  "table": "continuous", "figure": "continuous"}
# the older parameter: the kinds numbered through the whole document
DOCUMENT_SCOPE = [k for k, mode in DEFAULT_SCOPES.items() if mode == "continuous"]
# No list reaches a thousand items; only a digit-by-digit numeral (第一〇〇〇〇〇〇〇〇章) gets
# there. Such a number is one finding of its own (numbering.implausible), not part of any list.
PLAUSIBLE_MAX = 999


class Sequence(msgspec.Struct):
    """One numbered list: the items of one kind under one scope (a parent, the common ancestor of
    the parents it runs on across, or None for the whole document)."""

    kind: str
    parent: Heading | None
    items: list[Heading] = msgspec.field(default_factory=list)
    runs_on: bool = False  # inferred: this document numbers the level on across its parents

    def where(self) -> str:
        """“第五章第四节”下: the parent, prefixed by its enclosing headings up to the 章."""
        return where(self.parent)


def where(node: Heading | None) -> str:
    if node is None:
        return "全文"
    labels = []
    while node is not None:
        labels.append(node.label())
        if node.kind in ("pian", "zhang"):
            break
        node = node.parent
    return f"“{''.join(reversed(labels))}”下"


def validate_scopes(params: dict):
    """Problems with a `scopes` parameter, as (key, message) pairs for the rule loader."""
    scopes = params.get("scopes")
    if not isinstance(scopes, dict):
        return
    from planlint.document.model import CAPTIONS, HIERARCHY

    for kind, mode in scopes.items():
        if kind not in HIERARCHY and kind not in CAPTIONS:
            yield (f"params.scopes.{kind}",
                   f"未知的编号层级“{kind}”，可用：{', '.join((*HIERARCHY, *CAPTIONS))}")
        elif mode not in MODES:
            yield f"params.scopes.{kind}", f"编号范围应为 {'、'.join(MODES)} 之一"


def scope_modes(params: dict) -> dict[str, str]:
    """kind -> mode from a rule's parameters. `document_scope` (a list of kinds numbered through the
    document) is the older way to say `continuous`; kinds it leaves out fall back to `auto`."""
    modes = dict(DEFAULT_SCOPES)
    legacy = params.get("document_scope")
    if isinstance(legacy, list) and legacy != DOCUMENT_SCOPE:
        modes = {k: "continuous" for k in legacy if isinstance(k, str)}
    scopes = params.get("scopes")
    if isinstance(scopes, dict):
        modes.update({k: v for k, v in scopes.items() if v in MODES})
    return modes


def sequences(doc: Document, modes: dict[str, str]) -> list[Sequence]:
    key = "numbering.sequences:" + ",".join(f"{k}={v}" for k, v in sorted(modes.items()))
    return doc.memo(key, lambda d: _build(d, modes))


def _build(doc: Document, modes: dict[str, str]) -> list[Sequence]:
    # the lists of each kind, one group per parent, in order of first appearance
    groups: dict[tuple, dict[int, list[Heading]]] = {}
    for h in doc.headings:
        if h.number > PLAUSIBLE_MAX:
            continue
        groups.setdefault((h.kind, h.prefix), {}).setdefault(id(h.parent), []).append(h)
    out: list[Sequence] = []
    for (kind, _), by_parent in groups.items():
        out.extend(_chains(kind, list(by_parent.values()), modes.get(kind, "auto")))
    return out


def _chains(kind: str, groups: list[list[Heading]], mode: str) -> list[Sequence]:
    if mode == "continuous":
        return [Sequence(kind, None, [h for g in groups for h in g])]
    if mode == "restart":
        return [Sequence(kind, g[0].parent, g) for g in groups]
    buckets = [_boundary(a[0].parent, b[0].parent) for a, b in zip(groups, groups[1:])]
    runs_on = _infer(groups, buckets)
    chains: list[list[list[Heading]]] = [[groups[0]]]
    for group, bucket in zip(groups[1:], buckets):
        if bucket in runs_on:
            chains[-1].append(group)
        else:
            chains.append([group])
    return [Sequence(kind, _common_ancestor([g[0].parent for g in chain]), [h for g in chain for h in g],
                     runs_on=len(chain) > 1)
            for chain in chains]


def _infer(groups: list[list[Heading]], buckets: list[str]) -> set[str]:
    """The boundaries across which this document runs the level on. Each change of parent votes:
    a list starting again at 1 for restarting, one starting where the previous list stopped for
    running on. Running on needs more votes than restarting, and evidence that is not just one
    list whose first item is missing (the previous list had one item, the next starts at 2)."""
    votes: dict[str, list[int]] = {}  # bucket -> [restart, run on, strong run on]
    for i, (before, after, bucket) in enumerate(zip(groups, groups[1:], buckets)):
        last, first = before[-1].number, after[0].number
        # after one parent that slipped back to 1, the list may resume where it was
        resumed = i > 0 and before[0].number == 1 and first == groups[i - 1][-1].number + 1
        v = votes.setdefault(bucket, [0, 0, 0])
        if first == 1:
            v[0] += 1
        elif first == last + 1 or resumed:
            v[1] += 1
            v[2] += max(last, groups[i - 1][-1].number if resumed else 0) >= 2
    return {b for b, (restart, run_on, strong) in votes.items()
            if run_on > restart and (run_on >= 2 or strong)}


def _boundary(before: Heading | None, after: Heading | None) -> str:
    """What changes between two parents: the kind of the highest ancestor of `after` that is not
    also an ancestor of `before` (一、 when （一） under 一、 gives way to （一） under 二、). A 专栏
    on either side is the boundary: a box holds a list of its own."""
    up_before, up_after = _ancestry(before), _ancestry(after)
    shared = {id(n) for n in up_before} & {id(n) for n in up_after}
    changed_after = [n for n in up_after if id(n) not in shared]
    changed = changed_after + [n for n in up_before if id(n) not in shared]
    if any(n.kind == "box" for n in changed):
        return "box"
    return changed_after[-1].kind if changed_after else "document"


def _ancestry(node: Heading | None) -> list[Heading]:
    """node and its ancestors, innermost first."""
    out = []
    while node is not None:
        out.append(node)
        node = node.parent
    return out


def _common_ancestor(parents: list[Heading | None]) -> Heading | None:
    common: list[Heading] | None = None
    for p in parents:
        chain = _ancestry(p)[::-1]
        if common is None:
            common = chain
            continue
        n = 0
        while n < min(len(common), len(chain)) and common[n] is chain[n]:
            n += 1
        common = common[:n]
    return common[-1] if common else None
