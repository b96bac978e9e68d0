"""What a run does not do: validate the shipped rules again, import check families no selected
rule needs, keep every parsed document to the end."""
from __future__ import annotations

import os
import subprocess
import sys

from planlint.workflow import engine

from planlint.ruleset import cache as rulecache, loader as rules

from conftest import FIXTURES, ruleset


def test_shipped_rules_come_back_from_the_cache_as_validated(tmp_path, monkeypatch):
    monkeypatch.setenv("PLANLINT_CACHE_DIR", str(tmp_path))
    first = rules.load().rules
    cached = list(tmp_path.glob("rules-*.pickle"))
    assert len(cached) == 1
    calls = []
    again = rulecache.shipped(rules.builtin_files(), lambda path, known: calls.append(path) or [])
    assert calls == [] and again == first  # a hit validates nothing


def test_a_damaged_rule_cache_is_only_a_miss(tmp_path, monkeypatch):
    monkeypatch.setenv("PLANLINT_CACHE_DIR", str(tmp_path))
    expected = rules.load().rules
    for path in tmp_path.glob("rules-*.pickle"):
        path.write_bytes(b"not a pickle")
    assert rules.load().rules == expected


def test_a_changed_rule_file_is_validated_again(tmp_path, monkeypatch):
    monkeypatch.setenv("PLANLINT_CACHE_DIR", str(tmp_path / "cache"))
    broken = tmp_path / "broken.yaml"
    broken.write_text("rules:\n  - code: XYZ001\n", encoding="utf-8")
    monkeypatch.setattr(rules, "builtin_files", lambda: [broken])
    import pytest

    with pytest.raises(rules.ConfigError):
        rules.load()


def test_select_imports_only_the_families_it_needs(tmp_path):
    code = ("import sys; from planlint.cli import main\n"
            "try:\n    main(['check', sys.argv[1], '--select', 'NUM,TOC', '--exit-zero', '--format', 'json'])\n"
            "except SystemExit: pass\n"
            "loaded = [m for m in ('planlint.checks.punctuation', 'planlint.checks.duplicates',\n"
            "          'planlint.checks.responsibility', 'planlint.document.widths', 'jieba') if m in sys.modules]\n"
            "assert not loaded, loaded\n")
    draft = FIXTURES / "numbering" / "defects_fullwidth.txt"
    env = {**os.environ, "PLANLINT_CACHE_DIR": str(tmp_path)}
    warm = [sys.executable, "-m", "planlint", "check", str(draft), "--exit-zero"]
    subprocess.run(warm, capture_output=True, env=env, check=True)  # validates and caches the shipped rules
    done = subprocess.run([sys.executable, "-c", code, str(draft)], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert '"NUM' in done.stdout


def test_documents_are_not_kept_whole_without_a_corpus_rule():
    draft = FIXTURES / "numbering" / "defects_fullwidth.txt"
    alone = engine.lint([str(draft)], ruleset().select(["NUM"]), keep_documents=True)
    assert alone.findings and alone.documents[0].headings == []  # the text only: what reports read
    assert alone.documents[0].text.content == draft.read_text(encoding="utf-8")
    assert alone.documents[0].derived == {}
    cross = engine.lint([str(draft)], ruleset().select(["NUM", "DUP105"]), keep_documents=True)
    # a corpus-scoped rule keeps its digest of the document, not the parse
    assert cross.documents[0].headings == [] and cross.documents[0].text_only
    assert [k.split(":")[:2] for k in cross.documents[0].derived] == [["digest", "DUP105"]]
    assert [f.code for f in cross.findings if f.code.startswith("NUM")] == [f.code for f in alone.findings]
    shown = engine.lint([str(draft)], ruleset().select(["NUM", "DUP105"]), keep_documents=True, parsed=True)
    assert shown.documents[0].headings  # the reports that show the outline keep the parse


def test_a_garbage_grammar_cache_is_only_a_miss(tmp_path):
    # “第 三 章” (spaces inside the marker) is left to the grammar by the outline's regexes
    from planlint.document.parser import grammar_cache_file

    grammar_cache_file(tmp_path).write_bytes(b"\x80\x04not a pickle" * 20)
    draft = tmp_path / "d.txt"
    draft.write_text("第 三 章 主要目标\n第 五 章 保障措施\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "planlint", "check", str(draft), "--select", "NUM101",
                           "--format", "concise"], capture_output=True, text=True,
                          env={**os.environ, "PLANLINT_CACHE_DIR": str(tmp_path)})
    assert done.stderr == "" and f"{draft}:2:" in done.stdout and "NUM101" in done.stdout
