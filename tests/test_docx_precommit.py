"""The pre-commit hook reads .docx drafts: a Word draft with a planted defect fails the commit."""
from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from docx_builder import DocBuilder  # noqa: E402
from test_precommit import git, hooks_repo, pytestmark, try_repo  # noqa: E402,F401


def test_hook_fails_on_a_bad_docx(hooks_repo, tmp_path):  # noqa: F811
    repo = tmp_path / "drafts"
    repo.mkdir()
    b = DocBuilder()
    num = b.add_num(b.add_list([("chineseCounting", "%1、", 1)]))
    b.para("总体要求", num)
    b.para("主要目标", num)
    b.para("三、重点任务")
    b.para("保障措施", num)      # Word shows 三、 a second time
    b.save(repo / "纲要.docx")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    result = try_repo(hooks_repo, repo, "planlint", "纲要.docx")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "NUM102" in result.stdout and "第4段" in result.stdout
