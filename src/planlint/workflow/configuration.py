"""Configuration: `[tool.planlint]` in pyproject.toml, or planlint.yaml / .planlint.yaml, found by
walking up from each linted file; and how the command line, the configuration, its per-path
overrides and per-file-ignores combine into the rules that run on one file.

Precedence (the command line wins): --select narrows whatever the configuration selects,
--ignore removes, --extend-select adds; in a configuration, `overrides` whose `files` globs match
apply in order after the top-level keys, then `per-file-ignores`. Globs are relative to the folder
of the configuration file; a glob without "/" also matches the file name alone.
"""
from __future__ import annotations

import fnmatch
import os
from pathlib import Path
from typing import Any

import msgspec

from planlint.errors import ConfigError
from planlint.ruleset import selectors

CONFIG_NAMES = ("planlint.yaml", ".planlint.yaml", "pyproject.toml")
SEVERITIES = ("error", "warning", "info")
_LIST_KEYS = ("select", "ignore", "extend-select", "rules", "exclude")
_TOP_KEYS = (*_LIST_KEYS, "fail-on", "per-file-ignores", "overrides", "params", "baseline", "companions")
_OVERRIDE_KEYS = ("files", "select", "ignore", "extend-select", "params")


class Override(msgspec.Struct):
    files: list[str]
    select: list[str] | None = None
    ignore: list[str] = msgspec.field(default_factory=list)
    extend_select: list[str] = msgspec.field(default_factory=list)
    params: dict[str, dict[str, Any]] = msgspec.field(default_factory=dict)
    key: str = ""  # where it is in the file, for error messages: overrides[1]


class Settings(msgspec.Struct):
    """One configuration file (or none: the defaults)."""

    path: str | None = None          # the file it came from
    root: str = "."                  # globs and rule-file paths are relative to this folder
    select: list[str] | None = None
    ignore: list[str] = msgspec.field(default_factory=list)
    extend_select: list[str] = msgspec.field(default_factory=list)
    fail_on: str | None = None
    rules: list[str] = msgspec.field(default_factory=list)  # extra rule files, absolute
    exclude: list[str] = msgspec.field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = msgspec.field(default_factory=dict)
    overrides: list[Override] = msgspec.field(default_factory=list)
    params: dict[str, dict[str, Any]] = msgspec.field(default_factory=dict)
    baseline: str | None = None      # the baseline file, absolute (written relative to the config file)
    # plan companions (分工方案 ↔ 纲要): [companion glob, plan glob or ""], globs made absolute
    companions: list[list[str]] = msgspec.field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "config": self.path, "select": self.select, "ignore": self.ignore,
            "extend-select": self.extend_select, "fail-on": self.fail_on, "rules": self.rules,
            "exclude": self.exclude, "per-file-ignores": self.per_file_ignores, "params": self.params,
            "companions": self.companions,
            "overrides": [{"files": o.files, "select": o.select, "ignore": o.ignore,
                           "extend-select": o.extend_select, "params": o.params} for o in self.overrides],
            "baseline": self.baseline,
        }


class CommandLine(msgspec.Struct):
    """What the command line says about rule choice; None/empty means "not given"."""

    select: list[str] | None = None
    ignore: list[str] | None = None
    extend_select: list[str] | None = None
    rules: tuple[str, ...] = ()
    fail_on: str | None = None
    cross_file: bool = False  # also run the corpus-scoped rules (drafts compared with each other)


# ---------------------------------------------------------------------------------------------
# reading one file


def _read_toml(path: Path, text: str | None = None) -> dict | None:
    """The [tool.planlint] table of a pyproject.toml (its text, when already read), or None."""
    from planlint.safeload import load_toml, read_text

    if text is None:
        text = read_text(path, "配置文件")
    data = load_toml(text, str(path), "配置文件")
    tool = data.get("tool")
    if not isinstance(tool, dict) or "planlint" not in tool:
        return None
    return tool["planlint"]


def _read_yaml(path: Path) -> dict:
    from planlint.safeload import load_yaml_file

    data = load_yaml_file(path, "配置文件")
    return {} if data is None else data


