"""The listing subcommands (outline, owners, targets, indicators) show draft text in rich tables and
trees: an escape sequence in a draft must reach the terminal escaped, never raw."""
from __future__ import annotations

import pytest

from hostile_support import run

DRAFT = ("第一章 总则\x1b[31m红\n"
         "一、推进建设\x1b]8;;http://example.invalid\x1b\\链接\n"
         "全区地区生产总值达到500亿元\x1b[2J。（牵头单位：市发展改革委\x1b]0;title\x1b\\）\n")


@pytest.mark.parametrize("command", ["outline", "owners", "targets", "indicators"])
def test_draft_escape_sequences_are_shown_escaped(tmp_path, command):
    (tmp_path / "draft.txt").write_text(DRAFT, encoding="utf-8")
    done = run(command, "--color", "always", "draft.txt", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    shown = done.stdout.decode() if isinstance(done.stdout, bytes) else done.stdout
    for raw in ("\x1b[31m红", "\x1b]8;;", "\x1b[2J", "\x1b]0;"):
        assert raw not in shown
    if command == "outline":
        assert "\\x1b[31m红" in shown
