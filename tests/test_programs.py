"""planlint's own patterns are compiled from the regex programs kept in the cache folder
(text/programs.py): the same pattern as re.compile gives, a damaged cache only a miss, and a warm
run adds nothing."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from planlint.text import programs

from conftest import FIXTURES

PATTERNS = [
    (r"(?P<year>(?:19|20)\d{2})[ \u3000]*年", 0),
    (r"[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）", 0),
    (r"^\s*第([0-9]+)章", re.MULTILINE),
    (r"(?<![\d.])(\d+)(?:\.(\d+))?%", 0),
    (r"planlint:\s*(disable|enable)", re.IGNORECASE),
    (r"[\u4e00-\u9fff\u3400-\u4dbf]{2,}", 0),
    ("[\x00-\x1f\ud800-\udfff]", 0),  # lone surrogates: the cache file escapes them
]
SAMPLES = ["到2025年，城镇化率达到70.5%。", "第3章 总则\n一、（二）", "PLANLINT: Disable NUM101", "ａｂｃ 推进发展"]


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """An empty cache folder and a process that has read nothing from it yet."""
    if not programs._USABLE:
        pytest.skip("this Python's regex internals are not the ones programs.py knows")
    monkeypatch.setenv("PLANLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(programs, "_kept", None)
    monkeypatch.setattr(programs, "_added", {})
    return tmp_path


def _restart(monkeypatch):
    """What the next process sees: the cache file, nothing in memory."""
    monkeypatch.setattr(programs, "_kept", None)
    monkeypatch.setattr(programs, "_added", {})


def test_a_kept_program_gives_the_pattern_re_compile_gives(fresh, monkeypatch):
    first = [programs.compile(source, flags) for source, flags in PATTERNS]
    programs.save()
    (kept,) = fresh.glob("programs.*.json")
    _restart(monkeypatch)
    monkeypatch.setattr(programs, "_translate", lambda *a: pytest.fail("a kept program was translated again"))
    again = [programs.compile(source, flags) for source, flags in PATTERNS]
    for (source, flags), a, b in zip(PATTERNS, first, again):
        expected = re.compile(source, flags)
        # Pattern equality compares the source, the flags and the engine's program
        assert a == expected and b == expected, source
        assert (b.groups, b.groupindex, b.flags) == (expected.groups, expected.groupindex, expected.flags)
        for text in SAMPLES:
            assert [m.span() for m in b.finditer(text)] == [m.span() for m in expected.finditer(text)]
    assert not programs._added  # nothing new to save
    assert len(json.loads(kept.read_text(encoding="utf-8"))["programs"]) == len(PATTERNS)


@pytest.mark.parametrize("damage", [
    lambda entry: [entry[0], "AQAAAAIAAAADAAAA", *entry[2:]],  # a program the engine rejects
    lambda entry: [entry[0], "not base64!", *entry[2:]],
    lambda entry: [entry[0], entry[1], "two", *entry[3:]],       # groups not a number
    lambda entry: entry[:3],                                       # too short
    lambda entry: {"flags": entry[0]},
])
def test_a_damaged_program_is_compiled_again_not_trusted(fresh, monkeypatch, damage):
    source, flags = PATTERNS[0]
    programs.compile(source, flags)
    programs.save()
    (kept,) = fresh.glob("programs.*.json")
    data = json.loads(kept.read_text(encoding="utf-8"))
    data["programs"] = {name: damage(entry) for name, entry in data["programs"].items()}
    kept.write_text(json.dumps(data), encoding="utf-8")
    _restart(monkeypatch)
    got = programs.compile(source, flags)
    assert got == re.compile(source, flags)
    assert got.search("到2030 年").group("year") == "2030"


def test_a_cache_of_another_python_is_not_read(fresh, monkeypatch):
    source, flags = PATTERNS[1]
    programs.compile(source, flags)
    programs.save()
    (kept,) = fresh.glob("programs.*.json")
    data = json.loads(kept.read_text(encoding="utf-8"))
    kept.write_text(json.dumps(dict(data, python="3.99.0")), encoding="utf-8")
    _restart(monkeypatch)
    assert programs._programs() == {}
    assert programs.compile(source, flags) == re.compile(source, flags)


def test_a_run_without_a_cache_folder_compiles_as_usual(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("PLANLINT_CACHE_DIR", str(blocker / "cache"))  # under a file: unusable
    _restart(monkeypatch)
    source, flags = PATTERNS[2]
    assert programs.compile(source, flags) == re.compile(source, flags)
    programs.save()
    assert not programs._added and list(tmp_path.iterdir()) == [blocker]


def test_a_warm_run_compiles_and_writes_nothing_whatever_the_hash_seed(tmp_path):
    """Patterns built from sets (units, counters, stock phrases) are spelled the same in every
    process, so a second run under another hash seed finds every program it needs."""
    drafts = [str(FIXTURES / "numbering"), str(FIXTURES / "units"), str(FIXTURES / "duplicates")]
    env = {**os.environ, "PLANLINT_CACHE_DIR": str(tmp_path)}
    cmd = [sys.executable, "-m", "planlint", "check", *drafts, "--select", "ALL", "--format", "json",
           "--exit-zero", "--jobs", "1"]
    subprocess.run(cmd, capture_output=True, check=True, env={**env, "PYTHONHASHSEED": "1"})
    (kept,) = tmp_path.glob("programs.*.json")
    before = kept.stat().st_mtime_ns, kept.read_bytes()
    assert len(json.loads(before[1])["programs"]) > 50
    subprocess.run(cmd, capture_output=True, check=True, env={**env, "PYTHONHASHSEED": "2"})
    assert (kept.stat().st_mtime_ns, kept.read_bytes()) == before


def test_a_users_rule_pattern_is_not_kept(tmp_path):
    rules = tmp_path / "mine.yaml"
    rules.write_text("""\
rules:
  - code: USR501
    name: my-word
    kind: pattern.existence
    category: consistency
    severity: warning
    params: {pattern: "独有词语甲乙"}
    message: "x"
    description: d
""", encoding="utf-8")
    draft = tmp_path / "draft.txt"
    draft.write_text("一、总体要求\n推进独有词语甲乙建设。\n", encoding="utf-8")
    env = {**os.environ, "PLANLINT_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-m", "planlint", "check", str(draft), "--rules", str(rules),
                           "--extend-select", "USR501", "--format", "concise", "--exit-zero"],
                          capture_output=True, text=True, env=env)
    assert "USR501" in done.stdout, done.stderr
    (kept,) = (tmp_path / "cache").glob("programs.*.json")
    assert "独有词语甲乙" not in kept.read_text(encoding="utf-8")


def test_a_cache_that_outgrows_its_bound_starts_afresh(fresh, monkeypatch):
    monkeypatch.setattr(programs, "MAX_PROGRAMS", 4)
    for source, flags in PATTERNS[:3]:
        programs.compile(source, flags)
    programs.save()
    (kept,) = fresh.glob("programs.*.json")
    _restart(monkeypatch)
    for source, flags in PATTERNS[3:5]:  # 3 kept + 2 new > 4: only what this process compiled stays
        programs.compile(source, flags)
    programs.save()
    stored = json.loads(kept.read_text(encoding="utf-8"))["programs"]
    assert sorted(stored) == sorted(f"{int(flags)}\0{source}" for source, flags in PATTERNS[3:5])
