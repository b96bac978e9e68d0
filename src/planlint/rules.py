"""YAML rule sets: loading, validation (errors name the file, the rule and the key), selection,
and the one way checks turn a place in the text into a Finding."""
from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import yaml

from . import checks
from .errors import ConfigError
from .model import Document, Finding, Fix, Heading, Related, SEVERITIES
from .resources import data_dir

CATEGORIES = ("numbering", "toc", "duplicate", "unit", "target", "arithmetic", "responsibility",
              "punctuation", "reference", "consistency", "input")
_CODE = re.compile(r"^[A-Z]{2,4}\d{3}$")
_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
_REQUIRED = ("code", "name", "kind", "category", "severity", "message", "description")
_OPTIONAL = ("params", "examples", "standard", "enabled", "fix")
_TOP_KEYS = ("rules", "version", "description")


def load_yaml(text: str):
    """yaml.safe_load, through libyaml when it is there: rule files are read on every run."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader


@dataclass
class Rule:
    code: str
    name: str
    kind: str
    category: str
    severity: str
    message: str
    description: str
    params: dict[str, Any] = field(default_factory=dict)
    examples: dict[str, list[str]] = field(default_factory=dict)
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
        chosen = [r for r in self.rules if (_selected(r, select) if select else r.enabled)]
        if extend_select:
            chosen += [r for r in self.rules if r not in chosen and _selected(r, extend_select)]
        if ignore:
            chosen = [r for r in chosen if not matches(r.code, ignore)]
        return chosen


def _selected(rule: Rule, selectors: list[str]) -> bool:
    """A prefix selects the rules that are on by default; an opt-in rule (enabled: false) needs
    its full code or ALL."""
    return any(s == "ALL" or s == rule.code or (rule.enabled and rule.code.startswith(s)) for s in selectors)


def matches(code: str, selectors: list[str] | None) -> bool:
    """ruff-style selectors: a full code, any prefix of one, or ALL."""
    return bool(selectors) and any(s == "ALL" or code.startswith(s) for s in selectors)


def builtin_files() -> list[Path]:
    return sorted(data_dir("rules").glob("*.yaml"))


def load(extra: Iterable[str] = ()) -> RuleSet:
    """The built-in rule sets, then each extra file: a rule with a known code overrides the keys it
    gives; a new code must be a complete rule."""
    rules: dict[str, Rule] = {}
    for path in builtin_files():
        for rule in _load_file(path, rules, builtin=True):
            rules[rule.code] = rule
    for path in extra:
        for rule in _load_file(Path(path), rules, builtin=False):
            rules[rule.code] = rule
    return RuleSet(list(rules.values()))


def _load_file(path: Path, known: dict[str, Rule], builtin: bool) -> list[Rule]:
    where = str(path)
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(where, "规则文件不存在") from None
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(where, f"无法读取规则文件（{e}）") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        at = f"第 {mark.line + 1} 行" if mark else ""
        raise ConfigError(where, f"YAML 语法错误{at}：{getattr(e, 'problem', e)}") from None
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
    merged: dict[str, Any] = dict(base.__dict__) if base else {}
    merged.pop("source", None)
    if base:
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
        fail("params", "params 应为映射")
    full_params = dict(kind.params)
    for key, value in params.items():
        if key not in kind.params:
            fail(f"params.{key}", f"检查类型 {kind.kind} 没有此参数")
        default = kind.params[key]
        if default is not None and not _same_type(default, value):
            fail(f"params.{key}", f"类型应为 {type(default).__name__}")
        full_params[key] = value
    _check_regexes(full_params, fail)
    if kind.validate is not None:
        for key, problem in kind.validate(full_params):
            fail(key, problem)
    _check_message(str(merged["message"]), kind.fields, fail)
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


def _same_type(default: Any, value: Any) -> bool:
    if isinstance(default, bool):
        return isinstance(value, bool)
    if isinstance(default, (int, float)):
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(value, type(default))


def _regex_problem(pattern) -> str | None:
    """None if the pattern compiles. `re` first: it is already loaded, and the `regex` module
    (which pattern checks use, so \\p{Han} is valid) costs an import on every run."""
    try:
        re.compile(pattern)
        return None
    except TypeError as e:
        return str(e)
    except re.error:
        pass
    import regex

    try:
        regex.compile(pattern)
        return None
    except (regex.error, TypeError) as e:
        return str(e)


def _check_regexes(params: dict, fail) -> None:
    for key, value in params.items():
        if key == "pattern" or key.endswith("_pattern"):
            for pattern in value if isinstance(value, list) else [value]:
                problem = _regex_problem(pattern)
                if problem:
                    fail(f"params.{key}", f"正则表达式无效：{problem}")


def _check_message(message: str, provided: tuple[str, ...], fail) -> None:
    try:
        names = {f for _, f, _, _ in string.Formatter().parse(message) if f}
    except ValueError as e:
        fail("message", f"消息模板无效：{e}")
    unknown = sorted(n for n in names if provided and n not in provided)
    if unknown:
        fail("message", f"消息模板使用了检查不提供的字段：{', '.join(unknown)}（可用：{', '.join(provided)}）")


def with_params(rule: Rule, params: dict, where: str, key: str = "params") -> Rule:
    """A copy of rule with some params changed (configuration overrides), validated like a rule
    file: unknown names and wrong types are errors naming the file and the key."""
    import dataclasses

    kind = checks.get(rule.kind)

    def fail(k: str, problem: str):
        raise ConfigError(where, problem, key=k)

    if not isinstance(params, dict):
        fail(key, "应为映射（参数名: 值）")
    merged = dict(rule.params)
    for name, value in params.items():
        if kind is None or name not in kind.params:
            fail(f"{key}.{name}", f"规则 {rule.code}（{rule.kind}）没有此参数")
        default = kind.params[name]
        if default is not None and not _same_type(default, value):
            fail(f"{key}.{name}", f"类型应为 {type(default).__name__}")
        merged[name] = value
    _check_regexes(merged, lambda k, problem: fail(f"{key}.{k.split('.', 1)[-1]}", problem))
    for k, problem in (kind.validate(merged) if kind.validate is not None else ()):
        fail(f"{key}.{k.split('.', 1)[-1]}", problem)
    return dataclasses.replace(rule, params=merged)
