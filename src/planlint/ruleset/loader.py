"""YAML rule sets: loading, validation (errors name the file, the rule and the key), selection,
and the one way checks turn a place in the text into a Finding."""
from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any, Iterable

import msgspec

from planlint import checks
from planlint.errors import ConfigError
from planlint.document.model import Document, Finding, Fix, Heading, Related, SEVERITIES
from planlint.resources import data_dir
from planlint.ruleset.selectors import matches, selects
from planlint.text import lazyre

CATEGORIES = ("numbering", "toc", "duplicate", "unit", "target", "arithmetic", "responsibility",
              "punctuation", "reference", "consistency", "input")
_CODE = lazyre.compile(r"^[A-Z]{2,4}\d{3}$")
_NAME = lazyre.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
_REQUIRED = ("code", "name", "kind", "category", "severity", "message", "description")
_OPTIONAL = ("params", "examples", "standard", "enabled", "fix")
_TOP_KEYS = ("rules", "version", "description")


def load_yaml(text: str, where: str = "<YAML>", trusted: bool = False):
    """A YAML document (safeload.load_yaml: bounded aliases and depth unless trusted)."""
    from planlint.safeload import load_yaml as load

    return load(text, where, "规则文件", trusted)


class Rule(msgspec.Struct):
    code: str
    name: str
    kind: str
    category: str
    severity: str
    message: str
    description: str
    params: dict[str, Any] = msgspec.field(default_factory=dict)
    examples: dict[str, list[str]] = msgspec.field(default_factory=dict)
    standard: str = ""
    enabled: bool = True
    source: str = ""  # the rule file it came from

    def finding(self, doc: Document, start: int, end: int | None = None, *,
                related: Iterable[Related] = (), fix: Fix | None = None,
                node: Heading | None = None, data: dict | None = None,
                severity: str | None = None, **fields: Any) -> Finding:
        """A finding at offsets [start, end) of the document's text, message filled from fields."""
        text = doc.text
        end = start + 1 if end is None or end <= start else end
        a, b = text.pos(start), text.pos(end)
        return Finding(
            path=doc.path, line=a.line, column=a.column, end_line=b.line, end_column=b.column,
            code=self.code, name=self.name, category=self.category,
            severity=severity or self.severity, message=self.message.format(**fields),
            related=list(related), fix=fix, data=data or {},
            heading_path=node.path() if node is not None else "",
        )

    def related(self, doc: Document, offset: int, message: str | None = None) -> Related:
        p = doc.text.pos(offset)
        return Related(doc.path, p.line, p.column, message)


class RuleSet:
    def __init__(self, rules: list[Rule]):
        self.rules = rules
        self.by_code = {r.code: r for r in rules}

    def select(self, select: list[str] | None = None, ignore: list[str] | None = None,
               extend_select: list[str] | None = None) -> list[Rule]:
        chosen = [r for r in self.rules if (selects(r.code, r.enabled, select) if select else r.enabled)]
        if extend_select:
            chosen += [r for r in self.rules if r not in chosen and selects(r.code, r.enabled, extend_select)]
        if ignore:
            chosen = [r for r in chosen if not matches(r.code, ignore)]
        return chosen


def builtin_files() -> list[Path]:
    return sorted(data_dir("rules").glob("*.yaml"))


def load(extra: Iterable[str] = ()) -> RuleSet:
    """The built-in rule sets, then each extra file: a rule with a known code overrides the keys it
    gives; a new code must be a complete rule."""
    from planlint.ruleset import cache as rulecache

    rules: dict[str, Rule] = {}
    for rule in rulecache.shipped(builtin_files(), lambda path, known: _load_file(path, known, builtin=True)):
        rules[rule.code] = rule
    for path in extra:
        for rule in _load_file(Path(path), rules, builtin=False):
            rules[rule.code] = rule
    return RuleSet(list(rules.values()))


def _load_file(path: Path, known: dict[str, Rule], builtin: bool) -> list[Rule]:
    where = str(path)
    from planlint.safeload import load_yaml_file

    data = load_yaml_file(path, "规则文件", trusted=builtin)
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise ConfigError(where, "规则文件应为含“rules”列表的映射", key="rules")
    for key in data:
        if key not in _TOP_KEYS:
            raise ConfigError(where, "未知的顶层键", key=str(key))
    out = []
    for i, raw in enumerate(data["rules"]):
        if not isinstance(raw, dict):
            raise ConfigError(where, f"第 {i + 1} 条规则应为映射")
        code = str(raw.get("code", f"#{i + 1}"))
        base = known.get(code) if not builtin else None
        out.append(_validate(raw, where, code, base))
    return out


