"""Helpers for the hostile-input tests: run the installed console script as a user runs it, as root
or as an unprivileged user created for the purpose, in a folder both can reach."""
from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from conftest import console_script

script = console_script

USER = "planlint-tester"
DRAFT = "第一章 总则\n一、目标\n到2025年，全市生产总值达到802.6亿元，增长 5 % 。\n三、任务\n"  # UNT102 (safe fix), NUM101
FIXED = DRAFT.replace("5 %", "5%")


def _env(extra: dict | None = None, home: str | None = None) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONSTARTUP", "PLANLINT_SAFE_CONFIG", "PRE_COMMIT")}
    if home:
        env.update(HOME=home, XDG_CACHE_HOME=os.path.join(home, ".cache"),
                   XDG_CONFIG_HOME=os.path.join(home, ".config"))
    env.update(extra or {})
    return env


def run(*args: str, cwd, env: dict | None = None, timeout: float = 120, input: bytes | None = None,
        as_user: bool = False, home: str | None = None) -> subprocess.CompletedProcess:
    """planlint ARGS in cwd; as_user: as the unprivileged test user (skips when impossible)."""
    cmd = [script(), *args]
    if as_user:
        uid, gid = unprivileged()
        cmd = ["setpriv", f"--reuid={uid}", f"--regid={gid}", "--clear-groups", "--", user_script(), *args]
    return subprocess.run(cmd, cwd=cwd, env=_env(env, home), capture_output=True, timeout=timeout,
                          input=input)


def unprivileged() -> tuple[int, int]:
    """uid and gid of an ordinary user; created once when we run as root."""
    if os.geteuid() != 0:
        pytest.skip("needs root to run planlint as a second, unprivileged user")
    if not shutil.which("setpriv"):
        pytest.skip("setpriv (util-linux) is not installed")
    try:
        pw = pwd.getpwnam(USER)
    except KeyError:
        if not shutil.which("useradd"):
            pytest.skip("useradd is not available to create an unprivileged user")
        done = subprocess.run(["useradd", "-M", "-N", "-s", "/usr/sbin/nologin", USER], capture_output=True)
        if done.returncode != 0:
            pytest.skip(f"could not create a test user: {done.stderr.decode(errors='replace')}")
        pw = pwd.getpwnam(USER)
    user_script()
    return pw.pw_uid, pw.pw_gid


def _reachable(path: Path) -> bool:
    return all(os.stat(p).st_mode & 0o001 for p in path.resolve().parents)


def user_script() -> str:
    """A planlint console script that an unprivileged user can run: this environment's, when its
    interpreter is reachable; else $PLANLINT_USER_SCRIPT or <repo>/.venv-user/bin/planlint (a venv
    made with a system Python: `python3 -m venv .venv-user && .venv-user/bin/pip install -e .`)."""
    candidates = [Path(script())]
    if os.environ.get("PLANLINT_USER_SCRIPT"):
        candidates.insert(0, Path(os.environ["PLANLINT_USER_SCRIPT"]))
    candidates.append(Path(__file__).resolve().parent.parent / ".venv-user" / "bin" / "planlint")
    for c in candidates:
        if c.exists() and _reachable(c):
            python = Path(os.path.realpath(c.parent / "python"))  # a venv's base interpreter
            if python.exists() and _reachable(python):
                return str(c)
    pytest.skip("no planlint an unprivileged user can run (this Python lives in a private folder; "
                "set PLANLINT_USER_SCRIPT or make .venv-user with a system Python)")


def shared_dir() -> Path:
    """A fresh folder that every user may enter and write (like /tmp: sticky, world-writable)."""
    d = Path(tempfile.mkdtemp(prefix="planlint-hostile-"))
    os.chmod(d, 0o1777)
    return d


def out(done: subprocess.CompletedProcess) -> str:
    return done.stdout.decode("utf-8", "replace")


def err(done: subprocess.CompletedProcess) -> str:
    return done.stderr.decode("utf-8", "replace")


def assert_clean_failure(done: subprocess.CompletedProcess, *needles: str) -> None:
    """Exit 2, a message on stderr naming what is wrong, no traceback."""
    text = err(done)
    assert done.returncode == 2, (done.returncode, text)
    assert "Traceback" not in text, text
    for needle in needles:
        assert needle in text, text
