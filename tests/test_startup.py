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
    cached = list(tmp_path.glob("rules.*.json"))
    assert len(cached) == 1
    calls = []
    again = rulecache.shipped(rules.builtin_files(), lambda path, known: calls.append(path) or [])
    assert calls == [] and again == first  # a hit validates nothing


def test_a_damaged_rule_cache_is_only_a_miss(tmp_path, monkeypatch):
    monkeypatch.setenv("PLANLINT_CACHE_DIR", str(tmp_path))
    expected = rules.load().rules
    for path in tmp_path.glob("rules.*.json"):
        path.write_bytes(b"not JSON")
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


# --- the caches are input too: only the user's own, well-formed, current files are obeyed -------

def _rule_cache(folder):
    (cached,) = folder.glob("rules.*.json")
    return cached


def test_a_rule_cache_of_the_wrong_shape_is_only_a_miss(tmp_path, monkeypatch):
    import json

    monkeypatch.setenv("PLANLINT_CACHE_DIR", str(tmp_path))
    expected = rules.load().rules
    cached = _rule_cache(tmp_path)
    good = json.loads(cached.read_text(encoding="utf-8"))
    bad_shapes = [
        [],                                                            # not the envelope
        {**good, "key": "0" * 24},                                     # another key's rules
        {**good, "format": 0},
        {**good, "rules": [{**good["rules"][0], "severity": "fatal"}]},  # would crash the summary
        {**good, "rules": [{**good["rules"][0], "params": []}]},
        {**good, "rules": [{**good["rules"][0], "examples": {"bad": [1]}}]},
        {**good, "rules": [{k: v for k, v in good["rules"][0].items() if k != "message"}]},
        {**good, "rules": [{**good["rules"][0], "run": "os.system"}]},
    ]
    for data in bad_shapes:
        cached.write_text(json.dumps(data), encoding="utf-8")
        assert rulecache._decode(json.loads(cached.read_text(encoding="utf-8")), good["key"]) is None
        assert rules.load().rules == expected
    assert json.loads(cached.read_text(encoding="utf-8")) == good  # the miss wrote it again


def test_a_rule_cache_that_is_a_link_or_another_users_is_not_read(tmp_path, monkeypatch):
    from planlint import resources

    monkeypatch.setenv("PLANLINT_CACHE_DIR", str(tmp_path / "cache"))
    rules.load()
    cached = _rule_cache(tmp_path / "cache")
    assert resources.read_json_cache(cached) is not None
    elsewhere = tmp_path / "elsewhere.json"
    cached.rename(elsewhere)
    cached.symlink_to(elsewhere)
    assert resources.read_json_cache(cached) is None  # O_NOFOLLOW
    cached.unlink()
    elsewhere.rename(cached)
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    assert resources.read_json_cache(fifo) is None  # not a regular file: refused without blocking
    monkeypatch.setattr(os, "getuid", lambda: os.stat(cached).st_uid + 1)
    assert resources.read_json_cache(cached) is None


def test_only_data_that_reads_back_equal_is_cached(tmp_path):
    from planlint import resources

    assert resources.write_json_cache(tmp_path / "a-1.json", {"x": [1, 2.5, "三", True, None]})
    assert resources.read_json_cache(tmp_path / "a-1.json") == {"x": [1, 2.5, "三", True, None]}
    assert not resources.write_json_cache(tmp_path / "b-1.json", {"x": (1, 2)})
    assert not resources.write_json_cache(tmp_path / "c-1.json", {2020: "year"})
    assert not resources.write_json_cache(tmp_path / "d-1.json", {"x": float("nan")})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-1.json"]
    # a lone surrogate cannot be UTF-8: the file escapes it, and it reads back the same
    assert resources.write_json_cache(tmp_path / "e-1.json", {"class": "[\ud800-\udfff三]"})
    assert resources.read_json_cache(tmp_path / "e-1.json") == {"class": "[\ud800-\udfff三]"}


def test_two_installations_do_not_evict_each_others_caches(tmp_path):
    from planlint import resources

    resources.write_cache(tmp_path / "rules.aaaa-1.json", b"{}")
    resources.write_cache(tmp_path / "rules.bbbb-1.json", b"{}")
    resources.write_cache(tmp_path / "rules.aaaa-2.json", b"{}")  # a newer key of the first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rules.aaaa-2.json", "rules.bbbb-1.json"]
    assert (tmp_path / "rules.aaaa-2.json").stat().st_mode & 0o777 == 0o600


