"""bytes -> Text: encoding detection, newline handling, and the way back for --fix."""
from __future__ import annotations

import codecs
import os
import tempfile

from .errors import InputError
from .model import Text

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)
# Control characters that never occur in a text draft; many of them means binary data.
_BINARY_CONTROLS = set(range(0, 9)) | {11, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 28, 29, 30, 31}


def decode(data: bytes, path: str) -> Text:
    """Decode a draft's bytes. Raises InputError when the bytes are not text."""
    from .wordfile import not_text

    reason = not_text(path, data)  # .doc, .pdf, a .docx under another name: say what to do
    if reason:
        raise InputError(path, reason)
    bom = False
    codec = "utf-8"
    for mark, bom_codec, name in _BOMS:
        if data.startswith(mark):
            codec = bom_codec
            try:
                content = data[len(mark):].decode(codec)
            except UnicodeDecodeError as e:
                raise InputError(path, f"不是有效的 {name} 文本（第 {e.start} 字节处解码失败）") from None
            bom, encoding = True, name
            break
    else:
        if _looks_binary(data):
            raise InputError(path, "不是文本文件（含二进制数据），已跳过")
        encoding = "utf-8"
        try:
            content = data.decode("utf-8")
        except UnicodeDecodeError:
            try:
                content = data.decode("gb18030")
                encoding = codec = "gb18030"
            except UnicodeDecodeError as e:
                raise InputError(
                    path, f"无法识别文件编码（不是 UTF-8、UTF-16 或 GB18030 文本，第 {e.start} 字节处解码失败）"
                ) from None
    if "\x00" in content:
        raise InputError(path, "不是文本文件（含 NUL 字符），已跳过")
    newline = _dominant_newline(content)
    trailing = content.endswith(("\n", "\r"))
    content = content.replace("\r\n", "\n").replace("\r", "\n")
    return Text(path=path, content=content, encoding=encoding, newline=newline, bom=bom,
                trailing_newline=trailing, codec=codec)


def read(path: str, display: str | None = None, revisions: str = "accept") -> Text:
    from . import wordfile

    display = display or path
    if wordfile.is_docx(path):
        return wordfile.read_docx(path, display, revisions).text
    return decode(read_bytes(path, display), display)


def read_bytes(path: str, display: str | None = None) -> bytes:
    """A file's bytes; errors name the file as displayed."""
    display = display or path
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except IsADirectoryError:
        raise InputError(display, "是文件夹，不是文件") from None
    except FileNotFoundError:
        raise InputError(display, "文件不存在") from None
    except PermissionError:
        raise InputError(display, "没有读取权限") from None
    except OSError as e:
        raise InputError(display, f"无法读取（{e.strerror}）") from None


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    if not sample:
        return False
    controls = sum(1 for b in sample if b in _BINARY_CONTROLS)
    return controls / len(sample) > 0.01


def _dominant_newline(content: str) -> str:
    crlf = content.count("\r\n")
    cr = content.count("\r") - crlf
    lf = content.count("\n") - crlf
    best = max((crlf, "\r\n"), (lf, "\n"), (cr, "\r"))
    return best[1] if best[0] else "\n"


def encode(text: Text, content: str) -> bytes:
    """Encode new content the way the original file was written: encoding, BOM and newlines."""
    body = content.replace("\n", text.newline) if text.newline != "\n" else content
    data = body.encode(text.codec or "utf-8")
    if text.bom:
        mark = next(m for m, codec, _ in _BOMS if codec == text.codec)
        data = mark + data
    return data


def write_atomic(path: str, data: bytes) -> None:
    """Write to a temporary file in the same folder, then rename over the original: a crash
    leaves either the old or the new file, never a half-written one."""
    folder = os.path.dirname(os.path.abspath(path))
    mode = None
    try:
        mode = os.stat(path).st_mode & 0o7777
    except OSError:
        pass
    fd, tmp = tempfile.mkstemp(prefix=".planlint-", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
