"""The report for people: grouped by file, each finding with its source line and the span marked
(CJK-width aware). Colour only on a terminal without NO_COLOR."""
from __future__ import annotations

import re
from itertools import groupby

from rich.cells import cell_len
from rich.markup import escape

from ..console import make as make_console

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_WORD = {"error": "错误", "warning": "警告", "info": "提示"}
_MAX_SOURCE = 120  # cells of a source line shown around the span
_DIFF_STYLE = "bold magenta reverse"
_DIFF_MARK = re.compile(r"【([^【】]*)】")


def _excerpt(line: str, start: int, end: int) -> tuple[str, int, int]:
    """Cut a long line around [start, end) (0-based code points); return text and cell offsets."""
    if cell_len(line) > _MAX_SOURCE:
        lo = max(0, start - 20)
        hi = min(len(line), max(end, lo + 50))
        prefix = "…" if lo else ""
        line, start, end = prefix + line[lo:hi] + ("…" if hi < len(line) else ""), start - lo + len(prefix), end - lo + len(prefix)
    return line, cell_len(line[:start]), max(1, cell_len(line[start:end]))


def _message(f) -> str:
    """The message as rich markup. A finding that carries a diff (a near-duplicate sentence) marks
    the differing characters with 【】 in its message; colour makes them stand out too."""
    text = escape(f.message)
    if f.data and "diff" in f.data:
        text = _DIFF_MARK.sub(lambda m: f"[{_DIFF_STYLE}]【{m.group(1)}】[/]", text)
    return text


def render(result, out, options) -> None:
    console = make_console(out, color=options.color, soft_wrap=True)
    texts = {d.path: d.text for d in result.documents}
    for path, group in groupby(result.findings, key=lambda f: f.path):
        console.print(f"[bold underline]{escape(path)}[/]")
        text = texts.get(path)
        for f in group:
            style = _STYLE[f.severity]
            where = f"{f.line}:{f.column}" if not f.location else f"{f.location['label']}:{f.column}"
            console.print(f"  {escape(where)}  [{style}]{f.code}[/] [dim]{_WORD[f.severity]}[/]  {_message(f)}")
            if options.show_source and (f.source is not None or (text is not None and f.line <= text.line_count)):
                line = f.source if f.source is not None else text.line_text(f.line)
                end_col = f.end_column if f.end_line == f.line else len(line) + 1
                shown, lead, width = _excerpt(line, f.column - 1, end_col - 1)
                console.print(f"      [dim]│[/] {escape(shown)}")
                console.print(f"      [dim]│[/] {' ' * lead}[{style}]{'^' * width}[/]")
            for r in f.related:
                note = f"（{r.message}）" if r.message else ""
                console.print(f"      [dim]↳ {escape(r.path)}:{r.line}:{r.column}{escape(note)}[/]")
        console.print()
    if not options.summary:
        return
    s = result.summary()
    files = len(result.files)
    unread = sum(1 for f in result.files if f.error)
    if result.findings:
        console.print(f"共 {files} 个文件：[bold red]{s['error']}[/] 个错误，[yellow]{s['warning']}[/] 个警告，"
                      f"[cyan]{s['info']}[/] 个提示" + (f"；[bold red]{unread} 个文件未能读取[/]" if unread else ""))
    elif unread or not files:
        # never “未发现问题” for files that were not read
        console.print(f"[bold red]共 {files} 个文件，{unread} 个未能读取，未完成检查[/]" if files else
                      "[bold red]没有检查任何文件[/]")
    else:
        console.print(f"[green]共 {files} 个文件，未发现问题[/]")
