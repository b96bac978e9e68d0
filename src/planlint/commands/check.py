"""planlint check PATH...: lint drafts and report."""
from __future__ import annotations

import os
import sys

import click

from planlint import report
from planlint.document.model import Applicability
from planlint.workflow.engine import STDIN, FileOptions, lint, warn
from planlint.errors import EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK, ConfigError
from planlint.commands.options import color_option, rules_option, split_selectors



@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(readable=False))  # unreadable: a per-file error
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
              help="只报告不在此基线文件中的问题（也可在配置文件中用 baseline 设定）")
@click.option("--no-baseline", is_flag=True, help="不使用配置文件中设定的基线，报告全部问题")
@click.option("--write-baseline", type=click.Path(dir_okay=False), help="把当前全部问题写入基线文件")
@click.option("--fix", is_flag=True, help="应用安全的自动修正（读标准输入时把修正后的全文写到标准输出）")
@click.option("--fix-only", is_flag=True,
              help="只应用安全修正并列出修正了什么，不报告其余问题；除运行失败外以 0 退出（pre-commit 修正钩子用）")
@click.option("--unsafe-fixes", is_flag=True, help="同时应用需人工确认的修正（如重新编号）")
@click.option("--diff", "show_diff", is_flag=True, help="只显示修正的差异，不写入文件")
@click.option("--quiet", "-q", is_flag=True,
              help="只输出问题本身，不输出汇总行；没有问题时不输出任何内容（pre-commit 下自动启用）")
@click.option("--stdin-filename", metavar="NAME",
              help="路径为 - 时从标准输入读取文稿，并按此文件名查找配置、匹配按文件的规则、报告路径")
@color_option
@click.option("--output-file", "-o", type=click.Path(dir_okay=False), help="把报告写入文件")
@click.option("--no-source", is_flag=True, help="文本报告中不显示原文行")
@click.option("--timing", is_flag=True, help="在标准错误输出中显示每条规则的耗时")
@click.option("--statistics", is_flag=True, help="按规则代码汇总问题数量")
@click.option("--revisions", type=click.Choice(["accept", "original"]), default="accept", show_default=True,
              help=".docx 中的修订：accept 按接受全部修订后的文字检查，original 按修订前的原文检查")
@click.option("--allow-empty", is_flag=True, help="没有找到可检查的文稿时也不报错（默认以 2 退出）")
@click.option("--max-file-size", type=click.FloatRange(min=0, min_open=True), default=None,
              help="文稿大小上限（MB，默认 10）；更大的文件不检查")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0,
              help="并行进程数（默认 0：全部 CPU 核；文件多或大时才启用）")
def check(paths, fmt, select, ignore, extend_select, cross_file, fail_on, exit_zero, rule_files, config_file,
          isolated, baseline_file, no_baseline, write_baseline, fix, fix_only, unsafe_fixes, show_diff, quiet,
          stdin_filename, color, output_file, no_source, timing, statistics, revisions, allow_empty, max_file_size,
          jobs):
    """检查规划文稿（.txt/.md/.docx 文件或文件夹；- 表示标准输入）。"""
    from planlint.workflow.configuration import CommandLine, Resolver
    from planlint.report.progress import bar as progress_bar

    if config_file and isolated:
        raise ConfigError("--config", "不能与 --isolated 同时使用")
    stdin = _stdin(paths, stdin_filename)
    quiet = quiet or bool(os.environ.get("PRE_COMMIT"))
    # a file name that is not valid UTF-8 is shown with its bytes escaped, not a UnicodeEncodeError
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="backslashreplace")
    cli = CommandLine(split_selectors(select), split_selectors(ignore), split_selectors(extend_select),
                      tuple(rule_files), fail_on, cross_file)
    resolver = Resolver(cli, config_file, isolated)
    baseline = _baseline(baseline_file, no_baseline, write_baseline, resolver)
    _check_targets(paths, None if fmt == "docx" else output_file, write_baseline)  # docx: its own
    fixing = Applicability.UNSAFE if unsafe_fixes else Applicability.SAFE if (fix or fix_only or show_diff) else None
    max_bytes = int(max_file_size * 1024 * 1024) if max_file_size else None
    result = lint(list(paths), [], keep_documents=(fmt in ("text", "html", "docx") or bool(write_baseline)),
                  resolve=resolver.for_file,
                  options=FileOptions(fix=fixing, write=not show_diff, stdin=stdin, max_bytes=max_bytes,
                                      revisions=revisions),
                  baseline=baseline, jobs=jobs, progress=None if quiet else progress_bar,
                  stdin_filename=stdin_filename, parsed=fmt in ("html", "docx"),
                  fingerprints=fmt in report.FINGERPRINTED)
    # stdin with --fix: the fixed text owns stdout (an editor replaces its buffer with it), the report goes to stderr
    fixed_stdin = stdin is not None and fixing is not None and not show_diff
    if fixed_stdin:
        sys.stdout.buffer.write(result.stdin_output if result.stdin_output is not None else stdin)
        sys.stdout.flush()

    _unread(result, paths, allow_empty)
    if write_baseline:
        _write_baseline(result, write_baseline, quiet)
    elif show_diff:
        _emit(output_file, result, lambda out: out.write("".join(result.diffs)))
    elif fix_only:
        _fixed_files(result, err=fixed_stdin)
    elif fmt == "docx":  # files, not a stream: -o names the copy (a folder for several drafts)
        from planlint.report import docx_annotate

        docx_annotate.write_all(result, list(paths), output_file, click.echo)
    elif not (quiet and not result.findings and fmt in ("text", "concise")):
        options = dict(statistics=statistics, no_source=no_source, color=color, summary=not quiet)
        _emit(output_file, result, lambda out: _report(result, fmt, out, **options),
              sys.stderr if fixed_stdin else None)
    _notes(result, fixing and not show_diff and not fix_only, quiet, timing, baseline)
    if fix_only and not result.errors:
        sys.exit(EXIT_OK)
    sys.exit(_exit_code(result, resolver.fail_on, exit_zero, write_baseline, show_diff))


