"""Quiet by default: every clean draft, with every default rule, gives no error and no warning."""
import pytest

from conftest import FIXTURES, lint

CLEAN = sorted(p for p in (FIXTURES / "clean").iterdir() if p.suffix in (".txt", ".md"))


def test_there_are_clean_drafts_of_both_kinds():
    assert {p.suffix for p in CLEAN} == {".txt", ".md"}
    assert len(CLEAN) >= 10


@pytest.mark.parametrize("path", CLEAN, ids=lambda p: p.name)
def test_clean_draft_gives_no_error_or_warning(path):
    found = lint(path.read_text(encoding="utf-8"), path=path.name)
    assert [(f.code, f.line, f.message) for f in found if f.severity != "info"] == []
