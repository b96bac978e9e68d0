"""The report for people: grouped by file, each finding with its source line and the span marked
(CJK-width aware). Colour as console.wants_color() decided it (options.color).

Lines are written directly, not through rich's Console: rich parses markup and measures segments
on every print (about 150 µs a finding), which made a draft with 20,000 findings take seconds to
report when the concise format takes a fraction of one. Everything taken from the draft or a file
name goes through termsafe.escape(), so no control sequence reaches the terminal.
"""
from __future__ import annotations

from functools import lru_cache
from itertools import groupby

from planlint.text.termsafe import escape as safe, escape_source
from planlint.text import lazyre

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_WORD = {"error": "错误", "warning": "警告", "info": "提示"}
_MAX_SOURCE = 120  # a line longer than this (cells) is shown as a window around the span
_BEFORE, _AFTER = 20, 50  # code points of the window before the span, and its least length
_DIFF_STYLE = "bold magenta reverse"
_DIFF_MARK = lazyre.compile(r"【([^【】]*)】")


# The SGR codes of the styles this report uses, as rich makes them (a test compares): a coloured
# report need not import rich's style machinery (~4 ms) to print a few fixed colours.
_SGR = {"bold red": "1;31", "yellow": "33", "cyan": "36", "dim": "2", "bold underline": "1;4",
        "green": "32", "bold magenta reverse": "1;7;35"}


@lru_cache(maxsize=None)
def _codes(style: str) -> str:
    """The SGR sequence of a rich style name (named colours: the same in every colour system)."""
    if style in _SGR:
        return _SGR[style]
    from rich.color import ColorSystem
    from rich.style import Style

    return Style.parse(style)._make_ansi_codes(ColorSystem.STANDARD)


def cell_len(text: str) -> int:
    """Terminal cells of text (CJK: two), as rich measures them; rich is imported when a finding
    is first shown, not for a clean report."""
    global cell_len
    from rich.cells import cell_len

    return cell_len(text)


class _Painter:
    def __init__(self, color: bool):
        self.color = color

    def __call__(self, text: str, style: str) -> str:
        if not self.color or not text:
            return text
        return f"\x1b[{_codes(style)}m{text}\x1b[0m"


def _excerpt(line: str, start: int, end: int) -> tuple[str, int, int]:
    """The part of a line to show around [start, end) (0-based code points), escaped: its text and
    the caret's cell offset and width. Only a window of the line is measured, so a finding costs the
    same on a 20,000-character line as on a short one."""
    end = max(start, end)
    if len(line) <= _MAX_SOURCE and cell_len(line) <= _MAX_SOURCE:
        lo, hi = 0, len(line)
    else:
        lo = max(0, start - _BEFORE)
        hi = min(len(line), max(end, lo + _AFTER), lo + _MAX_SOURCE // 2)
    stop = min(end, hi)
    before = ("…" if lo else "") + escape_source(line[lo:start])
    span = escape_source(line[start:stop])
    after = escape_source(line[stop:hi]) + ("…" if hi < len(line) else "")
    return before + span + after, cell_len(before), max(1, cell_len(span))


def _message(f, paint) -> str:
    """The message, escaped. A finding that carries a diff (a near-duplicate sentence) marks the
    differing characters with 【】 in its message; colour makes them stand out too."""
    text = safe(f.message)
    if f.data and "diff" in f.data:
        text = _DIFF_MARK.sub(lambda m: paint(f"【{m.group(1)}】", _DIFF_STYLE), text)
    return text


def _finding(f, text, line: str, paint, show_source: bool) -> list[str]:
    style = _STYLE[f.severity]
    where = f"{f.line}:{f.column}" if not f.location else f"{safe(f.location['label'])}:{f.column}"
    out = [f"  {where}  {paint(f.code, style)} {paint(_WORD[f.severity], 'dim')}  {_message(f, paint)}"]
    if f.source is not None:  # a .docx paragraph or cell (wordfile/positions.py)
        line = f.source
    if show_source and (f.source is not None or (text is not None and f.line <= text.line_count)):
        end_col = f.end_column if f.end_line == f.line else len(line) + 1
        shown, lead, width = _excerpt(line, f.column - 1, end_col - 1)
        bar = paint("│", "dim")
        out.append(f"      {bar} {shown}")
        out.append(f"      {bar} {' ' * lead}{paint('^' * width, style)}")
    for r in f.related:
        note = f"（{r.message}）" if r.message else ""
        out.append("      " + paint(f"↳ {safe(r.path)}:{r.line}:{r.column}{safe(note)}", "dim"))
    return out


def render(result, out, options) -> None:
    paint = _Painter(options.color)
    texts = {d.path: d.text for d in result.documents}
    for path, group in groupby(result.findings, key=lambda f: f.path):
        out.write(paint(safe(path), "bold underline") + "\n")
        text = texts.get(path)
        line_no, line = 0, ""
        for f in group:
            if text is not None and f.line != line_no and f.line <= text.line_count:
                line_no, line = f.line, text.line_text(f.line)  # findings come in line order: cut once
            out.write("\n".join(_finding(f, text, line, paint, options.show_source)) + "\n")
        out.write("\n")
    if not getattr(options, "summary", True):
        return
    s = result.summary()
    files = len(result.files)
    unread = sum(1 for f in result.files if f.error)
    if result.findings:
        out.write(f"共 {files} 个文件：{paint(str(s['error']), 'bold red')} 个错误，"
                  f"{paint(str(s['warning']), 'yellow')} 个警告，{paint(str(s['info']), 'cyan')} 个提示"
                  + (paint(f"；{unread} 个文件未能读取", "bold red") if unread else "") + "\n")
    elif unread or not files:  # never “未发现问题” for files that were not read
        out.write(paint(f"共 {files} 个文件，{unread} 个未能读取，未完成检查" if files else "没有检查任何文件",
                        "bold red") + "\n")
    else:
        out.write(paint(f"共 {files} 个文件，未发现问题", "green") + "\n")
