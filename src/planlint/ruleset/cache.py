"""The shipped rule set, validated once and cached.

Validating the shipped rules imports every check module (their kinds carry the parameter
defaults) — about as long as the rest of start-up together. The tests and the build validate
the shipped files, so a run reuses the validated rules from the private cache folder, keyed by
the package version and the size and modification time of the rule files and of the code. User
rule files are always validated when they load (loader.load).

The cache is JSON, not pickle: a cache file is input like any other (reading it runs nothing),
and one that is damaged, another user's, of another key or of the wrong shape is a miss."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

from planlint import __version__
from planlint.resources import cache_dir, install_tag, name_digest, read_json_cache, write_json_cache

_PACKAGE = Path(__file__).resolve().parent.parent  # the planlint package: every module counts
_FORMAT = 1  # of the cache file; a change of layout is a miss, not a misreading


def shipped(files: list[Path], validate: Callable[[Path, dict], list]) -> list:
    """The rules of the shipped files in order, validated by validate(path, known) on a cache miss."""
    folder = cache_dir()
    key = _key(files) if folder is not None else ""
    target = folder / f"rules.{install_tag()}-{key}.json" if folder is not None else None
    if target is not None:
        cached = _decode(read_json_cache(target), key)
        if cached is not None:
            return cached
    rules: list = []
    known: dict = {}
    for path in files:
        for rule in validate(path, known):
            known[rule.code] = rule
            rules.append(rule)
    if target is not None:
        write_json_cache(target, _encode(rules, key))
    return rules


def _key(files: list[Path]) -> str:
    """The package version, and the size and modification time of each rule file and of every
    module of the package (the check kinds' defaults and validators live in several): any edit, in
    an installed package or a checkout, is a miss."""
    stamps = [f"{_FORMAT}\0{__version__}"]
    for path in [*map(str, files), *_modules(str(_PACKAGE))]:
        try:
            st = os.stat(path)
            stamp = f"{st.st_size}:{st.st_mtime_ns}"
        except OSError:
            stamp = "unreadable"
        stamps.append(f"{path}\0{stamp}")
    return name_digest("\0".join(stamps))


def _modules(folder: str) -> list[str]:
    """Every .py file under folder, sorted (os.scandir: pathlib's rglob costs more than the key)."""
    out: list[str] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return out
    for entry in entries:
        if entry.name.endswith(".py"):
            out.append(entry.path)
        elif entry.name != "__pycache__" and entry.is_dir(follow_symlinks=False):
            out.extend(_modules(entry.path))
    return sorted(out)


def _encode(rules: list, key: str) -> dict:
    import msgspec

    # shallow (msgspec's asdict): a Rule's fields are plain values, dicts and lists, which json copies
    return {"format": _FORMAT, "key": key, "rules": [msgspec.structs.asdict(r) for r in rules]}


# Rule field -> the type its value must have in a cache file
_TEXT = ("code", "name", "kind", "category", "severity", "message", "description", "standard", "source")


def _decode(data, key: str) -> list | None:
    """The rules in a cache file's data, or None unless it is exactly what _encode writes for key."""
    from planlint.document.model import SEVERITIES
    from planlint.ruleset.loader import CATEGORIES, Rule

    if not isinstance(data, dict) or data.get("format") != _FORMAT or data.get("key") != key:
        return None
    items = data.get("rules")
    if not isinstance(items, list):
        return None
    fields = {*_TEXT, "params", "examples", "enabled"}
    rules = []
    for item in items:
        if not isinstance(item, dict) or item.keys() != fields:
            return None
        if not all(isinstance(item[k], str) for k in _TEXT) or not isinstance(item["enabled"], bool):
            return None
        if item["severity"] not in SEVERITIES or item["category"] not in CATEGORIES:
            return None
        if not isinstance(item["params"], dict) or not _examples_ok(item["examples"]):
            return None
        rules.append(Rule(**item))
    return rules


def _examples_ok(examples) -> bool:
    return isinstance(examples, dict) and all(
        k in ("bad", "good") and isinstance(v, list) and all(isinstance(x, str) for x in v)
        for k, v in examples.items())
