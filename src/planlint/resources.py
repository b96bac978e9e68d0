"""Where the shipped grammar, rule sets and vocabularies are, and the private cache folder."""
from __future__ import annotations

import os
from pathlib import Path

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
    if override:
        root = Path(override)
    else:
        from platformdirs import user_cache_dir

        root = Path(user_cache_dir("planlint", appauthor=False))
    try:
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
        if hasattr(os, "getuid") and root.stat().st_uid != os.getuid():
            return None
        if not os.access(root, os.W_OK | os.X_OK):
            return None
        return root
    except (OSError, RuntimeError):  # RuntimeError: no home folder to expand
        return None



def write_cache(target: Path, data: bytes) -> None:
    """Replace a cache file atomically and remove the older files of its kind (same prefix before
    the first "-": an earlier version's key). A cache that cannot be written is only a miss later."""
    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, target)
        kind = target.name.split("-", 1)[0]
        for old in target.parent.glob(f"{kind}-*{target.suffix}"):
            if old != target:
                old.unlink(missing_ok=True)
    except OSError:
        tmp.unlink(missing_ok=True)
