"""Options shared by several subcommands (rule selectors are parsed by ruleset.selectors)."""
from __future__ import annotations

import click

from planlint.ruleset import loader as rules_mod
from planlint.ruleset import selectors


def split_selectors(values: tuple[str, ...]) -> list[str] | None:
    """--select/--ignore/--extend-select given as often as wanted; None when not given."""
    return selectors.parse(values) or None


def load_rules(extra: tuple[str, ...]):
    return rules_mod.load(extra)


color_option = click.option(
    "--color", "color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
    help="彩色输出：auto 仅在终端上（遵从 NO_COLOR、FORCE_COLOR 环境变量），always 总是，never 从不")

rules_option = click.option("--rules", "rule_files", multiple=True, type=click.Path(dir_okay=False),
                            help="追加的 YAML 规则集（可多次使用）")


def load_one(path: str):
    """One draft for a command that shows it (outline, targets, owners): a bad file is exit 2."""
    from planlint.workflow.engine import load_document
    from planlint.errors import InputError, PlanlintError

    try:
        return load_document(path, path)
    except InputError as e:
        raise PlanlintError(e.message) from None


def echo_json(data) -> None:
    import json
    import sys

    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def selection_options(command):
    """The options that choose rules and judge the result, for commands that lint drafts and
    write a report of their own (annotate); the same names and meanings as in `check`."""
    decorators = [
        click.option("--select", multiple=True, help="只启用这些规则（代码或前缀，逗号分隔；ALL 表示全部）"),
        click.option("--ignore", multiple=True, help="停用这些规则（代码或前缀）"),
        click.option("--extend-select", multiple=True, help="在默认规则之外再启用这些规则"),
        click.option("--cross-file", is_flag=True, help="同时检查多个文稿之间的问题"),
        click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default=None,
                     help="达到此严重程度的问题使退出码为 1（默认 error，可在配置中设定）"),
        click.option("--exit-zero", is_flag=True, help="有问题也以 0 退出（运行失败仍为 2）"),
        rules_option,
        click.option("--config", "config_file", type=click.Path(dir_okay=False),
                     help="使用此配置文件（pyproject.toml 或 planlint.yaml），不再逐级查找"),
        click.option("--isolated", is_flag=True, help="忽略所有配置文件"),
        click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False),
                     help="只报告不在此基线文件中的问题"),
    ]
    for decorate in reversed(decorators):
        command = decorate(command)
    return command


def format_option(*choices: str):
    """--format for a listing command: the choices it can print, the first one the default."""
    return click.option("--format", "fmt", type=click.Choice(list(choices)), default=choices[0], show_default=True)
