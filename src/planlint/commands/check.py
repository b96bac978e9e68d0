"""planlint check PATH...: lint drafts and report."""
from __future__ import annotations

import os
import sys

import click

from .. import report
from ..engine import lint, warn
from ..errors import EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK, PlanlintError
from .options import load_rules, rules_option, select_rules, split_selectors


def _color(fmt: str, out) -> bool:
    if fmt != "text" or os.environ.get("NO_COLOR"):
        return False
    return bool(getattr(out, "isatty", lambda: False)())


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(list(report.FORMATS)), default="text", show_default=True,
              help="输出格式")
@click.option("--select", multiple=True, help="只启用这些规则（代码或前缀，逗号分隔；ALL 表示全部）")
@click.option("--ignore", multiple=True, help="停用这些规则（代码或前缀）")
@click.option("--extend-select", multiple=True, help="在默认规则之外再启用这些规则")
@click.option("--cross-file", is_flag=True, help="同时检查多个文稿之间的问题（如文稿间重复的句子）")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default="error", show_default=True,
              help="达到此严重程度的问题使退出码为 1")
@click.option("--exit-zero", is_flag=True, help="有问题也以 0 退出（运行失败仍为 2）")
@rules_option
@click.option("--output-file", "-o", type=click.Path(dir_okay=False), help="把报告写入文件")
@click.option("--no-source", is_flag=True, help="文本报告中不显示原文行")
@click.option("--timing", is_flag=True, help="在标准错误输出中显示每条规则的耗时")
@click.option("--statistics", is_flag=True, help="按规则代码汇总问题数量")
def check(paths, fmt, select, ignore, extend_select, cross_file, fail_on, exit_zero, rule_files, output_file,
          no_source, timing, statistics):
    """检查规划文稿（.txt/.md 文件或文件夹）。"""
    ruleset = load_rules(rule_files)
    chosen = select_rules(ruleset, split_selectors(select), split_selectors(ignore),
                          split_selectors(extend_select))
    if cross_file:
        chosen += [r for r in ruleset.rules if r not in chosen and _corpus_scoped(r)]
    result = lint(list(paths), chosen, keep_documents=(fmt == "text"))
    out = open(output_file, "w", encoding="utf-8") if output_file else sys.stdout
    try:
        if statistics:
            _statistics(result, out)
        else:
            report.render(fmt, result, out, report.Options(color=_color(fmt, out), show_source=not no_source))
    finally:
        if output_file:
            out.close()
    if timing:
        for code, seconds in sorted(result.timing.items(), key=lambda kv: -kv[1]):
            click.echo(f"{code:8} {seconds * 1000:8.1f} ms", err=True)
    for line in result.errors:
        warn(line)
    if result.errors:
        sys.exit(EXIT_FAILURE)
    if not exit_zero and result.failed(fail_on):
        sys.exit(EXIT_FINDINGS)
    sys.exit(EXIT_OK)


def _corpus_scoped(rule) -> bool:
    """Rules that compare drafts with each other are off unless --cross-file asks for them."""
    from .. import checks

    kind = checks.get(rule.kind)
    return kind is not None and kind.scope == "corpus"


def _statistics(result, out) -> None:
    from collections import Counter

    counts = Counter((f.code, f.name) for f in result.findings)
    for (code, name), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        out.write(f"{n:6}  {code}  {name}\n")
