"""Cross-references inside a draft: 见专栏6, 专栏6所列, 如表2所示, 见图1, 附件3, 附表1, 本规划第三章,
本纲要第二篇第五章 — where each one is written and which heading of the outline it names.

References to another document (《纲要》第三章, 国家“十四五”规划纲要第十章) are recognised as such and
never resolved against this one: `cited` keeps them for the companion check (planlint.document.companion_pairs).

Also the counts a draft states about itself in words (本规划共分三篇十章, 设置3个专栏) and the
heading kinds they count. Computed once per document (Document.memo).
"""
from __future__ import annotations

import re

import msgspec

from planlint.document.model import Document, Edit, Heading
from planlint.text.chars import BLANK, SPACES, without_spaces
from planlint.text.numerals import CN_NUMERAL_CHARS, cn_to_int, int_to_cn, to_fullwidth_digits, to_halfwidth_digits
from planlint.text import lazyre

_NUM = rf"[0-9０-９]{{1,3}}|[{CN_NUMERAL_CHARS}]{{1,5}}"
_SP = f"[{SPACES}]*"
# a caption number: 3, 三, 3-1 (表3-1), 3.1
_CAPTION_NUM = rf"(?P<num>(?:[0-9０-９]{{1,3}}[-－.．]){{0,2}}[0-9０-９]{{1,3}}|[{CN_NUMERAL_CHARS}]{{1,4}})"
_TITLE_AFTER = r"(?P<title>[“\"《「][^”\"》」\n]{1,40}[”\"》」])?"
# where a caption reference says “look there”: before (见/详见/参见/如/按) or after (所列/所示/中)
_LEAD = r"(?:详见|参见|见|如|按|参照|列入|纳入)"

CAPTION_KINDS = {"专栏": "box", "表": "table", "附表": "table", "图": "figure", "附图": "figure", "附件": "annex"}
SECTION_KINDS = {"篇": "pian", "部分": "pian", "章": "zhang", "节": "jie"}
# 本规划第三章, 本纲要第二篇第五章 — and the words by which a draft names itself
SELF_WORDS = "本规划纲要|本规划|本纲要|本方案|本计划|本意见|本《纲要》|本《规划》"
_SECTION_CHAIN = rf"(?P<chain>(?:第{_SP}(?:{_NUM}){_SP}(?:篇|部分|章|节){_SP})+)"
_SECTION_ONE = lazyre.compile(rf"第{_SP}({_NUM}){_SP}(篇|部分|章|节)")

# anchors: a caption word with its number, and a chain of 第X篇/章/节; the context around each
# (见 before, 所列 after, 本规划 or 《纲要》 before) is read in Python — one literal-led scan per block
_CAPTION_AT = lazyre.compile(rf"(?P<word>附表|附图|附件|专栏|表|图){_SP}{_CAPTION_NUM}")
_CHAIN_AT = lazyre.compile(_SECTION_CHAIN)
_LEAD_BEFORE = lazyre.compile(rf"{_LEAD}{_SP}$")
_TRAIL_AFTER = lazyre.compile(rf"{_SP}{_TITLE_AFTER}{_SP}(?:所列|所示|所述|列出|中的|中|内|（|\()")
_TITLE_AT = lazyre.compile(rf"{_SP}{_TITLE_AFTER}")
_SELF_BEFORE = lazyre.compile(rf"(?:{SELF_WORDS}){_SP}$")
# the document a cited section belongs to: 《纲要》, 国家“十四五”规划纲要
_CITED_BEFORE = lazyre.compile(rf"(?P<doc>《[^》\n]{{1,60}}》|[^\s，,。；;：:（(）)]{{0,20}}(?:规划纲要|纲要)){BLANK}*$")


