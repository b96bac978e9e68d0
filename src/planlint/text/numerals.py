"""Chinese numerals <-> int, full-width digits, and how a numbered marker is written back."""
from __future__ import annotations

DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
          "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}
CN_NUMERAL_CHARS = "".join(DIGITS) + "".join(UNITS)
CN_DIGITS = "〇一二三四五六七八九"  # digit by digit, as in years: 二〇三五
FULLWIDTH_DIGITS = "０１２３４５６７８９"
_TO_HALF = str.maketrans(FULLWIDTH_DIGITS, "0123456789")
_TO_FULL = str.maketrans("0123456789", FULLWIDTH_DIGITS)


def to_halfwidth_digits(s: str) -> str:
    return s.translate(_TO_HALF)


def to_fullwidth_digits(s: str) -> str:
    return s.translate(_TO_FULL)


def cn_to_int(s: str) -> int | None:
    """Parse a Chinese numeral: 十一, 二十, 一百零三, 一〇三 (digit by digit). None if not a numeral."""
    s = "".join(s.split())
    if not s or any(c not in DIGITS and c not in UNITS for c in s):
        return None
    if not any(c in UNITS for c in s):
        # digit-by-digit form, as in years: 二〇三五
        value = 0
        for c in s:
            value = value * 10 + DIGITS[c]
        return value
    total, current, last_unit = 0, None, 10_000
    for c in s:
        if c in DIGITS:
            if current is not None and DIGITS[c] != 0:
                return None  # two digits in a row in positional form: 二三十
            current = DIGITS[c] if DIGITS[c] != 0 else None
        else:
            unit = UNITS[c]
            if unit >= last_unit:
                return None  # 十百, 百百
            total += (1 if current is None else current) * unit
            current, last_unit = None, unit
    return total + (current or 0)


def int_to_cn(n: int) -> str:
    """11 -> 十一, 20 -> 二十, 103 -> 一百零三, 9999 -> 九千九百九十九, 100000000 -> 一亿."""
    if n < 0:
        return "负" + int_to_cn(-n)
    if n == 0:
        return "零"
    for base, unit in ((10**8, "亿"), (10**4, "万")):
        if n >= base:
            high, low = divmod(n, base)
            tail = "" if low == 0 else ("零" if low < base // 10 else "") + _lower(low)
            return int_to_cn(high) + unit + tail
    return _section(n, leading=True)


def _lower(n: int) -> str:
    """The part after 万 or 亿: 十 keeps its 一 (一万零一十, 一亿一十万)."""
    text = int_to_cn(n)
    return "一" + text if text.startswith("十") else text


def _section(n: int, leading: bool) -> str:
    """0 < n < 10000 in 千/百/十 form; a leading 一十 is said 十 (十一, but 一百一十)."""
    out, zero = "", False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // unit % 10
        if digit == 0:
            zero = zero or bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += CN_DIGITS[digit] + name
    return out[1:] if leading and out.startswith("一十") else out


CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def parse_number(s: str) -> tuple[int | None, str]:
    """Parse Arabic (half/full width), Chinese or circled numbers: (value, "arabic"|"chinese")."""
    s = "".join(s.split())
    if not s:
        return None, "arabic"
    if len(s) == 1 and s in CIRCLED:
        return CIRCLED.index(s) + 1, "arabic"
    half = to_halfwidth_digits(s)
    if half.isdigit():
        return int(half), "arabic"
    return cn_to_int(s), "chinese"


# how each heading kind names its number: {cn} in Chinese numerals, {n} in digits
_MARKER_FORMATS = {"annex": "附件{n}", "pian": "第{cn}篇", "zhang": "第{cn}章", "jie": "第{cn}节", "l1": "{cn}、",
                   "l2": "（{cn}）", "l3": "{n}.", "l4": "（{n}）"}
_CAPTION_WORDS = {"box": "专栏", "table": "表", "figure": "图"}


def format_marker(kind: str, number: int, prefix: tuple[int, ...] = ()) -> str:
    """The canonical way a reader names a marker: 第三章, 一、, （二）, 1., （3）, ①, 专栏5, 表3-1."""
    if kind in _MARKER_FORMATS:
        return _MARKER_FORMATS[kind].format(cn=int_to_cn(number), n=number)
    if kind == "l5":
        return CIRCLED[number - 1] if 0 < number <= len(CIRCLED) else f"({number})"
    return _CAPTION_WORDS[kind] + "-".join(str(p) for p in (*prefix, number))
