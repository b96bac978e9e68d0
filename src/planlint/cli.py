"""The planlint command. Subcommands live in planlint.commands.* and are imported only when used,
so that `planlint check --format json` does not pay for the others (or for rich)."""
from __future__ import annotations

import importlib
import importlib.util
import os
import sys

from planlint import __version__, collected_later

with collected_later():
    import click

# name -> (module, attribute, one-line help shown in `planlint --help`)
COMMANDS = {
    "check": ("planlint.commands.check", "check", "检查文稿（默认命令）"),
    "outline": ("planlint.commands.outline", "outline", "显示解析出的篇章节与序号结构"),
    "rules": ("planlint.commands.rule_catalog", "rules", "列出全部规则"),
    "rule": ("planlint.commands.rule_catalog", "rule", "说明一条规则"),
    "test-rules": ("planlint.commands.rule_catalog", "test_rules", "运行规则文件中的示例"),
    "targets": ("planlint.commands.target_list", "targets", "列出文稿中的指标与目标"),
    "owners": ("planlint.commands.owners", "owners", "列出任务分工方案的单位×任务矩阵"),
    "indicators": ("planlint.commands.indicators", "indicators", "列出各项指标的全部表述及是否一致"),
    "config": ("planlint.commands.config", "config", "显示生效的配置"),
    "annotate": ("planlint.commands.annotate", "annotate", "另存带批注的 Word 文稿（每个问题一条批注）"),
}


class LazyGroup(click.Group):
    def list_commands(self, ctx):
        return [name for name, (module, _, _) in COMMANDS.items() if importlib.util.find_spec(module)]

    def get_command(self, ctx, name):
        if name not in COMMANDS:
            return None
        module, attr, _ = COMMANDS[name]
        try:
            with collected_later():
                return getattr(importlib.import_module(module), attr)
        except ModuleNotFoundError as e:
            if e.name == module:
                return None
            raise

    def format_commands(self, ctx, formatter):
        rows = [(name, COMMANDS[name][2]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="planlint")
def main():
    """planlint：规划纲要、专项规划与任务分工方案的一致性检查工具。

    例：planlint check 纲要.txt
    """


def run() -> None:
    """The console script and `python -m planlint`: the command, then the process ends at once
    (os._exit) once its output is flushed. The interpreter's own shutdown frees every module and
    object one by one: 5-10 ms, a tenth of a short run, with nothing left to do (reports are
    written and closed by then, --jobs workers reaped). Anything unusual -- an exit status that is
    not a number, output that cannot be flushed (a closed pipe) -- takes the usual shutdown."""
    try:
        main(prog_name="planlint")
        code = 0
    except SystemExit as e:  # click's standalone mode always ends with one
        code = e.code
    if code is None:
        code = 0
    if not isinstance(code, int):
        raise SystemExit(code)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        raise SystemExit(code) from None
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
