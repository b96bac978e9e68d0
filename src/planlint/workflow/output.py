"""Files planlint writes besides drafts: the report (-o/--output-file) and the baseline
(--write-baseline).

They are written only to a regular file or a new one: never a device (/dev/full, /dev/stdout),
a FIFO, a folder, through a dangling symlink, or over a draft of the run. The content is complete
before anything is replaced (source.write_atomic), so a full disk or a missing folder is an exit-2
error and the old file stays as it was.
"""
from __future__ import annotations

import os
import stat

from planlint.errors import PlanlintError


def identities(paths) -> set[tuple[int, int]]:
    """(device, inode) of the files that exist among paths (the drafts of a run)."""
    out = set()
    for p in paths:
        try:
            st = os.stat(p)
        except (OSError, ValueError):
            continue
        out.add((st.st_dev, st.st_ino))
    return out


def check_target(path: str, inputs: set[tuple[int, int]], what: str) -> None:
    """Raise PlanlintError (exit 2) if path is not a place we may write `what` to."""
    try:
        link = os.lstat(path)
    except FileNotFoundError:
        link = None
    except OSError as e:
        raise PlanlintError(f"{path}: 无法写入{what}（{e.strerror}）") from None
    if link is not None and stat.S_ISLNK(link.st_mode) and not os.path.exists(path):
        raise PlanlintError(f"{path}: 是指向不存在文件的符号链接，未写入{what}")
    try:
        st = os.stat(path)
    except FileNotFoundError:
        folder = os.path.dirname(os.path.abspath(path))
        if not os.path.isdir(folder):
            raise PlanlintError(f"{path}: 所在文件夹不存在，未写入{what}") from None
        return
    except OSError as e:
        raise PlanlintError(f"{path}: 无法写入{what}（{e.strerror}）") from None
    if not stat.S_ISREG(st.st_mode):
        raise PlanlintError(f"{path}: 不是普通文件（设备、管道或文件夹），未写入{what}；请指定一个普通文件")
    if (st.st_dev, st.st_ino) in inputs:
        raise PlanlintError(f"{path}: 是本次检查的文稿，不能用来保存{what}")


def write(path: str, data: bytes, inputs: set[tuple[int, int]], what: str) -> None:
    """Write data to path (see the module docstring), or raise PlanlintError."""
    from planlint.document.source import WriteRefused, write_atomic

    check_target(path, inputs, what)
    try:
        write_atomic(path, data)
    except WriteRefused as e:
        raise PlanlintError(f"{path}: {e}（{what}）") from None
    except OSError as e:
        raise PlanlintError(f"{path}: 无法写入{what}（{e.strerror}），原文件未改动") from None