def _validate(raw: dict, where: str, code: str, base: Rule | None) -> Rule:
    def fail(key: str, problem: str):
        raise ConfigError(where, problem, rule=code, key=key)

    for key in raw:
        if key not in _REQUIRED and key not in _OPTIONAL:
            fail(str(key), "未知的键")
    merged: dict[str, Any] = msgspec.structs.asdict(base) if base else {}
    merged.pop("source", None)
    if base:
        if not isinstance(raw.get("params") or {}, dict):
            fail("params", "params 应为映射（参数名: 值）")
        merged["params"] = dict(base.params)
        merged["params"].update(raw.get("params") or {})
        merged.update({k: v for k, v in raw.items() if k != "params"})
    else:
        merged.update(raw)
    for key in _REQUIRED:
        if key not in merged or merged[key] in (None, ""):
            fail(key, "缺少必填字段")
    if not _CODE.match(str(merged["code"])):
        fail("code", "代码应为 2～4 个大写字母加 3 位数字，如 NUM101")
    if not _NAME.match(str(merged["name"])):
        fail("name", "名称应为小写短横线形式，如 numbering-gap")
    if merged["category"] not in CATEGORIES:
        fail("category", f"未知类别“{merged['category']}”，可用：{', '.join(CATEGORIES)}")
    if merged["severity"] not in SEVERITIES:
        fail("severity", "严重程度应为 error、warning 或 info")
    kind = checks.get(str(merged["kind"]))
    if kind is None:
        fail("kind", f"未知的检查类型“{merged['kind']}”")
    params = merged.get("params") or {}
    if not isinstance(params, dict):
        fail("params", "params 应为映射（参数名: 值）")
    full_params = dict(kind.params)
    written = _old_names(kind, params)
    for key, value in params.items():
        name = kind.current_name(key)
        if name not in kind.params:
            fail(f"params.{key}", f"检查类型 {kind.kind} 没有此参数")
        problem = param_problem(kind.specs[name], value)
        if problem:
            fail(f"params.{key}", problem)
        full_params[name] = value
    _check_regexes(full_params, fail)
    if kind.validate is not None:
        for key, problem in kind.validate(full_params):
            head, _, name = key.partition(".")
            fail(f"{head}.{written.get(name, name)}" if head == "params" else key, problem)
    _check_message(str(merged["message"]), kind.fields, fail)
    if not isinstance(merged.get("enabled", True), bool):
        fail("enabled", "应为 true 或 false（不加引号）")
    examples = merged.get("examples") or {}
    if not isinstance(examples, dict) or any(k not in ("bad", "good") for k in examples):
        fail("examples", "examples 只能含 bad 和 good 两个列表")
    for k, v in examples.items():
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            fail(f"examples.{k}", "应为字符串列表")
    return Rule(
        code=merged["code"], name=merged["name"], kind=merged["kind"], category=merged["category"],
        severity=merged["severity"], message=str(merged["message"]),
        description=str(merged["description"]).strip(), params=full_params, examples=examples,
        standard=str(merged.get("standard") or ""), enabled=bool(merged.get("enabled", True)),
        source=where,
    )


_TYPE_NAMES = {bool: "true 或 false", int: "整数", float: "数字", str: "字符串", list: "列表", dict: "映射"}


def _kind_of(example: Any) -> type:
    for t in (bool, int, float, str, list, dict):
        if isinstance(example, t):
            return t
    return type(example)


def _is(value: Any, t: type) -> bool:
    if t is bool:
        return isinstance(value, bool)
    if isinstance(value, bool):
        return False
    if t is float:
        return isinstance(value, (int, float)) and math.isfinite(value)
    return isinstance(value, t)


def _range_problem(spec, value) -> str | None:
    low = spec.min if spec.min is not None else (0 if _kind_of(spec.default) in (int, float, list) else None)
    if spec.above is not None and not value > spec.above:
        return f"应大于 {spec.above:g}" + (f" 且不大于 {spec.max:g}" if spec.max is not None else "")
    if low is not None and value < low or spec.max is not None and value > spec.max:
        hi = f"{spec.max:g}" if spec.max is not None else "∞"
        return f"应在 {low:g} 到 {hi} 之间"
    return None


