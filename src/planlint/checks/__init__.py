"""The registry of check kinds. Each family lives in its own module and registers its kinds with
@check; a module is imported only when a rule uses one of its kinds (jieba stays unloaded unless
a check that needs words runs)."""
from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass, field
from typing import Any, Callable

# kind prefix -> module. A rule's kind is "<prefix>.<name>", e.g. numbering.continuity.
FAMILIES = {
    "numbering": "planlint.checks.numbering",
    "toc": "planlint.checks.toc",
    "pattern": "planlint.checks.patterns",
    "duplicates": "planlint.checks.duplicates",
    "quantities": "planlint.checks.quantities",
    "targets": "planlint.checks.targets",
    "arithmetic": "planlint.checks.arithmetic",
    "responsibility": "planlint.checks.responsibility",
    "punctuation": "planlint.checks.punctuation",
    "suppression": "planlint.suppressions",
    "word": "planlint.checks.wordlists",
}


@dataclass
class CheckKind:
    kind: str
    run: Callable[..., Any]
    params: dict[str, Any] = field(default_factory=dict)  # name -> default
    scope: str = "document"  # "document": run(doc, rule); "corpus": run(docs, rule)
    fields: tuple[str, ...] = ()  # message placeholders the check provides
    # optional: params -> iterable of (key, problem), run when a rule file loads
    validate: Callable[[dict[str, Any]], Any] | None = None


_REGISTRY: dict[str, CheckKind] = {}


def check(kind: str, params: dict[str, Any] | None = None, scope: str = "document",
          fields: tuple[str, ...] = (), validate: Callable[[dict[str, Any]], Any] | None = None):
    def register(fn):
        _REGISTRY[kind] = CheckKind(kind, fn, dict(params or {}), scope, fields, validate)
        return fn

    return register


def get(kind: str) -> CheckKind | None:
    if kind not in _REGISTRY:
        module = FAMILIES.get(kind.split(".", 1)[0])
        if module is None:
            return None
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as e:
            if e.name != module:
                raise
            return None
    return _REGISTRY.get(kind)


def all_kinds() -> dict[str, CheckKind]:
    for module in FAMILIES.values():
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as e:
            if e.name != module:
                raise
    return dict(_REGISTRY)
