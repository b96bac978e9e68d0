"""Word drafts (.docx) as first-class input, and a clear refusal of the formats planlint cannot read.

API (also for other reports that annotate a Word copy):

    wf = read_docx(path, display=None, revisions="accept")   # WordFile; InputError when unreadable
    wf.text          # WordText (a model.Text): what every check reads; wf.text.paras map lines back
    wf.locate(offset) -> Anchor(para, paragraph element, run element, w:t element, offset in w:t)
                        (element fields are None where the text was generated: numbers, separators)
    wf.package       # the original bytes; wf.parts: role -> (part name, lxml root) of the parts read
    positions.para_at(wf.text, offset) -> Para (第N段, or 表N/row/col), positions.location(para, heading_path)
                     -> the `location` object a finding carries; a Finding's offset is
                     wf.text.line_start(f.line) + f.column - 1 before check's relocate()

The package is read with zipfile and lxml (imported only when a .docx is read): python-docx has
no API for what a draft needs (numbering, text boxes, tracked changes, footnotes) and importing it
costs a third of the time budget of a whole run; the tests build their documents with it.
"""
from __future__ import annotations

import bisect
import io
import os
import posixpath

import msgspec

from planlint.errors import InputError

DOCX_SUFFIXES = (".docx",)
# Formats a drafter may hand in that planlint cannot read: each says what to do instead.
_CONVERT = "请在 Word/WPS 中另存为 .docx，或运行 soffice --headless --convert-to docx 文件名"
UNREADABLE = {
    ".doc": "是旧版 Word 格式（.doc），无法读取",
    ".wps": "是 WPS 文字格式（.wps），无法读取",
    ".pdf": "是 PDF 文件，无法可靠读取正文（请使用原始的 Word 文稿或 .txt）",
    ".odt": "是 OpenDocument 格式（.odt），无法读取",
    ".rtf": "是 RTF 格式，无法读取",
    ".docm": "是含宏的 Word 文档（.docm），不读取",
    ".dot": "是 Word 模板，不是文稿",
    ".dotx": "是 Word 模板，不是文稿",
}
MAX_UNPACKED = 200 * 1024 * 1024   # a package that unpacks to more than this is refused (zip bomb)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ROLES = ("numbering", "styles", "comments", "footnotes")


def is_docx(path: str) -> bool:
    return path.lower().endswith(DOCX_SUFFIXES)


def unreadable_reason(path: str) -> str | None:
    """Why a file of this kind cannot be linted, with what to do; None for a readable kind."""
    why = UNREADABLE.get(os.path.splitext(path)[1].lower())
    if why is None:
        return None
    return why if "请" in why else f"{why}：{_CONVERT}"


class Anchor(msgspec.Struct):
    para: object            # reader.Para, or None outside any paragraph (a blank separator line)
    paragraph: object       # the w:p element
    run: object             # the w:r element
    node: object            # the w:t element
    offset: int             # offset in node.text


class WordFile:
    def __init__(self, text, nodes, package: bytes, parts: dict):
        self.text = text
        self.nodes = nodes
        self.package = package
        self.parts = parts      # role -> (partname, root element) for the parts read

    def locate(self, offset: int) -> Anchor:
        from planlint.document.wordfile.positions import para_at

        para = para_at(self.text, offset)
        pieces = self.text.pieces
        i = bisect.bisect_right(pieces, (offset, 1 << 62)) - 1
        if i >= 0 and pieces[i][0] <= offset < pieces[i][1]:
            start, _, index, node_offset = pieces[i]
            node = self.nodes[index]
            run = node.getparent()
            p = run
            while p is not None and p.tag != run.tag.replace("}r", "}p"):
                p = p.getparent()
            return Anchor(para, p, run, node, node_offset + offset - start)
        return Anchor(para, None, None, None, 0)


