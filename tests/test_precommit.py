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


def try_repo(hooks_repo, drafts, hook, *files):
    env = dict(os.environ, PRE_COMMIT_HOME=str(hooks_repo.parent / "pre-commit-home"))
    env.pop("PRE_COMMIT", None)
    return subprocess.run(["pre-commit", "try-repo", str(hooks_repo), hook, "--files", *files],
                          cwd=drafts, capture_output=True, text=True, env=env, timeout=900)


def test_hook_fails_on_a_bad_draft_and_passes_a_good_one(hooks_repo, drafts):
    bad = try_repo(hooks_repo, drafts, "planlint", "bad.txt", "good.md")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "NUM101" in bad.stdout and "bad.txt" in bad.stdout and "good.md" not in bad.stdout.split("Failed", 1)[1]
    good = try_repo(hooks_repo, drafts, "planlint", "good.md")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout


def test_fix_hook_fixes_the_file(hooks_repo, drafts):
    result = try_repo(hooks_repo, drafts, "planlint-fix", "fixable.txt", "good.md")
    assert result.returncode == 1  # pre-commit fails a hook that modified files
    assert "files were modified by this hook" in result.stdout
    assert (drafts / "fixable.txt").read_text(encoding="utf-8") == FIXABLE.replace("1、健全", "1.健全")
    again = try_repo(hooks_repo, drafts, "planlint-fix", "fixable.txt", "good.md")
    assert again.returncode == 0, again.stdout
