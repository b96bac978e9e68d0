"""The 单位名录 (directory of agency names): full names and their aliases, names outdated by an
institutional reform (and the last year each was in use), the nearest known name for a misspelt
one, and jieba's user dictionary.

A 名录 file is YAML (see rules/vocabularies/agencies.yaml):

```yaml
groups:
  - level: 地级市
    prefixes: [市]            # each name below is written with each prefix: 市 + 发展和改革委员会
    agencies:
      - [发展和改革委员会, 发展改革委, 发改委]   # first the full name, then its aliases
names:                        # names used as written (no prefix expansion)
  - [中国人民银行丹江口市支行, 人行丹江口市支行]
outdated:                     # a regex over the name; its match is replaced. until: the last
  - {old: "国土资源局$", new: 自然资源和规划局, until: 2018}  # year the name was in use
```

Shipped vocabularies live in rules/vocabularies/ (rules/*.yaml at the top level are rule sets). A
rule names its 名录 files in `params.agency_vocabulary` (old name: `registry`): a bare file name is
looked up there, any other path is used as given, so a user extends the example by listing it
together with their own file. A path into the folder's old place (rules/registries/) that no
longer exists means the shipped file of that name.
"""
from __future__ import annotations

import re
from pathlib import Path

import msgspec

from planlint.errors import ConfigError
from planlint.resources import vocabulary_dir
from planlint.text import lazyre

DEFAULT_FILE = "agencies.yaml"
_OLD_FOLDER = "registries"  # the old name of rules/vocabularies/
_BRACKETS = {"（": "）", "(": ")", "〈": "〉", "‹": "›", "<": ">", "《": "》", "【": "】", "〔": "〕",
             "[": "]", "＜": "＞", "︿": "﹀"}
_CLOSERS = {v: k for k, v in _BRACKETS.items()}


def base_name(name: str) -> str:
    """The name without whitespace and without bracketed annotations: 市自然资源规划局〈市林业局〉
    -> 市自然资源规划局, 各镇<办、处、区> -> 各镇."""
    out, depth = [], 0
    for c in name:
        if c in _BRACKETS:
            depth += 1
        elif c in _CLOSERS and depth:
            depth -= 1
        elif depth == 0 and not c.isspace():
            out.append(c)
    return "".join(out) or "".join(name.split())


class Outdated(msgspec.Struct):
    pattern: re.Pattern
    new: str
    until: int | None = None  # the last year the old name was in use; None: unknown, always outdated

    def applies(self, year: int | None) -> bool:
        """Is the name outdated in a document written in `year` (None: today)?"""
        return year is None or self.until is None or year > self.until

    def suggest(self, name: str) -> str:
        return self.pattern.sub(self.new, name, count=1)


class Directory(msgspec.Struct):
    canonical: dict[str, str] = msgspec.field(default_factory=dict)  # every known name/alias -> full name
    outdated: list[Outdated] = msgspec.field(default_factory=list)
    sources: tuple[str, ...] = ()

    def __contains__(self, name: str) -> bool:
        return base_name(name) in self.canonical

    def full_name(self, name: str) -> str | None:
        return self.canonical.get(base_name(name))

    def names(self) -> list[str]:
        return list(self.canonical)

    def nearest(self, name: str, cutoff: float = 0.6) -> str | None:
        """The closest known name (difflib ratio), as its full name."""
        import difflib  # only for a name that is not known exactly

        base = base_name(name)
        # names sharing the first character (the level: 市…, 区…) first; any other name only when
        # it is much closer
        pool = [n for n in self.canonical if n[:1] == base[:1]]
        found = difflib.get_close_matches(base, pool, n=1, cutoff=cutoff) if pool else []
        if not found:
            found = difflib.get_close_matches(base, list(self.canonical), n=1, cutoff=max(cutoff, 0.75))
        return self.canonical[found[0]] if found else None

    def outdated_form(self, name: str, year: int | None = None) -> tuple[str, str] | None:
        """(the outdated part, the suggested current name) when the name was out of use by `year`
        (None: today). The suggestion follows the later reforms up to that year: 卫生部 is 国家卫生计生委
        in 2015 and 国家卫生健康委 today."""
        base = base_name(name)
        first = self._replace(base, year)
        if first is None:
            return None
        part, current = first
        for _ in range(len(self.outdated)):  # a chain of reforms, never a cycle
            step = self._replace(current, year)
            if step is None or step[1] == current:
                break
            current = step[1]
        return part, current

    def _replace(self, name: str, year: int | None) -> tuple[str, str] | None:
        """The first entry whose pattern matches decides: 卫生计生委 was current in 2016, even though
        its tail 计生委 alone went out of use in 2013."""
        for o in self.outdated:
            if not _may_match(o.pattern.pattern, name):
                continue
            m = o.pattern.search(name)
            if m:
                return (m.group(0), o.suggest(name)) if o.applies(year) else None
        return None

    def add(self, full: str, aliases=()) -> None:
        for n in (full, *aliases):
            self.canonical.setdefault(n, full)  # the first registration wins


