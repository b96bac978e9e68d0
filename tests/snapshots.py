"""Snapshots: what planlint prints for a fixture, kept beside the fixture.

`fixtures/<family>/<name>.<ext>.expected` holds a transcript of planlint commands run in `fixtures/`
on `<name>.<ext>`, each a `$ planlint ...` line followed by exactly what it printed (stdout and
stderr as a terminal shows them) and `[exit N]` when the exit code is not 0:

    $ planlint check --isolated --format concise numbering/defects_fullwidth.txt
    numbering/defects_fullwidth.txt:7:3: NUM101 [error] “第一章第一节”下缺少“三、”
    [exit 1]

    $ planlint check --isolated --diff numbering/defects_fullwidth.txt
    --- a/numbering/defects_fullwidth.txt
    ...

A new snapshot gets the concise report of the default rules, the `--diff` of the safe fixes when
there are any, and the `--diff --unsafe-fixes` when the unsafe fixes change more. The `$` lines are
the snapshot's input: edit them to select other rules (`--select ALL`), add a rule file, or lint the
fixture with its companion (`--cross-file`); `--update` keeps them and rewrites what is printed.

Why files beside the fixture and not markers inside it: fixtures are drafts that planlint reads as
a user's draft would be read; a marker line would shift every later line number and could itself
be linted. A transcript also shows the fix diff, which no inline marker can.

    python -m tests.snapshots                   # list stale or missing snapshots, with their diffs
    python -m tests.snapshots --update          # rewrite every snapshot; review `git diff fixtures/`
    python -m tests.snapshots --update FIXTURE  # write one (a new fixture gets the default commands)

tests/test_snapshots.py compares every snapshot exactly and requires one for every draft fixture.
"""
from __future__ import annotations

import argparse
import contextlib
import difflib
import os
import shlex
import sys
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SUFFIX = ".expected"
DRAFT_SUFFIXES = (".txt", ".md", ".docx")
PROMPT = "$ "
# what would make the same command print otherwise on a CI machine (colour, pre-commit's quiet mode)
NEUTRAL_ENV = {"FORCE_COLOR": None, "NO_COLOR": None, "PRE_COMMIT": None}


def drafts() -> list[Path]:
    """Every draft fixture (what planlint lints), not rule files or snapshots."""
    return sorted(p for p in FIXTURES.rglob("*") if p.is_file() and p.suffix in DRAFT_SUFFIXES)


def snapshot_of(fixture: Path) -> Path:
    return fixture.with_name(fixture.name + SUFFIX)


def fixture_of(snapshot: Path) -> Path:
    return snapshot.with_name(snapshot.name[: -len(SUFFIX)])


def relative(fixture: Path) -> str:
    return fixture.resolve().relative_to(FIXTURES).as_posix()


def run(command: str) -> str:
    """What `command` (a `planlint ...` line) prints when run in fixtures/, in transcript form."""
    from click.testing import CliRunner

    from planlint.cli import main

    argv = shlex.split(command)
    if argv[:1] != ["planlint"]:
        raise ValueError(f"a snapshot command must start with 'planlint': {command!r}")
    with contextlib.chdir(FIXTURES):
        result = CliRunner().invoke(main, argv[1:], catch_exceptions=False, env=NEUTRAL_ENV)
    out = result.output
    if out and not out.endswith("\n"):
        out += "\n"
    return out + (f"[exit {result.exit_code}]\n" if result.exit_code else "")


def commands(snapshot_text: str) -> list[str]:
    return [line[len(PROMPT):] for line in snapshot_text.splitlines() if line.startswith(PROMPT + "planlint")]


def default_commands(fixture: Path) -> list[str]:
    name = shlex.quote(relative(fixture))
    report = f"planlint check --isolated --format concise {name}"
    safe = f"planlint check --isolated --diff {name}"
    unsafe = f"planlint check --isolated --diff --unsafe-fixes {name}"
    chosen = [report]
    safe_diff, unsafe_diff = _diff_only(run(safe)), _diff_only(run(unsafe))
    if safe_diff:
        chosen.append(safe)
    if unsafe_diff and unsafe_diff != safe_diff:
        chosen.append(unsafe)
    return chosen


def _diff_only(output: str) -> str:
    return "".join(line for line in output.splitlines(keepends=True) if line.startswith(("-", "+", " ", "@")))


def render(cmds: list[str]) -> str:
    return "\n".join(PROMPT + cmd + "\n" + run(cmd) for cmd in cmds)


def expected(snapshot: Path) -> str:
    return snapshot.read_text(encoding="utf-8")


def actual(snapshot: Path) -> str:
    """The snapshot as planlint writes it today, from the commands the snapshot holds."""
    return render(commands(expected(snapshot)))


def diff(snapshot: Path, want: str, got: str) -> str:
    name = os.path.relpath(snapshot)
    return "".join(difflib.unified_diff(want.splitlines(keepends=True), got.splitlines(keepends=True),
                                        f"{name} (expected)", f"{name} (planlint today)"))


def update(fixture: Path) -> bool:
    """Write the fixture's snapshot; True when it changed."""
    snapshot = snapshot_of(fixture)
    old = expected(snapshot) if snapshot.exists() else None
    cmds = commands(old) if old else default_commands(fixture)
    new = render(cmds)
    if new != old:
        snapshot.write_text(new, encoding="utf-8")
    return new != old


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.snapshots", description=__doc__.split("\n\n")[0])
    ap.add_argument("--update", action="store_true", help="write the snapshots instead of comparing them")
    ap.add_argument("fixtures", nargs="*", type=Path, help="draft fixtures (default: every one)")
    ns = ap.parse_args(argv)
    chosen = [p.resolve() for p in ns.fixtures] or drafts()
    stale = 0
    for fixture in chosen:
        snapshot = snapshot_of(fixture)
        if ns.update:
            if update(fixture):
                print(f"wrote {os.path.relpath(snapshot)}")
            continue
        if not snapshot.exists():
            print(f"missing {os.path.relpath(snapshot)}")
            stale += 1
            continue
        want, got = expected(snapshot), actual(snapshot)
        if want != got:
            print(diff(snapshot, want, got))
            stale += 1
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
