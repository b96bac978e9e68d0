"""planlint annotate DRAFT -o DRAFT.批注.docx: a Word copy of the draft with the findings as comments."""
from __future__ import annotations

import sys

import click

from planlint.workflow.engine import lint, warn
from planlint.errors import EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK, ConfigError
from planlint.commands.options import selection_options, split_selectors


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--output", "-o", type=click.Path(),
              help="批注副本的文件名（多个文稿时为文件夹）；默认在原文稿旁另存为“原名.批注.docx”")
@click.option("--min-severity", type=click.Choice(["error", "warning", "info"]), default="info",
              show_default=True, help="只把达到此严重程度的问题写成批注（warning：不要提示）")
@selection_options
def annotate(paths, output, min_severity, select, ignore, extend_select, cross_file, fail_on, exit_zero,
             rule_files, config_file, isolated, baseline_file):
    """另存一份带批注的 Word 文稿：每个问题是一条批注，标在问题所在的文字上；原文稿不改动。"""
    from planlint.workflow.configuration import CommandLine, Resolver
    from planlint.commands.check import _baseline
    from planlint.document.model import severity_rank
    from planlint.report import docx_annotate

    if config_file and isolated:
        raise ConfigError("--config", "不能与 --isolated 同时使用")
    cli = CommandLine(split_selectors(select), split_selectors(ignore), split_selectors(extend_select),
                      tuple(rule_files), fail_on, cross_file)
    resolver = Resolver(cli, config_file, isolated)
    baseline = _baseline(baseline_file, False, None, resolver)  # --baseline, else the configuration's
    result = lint(list(paths), [], keep_documents=True, resolve=resolver.for_file, baseline=baseline,
                  parsed=True)
    threshold = severity_rank(min_severity)
    result.findings = [f for f in result.findings if severity_rank(f.severity) >= threshold]
    docx_annotate.write_all(result, list(paths), output, click.echo)
    for line in result.errors:
        warn(line)
    if result.errors:
        sys.exit(EXIT_FAILURE)
    failed = result.failed(resolver.fail_on) and not exit_zero
    sys.exit(EXIT_FINDINGS if failed else EXIT_OK)
