"""Is a document written in Chinese? The Chinese conventions of punctuation (GB/T 15834) and of
numbers (GB/T 15835) are asked only of Chinese text; an English README that names Chinese
documents follows English usage."""
from __future__ import annotations

import functools
import re

from planlint.document.model import Document

URL = re.compile(r"(?:[A-Za-z]+://|www\.)[^\s\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’]+")

_LATIN_LETTERS = re.compile(r"[A-Za-z]+")
_HAN_CHARS = re.compile(r"[\u3400-\u9fff]+")


def is_chinese(doc: Document) -> bool:
    """Is the text Chinese? A text with more than twice as many Latin letters (addresses aside) as
    Chinese characters, such as an English README that names Chinese documents, follows English
    punctuation: the Chinese conventions of width, ellipsis, dash, 顿号 and quotes are not asked of
    it. Paired marks are asked of any text."""
    def compute(d: Document) -> bool:
        text = d.text.content
        if "://" in text or "www." in text:
            text = URL.sub("", text)
        latin = sum(m.end() - m.start() for m in _LATIN_LETTERS.finditer(text))
        han = 0
        for m in _HAN_CHARS.finditer(text):  # stop as soon as the Chinese text is enough
            han += m.end() - m.start()
            if 2 * han >= latin:
                return True
        return 2 * han >= latin

    return doc.memo("punctuation.chinese", compute)


def chinese_only(check_fn):
    """A check of a Chinese writing convention: quiet on a text that is not Chinese."""
    @functools.wraps(check_fn)
    def run(doc: Document, rule):
        return check_fn(doc, rule) if is_chinese(doc) else iter(())

    return run
