"""planlint rules / rule CODE / test-rules."""
from __future__ import annotations

import json
import sys

import click

from planlint.errors import PlanlintError
from planlint.commands.options import color_option, echo_json, load_rules, rules_option


def rule_dict(r) -> dict:
    return {"code": r.code, "name": r.name, "category": r.category, "severity": r.severity,
            "kind": r.kind, "enabled": r.enabled, "description": r.description, "standard": r.standard,
            "params": r.params, "examples": r.examples}


@click.command()
@rules_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@color_option
def rules(rule_files, fmt, color):
    """列出全部规则。"""
    ruleset = load_rules(rule_files)
    if fmt == "json":
        echo_json([rule_dict(r) for r in ruleset.rules])
        return
    from rich.table import Table

    from planlint.report import console as console_mod
    from planlint.ruleset.docgen import summary

    table = Table(show_lines=False, header_style="bold")
    for col in ("代码", "名称", "类别", "级别", "默认", "说明"):
        table.add_column(col)
    for r in sorted(ruleset.rules, key=lambda r: r.code):
        table.add_row(r.code, r.name, r.category, r.severity, "开" if r.enabled else "关",
                      summary(r.description, r.name))
    # rule texts (built-in or a user's --rules file) are data: no markup, no emoji codes
    console_mod.make(color=console_mod.wants_color(color), markup=False).print(table)


@click.command()
@click.argument("code")
@rules_option
def rule(code, rule_files):
    """说明一条规则：检查什么、为什么、示例与依据的标准。"""
    ruleset = load_rules(rule_files)
    r = ruleset.by_code.get(code.upper())
    if r is None:
        raise PlanlintError(f"没有规则 {code}；用 planlint rules 查看全部规则")
    lines = [f"{r.code} {r.name}（{r.category}，{r.severity}{'' if r.enabled else '，默认关闭'}）", "",
             r.description]
    if r.standard:
        lines += ["", f"依据：{r.standard}"]
    for kind, label in (("bad", "不符合"), ("good", "符合")):
        for ex in r.examples.get(kind, []):
            lines += ["", f"{label}：", *("    " + ln for ln in ex.rstrip("\n").splitlines())]
    if r.params:
        lines += ["", "参数：", *(f"    {k}: {json.dumps(v, ensure_ascii=False)}" for k, v in r.params.items())]
    click.echo("\n".join(lines))


@click.command("test-rules")
@rules_option
def test_rules(rule_files):
    """运行每条规则的 examples（bad 必须触发，good 不得触发）。"""
    from planlint.workflow.rule_examples import run_examples

    ruleset = load_rules(rule_files)
    count, failures = run_examples(ruleset.rules)
    for f in failures:
        click.echo(f.describe(), err=True)
    click.echo(f"{count - len(failures)} passed, {len(failures)} failed")
    if failures:
        sys.exit(1)
