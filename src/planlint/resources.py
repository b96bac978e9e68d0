"""Where the shipped grammar, rule sets and vocabularies are, and the private cache folder."""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, Callable

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """grammar/ or rules/: inside the installed package, or at the top of a source checkout."""
    inside = _PACKAGE / name
    if inside.is_dir():
        return inside
    checkout = _PACKAGE.parent.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"planlint is installed without its {name}/ folder")


def vocabulary_dir() -> Path:
    """rules/vocabularies/: the shipped word lists (units, targets, indicators, agencies) that
    rules name in their parameters; rules/*.yaml beside it are the rule sets."""
    return data_dir("rules") / "vocabularies"


def cache_dir() -> Path | None:
    """A per-user cache folder (0700) for the compiled grammar, the validated shipped rules and the
    word index (segment.py): the
    platform's cache folder (platformdirs: $XDG_CACHE_HOME/planlint, ~/.cache/planlint,
    ~/Library/Caches/planlint, %LOCALAPPDATA%\\planlint\\Cache), or $PLANLINT_CACHE_DIR. Never a
    guessable shared path in /tmp. None when it cannot be used (read-only home, a file in the way,
    another owner): the run goes on without a cache."""
    override = os.environ.get("PLANLINT_CACHE_DIR")
    try:
        root = Path(override) if override else _platform_cache_root()
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
        if hasattr(os, "getuid") and root.stat().st_uid != os.getuid():
            return None
        if not os.access(root, os.W_OK | os.X_OK):
            return None
        return root
    except (OSError, RuntimeError):  # RuntimeError: no home folder to expand
        return None


def _platform_cache_root() -> Path:
    """The user's cache folder for planlint. On Linux the XDG rule is two lines, and platformdirs
    costs ~2 ms of every run's start-up to import; elsewhere it knows the conventions."""
    if sys.platform.startswith("linux") and "ANDROID_DATA" not in os.environ:
        xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
        base = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache"
        return base / "planlint"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("planlint", appauthor=False))


def write_cache(target: Path, data: bytes) -> None:
    """Replace a cache file atomically and remove the older files of its kind (same prefix before
    the first "-": an earlier version's key). A cache that cannot be written is only a miss later."""
    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
        kind = target.name.split("-", 1)[0]
        for old in target.parent.glob(f"{kind}-*{target.suffix}"):
            if old != target:
                old.unlink(missing_ok=True)
    except OSError:
        tmp.unlink(missing_ok=True)


# JSON caches: plain data only (nothing in them can run code when read), of bounded size
MAX_CACHE_BYTES = 16 * 1024 * 1024
UNUSED_DAYS = 30  # a JSON cache no run has read for this long is removed when another is written
_DAY = 86_400


def name_digest(text: str, length: int = 16) -> str:
    """A short stable name for text, for cache file names (at most 16 hex digits). Not a security
    measure: a cache file is checked for what it holds when it is read. CRC-32 of the text and of
    its reverse (64 bits) rather than SHA-256, whose OpenSSL module costs 4-5 ms to import: every
    run names its caches, few runs need a cryptographic hash."""
    import zlib

    data = text.encode("utf-8", "surrogateescape")
    return f"{zlib.crc32(data):08x}{zlib.crc32(data[::-1]):08x}"[:length]


def install_tag() -> str:
    """A short name for this installation (its folder): cache files of two installations of one
    user (a project's venv and pipx, several checkouts) have different kinds, so that writing one
    never removes the other's (write_cache prunes by kind)."""
    return name_digest(str(_PACKAGE), 10)


def read_json_cache(target: Path) -> Any:
    """The data in a JSON cache file, or None when there is none to trust: missing, not a regular
    file (a link, a FIFO), not the user's own, too large, not UTF-8 JSON. The data is still
    untrusted input: the caller checks its shape."""
    import json
    import stat

    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(target, flags)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_CACHE_BYTES:
            return None
        if hasattr(os, "getuid") and st.st_uid != os.getuid():
            return None
        _mark_used(fd, st)
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(MAX_CACHE_BYTES + 1)
        return json.loads(data.decode("utf-8"))
    except (OSError, ValueError, RecursionError):  # ValueError: bad UTF-8 or JSON
        return None
    finally:
        os.close(fd)


def _mark_used(fd: int, st) -> None:
    """A JSON cache file's modification time says when a run last used it (refreshed at most daily),
    so that the files of installations long gone can be removed (prune_unused)."""
    import time

    if time.time() - st.st_mtime > _DAY and os.utime in os.supports_fd:
        try:
            os.utime(fd)
        except OSError:
            pass


def prune_unused(folder: Path, days: int = UNUSED_DAYS) -> None:
    """Remove the JSON caches no run has used for `days` days: every installation (a venv, a
    checkout) keeps its own, and one that is gone would otherwise stay forever."""
    import time

    cutoff = time.time() - days * _DAY
    for old in folder.glob("*.json"):
        try:
            if old.is_file() and not old.is_symlink() and old.stat().st_mtime < cutoff:
                old.unlink()
        except OSError:
            pass


def write_json_cache(target: Path, data: Any) -> bool:
    """Write data as a JSON cache file if it comes back from JSON equal (no tuples, no non-string
    keys, no NaN): a cache that would read back different is not written. True when written."""
    import json

    try:
        text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    except (TypeError, ValueError, RecursionError):
        return False
    if json.loads(text) != data:
        return False
    try:
        encoded = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate (a pattern's class over all code points): escaped
        encoded = json.dumps(data, allow_nan=False, separators=(",", ":")).encode("ascii")
    write_cache(target, encoded)
    prune_unused(target.parent)  # a miss is rare: the time to look for caches of other days
    return True


def cached_parse(path: Path, parse: Callable[[], Any]) -> Any:
    """The content of a file shipped with planlint (a registry, a rule set), parsed by parse() on a
    miss and kept as JSON in the cache folder, keyed by the file's path, size and modification
    time: a warm run needs no YAML parser."""
    folder = cache_dir()
    if folder is None:
        return parse()
    from planlint import __version__

    try:
        st = path.stat()
    except OSError:
        return parse()  # its own error message
    name = name_digest(f"{install_tag()}\0{path}", 12)
    stamp = f"{__version__}\0{st.st_size}\0{st.st_mtime_ns}"
    target = folder / f"data.{name}-{name_digest(stamp)}.json"
    cached = read_json_cache(target)
    if (isinstance(cached, dict) and cached.get("path") == str(path) and cached.get("stamp") == stamp
            and "data" in cached):
        return cached["data"]
    data = parse()
    write_json_cache(target, {"path": str(path), "stamp": stamp, "data": data})
    return data


def cached_value(kind: str, key: str, compute: Callable[[], Any], valid: Callable[[Any], bool]) -> Any:
    """A value computed from this Python alone (e.g. a table over its Unicode data), kept as JSON in
    the cache folder under kind and key; recomputed when missing or not valid(value)."""
    folder = cache_dir()
    if folder is None:
        return compute()
    target = folder / f"{kind}.{install_tag()}-{name_digest(key)}.json"  # named as the rule cache: pruned per install
    cached = read_json_cache(target)
    if isinstance(cached, dict) and cached.keys() == {"key", "value"} and cached["key"] == key and valid(cached["value"]):
        return cached["value"]
    value = compute()
    write_json_cache(target, {"key": key, "value": value})
    return value

