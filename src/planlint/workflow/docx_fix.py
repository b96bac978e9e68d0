"""--fix on a .docx: every selected edit must fall inside one w:t (one run, one formatting), or the
file is left untouched and the run says why. Never a partial rewrite: the edited XML parts are
serialised again, every other entry of the package is copied byte for byte, and the engine
writes the new package atomically."""
from __future__ import annotations

import io

import msgspec

from planlint.document.model import Edit, Text
from planlint.document.wordfile.xml import XML_SPACE


class WordFix(msgspec.Struct):
    """Duck-types fixer.FixResult for the engine, with the text before and a note for the user."""

    original: bytes
    data: bytes
    text: Text
    fixed: int
    before: Text | None = None
    note: str = ""
    snapshot: object = None  # source.Snapshot of the file as read: written only if still so

    @property
    def changed(self) -> bool:
        return self.data != self.original


def fix_docx(data: bytes, display: str, lint_text, unsafe: bool, revisions: str = "accept"):
    """Lint, map the selected fixes onto runs, rewrite the package once. Returns
    (WordFix, Document, findings) like fixer.fix_loop."""
    from planlint.workflow import fixer
    from planlint.document.wordfile import parse_docx

    wf = parse_docx(data, display, revisions)
    doc, found = lint_text(wf.text)
    edits, n = fixer.select(found, unsafe)
    if not edits:
        return WordFix(data, data, wf.text, 0), doc, found
    if revisions != "accept":  # the original text holds deleted runs: an edit there would be lost
        note = f"{display}: 未修改文件：--revisions original 时不自动修正，请接受或拒绝修订后再修正"
        return WordFix(data, data, wf.text, 0, note=note), doc, found
    new, problem = apply(wf, edits)
    if problem:
        note = f"{display}: 未修改文件：{problem}（.docx 只在单一格式的文字内自动修正，其余请在 Word 中手工修改）"
        return WordFix(data, data, wf.text, 0, note=note), doc, found
    after = parse_docx(new, display, revisions)
    doc, found = lint_text(after.text)
    return WordFix(data, new, after.text, n, before=wf.text), doc, found


def _target(wf, e: Edit):
    """(w:t element, start, end in its text) for an edit inside one piece, else None."""
    import bisect

    pieces = wf.text.pieces
    i = bisect.bisect_right(pieces, (e.start, 1 << 62)) - 1
    candidates = [i, i - 1] if e.start == e.end else [i]   # an insertion may sit at a piece's end
    for k in candidates:
        if 0 <= k < len(pieces):
            start, end, index, offset = pieces[k]
            if start <= e.start and e.end <= end:
                return wf.nodes[index], offset + e.start - start, offset + e.end - start
    return None


def apply(wf, edits: list[Edit]) -> tuple[bytes, str]:
    """The new package bytes, or (b"", why not) when any edit crosses a run or generated text."""
    targets = []
    for e in edits:
        if "\n" in e.replacement:
            return b"", "修正会拆分段落"
        t = _target(wf, e)
        if t is None:
            line = wf.text.pos(e.start).line
            return b"", f"第 {line} 行的修正跨越了不同格式的文字或自动编号"
        targets.append((t, e.replacement))
    by_node: dict = {}
    for (node, a, b), repl in targets:
        by_node.setdefault(node, []).append((a, b, repl))
    for node, changes in by_node.items():
        s = node.text or ""
        for a, b, repl in sorted(changes, reverse=True):
            s = s[:a] + repl + s[b:]
        node.text = s
        if s != s.strip():
            node.set(XML_SPACE, "preserve")
    return _repackage(wf, {node.getroottree().getroot() for node in by_node}), ""


def _repackage(wf, roots) -> bytes:
    import zipfile

    from lxml import etree

    changed = {}
    for partname, root in wf.parts.values():
        if root in roots:
            changed[partname.lstrip("/")] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                                           standalone=True)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(wf.package)) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            zout.writestr(info, changed.get(info.filename) or zin.read(info))
    return out.getvalue()
