"""Reading YAML, JSON and TOML that someone else may have written: configuration, rule files,
vocabularies, baselines. The one place these files are parsed.

Each file is read as a regular file of bounded size (source.read_bytes: never a FIFO or a device).
YAML is parsed twice for an untrusted file: first its event stream (libyaml, cheap) is measured —
the nodes it stands for once every alias is expanded, and its nesting depth — so a "billion
laughs" file or 100,000 nested brackets is an exit-2 error before anything is built; then it is
loaded with the safe loader. JSON and TOML nesting is bounded by catching the parsers' recursion
limit. Errors name the file: ConfigError, exit 2.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from planlint.errors import ConfigError

MAX_NODES = 200_000  # nodes of a YAML document with its aliases expanded
MAX_DEPTH = 100      # nesting of mappings and sequences


def read_text(path: str | Path, what: str) -> str:
    """A small UTF-8 text file (BOM allowed), or ConfigError naming it."""
    from planlint.document.source import MAX_CONFIG_BYTES, read_bytes

    where = str(path)
    data = read_bytes(where, where, limit=MAX_CONFIG_BYTES, error=ConfigError)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ConfigError(where, f"{what}应为 UTF-8 编码（第 {e.start} 字节处解码失败）") from None


def load_yaml_file(path: str | Path, what: str, trusted: bool = False) -> Any:
    """The YAML document in path. trusted: a file shipped with planlint (not measured first, and
    kept parsed in the cache folder: resources.cached_parse)."""
    if trusted:
        from planlint.resources import cached_parse

        return cached_parse(Path(path), lambda: load_yaml(read_text(path, what), str(path), what, True))
    return load_yaml(read_text(path, what), str(path), what, trusted)


def load_yaml(text: str, where: str, what: str = "YAML 文件", trusted: bool = False) -> Any:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when it is there
    try:
        if not trusted:
            _measure(yaml, text, where, what, loader)
        return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        at = f"第 {mark.line + 1} 行" if mark else ""
        raise ConfigError(where, f"YAML 语法错误{at}：{getattr(e, 'problem', None) or e}") from None
    except RecursionError:
        raise ConfigError(where, f"{what}嵌套过深（最多 {MAX_DEPTH} 层）") from None


def _measure(yaml, text: str, where: str, what: str, loader) -> None:
    """Raise ConfigError when the document is too deep or expands to too many nodes."""
    events = yaml.events
    opening = (events.MappingStartEvent, events.SequenceStartEvent)
    closing = (events.MappingEndEvent, events.SequenceEndEvent)
    sizes: dict[str, int] = {}     # anchor -> nodes under it, aliases expanded
    stack: list[list] = []         # open collections: [nodes so far, anchor]
    total = 0

    def add(n: int) -> None:
        nonlocal total
        total += n
        if stack:
            stack[-1][0] += n
        if total > MAX_NODES:
            raise ConfigError(where, f"{what}展开后过大（别名展开后超过 {MAX_NODES} 个节点），已拒绝")

    for ev in yaml.parse(text, Loader=loader):
        if isinstance(ev, opening):
            add(1)
            stack.append([1, ev.anchor])
            if len(stack) > MAX_DEPTH:
                raise ConfigError(where, f"{what}嵌套过深（最多 {MAX_DEPTH} 层），已拒绝")
        elif isinstance(ev, closing):
            n, anchor = stack.pop()
            if anchor:
                sizes[anchor] = n
        elif isinstance(ev, events.ScalarEvent):
            add(1)
            if ev.anchor:
                sizes[ev.anchor] = 1
        elif isinstance(ev, events.AliasEvent):
            add(sizes.get(ev.anchor, 1))


def load_json_file(path: str | Path, what: str) -> Any:
    import json

    return _parse(path, what, json.loads, json.JSONDecodeError,
                  lambda e: f"{what}不是有效的 JSON（第 {e.lineno} 行：{e.msg}）")


def load_toml_file(path: str | Path, what: str) -> dict:
    return load_toml(read_text(path, what), str(path), what)


def load_toml(text: str, where: str, what: str) -> dict:
    """TOML text read from the file where (read_text)."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    return _parse_text(text, where, what, tomllib.loads, tomllib.TOMLDecodeError, lambda e: f"TOML 语法错误：{e}")


def _parse(path, what: str, parse, syntax_error: type, syntax_message) -> Any:
    """The file's text parsed; every way a parser can fail is a ConfigError naming the file."""
    return _parse_text(read_text(path, what), str(path), what, parse, syntax_error, syntax_message)


def _parse_text(text: str, where: str, what: str, parse, syntax_error: type, syntax_message) -> Any:
    try:
        return parse(text)
    except syntax_error as e:  # before ValueError: both decode errors are ValueErrors
        raise ConfigError(where, syntax_message(e)) from None
    except RecursionError:
        raise ConfigError(where, f"{what}嵌套过深，已拒绝") from None
    except ValueError as e:  # e.g. an integer of more than 4,300 digits
        raise ConfigError(where, f"{what}含无法读取的值（{e}）") from None
