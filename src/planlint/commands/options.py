"""Options shared by several subcommands, and the parsing of rule selectors."""
from __future__ import annotations

import click

from .. import rules as rules_mod


def split_selectors(values: tuple[str, ...]) -> list[str] | None:
    out = [s.strip().upper() for v in values for s in v.split(",") if s.strip()]
    return out or None


def load_rules(extra: tuple[str, ...]):
    return rules_mod.load(extra)


color_option = click.option(
    "--color", "color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
    help="彩色输出：auto 仅在终端上（遵从 NO_COLOR、FORCE_COLOR 环境变量），always 总是，never 从不")

rules_option = click.option("--rules", "rule_files", multiple=True, type=click.Path(dir_okay=False),
                            help="追加的 YAML 规则集（可多次使用）")


def load_one(path: str):
    """One draft for a command that shows it (outline, targets, owners): a bad file is exit 2."""
    from ..engine import load_document
    from ..errors import InputError, PlanlintError

    try:
        return load_document(path, path)
    except InputError as e:
        raise PlanlintError(e.message) from None


def echo_json(data) -> None:
    import json
    import sys

    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