class Reference(msgspec.Struct):
    start: int               # the whole reference
    end: int
    kind: str                # heading kind it names: box, table, figure, annex, pian, zhang, jie
    word: str                # as written: 专栏, 表, 附件, 章 ...
    numbers: tuple[int, ...]  # 3 -> (3,); 表3-1 -> (3, 1); 第二篇第五章 -> (2, 5)
    kinds: tuple[str, ...] = ()  # for a chain of sections: the kind of each number
    title: str = ""          # the quoted title, if any, without the quotes
    title_start: int = -1
    label: str = ""          # how the reference names its target: 专栏6, 第三章, 第二篇第五章
    number_spans: tuple[tuple[int, int], ...] = ()  # each number as written, aligned with numbers


class Cited(msgspec.Struct):
    """A section of another document, cited by name: （对应《纲要》第四章第一节）."""

    start: int
    end: int
    document: str            # 《纲要》, 国家“十四五”规划纲要
    kinds: tuple[str, ...]
    numbers: tuple[int, ...]
    label: str


class References(msgspec.Struct):
    local: list[Reference] = msgspec.field(default_factory=list)
    cited: list[Cited] = msgspec.field(default_factory=list)


def _number(text: str) -> int | None:
    text = to_halfwidth_digits(without_spaces(text))
    if text.isdigit():
        return int(text)
    return cn_to_int(text)


def references(doc: Document) -> References:
    return doc.memo("references", _references)


def _regions(doc: Document):
    content = doc.text.content
    for b in doc.blocks:
        if b.kind == "body":
            yield b.span.start, content[b.span.start:b.span.end]
    for h in doc.headings:
        if h.run_in or h.in_toc:
            continue
        # a heading's title may itself point somewhere (（一）重点工程（详见专栏3）)
        yield h.title_span.start, content[h.title_span.start:h.title_span.end]


def _references(doc: Document) -> References:
    out = References()
    for base, text in _regions(doc):
        if "第" in text:
            _sections(text, base, out)
        if "表" in text or "图" in text or "专栏" in text or "附件" in text:
            _captions(text, base, out)
    out.local.sort(key=lambda r: r.start)
    return out


def _sections(text: str, base: int, out: References) -> None:
    for m in _CHAIN_AT.finditer(text):
        chain = _chain(m.group("chain"))
        if chain is None:
            continue
        kinds, numbers, label = chain
        before = text[max(0, m.start() - 64):m.start()]
        own = _SELF_BEFORE.search(before)
        if own:
            start = base + m.start() - len(own.group())
            spans = tuple((base + n.start(1), base + n.end(1)) for n in _SECTION_ONE.finditer(text, m.start(), m.end()))
            out.local.append(Reference(start, base + m.end(), kinds[-1], label[-1], numbers, kinds, label=label,
                                       number_spans=spans))
            continue
        cited = _CITED_BEFORE.search(before)
        if cited:
            start = base + m.start() - len(cited.group())
            out.cited.append(Cited(start, base + m.end(), cited.group("doc"), kinds, numbers, label))


def _captions(text: str, base: int, out: References) -> None:
    for m in _CAPTION_AT.finditer(text):
        word = m.group("word")
        lead = _LEAD_BEFORE.search(text, max(0, m.start() - 4), m.start())
        trail = None if lead or word in ("表", "图") else _TRAIL_AFTER.match(text, m.end())
        if not (lead or trail) or _names_other_document(text, (lead.start() if lead else m.start())):
            continue
        if m.start() > 0 and text[m.start() - 1] in "附" and word in ("表", "图"):
            continue  # the tail of 附表/附图, read as its own word at the earlier position
        raw = m.group("num")
        numbers = tuple(_number(p) for p in re.split(r"[-－.．]", raw))
        if any(n is None or n == 0 for n in numbers):
            continue
        title = (_TITLE_AT.match(text, m.end()) if lead else trail)
        quoted = title.group("title") if title else None
        start = base + (lead.start() if lead else m.start())
        end = base + (title.end("title") if quoted else m.end())
        out.local.append(Reference(
            start, end, CAPTION_KINDS[word], word, numbers,  # type: ignore[arg-type]
            title=quoted[1:-1].strip() if quoted else "", title_start=base + title.start("title") if quoted else -1,
            label=word + to_halfwidth_digits(raw),
            number_spans=((base + m.start("num"), base + m.end("num")),) if len(numbers) == 1 else ()))