def read_config(path: str | Path) -> Settings:
    """Parse and validate the structure of one configuration file (not yet the rule codes)."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(str(path), "配置文件不存在")
    if path.suffix == ".toml":
        raw = _read_toml(path)
        if raw is None:
            raise ConfigError(str(path), "没有 [tool.planlint] 表", key="tool.planlint")
    else:
        raw = _read_yaml(path)
    return _settings(raw, path)


def _settings(raw: Any, path: Path) -> Settings:
    where = str(path)
    if not isinstance(raw, dict):
        raise ConfigError(where, "配置应为映射（键: 值）")
    for key in raw:
        if key not in _TOP_KEYS:
            hint = "（请用短横线：extend-select、fail-on、per-file-ignores）" if "_" in str(key) else ""
            raise ConfigError(where, f"未知的配置键{hint}；可用：{', '.join(_TOP_KEYS)}", key=str(key))
    root = path.parent.resolve()
    s = Settings(path=where, root=str(root))
    s.select = _codes(raw, "select", where, None)
    s.ignore = _codes(raw, "ignore", where, [])
    s.extend_select = _codes(raw, "extend-select", where, [])
    s.rules = [str((root / p).resolve()) for p in _strings(raw, "rules", where)]
    s.exclude = _strings(raw, "exclude", where)
    if "fail-on" in raw:
        if raw["fail-on"] not in SEVERITIES:
            raise ConfigError(where, "应为 error、warning 或 info", key="fail-on")
        s.fail_on = raw["fail-on"]
    if "baseline" in raw:
        if not isinstance(raw["baseline"], str) or not raw["baseline"].strip():
            raise ConfigError(where, "应为基线文件的路径（相对于配置文件所在文件夹）", key="baseline")
        s.baseline = str(root / raw["baseline"])
    pfi = raw.get("per-file-ignores", {})
    if not isinstance(pfi, dict):
        raise ConfigError(where, "应为映射（文件通配符: 规则代码列表）", key="per-file-ignores")
    for glob, codes in pfi.items():
        s.per_file_ignores[str(glob)] = _codes({"c": codes}, "c", where, [], key=f"per-file-ignores.{glob}")
    s.params = _params(raw.get("params", {}), where, "params")
    s.companions = _companions(raw.get("companions", []), where, root)
    overrides = raw.get("overrides", [])
    if not isinstance(overrides, list):
        raise ConfigError(where, "应为列表，每项含 files 及要改变的键", key="overrides")
    for i, ov in enumerate(overrides):
        s.overrides.append(_override(ov, where, f"overrides[{i}]"))
    return s


def _companions(raw: Any, where: str, root: Path) -> list[list[str]]:
    """companions: a glob (the plan is found by the title the companion cites) or a pair
    [companion glob, plan glob]. A glob with a folder is relative to the configuration file."""
    def absolute(glob: str) -> str:
        return glob if not glob or "/" not in glob else str(root / glob.removeprefix("./"))

    if not isinstance(raw, list):
        raise ConfigError(where, "应为列表：分工方案的通配符，或 [分工方案通配符, 纲要通配符]", key="companions")
    out = []
    for i, entry in enumerate(raw):
        pair = [entry, ""] if isinstance(entry, str) else entry
        if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(g, str) for g in pair) and pair[0]):
            raise ConfigError(where, "应为通配符字符串或 [分工方案通配符, 纲要通配符]", key=f"companions[{i}]")
        out.append([absolute(g) for g in pair])
    return out


def _override(raw: Any, where: str, key: str) -> Override:
    if not isinstance(raw, dict):
        raise ConfigError(where, "应为映射，含 files 及要改变的键", key=key)
    for k in raw:
        if k not in _OVERRIDE_KEYS:
            raise ConfigError(where, f"未知的键；可用：{', '.join(_OVERRIDE_KEYS)}", key=f"{key}.{k}")
    files = _strings(raw, "files", where, key=f"{key}.files")
    if not files:
        raise ConfigError(where, "缺少 files（文件通配符列表）", key=f"{key}.files")
    return Override(files=files, select=_codes(raw, "select", where, None, key=f"{key}.select"),
                    ignore=_codes(raw, "ignore", where, [], key=f"{key}.ignore"),
                    extend_select=_codes(raw, "extend-select", where, [], key=f"{key}.extend-select"),
                    params=_params(raw.get("params", {}), where, f"{key}.params"), key=key)


def _strings(raw: dict, name: str, where: str, key: str | None = None) -> list[str]:
    value = raw.get(name, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(where, "应为字符串列表", key=key or name)
    return list(value)


def _codes(raw: dict, name: str, where: str, default, key: str | None = None):
    if name not in raw:
        return default
    value = raw[name]
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(where, "应为规则代码（或前缀）的列表", key=key or name)
    return selectors.parse(value)


def _params(raw: Any, where: str, key: str) -> dict[str, dict[str, Any]]:
    if not isinstance(raw, dict) or not all(isinstance(v, dict) for v in raw.values()):
        raise ConfigError(where, "应为映射：规则代码: {参数名: 值}", key=key)
    return {str(code).upper(): dict(v) for code, v in raw.items()}


# ---------------------------------------------------------------------------------------------
# discovery


def _has_section(path: Path) -> bool:
    if path.name != "pyproject.toml":
        return True
    from planlint.safeload import read_text

    text = read_text(path, "配置文件")
    return _may_name_planlint(text) and _read_toml(path, text) is not None


def _may_name_planlint(text: str) -> bool:
    """Whether a pyproject.toml can hold [tool.planlint]: most name no planlint at all, and need no
    TOML parser (3 ms) to say so. A text with escapes could spell the key otherwise: parsed."""
    return "planlint" in text or "\\u" in text or "\\U" in text


def find_config(start: str | Path) -> Path | None:
    """The nearest configuration file in start (a folder) or above it."""
    from planlint import trust

    folder = Path(start).resolve()
    for d in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            candidate = d / name
            try:
                if not candidate.is_file():
                    continue
            except OSError:  # a folder we may not enter: nothing of ours can be in it
                break
            if _has_section(candidate) and trust.usable(candidate, "配置文件"):
                return candidate
    return None


# ---------------------------------------------------------------------------------------------
# glob matching


def _relative(path: str, root: str) -> str | None:
    try:
        rel = os.path.relpath(os.path.abspath(path), root)
    except ValueError:
        return None
    rel = rel.replace(os.sep, "/")
    return None if rel.startswith("../") or rel == ".." else rel


def glob_matches(pattern: str, path: str, root: str) -> bool:
    rel = _relative(path, root)
    if rel is None:
        return False
    pattern = pattern.replace("\\", "/").removeprefix("./")
    if fnmatch.fnmatchcase(rel, pattern) or fnmatch.fnmatchcase(rel, pattern.rstrip("/") + "/*"):
        return True
    if "/" not in pattern:  # a bare name: matches the file name or any folder on the way
        return any(fnmatch.fnmatchcase(part, pattern) for part in rel.split("/"))
    return pattern.startswith("**/") and glob_matches(pattern[3:], path, root)


# ---------------------------------------------------------------------------------------------
# resolution: the rules for one file


class FileConfig(msgspec.Struct):
    rules: list  # the Rule objects to run on this file
    settings: Settings
    excluded: bool = False


class Resolver:
    """The effective rules for each file. Configuration files are read once; the rules for a file
    are recomputed only when its configuration or matching overrides differ."""

    def __init__(self, cli: CommandLine | None = None, config: str | None = None, isolated: bool = False,
                 cwd: str | None = None):
        self.cli = cli or CommandLine()
        self.isolated = isolated
        self.forced = read_config(config) if config and not isolated else None
        self._by_dir: dict[str, Settings] = {}
        self._by_path: dict[str, Settings] = {}
        self._rulesets: dict[tuple[str, ...], Any] = {}
        self._validated: set[tuple[str | None, tuple[str, ...]]] = set()
        self._cache: dict[tuple, list] = {}
        self.root = self.settings_for_dir(cwd or os.getcwd())

    # which configuration applies
    def settings_for_dir(self, folder: str) -> Settings:
        if self.isolated:
            return Settings()
        if self.forced is not None:
            return self.forced
        folder = os.path.abspath(folder)
        if folder not in self._by_dir:
            found = find_config(folder)
            if found is None:
                self._by_dir[folder] = Settings()
            else:
                key = str(found)
                if key not in self._by_path:
                    self._by_path[key] = read_config(found)
                self._by_dir[folder] = self._by_path[key]
        return self._by_dir[folder]

    def settings_for(self, path: str) -> Settings:
        return self.settings_for_dir(os.path.dirname(os.path.abspath(path)))

    @property
    def fail_on(self) -> str:
        return self.cli.fail_on or self.root.fail_on or "error"

    def ruleset(self, settings: Settings):
        from planlint.ruleset import loader as rules_mod

        from planlint import trust

        # rule files a found configuration names are trusted like it; --rules and --config are the user's
        named = [r for r in settings.rules if settings is self.forced or trust.usable(r, "规则文件")]
        key = (*named, *self.cli.rules)
        if key not in self._rulesets:
            self._rulesets[key] = rules_mod.load(key)
        ruleset = self._rulesets[key]
        vkey = (settings.path, key)
        if vkey not in self._validated:
            _validate_codes(settings, ruleset, self.cli)
            self._validated.add(vkey)
        return ruleset

    # the rules for one file
    def for_file(self, path: str) -> FileConfig:
        settings = self.settings_for(path)
        if any(glob_matches(g, path, settings.root) for g in settings.exclude):
            return FileConfig([], settings, excluded=True)
        overrides = tuple(i for i, o in enumerate(settings.overrides)
                          if any(glob_matches(g, path, settings.root) for g in o.files))
        ignores = tuple(g for g in settings.per_file_ignores if glob_matches(g, path, settings.root))
        key = (settings.path, overrides, ignores)
        if key not in self._cache:
            self._cache[key] = self._rules(settings, [settings.overrides[i] for i in overrides],
                                           [c for g in ignores for c in settings.per_file_ignores[g]])
        return FileConfig(self._cache[key], settings)

    def _rules(self, settings: Settings, overrides: list[Override], ignored: list[str]) -> list:
        from planlint.ruleset.loader import with_params
        from planlint.ruleset.selectors import matches

        ruleset = self.ruleset(settings)
        cli = self.cli
        chosen = ruleset.select(cli.select or settings.select, settings.ignore, settings.extend_select)
        params = {code: dict(p) for code, p in settings.params.items()}
        sources = {code: (settings.path, f"params.{code}") for code in params}
        for ov in overrides:
            if ov.select is not None:
                chosen = [r for r in ruleset.rules if matches(r.code, ov.select)]
            chosen += [r for r in ruleset.rules if r not in chosen and matches(r.code, ov.extend_select)]
            chosen = [r for r in chosen if not matches(r.code, ov.ignore)]
            for code, p in ov.params.items():
                params.setdefault(code, {}).update(p)
                sources[code] = (settings.path, f"{ov.key}.params.{code}")
        chosen = [r for r in chosen if not matches(r.code, ignored)]
        if cli.select:  # the command line narrows whatever the configuration chose
            chosen = [r for r in chosen if matches(r.code, cli.select)]
        if cli.extend_select:
            chosen += [r for r in ruleset.rules if r not in chosen and matches(r.code, cli.extend_select)]
        if cli.cross_file:
            chosen += [r for r in ruleset.rules if r not in chosen and _corpus_scoped(r)]
        if settings.companions:  # configured companions turn the plan/companion checks on
            chosen += [r for r in ruleset.rules if r not in chosen and r.kind.startswith("companions.")
                       and not matches(r.code, settings.ignore)]
            for r in ruleset.rules:
                if r.kind.startswith("companions."):
                    params.setdefault(r.code, {})["pairs"] = settings.companions
                    sources.setdefault(r.code, (settings.path, "companions"))
        if cli.ignore:
            chosen = [r for r in chosen if not matches(r.code, cli.ignore)]
        out = []
        for r in chosen:
            if r.code in params:
                where, key = sources[r.code]
                r = with_params(r, params[r.code], where or "<配置>", key)
            out.append(r)
        return out


def _corpus_scoped(rule) -> bool:
    from planlint import checks

    kind = checks.get(rule.kind)
    return kind is not None and kind.scope == "corpus"


def _validate_codes(settings: Settings, ruleset, cli: CommandLine) -> None:
    """Every selector names at least one rule: a typo must not silently select nothing."""
    known = [r.code for r in ruleset.rules]

    def check(chosen, where, key):
        s = selectors.unknown(chosen, known)
        if s is not None:
            raise ConfigError(where, f"没有代码以“{s}”开头的规则", key=key)

    where = settings.path or "<配置>"
    check(settings.select, where, "select")
    check(settings.ignore, where, "ignore")
    check(settings.extend_select, where, "extend-select")
    for glob, codes in settings.per_file_ignores.items():
        check(codes, where, f"per-file-ignores.{glob}")
    for code in settings.params:
        if code not in ruleset.by_code:
            raise ConfigError(where, f"没有规则 {code}", key=f"params.{code}")
    for ov in settings.overrides:
        check(ov.select, where, f"{ov.key}.select")
        check(ov.ignore, where, f"{ov.key}.ignore")
        check(ov.extend_select, where, f"{ov.key}.extend-select")
        for code in ov.params:
            if code not in ruleset.by_code:
                raise ConfigError(where, f"没有规则 {code}", key=f"{ov.key}.params.{code}")
    check(cli.select, "--select", None)
    check(cli.ignore, "--ignore", None)
    check(cli.extend_select, "--extend-select", None)
