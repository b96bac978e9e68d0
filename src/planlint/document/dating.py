"""The year a document speaks from: its date line, its own 文号, or the period in its title.

Checks whose verdict depends on when a text was written (an agency name that was current in
2012 is outdated in 2024) ask ``document_year``. The evidence, strongest first:

1. a line that is a date (（2023年1月2日）, 二〇一二年七月二十日, 发布日期：2022年10月28日,
   ——2022年10月28日在……会议上), near the top or at the signature;
2. a line that is the document's own 文号 (国发〔2021〕36号);
3. the title's period: “十四五” (its first year), 2021—2023年 (the first), 2023年.

None when the document says nothing about its date: callers then judge by today's state.
"""
from __future__ import annotations

import unicodedata

from planlint.document.model import Document
from planlint.text.chars import is_han
from planlint.text.numerals import cn_to_int
from planlint.text import lazyre

_HEAD_LINES = 40   # the title block, a 印发 notice, metadata of a scraped page
_TAIL_LINES = 15   # the signature and date

_CN_YEAR = "[〇○零一二三四五六七八九]{4}"
_CN_SMALL = "[一二三四五六七八九十]{1,3}"
_YEAR = rf"((?:19|20)\d\d|{_CN_YEAR})"
_DATE = rf"{_YEAR}\s*年\s*(?:\d{{1,2}}|{_CN_SMALL})\s*月\s*(?:\d{{1,2}}|{_CN_SMALL})\s*日"
# the whole line is the date (in brackets, after a label: _after_label), or a speech's
# “——2022年10月28日在……” (group `dash`); the date is written once, its classes take time to compile
_DATE_LINE = lazyre.compile(rf"(?:(?P<dash>—{{1,2}}\s*)|[（(]?){_DATE}(?(dash)|[)）]?$)")
_LABEL_LEAD = "-*#>"  # with whitespace: Markdown before a label
_TITLE_LABEL = lazyre.compile(r"^[-*\s]*\**(?:文件名称|文件标题|标题)\**[:：]")
# the 文号 after the issuing body's code of 1 to 12 Han characters (_han_run)
_DOC_NUMBER = lazyre.compile(r"[〔\[［【(（]\s*((?:19|20)\d\d)\s*[〕\]］】)）]\s*\d{1,4}\s*号$")
# “十四五”, 十四五国家…规划, 十五规划: the n-th five-year plan
_FIVE_YEAR = lazyre.compile(r"“([一二三四五六七八九十]{1,3})五”|(十[一二三四五六七八九])五|([一二三四五六七八九十]{1,2})五(?:时期|期间|规划)")
_TITLE_YEAR = lazyre.compile(r"((?:19|20)\d\d)\s*(?:年|[-—–~～至到]\s*(?:19|20)\d\d\s*年)")


def document_year(doc: Document) -> int | None:
    return doc.memo("document_year", _compute)


def _compute(doc: Document) -> int | None:
    raw = doc.text.content.split("\n")
    head = _nonblank(raw, _HEAD_LINES)
    edge = head + _nonblank(reversed(raw), _TAIL_LINES)[::-1]
    for t in edge:
        written = _date_line_year(t)
        if written:
            return _year(written)
    for t in edge:
        m = _doc_number(t)
        if m:
            return int(m.group(1))
    titles = head[:_TITLE_LINES] + [t for t in head if _TITLE_LABEL.match(t)]
    for t in titles:
        year = _title_year(t)
        if year is not None:
            return year
    return None


_TITLE_LINES = 3  # the title may be preceded by an issuer line or a Markdown heading


def _nonblank(lines, limit: int) -> list[str]:
    out = []
    for line in lines:
        if len(out) == limit:
            break
        cleaned = _clean(line[:200])  # a date line or a title is short
        if cleaned:
            out.append(cleaned)
    return out


def _clean(line: str) -> str:
    """NFKC (full-width digits and brackets), no Markdown heading marks, no outer whitespace."""
    return unicodedata.normalize("NFKC", line).strip().lstrip("#").strip()


def _date_line_year(t: str) -> str | None:
    """The year as written on a line that is a date, after a label (发布日期：, **成文日期**:) if
    there is one. The Han characters of a label are counted here, not matched: a class of them
    takes a millisecond to compile."""
    label_end = _after_label(t)
    if label_end:
        m = _DATE_LINE.match(t, label_end)
        if m and m.group("dash") is None:  # after a label, only a date in brackets or bare
            return m.group(2)
    m = _DATE_LINE.match(t)
    return m.group(2) if m else None


def _doc_number(t: str):
    """The match of a line that is a 文号: the issuing body's code, then year and number."""
    code_end = _han_run(t, 0, 13)
    return _DOC_NUMBER.match(t, code_end) if 1 <= code_end <= 12 else None


def _after_label(t: str) -> int:
    """Where the date starts after a label, 0 without one: Markdown marks and blanks, 2 to 6 Han
    characters between optional asterisks, a colon, asterisks and blanks. A Han character is none
    of the marks around it, so a line has at most one reading of a label."""
    i, n = 0, len(t)
    while i < n and (t[i] in _LABEL_LEAD or t[i].isspace()):
        i += 1
    han_end = _han_run(t, i, i + 7)
    if not 2 <= han_end - i <= 6:
        return 0
    i = han_end
    while i < n and t[i] == "*":
        i += 1
    if i == n or t[i] not in ":：":
        return 0
    i += 1
    while i < n and t[i] == "*":
        i += 1
    while i < n and t[i].isspace():
        i += 1
    return i


def _han_run(t: str, start: int, stop: int) -> int:
    """The end of the run of Han characters (chars.HAN) from start, looking no further than stop."""
    i, stop = start, min(stop, len(t))
    while i < stop and is_han(t[i]):
        i += 1
    return i


def _year(written: str) -> int | None:
    if written.isdigit():
        return int(written)
    value = cn_to_int(written.replace("○", "〇"))
    return value if value is not None and 1900 <= value <= 2100 else None


def _title_year(line: str) -> int | None:
    """The first year of the period a title names: 十二五 -> 2011, （2021—2023年） -> 2021."""
    if len(line) > 60 or any(c in line for c in "。；，,;"):
        return None  # a sentence, not a title
    m = _FIVE_YEAR.search(line)
    if m:
        n = cn_to_int(next(g for g in m.groups() if g))
        if n is not None and 6 <= n <= 20:
            return 1966 + 5 * (n - 3)  # the third plan began in 1966 (1963–65 had none)
    m = _TITLE_YEAR.search(line)
    return int(m.group(1)) if m else None
