"""How a finding's message lists several things in Chinese: one helper for every check family, so
a list of missing headings, of marks or of counted items reads the same way everywhere."""
from __future__ import annotations

from typing import Iterable


def listed(items: Iterable[str], *, sep: str = "、", quoted: bool = False, most: int | None = None,
           width: int | None = None) -> str:
    """The items joined by 顿号: 汽车、电子、医药.

    quoted: each item stands in “”; the message template writes the outermost pair (“{missing}”),
    so the items are joined by ”、“. sep="" joins quoted items without 顿号 (GB/T 15834 §4.5.3.5:
    no 顿号 between quoted items): “,”“;”.
    most: a longer list shows its first most-1 items, ……, and its last.
    width: an item longer than this shows only its end: …最后十一个字。
    """
    shown = list(items)
    if width is not None:
        shown = [i if len(i) <= width else "…" + i[-(width - 1):] for i in shown]
    close, reopen = ("”", "“") if quoted else ("", "")
    joiner = close + sep + reopen
    if most is not None and len(shown) > most:
        return joiner.join(shown[:most - 1]) + close + "……" + reopen + shown[-1]
    return joiner.join(shown)