def resolve(path: str) -> Path:
    """A bare file name is looked up in the shipped rules/vocabularies/ folder; a path is used as
    given, except a missing one into the folder's old place (…/rules/registries/agencies.yaml)."""
    p = Path(path).expanduser()
    if not p.is_absolute() and len(p.parts) == 1:
        shipped = vocabulary_dir() / p
        if shipped.is_file() or not p.is_file():
            return shipped
    elif p.parent.name == _OLD_FOLDER and p.parent.parent.name == "rules" and not p.exists():
        moved = vocabulary_dir() / p.name
        if moved.is_file():
            return moved
    return p


_CACHE: dict[tuple, Directory] = {}


def load(paths: list[str] | tuple[str, ...] = (DEFAULT_FILE,)) -> Directory:
    """The union of the 名录 files, read once per set of files (and again if one changed)."""
    from planlint import trust

    shipped = vocabulary_dir()
    # a 名录 file named by a configuration or rule file is trusted like them (see trust.py)
    resolved = [p for p in map(resolve, paths) if p.parent == shipped or trust.usable(p, "单位名录")]
    stamp = []
    for p in resolved:
        try:
            stamp.append((str(p), p.stat().st_mtime_ns))
        except OSError:
            raise ConfigError(str(p), "单位名录文件不存在或无法读取") from None
    key = tuple(stamp)
    if key not in _CACHE:
        reg = Directory(sources=tuple(str(p) for p in resolved))
        for p in resolved:
            _read_into(reg, p)
        _CACHE[key] = reg
    return _CACHE[key]


def validate_paths(paths) -> list[str]:
    """Problems with an agency_vocabulary parameter, for rule-file validation."""
    if not isinstance(paths, list) or not all(isinstance(p, str) and p for p in paths):
        return ["应为单位名录文件路径的列表"]
    problems = []
    for p in paths:
        try:
            load([p])
        except ConfigError as e:
            problems.append(e.message)
    return problems


def _read_into(reg: Directory, path: Path) -> None:
    where = str(path)
    from planlint.safeload import load_yaml_file

    shipped = path.parent == vocabulary_dir()
    data = load_yaml_file(path, "单位名录", trusted=shipped) or {}
    if not isinstance(data, dict):
        raise ConfigError(where, "单位名录应为映射（groups / names / outdated）")
    for key in data:
        if key not in ("groups", "names", "outdated", "description"):
            raise ConfigError(where, "未知的顶层键", key=str(key))
    for i, group in enumerate(data.get("groups") or []):
        if not isinstance(group, dict):
            raise ConfigError(where, f"第 {i + 1} 个 group 应为映射", key="groups")
        prefixes = group.get("prefixes") or [""]
        for entry in group.get("agencies") or []:
            names = _entry(entry, where, "groups.agencies")
            for prefix in prefixes:
                reg.add(prefix + names[0], [prefix + a for a in names[1:]])
    for entry in data.get("names") or []:
        names = _entry(entry, where, "names")
        reg.add(names[0], names[1:])
    for i, item in enumerate(data.get("outdated") or []):
        if not isinstance(item, dict) or not isinstance(item.get("old"), str) or not isinstance(item.get("new"), str):
            raise ConfigError(where, f"第 {i + 1} 条应为 {{old: 正则, new: 现名, until: 年份}}", key="outdated")
        until = item.get("until")
        if until is not None and (type(until) is not int or not 1949 <= until <= 2100):
            raise ConfigError(where, f"第 {i + 1} 条的 until 应为旧名最后使用的年份（如 2018）", key="outdated")
        old = item["old"]
        try:
            # a plain name is valid and rarely matches: compiled when a name ends with it
            reg.outdated.append(Outdated(lazyre.deferred(old) if _plain_tail(old) else re.compile(old), item["new"], until))
        except re.error as e:
            raise ConfigError(where, f"正则表达式无效：{e}", key=f"outdated.{i + 1}.old") from None


_TAILS: dict[str, str] = {}


def _plain_tail(source: str) -> str:
    """The text of an outdated-name pattern that is plain text before its final $ (国土资源局$,
    ^卫生部$), which every match ends a name with; "" for any other pattern. A 名录 has about 90
    patterns, ~3 ms to compile, and a name matches hardly any of them."""
    tail = _TAILS.get(source)
    if tail is None:
        body = source[1:] if source.startswith("^") else source
        body = body[:-1] if body.endswith("$") else ""
        tail = _TAILS[source] = body if re.escape(body) == body else ""
    return tail


def _may_match(source: str, name: str) -> bool:
    """False only when the pattern cannot match the name ($ also matches before a final newline)."""
    tail = _plain_tail(source)
    return not tail or name.endswith(tail) or name.endswith(tail + "\n")


def _entry(entry, where: str, key: str) -> list[str]:
    names = [entry] if isinstance(entry, str) else entry
    if not isinstance(names, list) or not names or not all(isinstance(n, str) and n.strip() for n in names):
        raise ConfigError(where, f"条目 {entry!r} 应为名称或名称列表（全称在前，简称在后）", key=key)
    return ["".join(n.split()) for n in names]


def feed_jieba(directory: Directory | None = None, freq: int = 50000) -> int:
    """Add every 名录 name to jieba's user dictionary so that segmentation keeps 市发展改革委
    whole; returns the number of words added. jieba is imported here only."""
    import jieba

    directory = directory or load()
    names = directory.names()
    for name in names:
        jieba.add_word(name, freq=freq, tag="nt")
    return len(names)
