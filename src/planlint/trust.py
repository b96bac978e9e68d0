"""Whose configuration a run may follow.

Configuration is found by walking up from each draft, so a `planlint.yaml` that another user put
in a shared parent folder (/tmp, a world-writable share) would otherwise steer our run — its rules
and vocabularies, and through `--fix` the draft itself. As git does with `safe.directory`, a
configuration file (and a rule file or 单位名录 file one names) is used only when it belongs to the user
running planlint (or to root, who can change planlint itself) and no one else may write it.
Otherwise it is ignored, with one line on stderr naming the file and the reason.

A user allows such files with PLANLINT_SAFE_CONFIG (paths of files or folders, separated by
os.pathsep; `*` allows all) or with the same entries, one a line, in
$XDG_CONFIG_HOME/planlint/safe-paths (~/.config/planlint/safe-paths), a file of their own.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

ENV = "PLANLINT_SAFE_CONFIG"
_warned: set[str] = set()


def problem(path: str | Path) -> str | None:
    """Why path may not be trusted, or None."""
    try:
        st = os.stat(path)
    except OSError:
        return None  # reading it reports the error
    if st.st_uid not in (os.geteuid(), 0):
        return f"属于其他用户（uid {st.st_uid}）"
    if st.st_mode & stat.S_IWOTH:
        return "任何用户都可以修改它"
    return None


def _user_entries() -> list[str]:
    home = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    path = os.path.join(home, "planlint", "safe-paths")
    try:
        st = os.stat(path)
        if st.st_uid != os.geteuid() or st.st_mode & (stat.S_IWOTH | stat.S_IWGRP):
            return []
        with open(path, encoding="utf-8", errors="replace") as fh:
            return [line.strip() for line in fh if line.strip() and not line.startswith("#")]
    except OSError:
        return []


def allowed(path: str | Path) -> bool:
    """The user allowed this file (or a folder above it, or everything)."""
    entries = [e for e in os.environ.get(ENV, "").split(os.pathsep) if e] + _user_entries()
    if not entries:
        return False
    real = os.path.realpath(path)
    for e in entries:
        if e == "*":
            return True
        e = os.path.realpath(os.path.expanduser(e))
        if real == e or real.startswith(e.rstrip(os.sep) + os.sep):
            return True
    return False


def usable(path: str | Path, what: str) -> bool:
    """True if path may be used; otherwise say once (stderr) that it is ignored and why."""
    reason = problem(path)
    if reason is None or allowed(path):
        return True
    key = os.path.realpath(path)
    if key not in _warned:
        _warned.add(key)
        from planlint.workflow.engine import warn

        warn(f"{path}: 已忽略此{what}：{reason}。若信任它，请把路径加入环境变量 {ENV}"
             f"（或 ~/.config/planlint/safe-paths）")
    return False
