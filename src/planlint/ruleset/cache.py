"""The shipped rule set, validated once and cached.

Validating the shipped rules imports every check module (their kinds carry the parameter
defaults) — about as long as the rest of start-up together. The tests and the build validate
the shipped files, so a run reuses the validated rules from the private cache folder, keyed by
the package version and the size and modification time of the rule files and of the code. User
rule files are always validated when they load (loader.load)."""
from __future__ import annotations

import hashlib
import pickle
from pathlib import Path
from typing import Callable

from planlint import __version__
from planlint.resources import cache_dir, write_cache

_PACKAGE = Path(__file__).resolve().parent.parent  # the planlint package: every module counts


def shipped(files: list[Path], validate: Callable[[Path, dict], list]) -> list:
    """The rules of the shipped files in order, validated by validate(path, known) on a cache miss."""
    folder = cache_dir()
    target = folder / f"rules-{_key(files)}.pickle" if folder is not None else None
    if target is not None:
        cached = _read(target)
        if cached is not None:
            return cached
    rules: list = []
    known: dict = {}
    for path in files:
        for rule in validate(path, known):
            known[rule.code] = rule
            rules.append(rule)
    if target is not None:
        _write(target, rules)
    return rules


def _key(files: list[Path]) -> str:
    """The package version, and the size and modification time of each rule file and of every
    module of the package (the check kinds' defaults and validators live in several): any edit, in
    an installed package or a checkout, is a miss."""
    digest = hashlib.sha256(__version__.encode())
    code = sorted(_PACKAGE.rglob("*.py"))
    for path in [*files, *code]:
        try:
            st = path.stat()
            stamp = f"{st.st_size}:{st.st_mtime_ns}"
        except OSError:
            stamp = "unreadable"
        digest.update(f"\0{path}\0{stamp}".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()[:24]


def _read(target: Path) -> list | None:
    """The cached rules; None when missing or unreadable (validated again and rewritten). The folder
    is the user's own (0700, checked by cache_dir), as for the compiled grammar."""
    try:
        with open(target, "rb") as fh:
            rules = pickle.load(fh)  # noqa: S301 - our own cache in a private folder
    except FileNotFoundError:
        return None
    except Exception:  # noqa: BLE001 - a damaged or foreign cache file is only a cache miss
        return None
    return rules if isinstance(rules, list) else None


def _write(target: Path, rules: list) -> None:
    write_cache(target, pickle.dumps(rules, protocol=pickle.HIGHEST_PROTOCOL))
