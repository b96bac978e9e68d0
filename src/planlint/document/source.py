"""bytes -> Text: encoding detection, newline handling, and the way back for --fix."""
from __future__ import annotations

import codecs
import os
import re
import stat

import msgspec

from planlint.errors import InputError
from planlint.document.model import Text
from planlint.text import lazyre

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)
# Control characters that never occur in a text draft; many of them means binary data.
_BINARY_CONTROLS = bytes(range(0, 9)) + bytes([11, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 28, 29, 30, 31])


def decode(data: bytes, path: str) -> Text:
    """Decode a draft's bytes. Raises InputError when the bytes are not text."""
    from planlint.document.wordfile import not_text

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


# Drafts larger than this are refused (bytes; --max-file-size): time and memory grow with the text.
MAX_BYTES = 10 * 1024 * 1024
# Configuration, rule files, vocabularies and baselines are small; this bounds what a hostile one costs.
MAX_CONFIG_BYTES = 4 * 1024 * 1024


class Snapshot(msgspec.Struct, frozen=True):
    """What a file was when it was read, to notice an edit made while we worked on it."""

    size: int
    mtime_ns: int
    sha256: str

    @classmethod
    def of(cls, st: os.stat_result, data: bytes) -> "Snapshot":
        return cls(st.st_size, st.st_mtime_ns, _sha256(data))


def _sha256(data: bytes) -> str:
    import hashlib  # only --fix takes snapshots: a plain run does not load OpenSSL

    return hashlib.sha256(data).hexdigest()


def read(path: str, display: str | None = None, limit: int | None = None, revisions: str = "accept") -> Text:
    from planlint.document import wordfile

    display = display or path
    if wordfile.is_docx(path):
        return wordfile.read_docx(path, display, revisions).text
    return decode(read_bytes(path, display, limit=limit), display)


def read_bytes(path: str, display: str | None = None, *, limit: int | None = None, error=InputError) -> bytes:
    """A file's bytes; errors name the file as displayed."""
    return _read_regular(path, display, limit, error)[0]


def read_with_snapshot(path: str, display: str | None = None, *, limit: int | None = None,
                       error=InputError) -> tuple[bytes, Snapshot]:
    """read_bytes, and the file's snapshot (what --fix checks before replacing it)."""
    data, st = _read_regular(path, display, limit, error)
    return data, Snapshot.of(st, data)


def _read_regular(path: str, display: str | None, limit: int | None, error) -> tuple[bytes, os.stat_result]:
    """A regular file's bytes (at most limit, default MAX_BYTES) and its stat. A device, FIFO or
    socket is refused without blocking (O_NONBLOCK): /dev/zero would never end, a FIFO never open.
    error: the exception class raised, InputError for drafts, ConfigError for configuration."""
    display = display or path
    limit = MAX_BYTES if limit is None else limit
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except IsADirectoryError:
        raise error(display, "是文件夹，不是文件") from None
    except FileNotFoundError:
        raise error(display, "文件不存在") from None
    except PermissionError:
        raise error(display, "没有读取权限") from None
    except OSError as e:
        raise error(display, f"无法读取（{e.strerror}）") from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise error(display, "是文件夹，不是文件")
        if not stat.S_ISREG(st.st_mode):
            raise error(display, "不是普通文件（是设备、管道或套接字），已跳过")
        if st.st_size > limit:
            raise error(display, f"文件过大（{st.st_size} 字节，上限 {limit} 字节），已跳过；可用 --max-file-size 调整上限")
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # grew while we read it
                raise error(display, f"文件过大（超过上限 {limit} 字节），已跳过")
        data = b"".join(chunks)
    except OSError as e:
        raise error(display, f"无法读取（{e.strerror}）") from None
    finally:
        os.close(fd)
    return data, st


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    if not sample:
        return False
    controls = len(sample) - len(sample.translate(None, _BINARY_CONTROLS))  # counted in C
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


