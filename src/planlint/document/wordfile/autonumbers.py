"""Word automatic numbering: the label Word displays before a paragraph whose number comes from
numbering.xml (w:numPr on the paragraph or on its style).

Counters are kept per abstract list, as Word does: two w:num that share an abstractNum continue
one list, unless a w:lvlOverride/w:startOverride restarts it the first time that w:num is used.
A level restarts when a shallower level is used (w:lvlRestart changes which, 0 = never).
"""
from __future__ import annotations

import msgspec

from planlint.text.numerals import CIRCLED, CN_DIGITS, int_to_cn, to_fullwidth_digits
from planlint.document.wordfile.xml import W, attr, child

_TRADITIONAL = "甲乙丙丁戊己庚辛壬癸"
_LEGAL = dict(zip("〇一二三四五六七八九十百千", "零壹贰叁肆伍陆柒捌玖拾佰仟"))


def format_number(n: int, fmt: str) -> str:
    """A counter value in one of Word's w:numFmt values (the ones Chinese drafts use, and the
    common Western ones); unknown formats fall back to decimal, as Word does."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting",
               "taiwaneseCountingThousand", "japaneseCounting"):
        return int_to_cn(n)
    if fmt == "chineseLegalSimplified":
        return "".join(_LEGAL.get(c, c) for c in int_to_cn(n))
    if fmt in ("ideographDigital", "taiwaneseDigital"):
        return "".join(CN_DIGITS[int(d)] for d in str(n))
    if fmt == "ideographTraditional":
        return _TRADITIONAL[(n - 1) % 10] if n > 0 else str(n)
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return to_fullwidth_digits(str(n))
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return CIRCLED[n - 1] if 0 < n <= len(CIRCLED) else str(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("lowerLetter", "upperLetter"):
        s = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else str(n)
        return s.upper() if fmt == "upperLetter" else s
    if fmt in ("lowerRoman", "upperRoman"):
        s = _roman(n)
        return s.lower() if fmt == "lowerRoman" else s
    if fmt in ("none", "bullet"):
        return ""
    return str(n)


def _roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)
    out = []
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


class Level(msgspec.Struct):
    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    restart: int | None = None   # w:lvlRestart: None = after any shallower level, 0 = never
    suffix: str = "tab"          # tab | space | nothing
    legal: bool = False          # w:isLgl: shallower levels shown as decimal
    style: str = ""              # w:pStyle: the paragraph style linked to this level


def _level(el) -> Level:
    lv = Level()
    for name, setter in (("start", "start"), ("lvlRestart", "restart")):
        c = child(el, name)
        if c is not None:
            try:
                setattr(lv, setter, int(attr(c, "val") or 0))
            except ValueError:
                pass
    for name, setter in (("numFmt", "fmt"), ("lvlText", "text"), ("suff", "suffix")):
        c = child(el, name)
        if c is not None and attr(c, "val") is not None:
            setattr(lv, setter, attr(c, "val"))
    lv.legal = child(el, "isLgl") is not None
    c = child(el, "pStyle")
    lv.style = (attr(c, "val") or "") if c is not None else ""
    return lv


def _levels(parent) -> dict[int, Level]:
    out = {}
    for el in parent.iterchildren(W + "lvl"):
        try:
            out[int(attr(el, "ilvl") or 0)] = _level(el)
        except ValueError:
            continue
    return out


class Instance(msgspec.Struct):
    abstract: str
    overrides: dict[int, int] = msgspec.field(default_factory=dict)      # ilvl -> startOverride
    levels: dict[int, Level] = msgspec.field(default_factory=dict)       # ilvl -> w:lvl given in an override


class Numbering:
    """The lists of one document, and the counters as paragraphs are read in order."""

    def __init__(self, root=None, style_numbering: dict | None = None):
        self.abstracts: dict[str, dict[int, Level]] = {}
        self.instances: dict[str, Instance] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self._started: set[str] = set()
        if root is None:
            return
        links: dict[str, str] = {}   # abstract -> the numbering style that holds its levels
        for el in root.iterchildren(W + "abstractNum"):
            aid = attr(el, "abstractNumId") or ""
            self.abstracts[aid] = _levels(el)
            link = child(el, "numStyleLink")
            if link is not None and attr(link, "val"):
                links[aid] = attr(link, "val")
        for el in root.iterchildren(W + "num"):
            ref = child(el, "abstractNumId")
            inst = Instance(attr(ref, "val") or "" if ref is not None else "")
            for ov in el.iterchildren(W + "lvlOverride"):
                try:
                    ilvl = int(attr(ov, "ilvl") or 0)
                except ValueError:
                    continue
                so = child(ov, "startOverride")
                if so is not None:
                    try:
                        inst.overrides[ilvl] = int(attr(so, "val") or 0)
                    except ValueError:
                        pass
                lvl = child(ov, "lvl")
                if lvl is not None:
                    inst.levels[ilvl] = _level(lvl)
            self.instances[attr(el, "numId") or ""] = inst
        # A list defined through a list style (w:numStyleLink) takes the levels, and the counters,
        # of the list that style names.
        for inst in self.instances.values():
            for _ in range(4):  # links may chain; never loop
                style = links.get(inst.abstract)
                target = self.instances.get(((style_numbering or {}).get(style) or (None,))[0] or "")
                if style is None or target is None or target.abstract == inst.abstract:
                    break
                inst.abstract = target.abstract

    def level(self, inst: Instance, ilvl: int) -> Level | None:
        return inst.levels.get(ilvl) or self.abstracts.get(inst.abstract, {}).get(ilvl)

    def level_of_style(self, num_id: str, style: str) -> int:
        """The level a style-linked list gives a paragraph of that style (0 when none says)."""
        inst = self.instances.get(num_id)
        if inst is not None:
            for ilvl, lvl in self.abstracts.get(inst.abstract, {}).items():
                if lvl.style == style:
                    return ilvl
        return 0

    def next_label(self, num_id: str, ilvl: int) -> tuple[str, str] | None:
        """Advance the list of num_id at level ilvl; returns (label, suffix) as Word shows them,
        or None when the paragraph has no number (numId 0, unknown list, bullet)."""
        inst = self.instances.get(num_id)
        if inst is None or num_id == "0":
            return None
        lvl = self.level(inst, ilvl)
        if lvl is None:
            return None
        counters = self.counters.setdefault(inst.abstract, {})
        if num_id not in self._started:
            self._started.add(num_id)
            for level, start in inst.overrides.items():
                counters[level] = start - 1
                for deeper in [k for k in counters if k > level]:
                    del counters[deeper]
        counters[ilvl] = counters.get(ilvl, lvl.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            d = self.level(inst, deeper)
            restart = d.restart if d is not None else None
            if restart is None or (restart != 0 and ilvl < restart):
                del counters[deeper]
        if lvl.fmt == "bullet":
            return None
        return self._render(inst, ilvl, lvl, counters), lvl.suffix

    def _render(self, inst: Instance, ilvl: int, lvl: Level, counters: dict[int, int]) -> str:
        out, text, i = [], lvl.text, 0
        while i < len(text):
            c = text[i]
            if c == "%" and i + 1 < len(text) and text[i + 1].isdigit():
                k = int(text[i + 1]) - 1
                shown = self.level(inst, k) or Level()
                value = counters.get(k, shown.start)
                fmt = "decimal" if lvl.legal and k < ilvl else shown.fmt
                out.append(format_number(value, fmt))
                i += 2
                continue
            out.append(c)
            i += 1
        return "".join(out)
