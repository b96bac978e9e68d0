"""The installed console script, started as a user starts it: a fresh interpreter in another folder.

In-process CLI tests share pytest's already-imported modules and so can hide an import that only
works by accident (a bare `import importlib` followed by `importlib.util`)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import console_script
from planlint.cli import COMMANDS
from planlint.report import FORMATS

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "sample_plan.txt"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONSTARTUP")}
    return subprocess.run([console_script(), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_no_arguments_prints_usage_without_traceback(tmp_path):
    done = run(cwd=tmp_path)
    assert "Traceback" not in done.stderr
    assert "Usage" in done.stdout + done.stderr
    assert "check" in done.stdout + done.stderr


def test_help_lists_every_subcommand(tmp_path):
    done = run("--help", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    for name in COMMANDS:
        assert name in done.stdout


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_subcommand_help(tmp_path, name):
    done = run(name, "--help", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "Usage" in done.stdout


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_check_in_every_format(tmp_path, fmt):
    draft = tmp_path / "草稿.txt"
    shutil.copyfile(SAMPLE, draft)
    done = run("check", "--format", fmt, draft.name, cwd=tmp_path)
    assert "Traceback" not in done.stderr
    assert done.returncode == 1, done.stderr  # the sample has deliberate defects
    assert done.stdout.strip()
    if fmt in ("json", "sarif", "gitlab"):
        json.loads(done.stdout)
    if fmt == "json":
        assert json.loads(done.stdout)["summary"]["error"] >= 1
