"""The registry of check kinds (the one “registry” in planlint; word lists are vocabularies). Each family lives in its own module and registers its kinds with
@check; a module is imported only when a rule uses one of its kinds (jieba stays unloaded unless
a check that needs words runs). wording.py is not a family: it words messages for all of them."""
from __future__ import annotations

import importlib
import importlib.util
from typing import Any, Callable

import msgspec

from planlint import collected_later

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
    "input": "planlint.checks.input",
    "suppression": "planlint.workflow.suppressions",
    "references": "planlint.checks.references",
    "consistency": "planlint.checks.consistency",
    "companions": "planlint.checks.companions",
    "word": "planlint.checks.wordlists",
}


class Param(msgspec.Struct, frozen=True):
    """A check parameter's default and what values it accepts, checked when a rule file or a
    configuration loads (ruleset.loader.param_problem). A plain default in @check(params=...) declares
    its type by example: a bool, a non-negative int or number, a string, a list or mapping of
    the default's element type. Param adds a range or a fixed length where the example cannot."""

    default: Any
    min: float | None = None      # inclusive bounds of a number, or of each number in a list
    max: float | None = None
    above: float | None = None    # exclusive lower bound (a ratio that must be > 0)
    length: int | None = None     # a list of exactly this many items
    nonempty: bool = False        # a list or string that may not be empty
    item: Any = None              # an example item, for a list whose default is empty
    was: str | None = None        # the parameter's old name, still accepted (and validated) as this one


class CheckKind(msgspec.Struct):
    kind: str
    run: Callable[..., Any]
    params: dict[str, Any] = msgspec.field(default_factory=dict)  # name -> default
    scope: str = "document"  # "document": run(doc, rule); "corpus": run(docs, rule)
    fields: tuple[str, ...] = ()  # message placeholders the check provides
    # optional: params -> iterable of (key, problem), run when a rule file loads
    validate: Callable[[dict[str, Any]], Any] | None = None
    specs: dict[str, Param] = msgspec.field(default_factory=dict)  # name -> what values it accepts
    renamed: dict[str, str] = msgspec.field(default_factory=dict)  # old name -> current name
    # corpus scope: digest(doc, rule) is what the check keeps of each document, taken while the
    # document is parsed (see kept()); a run then keeps digests and texts, not whole documents.
    # None: the check needs every document whole until the end of the run.
    digest: Callable[..., Any] | None = None

    def current_name(self, name: str) -> str:
        """The parameter a rule file or configuration means by name (its old name or its own)."""
        return self.renamed.get(name, name)


_REGISTRY: dict[str, CheckKind] = {}


def check(kind: str, params: dict[str, Any | Param] | None = None, scope: str = "document",
          fields: tuple[str, ...] = (), validate: Callable[[dict[str, Any]], Any] | None = None,
          digest: Callable[..., Any] | None = None):
    specs = {name: v if isinstance(v, Param) else Param(v) for name, v in (params or {}).items()}
    defaults = {name: spec.default for name, spec in specs.items()}
    renamed = {spec.was: name for name, spec in specs.items() if spec.was}

    def register(fn):
        _REGISTRY[kind] = CheckKind(kind, fn, defaults, scope, fields, validate, specs, renamed, digest)
        return fn

    return register


def kept(doc, rule) -> Any:
    """What a corpus rule keeps of a document: its kind's digest, taken once per document and
    rule parameters -- in the worker that parsed the document, or here from a re-parse when that
    file did not run the rule (a per-file configuration)."""
    key = f"digest:{rule.code}:{sorted(rule.params.items())!r}"
    if key not in doc.derived:
        from planlint.document.parser import reparsed

        doc.derived[key] = get(rule.kind).digest(reparsed(doc), rule)
    return doc.derived[key]


def digest_keys(doc) -> dict[str, Any]:
    """The digests a document holds (kept() stored them)."""
    return {k: v for k, v in doc.derived.items() if k.startswith("digest:")}


def get(kind: str) -> CheckKind | None:
    if kind not in _REGISTRY:
        module = FAMILIES.get(kind.split(".", 1)[0])
        if module is None:
            return None
        try:
            with collected_later():
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


def bounded_param(rule, key: str):
    """A rule's regex parameter `key`, searched under the pattern rules' time budget unless it is
    the check kind's own default (known to be linear)."""
    from planlint.text.regexes import Bounded

    kind = get(rule.kind)
    return Bounded(rule.params[key], rule.code, kind.params.get(key) if kind else None)
