"""Shared test helpers: lint a string with the built-in rules, run the CLI, find the corpus."""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from planlint.ruleset import loader as rules_mod
from planlint.cli import main
from planlint.workflow.rule_examples import lint_string

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
CORPUS = Path(os.environ.get("PLANLINT_CORPUS", ROOT.parent / "shared" / "corpus"))

_RULESET = None


def ruleset():
    global _RULESET
    if _RULESET is None:
        _RULESET = rules_mod.load()
    return _RULESET


def lint(content: str, select: str | list[str] | None = None, path: str = "draft.txt", extend: bool = False):
    """Findings for a draft given as a string. select: code prefixes (default: the default rules)."""
    if isinstance(select, str):
        select = [select]
    chosen = ruleset().select(select) if select else ruleset().select()
    return sorted(lint_string(content, chosen, path), key=lambda f: (f.line, f.column, f.code))


def fixture_drafts(folder: str, pattern: str = "*") -> list[Path]:
    """The drafts in fixtures/<folder> matching pattern, not the snapshots (.expected) beside them."""
    return sorted(p for p in (FIXTURES / folder).glob(pattern) if p.suffix in (".txt", ".md", ".docx"))


def codes(findings) -> list[tuple[str, int, int]]:
    return [(f.code, f.line, f.column) for f in findings]


def run_cli(*args, **kwargs):
    return CliRunner().invoke(main, list(args), catch_exceptions=False, **kwargs)


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir() or not any(CORPUS.glob("*.txt")):
        pytest.skip("../shared/corpus is not available")
    return CORPUS


def corpus_file(prefix: str) -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not available")
    found = sorted(CORPUS.glob(prefix + "*.txt"))
    if not found:
        pytest.skip(f"corpus file {prefix} is not available")
    return found[0]


def console_script() -> str:
    """The installed `planlint` console script (tests that run it as a user does); skip without it."""
    beside = Path(sys.executable).with_name("planlint")
    found = str(beside) if beside.exists() else shutil.which("planlint")
    if not found:
        pytest.skip("the planlint console script is not installed in this environment (pip install .)")
    return found