def _check_targets(paths, output_file, write_baseline) -> None:
    """Refuse a bad output path before linting (and fixing) anything."""
    if not (output_file or write_baseline):
        return
    from planlint.workflow import output

    inputs = output.identities(p for p in paths if p != STDIN)
    if output_file:
        output.check_target(output_file, inputs, "报告")
    if write_baseline:
        output.check_target(write_baseline, inputs, "基线")


def _stdin(paths, stdin_filename) -> bytes | None:
    """The draft on standard input when the only path is "-"; None otherwise."""
    if STDIN not in paths:
        if stdin_filename:
            raise click.UsageError("--stdin-filename 只能与路径 -（标准输入）一起使用")
        return None
    if len(paths) > 1:
        raise click.UsageError("路径 -（标准输入）不能与其他路径同时使用")
    return sys.stdin.buffer.read()


def _baseline(baseline_file, no_baseline, write_baseline, resolver):
    """--baseline, else the configuration's `baseline` (relative to its file), unless --no-baseline."""
    from planlint.workflow import baseline as baseline_mod

    path = baseline_file or (None if no_baseline else resolver.root.baseline)
    return baseline_mod.Baseline.load(path) if path and not write_baseline else None


def _fixed_files(result, err: bool) -> None:
    """--fix-only: what was fixed, one line a file (on stdout, which a pre-commit hook shows,
    unless stdout carries the fixed text of stdin)."""
    from planlint.text.termsafe import escape

    for f in result.files:
        if f.fixed:
            click.echo(f"{escape(f.path)}：已修正 {f.fixed} 个问题", err=err)


def _unread(result, paths, allow_empty) -> None:
    """Never a false green: files that could not be read, and a run that read none, fail the run."""
    from planlint.workflow.discovery import UNREADABLE_SUFFIXES

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
    if any(f._word is not None for f in result.findings):
        from planlint.document.wordfile.positions import relocate

        relocate(result.findings)


def _emit(output_file, result, write, stream=None) -> None:
    """The report on stdout (or stream), or complete in memory first and then into the output file
    (see output.py: never a device, a dangling link or a draft; a failed write leaves the old file)."""
    if not output_file:
        write(stream or sys.stdout)
        return
    import io

    from planlint.workflow import output

    inputs = output.identities(f.path for f in result.files if f.path != STDIN)
    output.check_target(output_file, inputs, "报告")
    buf = io.StringIO()
    write(buf)
    output.write(output_file, buf.getvalue().encode("utf-8", "backslashreplace"), inputs, "报告")


def _report(result, fmt, out, statistics, no_source, color, summary) -> None:
    from planlint.report.console import wants_color

    if fmt not in ("html", "docx"):  # those reports mark the original text offsets themselves
        _word_positions(result)
    if statistics:
        _statistics(result, out)
    else:
        report.render(fmt, result, out, report.Options(color=fmt == "text" and wants_color(color, out),
                                                       show_source=not no_source, summary=summary))


def _write_baseline(result, path, quiet) -> None:
    from planlint.workflow import baseline as baseline_mod

    by_path = {}
    for f in result.findings:
        by_path.setdefault(f.path, []).append(f)
    per_file = [(d.text, by_path.get(d.path, [])) for d in result.documents]
    from planlint.workflow import output

    n = baseline_mod.write(path, per_file, output.identities(f.path for f in result.files))
    if not quiet:
        from planlint.text.termsafe import escape

        click.echo(f"已将 {n} 个问题写入基线 {escape(path)}", err=True)


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
    for line in result.notes:
        warn(line)
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
