"""planlint config [PATH]: the configuration file that applies to PATH and the rules that would run."""
from __future__ import annotations

import json
import os

import click

from planlint.errors import ConfigError
from planlint.commands.options import echo_json, rules_option, split_selectors


@click.command()
@click.argument("path", required=False, default=".", type=click.Path())
@click.option("--select", multiple=True, help="同 check 的 --select")
@click.option("--ignore", multiple=True, help="同 check 的 --ignore")
@click.option("--extend-select", multiple=True, help="同 check 的 --extend-select")
@rules_option
@click.option("--config", "config_file", type=click.Path(dir_okay=False), help="使用此配置文件")
@click.option("--isolated", is_flag=True, help="忽略所有配置文件")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def config(path, select, ignore, extend_select, rule_files, config_file, isolated, fmt):
    """显示对某个文件（或文件夹）生效的配置与规则。"""
    from planlint.workflow.configuration import CommandLine, Resolver

    if config_file and isolated:
        raise ConfigError("--config", "不能与 --isolated 同时使用")
    cli = CommandLine(split_selectors(select), split_selectors(ignore), split_selectors(extend_select),
                      tuple(rule_files))
    resolver = Resolver(cli, config_file, isolated)
    # for a folder, the settings of a (hypothetical) file directly inside it
    target = os.path.join(path, "_.txt") if os.path.isdir(path) else path
    fc = resolver.for_file(target)
    settings = fc.settings
    data = {
        "path": path,
        **settings.to_dict(),
        "fail-on (effective)": resolver.fail_on,
        "excluded": fc.excluded,
        "rules (effective)": [
            {"code": r.code, "name": r.name, "severity": r.severity,
             **({"params": r.params} if r.params else {})} for r in sorted(fc.rules, key=lambda r: r.code)
        ],
    }
    if fmt == "json":
        echo_json(data)
        return
    click.echo(f"路径：{path}")
    click.echo(f"配置文件：{settings.path or '（无，使用默认设置）'}")
    for key in ("select", "ignore", "extend-select", "rules", "exclude", "per-file-ignores", "params", "overrides",
                "baseline"):
        value = data[key]
        if value:
            click.echo(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    click.echo(f"fail-on: {resolver.fail_on}")
    if fc.excluded:
        click.echo("此路径被 exclude 排除，不会检查")
        return
    click.echo(f"生效的规则（{len(fc.rules)} 条）：")
    for r in sorted(fc.rules, key=lambda r: r.code):
        click.echo(f"  {r.code}  {r.name}  [{r.severity}]")
