"""Output formats: one module per format, each with render(result, out, options); imported lazily
so that a JSON run never loads rich."""
from __future__ import annotations

import importlib
import importlib.util

import msgspec

from planlint.text import lazyre

FORMATS = {
    "text": "planlint.report.text_report",
    "concise": "planlint.report.concise",
    "json": "planlint.report.json_report",
    "json-lines": "planlint.report.json_lines",
    "sarif": "planlint.report.sarif",
    "github": "planlint.report.github",
    "gitlab": "planlint.report.gitlab",
    "junit": "planlint.report.junit",
    "html": "planlint.report.html",
    "docx": "planlint.report.docx_annotate",  # files, not a stream: needs -o (check.py)
}


class Options(msgspec.Struct):
    color: bool = False
    show_source: bool = True
    summary: bool = True        # the closing "共 N 个文件" line (--quiet and pre-commit batches leave it out)


# Formats written to files of their own (check.py calls them with -o), not rendered to a stream.
FILE_FORMATS = {"docx"}

# Formats that show each finding's content-keyed fingerprint (engine.lint computes them only then).
FINGERPRINTED = {"sarif", "gitlab"}


def write_json(data, out) -> None:
    """The JSON formats' output: the text json.dumps(data, ensure_ascii=False, indent=2) gives,
    and a newline. msgspec writes it in C (a hundred findings: well under a millisecond, where
    json's indenting encoder, pure Python, took 4-8 ms). A long list is written one element at a
    time, so a large report is never held whole; json writes the few values msgspec would spell
    differently (_encoded). NaN and infinities, which JSON cannot hold, are null (json would write
    the invalid NaN)."""
    batch: list[str] = []
    size = 0
    for piece in _json_pieces(data, 0):
        batch.append(piece)
        size += len(piece)
        if size > 65536:
            out.write("".join(batch))
            batch.clear()
            size = 0
    batch.append("\n")
    out.write("".join(batch))


WALKED_LIST = 16  # a list longer than this (or holding one) is written element by element


def _json_pieces(value, depth: int):
    if not _holds_long_list(value):
        yield _encoded(value, depth)
        return
    pad = "\n" + "  " * (depth + 1)
    if isinstance(value, dict):
        opening, closing = "{", "}"
        items = ((_encoded(_json_key(k), 0) + ": ", v) for k, v in value.items())
    else:
        opening, closing = "[", "]"
        items = (("", v) for v in value)
    yield opening
    for i, (prefix, item) in enumerate(items):
        yield ("," if i else "") + pad + prefix
        yield from _json_pieces(item, depth + 1)
    yield "\n" + "  " * depth + closing


def _holds_long_list(value) -> bool:
    if isinstance(value, (list, tuple)):
        return len(value) > WALKED_LIST or any(map(_holds_long_list, value))
    if isinstance(value, dict):
        return any(map(_holds_long_list, value.values()))
    return False


def _json_key(key) -> str:
    """A key as json writes it: a string, or a number, true, false, null spelled as one."""
    if isinstance(key, str):
        return key
    if isinstance(key, bool) or key is None:
        return {True: "true", False: "false", None: "null"}[key]
    if isinstance(key, (int, float)):
        return (float.__repr__ if isinstance(key, float) else int.__repr__)(key)
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


# where msgspec's spelling of a number may differ from json's (float.__repr__): an exponent, or a
# fraction below 1e-4 written out. Also found inside strings: that only means json writes them.
_OTHER_NUMBER_SPELLING = lazyre.compile(rb"[0-9][eE]|0\.0000")


def _encoded(value, depth: int) -> str:
    """One value as json.dumps(indent=2) writes it at this depth: by msgspec, or by json for a
    float msgspec spells differently, a lone surrogate (a file name that is not UTF-8) or a key
    that is not a string or a number."""
    try:
        raw = msgspec.json.encode(value)
        text = None if _OTHER_NUMBER_SPELLING.search(raw) else msgspec.json.format(raw, indent=2).decode("utf-8")
    except (TypeError, ValueError, OverflowError, msgspec.EncodeError):  # UnicodeEncodeError is a ValueError
        text = None
    if text is None:
        import json

        text = json.dumps(value, ensure_ascii=False, indent=2)
    # strings never hold a raw newline (both escape it): every newline starts an indented line
    return text.replace("\n", "\n" + "  " * depth) if depth else text


def available() -> list[str]:
    """The stream formats whose module is installed."""
    out = []
    for name, module in FORMATS.items():
        if name in FILE_FORMATS:
            continue
        try:
            importlib.util.find_spec(module)
        except ModuleNotFoundError:
            continue
        if importlib.util.find_spec(module) is not None:
            out.append(name)
    return out


def render(fmt: str, result, out, options: Options | None = None) -> None:
    module = importlib.import_module(FORMATS[fmt])
    module.render(result, out, options or Options())
