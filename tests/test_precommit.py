"""The pre-commit hooks, run for real: `pre-commit try-repo` on a snapshot of this working tree,
in a temporary git repository holding a bad and a good draft."""
from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from conftest import ROOT

pytestmark = pytest.mark.skipif(shutil.which("pre-commit") is None or shutil.which("git") is None,
                                reason="pre-commit (test extra) or git is not installed")

BAD = "某县规划\n一、总体要求\n二、主要目标\n四、保障措施\n"
FIXABLE = "某县规划\n一、总体要求\n1、健全机制\n2.强化落实\n3.完善考核\n"
GOOD = "# 某县规划\n\n一、总体要求\n\n二、主要目标\n"


def git(cwd, *args):
    subprocess.run(["git", "-c", "user.email=t@example.invalid", "-c", "user.name=t", *args], cwd=cwd,
                   check=True, capture_output=True)


@pytest.fixture(scope="module")
def hooks_repo(tmp_path_factory):
    """A committed snapshot of the working tree (tracked and untracked, minus ignored files), so
    that the hooks are tested as they are now, committed or not."""
    snap = tmp_path_factory.mktemp("planlint-src")
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT,
                            capture_output=True, check=True).stdout.decode().split("\0")
    for rel in filter(None, listed):
        src = ROOT / rel
        if src.is_file():
            (snap / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, snap / rel)
    git(snap, "init", "-q")
    git(snap, "add", "-A")
    git(snap, "commit", "-qm", "snapshot")
    return snap


@pytest.fixture
def drafts(tmp_path, tmp_path_factory):
    repo = tmp_path / "drafts"
    repo.mkdir()
    (repo / "bad.txt").write_text(BAD, encoding="utf-8")
    (repo / "fixable.txt").write_text(FIXABLE, encoding="utf-8")
    (repo / "good.md").write_text(GOOD, encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    return repo


def _env(hooks_repo, **extra):
    # one PRE_COMMIT_HOME beside the snapshot: the hook environment is built once per module
    env = dict(os.environ, PRE_COMMIT_HOME=str(hooks_repo.parent / "pre-commit-home"), **extra)
    for name in ("PRE_COMMIT", "NO_COLOR", "FORCE_COLOR"):
        env.pop(name, None)
    return env


def try_repo(hooks_repo, drafts, hook, *files, env=None):
    env = _env(hooks_repo, **(env or {}))
    return subprocess.run(["pre-commit", "try-repo", str(hooks_repo), hook, "--files", *files],
                          cwd=drafts, capture_output=True, text=True, env=env, timeout=900)


def test_hook_fails_on_a_bad_draft_and_passes_a_good_one(hooks_repo, drafts):
    bad = try_repo(hooks_repo, drafts, "planlint", "bad.txt", "good.md")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "NUM101" in bad.stdout and "bad.txt" in bad.stdout and "good.md" not in bad.stdout.split("Failed", 1)[1]
    good = try_repo(hooks_repo, drafts, "planlint", "good.md")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout


def test_fix_hook_fixes_the_file_and_says_what_it_fixed(hooks_repo, drafts):
    result = try_repo(hooks_repo, drafts, "planlint-fix", "fixable.txt", "good.md", "bad.txt")
    assert result.returncode == 1  # pre-commit fails a hook that modified files
    assert "files were modified by this hook" in result.stdout
    assert "fixable.txt：已修正 1 个问题" in result.stdout
    assert (drafts / "fixable.txt").read_text(encoding="utf-8") == FIXABLE.replace("1、健全", "1.健全")
    # nothing left to fix: it passes, though bad.txt still has an error only the report hook reports
    again = try_repo(hooks_repo, drafts, "planlint-fix", "fixable.txt", "good.md", "bad.txt")
    assert again.returncode == 0, again.stdout
    assert "NUM101" not in again.stdout and "已修正" not in again.stdout


def test_fix_hook_does_not_fail_on_errors_it_cannot_fix(hooks_repo, drafts):
    result = try_repo(hooks_repo, drafts, "planlint-fix", "bad.txt")
    assert result.returncode == 0, result.stdout
    assert "Passed" in result.stdout and "NUM101" not in result.stdout


def test_report_hook_prints_each_finding_once_and_no_summary_per_batch(hooks_repo, drafts):
    names = [f"第{i:02d}稿.txt" for i in range(12)]
    for name in names:
        (drafts / name).write_text(BAD, encoding="utf-8")
    git(drafts, "add", "-A")
    # TRAVIS makes pre-commit aim at two processes whatever the cores, so the 12 files are split
    # into two batches, each a `planlint` run of its own (require_serial: false)
    result = try_repo(hooks_repo, drafts, "planlint", *names, env={"TRAVIS": "1"})
    assert result.returncode == 1
    assert result.stdout.count("NUM101") == 12
    assert sorted(name for name in names if f"{name}\n  4:1  NUM101" in result.stdout) == names
    assert "共 " not in result.stdout  # no "共 N 个文件" line from any batch


def test_both_hooks_on_a_real_commit(hooks_repo, drafts):
    """The configuration a drafting repository writes, installed as its git hook."""
    rev = subprocess.run(["git", "rev-parse", "HEAD"], cwd=hooks_repo, capture_output=True, text=True,
                         check=True).stdout.strip()
    (drafts / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks_repo.as_posix()}\n    rev: {rev}\n    hooks:\n"
        "      - id: planlint-fix\n      - id: planlint\n", encoding="utf-8")
    env = _env(hooks_repo)
    subprocess.run(["pre-commit", "install"], cwd=drafts, check=True, capture_output=True, env=env)
    git(drafts, "add", "-A")
    first = commit(drafts, env)
    assert first.returncode != 0
    out = first.stdout + first.stderr
    assert "fixable.txt：已修正 1 个问题" in out            # the fix hook says what it fixed
    assert out.count("NUM101") == 1 and "bad.txt" in out    # the report hook reports bad.txt once
    (drafts / "bad.txt").write_text(GOOD, encoding="utf-8")
    git(drafts, "add", "-A")
    second = commit(drafts, env)
    assert second.returncode == 0, second.stdout + second.stderr


def commit(repo, env):
    return subprocess.run(["git", "-c", "user.email=t@example.invalid", "-c", "user.name=t", "commit", "-qm", "稿"],
                          cwd=repo, capture_output=True, text=True, env=env, timeout=900)
