"""Is a document written in Chinese? The Chinese conventions of punctuation (GB/T 15834) and of
numbers (GB/T 15835) are asked only of Chinese text; an English README that names Chinese
documents follows English usage."""
from __future__ import annotations

import functools

from planlint.document.model import Document
from planlint.text.chars import CJK_PUNCT, FULLWIDTH_FORMS, IDEOGRAPHS, QUOTES, is_ideograph
from planlint.text import lazyre

# an address ends at a blank or at Chinese text (ideographs, CJK and full-width punctuation, quotes)
URL = lazyre.compile(rf"(?:[A-Za-z]+://|www\.)[^\s{CJK_PUNCT}{IDEOGRAPHS}{FULLWIDTH_FORMS}{QUOTES}]+")

_HAN_CHARS = lazyre.compile(f"[{IDEOGRAPHS}]+")
# characters a Chinese text's count of Han characters is read from one by one, before the pattern
# above is compiled (a millisecond) for the rest: a Chinese text is decided within them
_HAN_SCAN = 2000


def is_chinese(doc: Document) -> bool:
    """Is the text Chinese? A text with more than twice as many Latin letters (addresses aside) as
    Chinese characters, such as an English README that names Chinese documents, follows English
    punctuation: the Chinese conventions of width, ellipsis, dash, 顿号 and quotes are not asked of
    it. Paired marks are asked of any text."""
    def compute(d: Document) -> bool:
        text = d.text.content
        if "://" in text or "www." in text:
            text = URL.sub("", text)
        latin = latin_letters(text)
        han = 0
        for c in text[:_HAN_SCAN]:  # stop as soon as the Chinese text is enough
            if 2 * han >= latin:
                return True
            han += is_ideograph(c)
        if 2 * han < latin and len(text) > _HAN_SCAN:
            for m in _HAN_CHARS.finditer(text, _HAN_SCAN):
                han += m.end() - m.start()
                if 2 * han >= latin:
                    break
        return 2 * han >= latin

    return doc.memo("punctuation.chinese", compute)


# every byte but A-Z and a-z: what latin_letters() deletes
_NOT_LATIN = bytes(range(65)) + bytes(range(91, 97)) + bytes(range(123, 256))


def latin_letters(text: str) -> int:
    """How many ASCII letters text holds, counted in C: the ASCII characters alone (the encoder
    skips each run of other characters at once), without those that are not letters. A
    regex over a whole Chinese draft took ten times as long."""
    return len(text.encode("ascii", "ignore").translate(None, _NOT_LATIN))


def chinese_only(check_fn):
    """A check of a Chinese writing convention: quiet on a text that is not Chinese."""
    @functools.wraps(check_fn)
    def run(doc: Document, rule):
        return check_fn(doc, rule) if is_chinese(doc) else iter(())

    return run


_SENTENCE_BREAKS = "。；！？：\n"  # a Chinese sentence (or a label such as 英文摘要：) ends here


def in_latin_sentence(text: str, start: int, end: int, reach: int = 60) -> bool:
    """Is text[start:end] part of a Latin-script sentence inside a Chinese document — an English
    abstract, a reference, a quoted title? Its sentence (up to `reach` characters each side, cut
    at Chinese sentence ends) has at least eight Latin letters and three times as many as Han
    characters. The Chinese conventions of numbers are not asked of it; “推进5G和AI（2021-2025年）”
    stays Chinese."""
    left = max(0, start - reach)
    for i in range(start - 1, left - 1, -1):
        if text[i] in _SENTENCE_BREAKS:
            left = i + 1
            break
    right = min(len(text), end + reach)
    for i in range(end, right):
        if text[i] in _SENTENCE_BREAKS:
            right = i
            break
    window = text[left:start] + text[end:right]
    latin = latin_letters(window)
    if latin < 8:
        return False
    han = sum(map(is_ideograph, window))
    return latin >= 3 * han