def param_problem(spec, value: Any) -> str | None:
    """Why value is not acceptable for a parameter declared by spec (checks.Param), or None.
    The default is the example: its type, and for a list or mapping its items' type; numbers are
    non-negative unless the Param says otherwise."""
    default = spec.default
    if default is None:
        return None  # the kind validates it (validate=), e.g. the pattern kinds
    t = _kind_of(default)
    if not _is(value, t):
        return f"应为{_TYPE_NAMES.get(t, t.__name__)}"
    if t in (int, float):
        return _range_problem(spec, value)
    if t in (list, str) and spec.nonempty and not value:
        return "不能为空"
    if t is list:
        if spec.length is not None and len(value) != spec.length:
            return f"应为含 {spec.length} 项的列表"
        example = default[0] if default else spec.item
        item = _kind_of(example) if example is not None else str  # default: a list of names or phrases
        for v in value:
            if not _is(v, item):
                return f"列表的每一项应为{_TYPE_NAMES.get(item, item.__name__)}"
            if item in (int, float) and (problem := _range_problem(spec, v)):
                return f"列表的每一项{problem}"
    if t is dict and default:
        k0, v0 = next(iter(default.items()))
        for k, v in value.items():
            if not _is(k, _kind_of(k0)) or not _is(v, _kind_of(v0)):
                return f"应为映射：{_TYPE_NAMES.get(_kind_of(k0))}: {_TYPE_NAMES.get(_kind_of(v0))}"
    return None


def _regex_problem(pattern) -> str | None:
    """None if the pattern compiles. `re` first: it is already loaded, and the `regex` module
    (which pattern checks use, so \\p{Han} is valid) costs an import on every run."""
    from planlint.text.regexes import MAX_EXPANSION, MAX_LENGTH, expansion, regex_problem

    if not isinstance(pattern, str):
        return "应为字符串"
    if len(pattern) > MAX_LENGTH or expansion(pattern) > MAX_EXPANSION:
        return regex_problem(pattern)  # says which bound, without compiling
    try:
        re.compile(pattern)
        return None
    except (re.error, OverflowError, RecursionError, MemoryError, ValueError):
        return regex_problem(pattern)


def _check_regexes(params: dict, fail) -> None:
    for key, value in params.items():
        if key == "pattern" or key.endswith("_pattern"):
            for pattern in value if isinstance(value, list) else [value]:
                problem = _regex_problem(pattern)
                if problem:
                    fail(f"params.{key}", problem if problem.startswith("正则表达式") else f"正则表达式无效：{problem}")


def _check_message(message: str, provided: tuple[str, ...], fail) -> None:
    import string  # rule files are validated only on a cache miss or a user's file

    try:
        names = {f for _, f, _, _ in string.Formatter().parse(message) if f}
    except ValueError as e:
        fail("message", f"消息模板无效：{e}")
    unknown = sorted(n for n in names if provided and n not in provided)
    if unknown:
        fail("message", f"消息模板使用了检查不提供的字段：{', '.join(unknown)}（可用：{', '.join(provided)}）")


def _old_names(kind, params: dict) -> dict[str, str]:
    """current name -> the old name (checks.Param(was=...)) params gives it by, so that a problem
    found later names the key as the user wrote it. A value given under both names: the later one
    in params counts, as with any repeated parameter."""
    return {kind.current_name(k): k for k in params if kind.current_name(k) != k}


def with_params(rule: Rule, params: dict, where: str, key: str = "params") -> Rule:
    """A copy of rule with some params changed (configuration overrides), validated like a rule
    file: unknown names and wrong types are errors naming the file and the key."""
    kind = checks.get(rule.kind)

    def fail(k: str, problem: str):
        raise ConfigError(where, problem, key=k)

    if not isinstance(params, dict):
        fail(key, "应为映射（参数名: 值）")
    merged = dict(rule.params)
    for name, value in params.items():
        current = kind.current_name(name) if kind is not None else name
        if kind is None or current not in kind.params:
            fail(f"{key}.{name}", f"规则 {rule.code}（{rule.kind}）没有此参数")
        problem = param_problem(kind.specs[current], value)
        if problem:
            fail(f"{key}.{name}", problem)
        merged[current] = value
    written = _old_names(kind, params)
    _check_regexes(merged, lambda k, problem: fail(f"{key}.{k.split('.', 1)[-1]}", problem))
    if kind.validate is not None:
        for k, problem in kind.validate(merged):
            name = k.split(".", 1)[-1]
            fail(f"{key}.{written.get(name, name)}", problem)
    return msgspec.structs.replace(rule, params=merged)