class WriteRefused(Exception):
    """A file we will not replace; the message says why (Chinese, for the user)."""


# Temporary files are hidden and end in "~": discovery never lints them (drafts are *.txt/*.md and
# never start with "."), and the pid lets a later run remove those a killed run left behind.
TEMP_PREFIX = ".planlint-tmp-"
_TEMP_NAME = lazyre.compile(re.escape(TEMP_PREFIX) + r"(\d+)-[^/]*~$")
_swept: set[str] = set()


def write_atomic(path: str, data: bytes, expected: Snapshot | None = None) -> None:
    """Replace a file's content: write a temporary file in the same folder, then rename it over the
    original, so that a crash leaves either the old or the new file, never a half-written one.

    A symlink is written through (its target changes, the link stays). The original's mode, owner
    and group are kept; a file the user may not write, or whose owner we could not keep, is not
    replaced. expected: the file as it was read; if it has changed since (the drafter saved, another
    run fixed it), nothing is written. Raises WriteRefused or OSError."""
    target = os.path.realpath(path)
    folder = os.path.dirname(target)
    remove_stale_temporaries(folder)
    try:
        st = os.stat(target)
    except FileNotFoundError:
        st = None
    if st is not None:
        _check_writable(target, st)
    if expected is not None:
        _check_unchanged(target, expected)
    import tempfile  # only --fix writes: not on every run's start-up

    fd, tmp = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-", suffix="~", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if st is not None:
                _keep_owner(fh.fileno(), st)
                os.fchmod(fh.fileno(), stat.S_IMODE(st.st_mode))
            else:  # a new file gets the usual permissions, not mkstemp's 0600
                os.fchmod(fh.fileno(), 0o666 & ~_umask())
            os.fsync(fh.fileno())
        if expected is not None:
            _check_unchanged(target, expected)  # once more, as close to the rename as we can
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _check_writable(target: str, st: os.stat_result) -> None:
    if not stat.S_ISREG(st.st_mode):
        raise WriteRefused("不是普通文件，不写入")
    # os.access answers for the real user; root may write anything, so a file with no write bit
    # at all (chmod a-w) is also taken as "do not touch"
    if not os.access(target, os.W_OK) or not st.st_mode & 0o222:
        raise WriteRefused("文件只读或没有写入权限，未写入")


def _check_unchanged(target: str, expected: Snapshot) -> None:
    try:
        st = os.stat(target)
        if st.st_size == expected.size and st.st_mtime_ns == expected.mtime_ns:
            with open(target, "rb") as fh:
                if _sha256(fh.read(expected.size + 1)) == expected.sha256:
                    return
    except OSError:
        pass
    raise WriteRefused("文件在检查期间已被修改，未写入修正；请重新运行")


def _keep_owner(fd: int, st: os.stat_result) -> None:
    """Give the temporary file the original's owner and group, or refuse: replacing a colleague's
    file would make it ours."""
    if (st.st_uid, st.st_gid) == (os.geteuid(), os.getegid()):
        return
    try:
        os.fchown(fd, st.st_uid, st.st_gid)
    except PermissionError:
        try:  # a group we belong to can be kept even when the owner cannot
            os.fchown(fd, -1, st.st_gid)
        except PermissionError:
            pass
        if os.fstat(fd).st_uid != st.st_uid:
            raise WriteRefused("文件属于其他用户，替换会改变属主，未写入") from None


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def remove_stale_temporaries(folder: str) -> None:
    """Remove our temporary files in folder whose process is gone (a run killed mid-write)."""
    if folder in _swept:
        return
    _swept.add(folder)
    try:
        names = [n for n in os.listdir(folder) if n.startswith(TEMP_PREFIX)]
    except OSError:
        return
    for name in names:
        m = _TEMP_NAME.match(name)
        if m is None or _alive(int(m.group(1))):
            continue
        path = os.path.join(folder, name)
        try:
            if os.lstat(path).st_uid == os.geteuid():
                os.unlink(path)
        except OSError:
            pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True
