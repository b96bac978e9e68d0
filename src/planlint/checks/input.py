"""Input defects: text damaged on its way into the draft (stray line breaks from scraping,
copy-paste or PDF extraction). The analysis lives in planlint.document.linebreaks, which the
responsibility analysis shares."""
from __future__ import annotations

import unicodedata

from planlint.document import linebreaks
from planlint.document.model import Document, Edit, Fix
from planlint.checks import check

_REASON = {
    "open": "本行的括号或引号到下一行才闭合",
    "comma": "本行止于句中标点",
    "start": "下一行以句中标点开头",
    "fragment": "断开处在词句中间",
    "indent": "下一行没有段首缩进，是本段的接续",
    "continues": "本行未以句末标点结束而下一行接续；若本行确是段末，应补句末标点",
}
_QUOTE_CHARS = 6


def _quote(s: str) -> str:
    """Text quoted in a message: no control characters or line separators (\r, \u2028 ...)."""
    return "".join(c for c in s if unicodedata.category(c)[0] not in "CZ" or c in " \u3000")


@check("input.stray-break", fields=("tail", "head", "next_line", "reason"))
def stray_break(doc: Document, rule):
    content = doc.text.content
    for j in linebreaks.analyse(doc).breaks:
        tail = content[max(content.rfind("\n", 0, j.end) + 1, j.end - _QUOTE_CHARS):j.end]
        head_end = content.find("\n", j.resume)
        head = content[j.resume:min(j.resume + _QUOTE_CHARS, len(content) if head_end == -1 else head_end)]
        joiner = linebreaks.join_fix_text(content[j.cut - 1], content[j.resume])
        fix = Fix("与下一行合并", [Edit(j.cut, j.resume, joiner)], "unsafe")
        yield rule.finding(doc, j.end - 1, j.resume + 1, fix=fix, tail=_quote(tail), head=_quote(head),
                           next_line=j.next_line, reason=_REASON[j.evidence],
                           data={"evidence": j.evidence})