def read_docx(path: str, display: str | None = None, revisions: str = "accept") -> WordFile:
    from planlint.document import source

    display = display or path
    return parse_docx(source.read_bytes(path, display), display, revisions)


def parse_docx(data: bytes, display: str, revisions: str = "accept") -> WordFile:
    if data.startswith(_OLE):
        raise InputError(display, "已加密或实为旧版 .doc 格式，无法读取：请取消密码保护后另存为 .docx，"
                                  "或运行 soffice --headless --convert-to docx 文件名")
    import zipfile

    from lxml import etree

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            _check_package(z, display)
            parts = _parts(z)
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
        raise InputError(display, "不是有效的 .docx 文件（不是完整的 ZIP 包，可能已损坏或只是改了扩展名）："
                                  "请在 Word 中打开后重新另存为 .docx") from None
    except etree.XMLSyntaxError as e:
        raise InputError(display, f"不是有效的 .docx 文件（XML 有误：{_brief(e)}）：请在 Word 中打开后重新另存为 .docx") from None
    except KeyError as e:
        raise InputError(display, f"不是有效的 .docx 文件（缺少 {_brief(e)}）：请在 Word 中打开后重新另存为 .docx") from None
    from planlint.document.wordfile.reader import build

    roots = {role: root for role, (_, root) in parts.items()}
    text, nodes = build(display, roots, revisions)
    return WordFile(text, nodes, data, parts)


def _brief(e: Exception) -> str:
    msg = str(e).splitlines()[0] if str(e) else type(e).__name__
    return "".join(c for c in msg[:80] if c.isprintable())


def _check_package(z, display: str) -> None:
    infos = z.infolist()
    if sum(i.file_size for i in infos) > MAX_UNPACKED:
        raise InputError(display, "不是正常的 .docx 文件（解压后过大），已拒绝读取")
    if any(i.flag_bits & 0x1 for i in infos):
        raise InputError(display, "已加密，无法读取：请取消密码保护后另存为 .docx")


def _parts(z) -> dict:
    """role -> (partname, root element) for the main document and the parts the reader uses,
    found through the package's relationships (OPC), as Word finds them."""
    from planlint.document.wordfile.xml import parse

    names = set(z.namelist())
    main = _targets(z, names, "", "_rels/.rels").get("officeDocument") or "word/document.xml"
    if main not in names:
        raise KeyError(main)
    folder, base = posixpath.split(main)
    out = {"document": ("/" + main, parse(z.read(main)))}
    related = _targets(z, names, folder, posixpath.join(folder, "_rels", base + ".rels"))
    for role in _ROLES:
        name = related.get(role)
        if name in names:
            out[role] = ("/" + name, parse(z.read(name)))
    return out


def _targets(z, names: set, folder: str, rels: str) -> dict[str, str]:
    """Relationship type (its last segment) -> part name, from one .rels part."""
    from planlint.document.wordfile.xml import parse

    if rels not in names:
        return {}
    out = {}
    for rel in parse(z.read(rels)):
        if rel.get("TargetMode") == "External":
            continue
        kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
        target = rel.get("Target") or ""
        name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        out.setdefault(kind, name)
    return out


def sniff(data: bytes) -> str | None:
    """A Word, WPS or PDF file whatever its name says: why it is not a text draft, and what to do."""
    if data.startswith(_OLE):
        return f"是旧版 Word/WPS 文档或加密文档，不是文本文件：{_CONVERT}"
    if data.startswith(b"PK\x03\x04"):
        return "是 ZIP 包（可能是改了扩展名的 .docx），不是文本文件：若是 Word 文稿，请把扩展名改为 .docx"
    if data.startswith(b"%PDF"):
        return "是 PDF 文件，不是文本文件：请使用原始的 Word 文稿或 .txt"
    return None


def not_text(path: str, data: bytes) -> str | None:
    """Why a file handed to the text reader is not a text draft (by its name, then its first
    bytes), or None."""
    return unreadable_reason(path) or sniff(data)