def test_a_shipped_data_file_is_parsed_again_when_it_changes(tmp_path, monkeypatch):
    from planlint.resources import cached_parse

    monkeypatch.setenv("PLANLINT_CACHE_DIR", str(tmp_path / "cache"))
    registry = tmp_path / "units.yaml"
    registry.write_text("a: 1\n", encoding="utf-8")
    parsed = []

    def parse():
        parsed.append(registry.read_text(encoding="utf-8"))
        return {"text": parsed[-1]}

    assert cached_parse(registry, parse) == {"text": "a: 1\n"}
    assert cached_parse(registry, parse) == {"text": "a: 1\n"} and len(parsed) == 1  # a hit
    registry.write_text("a: 22\n", encoding="utf-8")
    assert cached_parse(registry, parse) == {"text": "a: 22\n"} and len(parsed) == 2
    assert len(list((tmp_path / "cache").glob("data.*.json"))) == 1  # the stale one is gone


def _warm_run(tmp_path, content: str, args: str, check: str):
    """Run `planlint check DRAFT args` in a fresh interpreter after a first run filled the cache,
    then assert `check` (Python evaluated there) holds."""
    code = ("import sys; from planlint.cli import main\n"
            f"try:\n    main(['check', sys.argv[1], {args}])\n"
            "except SystemExit: pass\n"
            f"assert {check}\n")
    draft = tmp_path / "d.txt"
    draft.write_text(content, encoding="utf-8")
    env = {**os.environ, "PLANLINT_CACHE_DIR": str(tmp_path / "cache")}
    subprocess.run([sys.executable, "-m", "planlint", "check", str(draft)], capture_output=True, env=env)
    done = subprocess.run([sys.executable, "-c", code, str(draft)], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_warm_run_needs_no_yaml_parser_nor_lark_for_usual_headings(tmp_path):
    out = _warm_run(tmp_path, "第一章 总则\n一、发展目标\n到2025年，全市地区生产总值达到1万亿元。\n", "'--format', 'json'",
                    "not [m for m in ('yaml', 'pickle', 'lark', 'rich', 'platformdirs', 'tempfile', 'hashlib') "
                    "if m in sys.modules]")
    assert '"findings": []' in out  # a clean draft: no fingerprint to hash


def test_the_text_reports_colours_are_richs():
    from rich.color import ColorSystem
    from rich.style import Style

    from planlint.report import text_report as text

    for style, codes in text._SGR.items():
        assert Style.parse(style)._make_ansi_codes(ColorSystem.STANDARD) == codes, style


def test_a_clean_text_report_imports_no_rich(tmp_path):
    out = _warm_run(tmp_path, "一、发展目标\n到2025年，全市地区生产总值达到1万亿元。\n", "'--color', 'always'",
                    "not [m for m in sys.modules if m.startswith(('rich', 'lark', 'yaml'))], sys.modules")
    assert "\x1b[32m共 1 个文件，未发现问题\x1b[0m" in out


def test_the_cache_folder_on_linux_is_the_one_platformdirs_names(tmp_path, monkeypatch):
    import pytest
    from platformdirs import user_cache_dir

    from planlint import resources

    if not sys.platform.startswith("linux"):
        pytest.skip("platformdirs itself names the folder elsewhere")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    assert resources._platform_cache_root() == type(tmp_path)(user_cache_dir("planlint", appauthor=False))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert resources._platform_cache_root() == type(tmp_path)(user_cache_dir("planlint", appauthor=False))
    assert resources._platform_cache_root() == tmp_path / "xdg" / "planlint"


def test_a_draft_without_numbers_loads_no_target_or_indicator_vocabulary(tmp_path):
    """Targets and indicator observations all start from a number: a draft with none never reads
    the two vocabularies (each --jobs worker would pay for them again); one target loads both."""
    from planlint.document import observations, target_statements

    plain, numbered = tmp_path / "plain.txt", tmp_path / "numbered.txt"
    plain.write_text("一、总体要求\n（一）指导思想\n坚持创新发展，推进协调发展。\n", encoding="utf-8")
    numbered.write_text("一、主要目标\n到2025年，城镇化率达到70%。\n", encoding="utf-8")
    target_statements.target_vocabulary.cache_clear()
    observations.synonyms.cache_clear()
    engine.lint([str(plain)], [r for r in ruleset().rules if r.enabled])
    assert target_statements.target_vocabulary.cache_info().currsize == 0
    assert observations.synonyms.cache_info().currsize == 0
    engine.lint([str(numbered)], [r for r in ruleset().rules if r.enabled])
    assert target_statements.target_vocabulary.cache_info().currsize == 1
    assert observations.synonyms.cache_info().currsize == 1


def test_the_sentence_key_tables_come_back_from_the_cache_and_a_tampered_one_is_a_miss(tmp_path, monkeypatch):
    import json

    from planlint.document import sentences

    monkeypatch.setenv("PLANLINT_CACHE_DIR", str(tmp_path))
    computed = sentences._tables()
    first = sentences._Normalizer()
    (cached,) = tmp_path.glob("normalizer.*.json")
    stored = json.loads(cached.read_text(encoding="utf-8"))
    assert stored["value"] == computed
    assert len(cached.read_bytes()) < 8_000  # runs of code points, not one entry per code point
    again = sentences._Normalizer()  # read back from the file
    assert again.drop.pattern == first.drop.pattern and again.sentence_end.pattern == first.sentence_end.pattern
    assert again.key("（一）Ａ１，推进　“高质量”发展。") == "一A1推进高质量发展"
    for tampered in (dict(computed, change=computed["change"] + [[0x42, 0x41]]),  # a run backwards
                     dict(computed, drop=[]),                                     # no character class
                     dict(computed, clause_end=[[0x2C, True]]),
                     {k: v for k, v in computed.items() if k != "sentence_end"}):
        assert not sentences._valid_tables(tampered)
        cached.write_text(json.dumps(dict(stored, value=tampered)), encoding="utf-8")
        n = sentences._Normalizer()
        assert (n.change.pattern, n.drop.pattern, n.clause_end.pattern, n.sentence_end.pattern) == \
            (first.change.pattern, first.drop.pattern, first.clause_end.pattern, first.sentence_end.pattern)


def test_a_cache_of_the_older_per_code_point_layout_is_never_read(tmp_path, monkeypatch):
    """Before runs, the cache listed code points and their mappings under a key without "runs": a
    file in that layout, even under the new key, is recomputed, not misread."""
    import json

    from planlint import resources
    from planlint.document import sentences

    monkeypatch.setenv("PLANLINT_CACHE_DIR", str(tmp_path))
    sentences._Normalizer()
    (cached,) = tmp_path.glob("normalizer.*.json")
    stored = json.loads(cached.read_text(encoding="utf-8"))
    assert stored["key"].startswith("runs\0")
    old = {"change": [0xFF21], "drop": [0x41], "mapped": {"\uff21": "A"}}
    cached.write_text(json.dumps(dict(stored, value=old)), encoding="utf-8")
    assert sentences._Normalizer().key("ＡAa，") == "AAa"
    assert json.loads(cached.read_text(encoding="utf-8"))["value"] == sentences._tables()
    assert resources.name_digest(stored["key"]) != resources.name_digest(stored["key"][len("runs\0"):])


def test_caches_no_run_has_used_for_a_month_go_when_another_is_written(tmp_path):
    import time

    from planlint import resources

    month_ago = time.time() - 31 * 86_400
    gone, used = tmp_path / "rules.0000000000-old.json", tmp_path / "data.1111-2222.json"
    for f in (gone, used):
        f.write_text("{}", encoding="utf-8")
        os.utime(f, (month_ago, month_ago))
    other = tmp_path / "words-x.index"  # not a JSON cache: left alone
    other.write_bytes(b"x")
    os.utime(other, (month_ago, month_ago))
    assert resources.read_json_cache(used) == {}  # a run reads it: it counts as used today
    assert resources.write_json_cache(tmp_path / "normalizer.abc-def.json", {"a": 1})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.1111-2222.json", "normalizer.abc-def.json",
                                                          "words-x.index"]


