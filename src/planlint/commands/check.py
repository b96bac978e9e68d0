"""planlint check PATH...: lint drafts and report."""
from __future__ import annotations

import os
import sys

import click

from .. import report
from ..engine import FileOptions, lint, warn
from ..errors import EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK, ConfigError
from .options import rules_option, split_selectors


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
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default=None,
              help="达到此严重程度的问题使退出码为 1（默认 error，可在配置中设定）")
@click.option("--exit-zero", is_flag=True, help="有问题也以 0 退出（运行失败仍为 2）")
@rules_option
@click.option("--config", "config_file", type=click.Path(dir_okay=False),
              help="使用此配置文件（pyproject.toml 或 planlint.yaml），不再逐级查找")
@click.option("--isolated", is_flag=True, help="忽略所有配置文件")
@click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False),
              help="只报告不在此基线文件中的问题")
@click.option("--write-baseline", type=click.Path(dir_okay=False), help="把当前全部问题写入基线文件")
@click.option("--fix", is_flag=True, help="应用安全的自动修正")
@click.option("--unsafe-fixes", is_flag=True, help="同时应用需人工确认的修正（如重新编号）")
@click.option("--diff", "show_diff", is_flag=True, help="只显示修正的差异，不写入文件")
@click.option("--quiet", "-q", is_flag=True, help="没有问题时不输出任何内容（pre-commit 下自动启用）")
@click.option("--output-file", "-o", type=click.Path(dir_okay=False), help="把报告写入文件")
@click.option("--no-source", is_flag=True, help="文本报告中不显示原文行")
@click.option("--timing", is_flag=True, help="在标准错误输出中显示每条规则的耗时")
@click.option("--statistics", is_flag=True, help="按规则代码汇总问题数量")
@click.option("--revisions", type=click.Choice(["accept", "original"]), default="accept", show_default=True,
              help=".docx 中的修订：accept 按接受全部修订后的文字检查，original 按修订前的原文检查")
@click.option("--allow-empty", is_flag=True, help="没有找到可检查的文稿时也不报错（默认以 2 退出）")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0,
              help="并行进程数（默认 0：全部 CPU 核；文件多或大时才启用）")
def check(paths, fmt, select, ignore, extend_select, cross_file, fail_on, exit_zero, rule_files, config_file,
          isolated, baseline_file, write_baseline, fix, unsafe_fixes, show_diff, quiet, output_file, no_source,
          timing, statistics, revisions, allow_empty, jobs):
    """检查规划文稿（.txt/.md/.docx 文件或文件夹）。"""
    from .. import baseline as baseline_mod
    from ..config import CommandLine, Resolver
    from ..progress import bar as progress_bar

    if config_file and isolated:
        raise ConfigError("--config", "不能与 --isolated 同时使用")
    quiet = quiet or bool(os.environ.get("PRE_COMMIT"))
    cli = CommandLine(split_selectors(select), split_selectors(ignore), split_selectors(extend_select),
                      tuple(rule_files), fail_on, cross_file)
    resolver = Resolver(cli, config_file, isolated)
    baseline = baseline_mod.Baseline.load(baseline_file) if baseline_file and not write_baseline else None
    fixing = "unsafe" if unsafe_fixes else "safe" if (fix or show_diff) else None
    result = lint(list(paths), [], keep_documents=(fmt == "text" or bool(write_baseline)),
                  resolve=resolver.for_file, options=FileOptions(fix=fixing, write=not show_diff, revisions=revisions),
                  baseline=baseline, jobs=jobs, progress=None if quiet else progress_bar)

    _unread(result, paths, allow_empty)
    if write_baseline:
        _write_baseline(result, write_baseline, quiet)
    elif show_diff:
        _emit(output_file, lambda out: out.write("".join(result.diffs)))
    elif not (quiet and not result.findings and fmt in ("text", "concise")):
        _emit(output_file, lambda out: _report(result, fmt, out, statistics, no_source))
    _notes(result, fixing and not show_diff, quiet, timing, baseline)
    sys.exit(_exit_code(result, resolver.fail_on, exit_zero, write_baseline, show_diff))


def _unread(result, paths, allow_empty) -> None:
    """Never a false green: files that could not be read, and a run that read none, fail the run."""
    from ..discovery import UNREADABLE_SUFFIXES

    skipped = [f.path for f in result.files if f.error and f.path.lower().endswith(UNREADABLE_SUFFIXES)]
    if skipped and any(os.path.isdir(p) for p in paths):
        kinds = {}
        for p in skipped:
            ext = os.path.splitext(p)[1].lower()
            kinds[ext] = kinds.get(ext, 0) + 1
        listed = "、".join(f"{ext} {n} 个" for ext, n in sorted(kinds.items()))
        result.errors.append(f"已跳过 {len(skipped)} 个无法读取的文件（{listed}）：请另存为 .docx 或 .txt 后再检查，"
                             f"或在配置的 exclude 中排除它们")
    if not allow_empty and not result.files:
        result.errors.append(f"没有检查任何文稿（{'、'.join(paths)} 中没有可读取的 .txt/.md/.docx 文件）；"
                             f"确认路径，或用 --allow-empty 允许空运行")


def _word_positions(result) -> None:
    """Findings in .docx files name Word's paragraphs and cells in every report (baselines are
    keyed on the text before)."""
    if any(f.location for f in result.findings):
        from ..wordfile.positions import relocate

        relocate(result.findings)


def _emit(output_file, write) -> None:
    out = open(output_file, "w", encoding="utf-8") if output_file else sys.stdout
    try:
        write(out)
    finally:
        if output_file:
            out.close()


def _report(result, fmt, out, statistics, no_source) -> None:
    _word_positions(result)
    if statistics:
        _statistics(result, out)
    else:
        report.render(fmt, result, out, report.Options(color=_color(fmt, out), show_source=not no_source))


def _write_baseline(result, path, quiet) -> None:
    from .. import baseline as baseline_mod

    by_path = {}
    for f in result.findings:
        by_path.setdefault(f.path, []).append(f)
    per_file = [(d.text, by_path.get(d.path, [])) for d in result.documents]
    n = baseline_mod.write(path, per_file)
    if not quiet:
        click.echo(f"已将 {n} 个问题写入基线 {path}", err=True)


def _notes(result, fixing, quiet, timing, baseline) -> None:
    """What the run did besides finding things, on stderr so that machine formats stay clean."""
    fixed = sum(f.fixed for f in result.files)
    if fixing and fixed and not quiet:
        files = sum(1 for f in result.files if f.fixed)
        click.echo(f"已修正 {fixed} 个问题（{files} 个文件）", err=True)
    if baseline is not None and result.stale:
        warn(f"基线 {baseline.path} 中有 {len(result.stale)} 条已不再出现的问题（已修正或文字已改），"
             f"可用 --write-baseline 更新基线")
    if timing:
        for code, seconds in sorted(result.timing.items(), key=lambda kv: -kv[1]):
            click.echo(f"{code:8} {seconds * 1000:8.1f} ms", err=True)
    for line in result.errors:
        warn(line)


def _exit_code(result, fail_on, exit_zero, write_baseline, show_diff) -> int:
    if result.errors:
        return EXIT_FAILURE
    if write_baseline or exit_zero:
        return EXIT_OK
    if show_diff:
        return EXIT_FINDINGS if result.diffs else EXIT_OK
    return EXIT_FINDINGS if result.failed(fail_on) else EXIT_OK


def _statistics(result, out) -> None:
    from collections import Counter

    counts = Counter((f.code, f.name) for f in result.findings)
    for (code, name), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        out.write(f"{n:6}  {code}  {name}\n")