def _names_other_document(text: str, at: int) -> bool:
    """见《纲要》专栏5, 国家规划专栏3: the caption belongs to the document named just before it."""
    before = text[max(0, at - 12):at + 2]
    return "》" in before[-8:] or bool(re.search(r"纲要[^，。；]{0,2}$|规划[^，。；]{0,2}$", text[max(0, at - 6):at + 1]))


def _chain(chain: str):
    kinds, numbers = [], []
    for m in _SECTION_ONE.finditer(chain):
        n = _number(m.group(1))
        if n is None or n == 0:
            return None
        kinds.append(SECTION_KINDS[m.group(2)])
        numbers.append(n)
    if not kinds or kinds != sorted(kinds, key=("pian", "zhang", "jie").index):
        return None
    label = without_spaces(chain)
    return tuple(kinds), tuple(numbers), label


# ---------------------------------------------------------------- resolution


def resolve(doc: Document, ref: Reference | Cited) -> Heading | None | bool:
    """The heading a reference names; None when the document has no such heading; True when the
    reference cannot be judged: the draft has no heading of that kind at all (attachments are often
    separate files, tables and figures may be images, chapters may be numbered 一、)."""
    body = [h for h in doc.headings if not h.in_toc]
    if isinstance(ref, Reference) and ref.kind in ("box", "table", "figure", "annex"):
        same = [h for h in body if h.kind == ref.kind]
        if ref.kind != "box" and not same:
            return True
        for h in same:
            if (*h.prefix, h.number) == ref.numbers or (len(ref.numbers) == 1 and not h.prefix
                                                        and h.number == ref.numbers[0]):
                return h
        return None
    return resolve_sections(body, ref.kinds, ref.numbers)


def resolve_sections(body: list[Heading], kinds: tuple[str, ...], numbers: tuple[int, ...]):
    """第二篇第五章, 第四章第一节: 章 numbers run through the document, 节 restart under their 章."""
    if not any(h.kind == kinds[0] for h in body):
        return True
    candidates = [h for h in body if h.kind == kinds[0] and h.number == numbers[0]]
    for kind, number in zip(kinds[1:], numbers[1:]):
        nxt = []
        for parent in candidates:
            nxt += [h for h in _descendants(parent) if h.kind == kind and h.number == number]
        candidates = nxt
    return candidates[0] if candidates else None


def _descendants(h: Heading):
    for c in h.children:
        yield c
        yield from _descendants(c)


# ---------------------------------------------------------------- titles


_TITLE_NOISE = lazyre.compile(r"[\s“”\"‘’'《》「」（）()、，,。.：:·—\-]")


def title_key(text: str) -> str:
    return _TITLE_NOISE.sub("", to_halfwidth_digits(text))


def title_matches(quoted: str, heading_title: str) -> bool:
    a, b = title_key(quoted), title_key(heading_title)
    return bool(a) and (a == b or a in b or b in a)


# ---------------------------------------------------------------- counts stated in words


class Count(msgspec.Struct):
    start: int
    end: int
    kind: str     # pian, zhang, jie, box; "items" for the items of a 专栏 (专栏5 四大工程)
    word: str     # 篇, 章, 节, 专栏, 项
    stated: int
    items: list[Heading] | None = None  # what a 专栏's title counts: its numbered items


