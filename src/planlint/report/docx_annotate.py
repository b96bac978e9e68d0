"""The annotated Word copy: the draft as .docx with each finding as a comment (批注) on its span.

python-docx (imported here only) writes the document and the comments part. A .txt/.md draft
becomes a plainly formatted .docx, one paragraph per line, headings in bold; each line is cut
into runs at the finding boundaries (anchors.line_pieces) so that a comment covers exactly its
span. The original file is never written: the copy goes to a new path, atomically (output.py).
"""
from __future__ import annotations

import os
from pathlib import Path

from planlint.report.anchors import Piece, finding_range, line_pieces, suggestion, visible

AUTHOR = "planlint"
INITIALS = "PL"
SUFFIX = ".批注.docx"
_WHAT = "批注副本"
_WORD = {"error": "错误", "warning": "警告", "info": "提示"}
_BODY_FONT = "仿宋"      # 公文正文; Word falls back to 宋体 where it is missing
_BODY_SIZE_PT = 14


def comment_lines(f, rules) -> list[str]:
    """What a comment says: the message, the suggested fix, the rule (and where else to look)."""
    lines = [visible(f.message)]
    hint = suggestion(f)
    if hint:
        lines.append(visible(f"建议：{hint}"))
    for r in f.related:
        note = f"（{r.message}）" if r.message else ""
        lines.append(visible(f"另见：{r.path} 第{r.line}行第{r.column}列{note}"))
    rule = rules.get(f.code)
    name = f" {rule.name}" if rule is not None else f" {f.name}"
    lines.append(visible(f"规则：{f.code}{name}（{_WORD.get(f.severity, f.severity)}）"))
    return lines


def build(doc, findings: list, comments: list[list[str]]):
    """A python-docx Document of a .txt/.md draft; comments[i] is finding i's comment."""
    import docx

    out = docx.Document()
    _plain_style(out)
    text = doc.text
    content = text.content
    pieces = line_pieces(text, [finding_range(text, f) for f in findings])
    headings = {h.line for h in doc.headings if not h.in_toc}
    runs_of: list[list] = [[] for _ in findings]
    last_run = None
    for line, start, line_text in text.lines():
        para = out.add_paragraph()
        for p in pieces.get(line) or [Piece(start, start + len(line_text), ())]:
            if p.start == p.end and not p.ids:
                continue
            run = para.add_run(visible(content[p.start:p.end]))
            if line in headings:
                run.bold = True
            last_run = run
            for i in p.ids:
                runs_of[i].append(run)
    for i, lines in enumerate(comments):
        runs = runs_of[i] or ([last_run] if last_run is not None else [])
        if not runs:
            runs = [out.add_paragraph().add_run("")]
            last_run = runs[0]
        _comment(out, runs, lines)
    return out


def is_word(doc) -> bool:
    return doc.text.encoding == "docx"


def _comment(document, runs: list, lines: list[str]) -> None:
    comment = document.add_comment([runs[0], runs[-1]], text=lines[0], author=AUTHOR, initials=INITIALS)
    for line in lines[1:]:
        comment.add_paragraph(line)


def _plain_style(document) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    style = document.styles["Normal"]
    style.font.name = _BODY_FONT
    style.font.size = Pt(_BODY_SIZE_PT)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), _BODY_FONT)


def copy_of(doc, findings: list, rules: dict) -> bytes:
    """The annotated copy of doc, as the bytes of a .docx package."""
    comments = [comment_lines(f, rules) for f in findings]
    if is_word(doc):
        from planlint.report.docx_inplace import annotate

        return annotate(doc.path, doc.path, findings, comments, author=AUTHOR, initials=INITIALS,
                        revisions=getattr(doc.text, "revisions", "accept"))
    import io

    saved = io.BytesIO()
    build(doc, findings, comments).save(saved)
    return saved.getvalue()


def output_is_folder(arguments: list[str], output: str | None) -> bool:
    """-o names the copy when one draft file is given, else (several, or a folder) a folder."""
    return output is not None and (len(arguments) != 1 or os.path.isdir(arguments[0]) or os.path.isdir(output))


def outputs(paths: list[str], output: str | None, folder: bool) -> dict[str, str]:
    """Where each draft's copy goes: the file -o, or into the folder -o, or (no -o) beside each
    draft. Drafts that would share a copy's name (纲要.txt and 纲要.md) keep their suffix in it,
    then get a number."""
    if output is not None and not folder:
        return {path: output for path in paths[:1]}
    taken: set[str] = set()
    out = {}
    for path in paths:
        p = Path(path)
        folder = Path(output) if output is not None else p.parent
        names = [p.stem + SUFFIX, p.name + SUFFIX, *(f"{p.stem}-{n}{SUFFIX}" for n in range(2, len(paths) + 2))]
        target = next(str(folder / n) for n in names if os.path.normcase(str(folder / n)) not in taken)
        taken.add(os.path.normcase(target))
        out[path] = target
    return out


def render(result, out, options) -> None:
    """--format docx writes files, not a stream: check.py calls write_all instead."""
    from planlint.errors import PlanlintError

    raise PlanlintError("--format docx 写入文件而非输出流，请用 planlint check --format docx -o 文件名")


def write_all(result, arguments: list[str], output: str | None, echo=None) -> list[str]:
    """One annotated copy per linted draft (arguments: the paths given on the command line);
    returns the paths written, and says each to echo. Refuses to write over a draft: the
    original is never modified."""
    from planlint.workflow import output as output_mod
    from planlint.errors import PlanlintError

    rules = {r.code: r for r in result.rules}
    docs = list(result.documents)
    folder = output_is_folder(arguments, output)
    targets = outputs([d.path for d in docs], output, folder)
    if folder:
        try:
            Path(output).mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise PlanlintError(visible(f"{output}: 无法建立存放批注副本的文件夹（{e.strerror}）")) from None
    # never over a draft of the run, a device or through a dangling link (output.py)
    inputs = output_mod.identities(f.path for f in result.files)
    for target in targets.values():
        output_mod.check_target(target, inputs, _WHAT)
    written = []
    for d in docs:
        findings = [f for f in result.findings if f.path == d.path]
        target = targets[d.path]
        output_mod.write(target, copy_of(d, findings, rules), inputs, _WHAT)
        written.append(target)
        if echo is not None:
            echo(visible(f"已写入 {target}"))
    return written
