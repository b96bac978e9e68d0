"""Where the shipped grammar and rule sets are, and the private cache folder."""
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


def cache_dir() -> Path | None:
    """A per-user cache folder (0700), never a guessable shared path in /tmp. None if unusable."""
    base = os.environ.get("PLANLINT_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME")
    root = Path(base) / "planlint" if base else Path.home() / ".cache" / "planlint"
    if os.environ.get("PLANLINT_CACHE_DIR"):
        root = Path(os.environ["PLANLINT_CACHE_DIR"])
    try:
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
        if root.stat().st_uid != os.getuid():
            return None
        return root
    except (OSError, AttributeError):
        return None
