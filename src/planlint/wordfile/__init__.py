"""Word drafts (.docx) as first-class input, and a clear refusal of the formats planlint cannot read.

API (also for other reports that annotate a Word copy):

    wf = read_docx(path, display=None, revisions="accept")   # WordFile; InputError when unreadable
    wf.text          # WordText (a model.Text): what every check reads; wf.text.paras map lines back
    wf.locate(offset) -> Anchor(para, paragraph element, run element, w:t element, offset in w:t)
                        (element fields are None where the text was generated: numbers, separators)
    positions.location(text, offset) -> the `location` object a finding carries (第N段 / 表N 第R行第C列)

python-docx opens the package (relationships, content types); lxml reads what it has no API for
(numbering, text boxes, tracked changes, footnotes). Both are imported only when a .docx is read.
"""
from __future__ import annotations

import bisect
import io
import os
from dataclasses import dataclass

from ..errors import InputError

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
_REL = {"numbering": "/numbering", "styles": "/styles", "comments": "/comments", "footnotes": "/footnotes"}


def is_docx(path: str) -> bool:
    return path.lower().endswith(DOCX_SUFFIXES)


def unreadable_reason(path: str) -> str | None:
    """Why a file of this kind cannot be linted, with what to do; None for a readable kind."""
    why = UNREADABLE.get(os.path.splitext(path)[1].lower())
    if why is None:
        return None
    return why if "请" in why else f"{why}：{_CONVERT}"


@dataclass
class Anchor:
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
        from .positions import para_at

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
    from .. import source

    display = display or path
    return parse_docx(source.read_bytes(path, display), display, revisions)


def parse_docx(data: bytes, display: str, revisions: str = "accept") -> WordFile:
    if data.startswith(_OLE):
        raise InputError(display, "已加密或实为旧版 .doc 格式，无法读取：请取消密码保护后另存为 .docx，"
                                  "或运行 soffice --headless --convert-to docx 文件名")
    import zipfile

    _check_package(data, display)
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError:  # pragma: no cover - a broken installation
        raise InputError(display, "读取 .docx 需要 python-docx（pip install python-docx）") from None
    from lxml import etree

    try:
        document = docx.Document(io.BytesIO(data))
        parts = _parts(document)
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError,
            AttributeError, TypeError, NotImplementedError) as e:
        raise InputError(display, f"不是有效的 .docx 文件（{_brief(e)}）：请在 Word 中打开后重新另存为 .docx") from None
    from .reader import build

    roots = {role: root for role, (_, root) in parts.items()}
    text, nodes = build(display, roots, revisions)
    return WordFile(text, nodes, data, parts)


def _brief(e: Exception) -> str:
    msg = str(e).splitlines()[0] if str(e) else type(e).__name__
    return "".join(c for c in msg[:80] if c.isprintable())


def _check_package(data: bytes, display: str) -> None:
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise InputError(display, "不是有效的 .docx 文件（不是 ZIP 包，可能已损坏或只是改了扩展名）："
                                  "请在 Word 中打开后重新另存为 .docx") from None
    if sum(i.file_size for i in infos) > MAX_UNPACKED:
        raise InputError(display, "不是正常的 .docx 文件（解压后过大），已拒绝读取")
    if any(i.flag_bits & 0x1 for i in infos):
        raise InputError(display, "已加密，无法读取：请取消密码保护后另存为 .docx")


def _parts(document) -> dict:
    """role -> (partname, root element) for the main document and the parts the reader uses."""
    from .xml import parse

    main = document.part
    out = {"document": (str(main.partname), main.element)}
    for rel in main.rels.values():
        if rel.is_external:
            continue
        for role, suffix in _REL.items():
            if rel.reltype.endswith(suffix) and role not in out:
                part = rel.target_part
                root = getattr(part, "element", None)
                if root is None:
                    root = parse(part.blob)
                out[role] = (str(part.partname), root)
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
