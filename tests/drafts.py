"""Drafts made up for tests and benchmarks (bench/ imports this module too): no pytest here."""
from __future__ import annotations

from planlint.text.numerals import int_to_cn


def big_draft(mb: float) -> tuple[str, int]:
    """A well-formed draft of about mb MB (10^6 bytes of UTF-8) and its line count: chapters
    numbered on (not one chapter repeated, which would be a different test), each with sections,
    items and body text."""
    parts, size, n = [], 0, 0
    while size < mb * 1e6:
        n += 1
        chunk = f"第{int_to_cn(n)}章 第{n}项任务\n" + "".join(
            f"第{int_to_cn(k)}节 分项{k}\n一、主要指标\n到2025年，全市生产总值达到{n}亿元，年均增长{k}%。\n"
            f"二、重点工作\n（一）创新驱动\n1.加快建设第{n}个创新平台。\n2.完善配套政策。\n" for k in range(1, 4))
        parts.append(chunk)
        size += len(chunk.encode())
    text = "".join(parts)
    return text, text.count("\n")