_COUNT_WORDS = {"篇": "pian", "章": "zhang", "节": "jie"}
_COUNT_SECTIONS = lazyre.compile(rf"(?:共分|共分为|分为|共设|共有|共计|全文共|共)(?:{_SP}(?:{_NUM}){_SP}[篇章节][、，,和及]?)+")
_COUNT_ONE = lazyre.compile(rf"({_NUM}){_SP}([篇章节])")
_COUNT_BOXES = lazyre.compile(rf"(?:设置|设|共设|安排|列出|共有)(?:了)?{_SP}({_NUM}){_SP}个{_SP}专栏")
# the sentence must speak of this document, not of its subject
_SELF_SENTENCE = lazyre.compile(rf"{SELF_WORDS}|全文|规划纲要|本规划")


def counts(doc: Document) -> list[Count]:
    return doc.memo("references:counts", _counts)


# a 专栏 whose title counts its items: 促进消费四大工程, 五项重点行动
_BOX_COUNT = lazyre.compile(rf"({_NUM})(?:大|项|个)(?:重点|重大|专项)?(?:工程|行动|计划|任务|举措|项目|平台|产业)")


def _counts(doc: Document) -> list[Count]:
    out = _box_counts(doc)
    content = doc.text.content
    for b in doc.body_blocks():
        text = content[b.span.start:b.span.end]
        if not _SELF_SENTENCE.search(text):
            continue
        base = b.span.start
        for m in _COUNT_SECTIONS.finditer(text):
            for one in _COUNT_ONE.finditer(m.group()):
                n = _number(one.group(1))
                if n:
                    a = base + m.start() + one.start()
                    out.append(Count(a, a + len(one.group()), _COUNT_WORDS[one.group(2)], one.group(2), n))
        for m in _COUNT_BOXES.finditer(text):
            n = _number(m.group(1))
            if n:
                out.append(Count(base + m.start(1), base + m.end(), "box", "专栏", n))
    return out


def _box_counts(doc: Document) -> list[Count]:
    """专栏3 四大工程 followed by its numbered items (quiet when the items are not numbered)."""
    out = []
    for box in doc.headings:
        if box.kind != "box" or box.in_toc:
            continue
        m = _BOX_COUNT.search(box.title)
        items = [c for c in box.children if not c.is_caption]
        if m is None or not items:
            continue
        level = [c for c in items if c.kind == items[0].kind]
        n = _number(m.group(1))
        if n:
            start = box.title_span.start + m.start()
            out.append(Count(start, box.title_span.start + m.end(), "items", "项", n, level))
    return out


def counted(doc: Document, kind: str) -> list[Heading]:
    """The body headings a count of this kind counts (the 目录 and attachments are not the plan)."""
    return [h for h in doc.headings if h.kind == kind and not h.in_toc and not _in_annex(h)]


def _in_annex(h: Heading) -> bool:
    node = h.parent
    while node is not None:
        if node.kind == "annex":
            return True
        node = node.parent
    return False


# ---------------------------------------------------------------- renumbering


def pointing_at(doc: Document) -> dict[int, list[Reference]]:
    """id(heading) -> the references of this draft that resolve to it."""
    def index(d: Document) -> dict[int, list[Reference]]:
        out: dict[int, list[Reference]] = {}
        for ref in references(d).local:
            target = resolve(d, ref)
            if isinstance(target, Heading) and ref.number_spans:
                out.setdefault(id(target), []).append(ref)
        return out

    return doc.memo("references:targets", index)


def number_edits(doc: Document, heading: Heading, number: int) -> list[Edit]:
    """Edits that make every reference to `heading` say `number` (见专栏4 -> 见专栏3), each number
    written as the reference wrote it (Chinese or Arabic, full or half width)."""
    edits = []
    for ref in pointing_at(doc).get(id(heading), []):
        a, b = ref.number_spans[-1]
        written = doc.text.content[a:b]
        if to_halfwidth_digits(written).isdigit():
            new = str(number)
            if written != to_halfwidth_digits(written):
                new = to_fullwidth_digits(new)
        else:
            new = int_to_cn(number)
        if new != written:
            edits.append(Edit(a, b, new))
    return edits