def test_a_cached_value_is_used_only_for_the_key_it_was_computed_for(tmp_path, monkeypatch):
    import json

    from planlint import resources

    monkeypatch.setenv("PLANLINT_CACHE_DIR", str(tmp_path))
    assert resources.cached_value("demo", "key one", lambda: [1], lambda v: isinstance(v, list)) == [1]
    (cached,) = tmp_path.glob("demo.*.json")
    assert resources.cached_value("demo", "key one", lambda: [2], lambda v: isinstance(v, list)) == [1]
    # a file under this key's name holding another key's value (a digest collision) is a miss
    cached.write_text(json.dumps({"key": "key two", "value": [3]}), encoding="utf-8")
    assert resources.cached_value("demo", "key one", lambda: [4], lambda v: isinstance(v, list)) == [4]


def test_cache_names_are_short_stable_digests():
    from planlint.resources import name_digest

    assert name_digest("abc") == name_digest("abc")
    assert len(name_digest("abc")) == 16 and len(name_digest("abc", 10)) == 10
    assert name_digest("rules\0size:1") != name_digest("rules\0size:2")
    int(name_digest("\udcff lone surrogate"), 16)  # any str, hex digits only


def test_imports_run_without_the_collector_and_what_they_made_is_frozen(tmp_path, monkeypatch):
    import gc

    from planlint import collected_later

    (tmp_path / "planlint_probe_module.py").write_text("VALUE = [1, 2, 3]\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    frozen = gc.get_freeze_count()
    try:
        assert gc.isenabled()
        with collected_later():
            assert not gc.isenabled()
            import planlint_probe_module  # noqa: F401 - a module new to this process
        assert gc.isenabled() and gc.get_freeze_count() > frozen
        frozen = gc.get_freeze_count()
        with collected_later():
            import planlint_probe_module  # noqa: F401,F811 - already imported: nothing new to freeze
        assert gc.isenabled() and gc.get_freeze_count() == frozen
        gc.disable()  # a caller that had turned it off keeps it off
        with collected_later():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()
        sys.modules.pop("planlint_probe_module", None)
