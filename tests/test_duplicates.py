"""Duplicated sentences, clauses and headings (DUP): fixtures, the corpus examples, the set-similarity
join against brute force, and the lazy loading of jieba."""
from __future__ import annotations

import json
import random
import subprocess
import sys

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planlint.workflow import engine

from planlint.document import sentences, source

from planlint.text import simjoin
from planlint.document.model import Text
from planlint.document import parser

from conftest import FIXTURES, codes, lint, ruleset, run_cli

DUP = FIXTURES / "duplicates"


def _lint_file(path, select="DUP"):
    return lint(path.read_text(encoding="utf-8"), select, path=path.name)


# --- sentences and keys ----------------------------------------------------------------------------

def test_key_ignores_width_spaces_and_punctuation():
    assert sentences.normalize("到 2025 年,全县 GDP 达到 520 亿元;") == sentences.normalize("到２０２５年，全县ＧＤＰ达到520亿元；")
    assert sentences.normalize("“十四五”时期（2021—2025年）") == "十四五时期20212025年"


def test_sentences_split_on_terminators_and_skip_headings_tables_toc():
    doc = parser.build(Text("x.md", "# 一、总体要求\n\n甲乙丙丁。戊己庚辛！壬癸；子丑\n\n| 表头 | 值 |\n|---|---|\n| 甲乙丙丁 | 1 |\n", "utf-8"), "md")
    got = [(s.key, s.clauses) for s in sentences.sentences(doc)]
    assert got == [("甲乙丙丁", ("甲乙丙丁",)), ("戊己庚辛", ("戊己庚辛",)), ("壬癸", ("壬癸",)), ("子丑", ("子丑",))]
    first = sentences.sentences(doc)[0]
    a, b = sentences.span(doc, first)
    assert doc.text.content[a:b] == "甲乙丙丁。"


def test_any_text_segments_without_error():
    rng = random.Random(7)
    alphabet = "甲乙，。；;!?“”()（）\n \u3000|#*-1２\U00020000\x00"
    for _ in range(200):
        content = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
        lint(content, "DUP")


def test_bracketed_notes_are_told_by_the_depth_at_their_start():
    text = "一、甲\n推进产业链现代化建设。（牵头单位：市发改委；责任单位：市统计局）（配合单位：市财政局）)加快建设美丽乡村。\n"
    doc = parser.build(Text("x.txt", text, "utf-8"), "txt")
    got = [(s.key, sentences.bracketed(doc, s)) for s in sentences.sentences(doc)]
    assert got == [("推进产业链现代化建设", False), ("牵头单位市发改委", True),
                   ("责任单位市统计局配合单位市财政局加快建设美丽乡村", False)]
    # a stray closing bracket earlier in the paragraph does not open a level below zero
    doc = parser.build(Text("x.txt", "一、甲\n说明)见附件。（责任单位：市统计局；市财政局）\n", "utf-8"), "txt")
    assert [sentences.bracketed(doc, s) for s in sentences.sentences(doc)] == [False, True, True]


def test_a_mark_that_nfkc_doubles_ends_the_span_too():
    """‼ is "!!" in the key and ends a sentence there; its span ends there as well (the spans of
    a paragraph were one short, and DUP103 failed with an IndexError on the sentence after it)."""
    text = "一、甲\n推进产业链现代化建设‼加快建设美丽乡村示范村镇\n"
    doc = parser.build(Text("x.txt", text, "utf-8"), "txt")
    content = doc.text.content
    got = [(s.key, content[slice(*sentences.span(doc, s))]) for s in sentences.sentences(doc)]
    assert got == [("推进产业链现代化建设", "推进产业链现代化建设‼"), ("加快建设美丽乡村示范村镇", "加快建设美丽乡村示范村镇")]
    twice = "一、甲\n推进产业链现代化建设‼加快建设美丽乡村示范村镇\n推进产业链现代化建设‼加快建设美丽乡村示范村镇吗\n"
    assert codes(lint(twice, "DUP")) == [("DUP103", 3, 12)]


# --- exact repeats -----------------------------------------------------------------------------------

@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet="甲乙丙。；;（）()【】“”，\n ", max_size=80))
def test_bracketed_equals_a_scan_from_the_paragraph_start(content):
    """bracketed() reads one depth table per paragraph (all zeros when it has no bracket): the
    same answer as counting brackets from the paragraph's start for each sentence."""
    doc = parser.build(Text("x.txt", content, "utf-8"), "txt")
    text = doc.text.content
    for s in sentences.sentences(doc):
        a, b = sentences.span(doc, s)
        depth, pos = 0, sentences.block_of(doc, s).span.start
        for ch in text[pos:a]:
            if ch in sentences._OPENING + sentences._CLOSING_BRACKETS:
                depth = sentences._deeper(depth, ch)
        wording, inside = False, depth
        for ch in text[a:b]:
            if ch in sentences._OPENING + sentences._CLOSING_BRACKETS:
                inside = sentences._deeper(inside, ch)
            elif inside == 0 and sentences._has_wording(ch):
                wording = True
        assert sentences.bracketed(doc, s) == (not wording), (content, s.key)


def test_exact_related_points_at_earlier_occurrence():
    found = {f.line: f for f in _lint_file(DUP / "exact.txt")}
    assert [(r.line, r.column) for r in found[18].related] == [(4, 29)]
    assert [(r.line, r.column) for r in found[7].related] == [(7, 1)]


def test_more_than_two_occurrences_report_every_later_one():
    text = "一、甲\n推动数字经济和实体经济深度融合发展。\n二、乙\n推动数字经济和实体经济深度融合发展。\n三、丙\n推动数字经济和实体经济深度融合发展。\n"
    found = lint(text, "DUP101")
    assert codes(found) == [("DUP101", 4, 1), ("DUP101", 6, 1)]
    assert [(r.line) for r in found[1].related] == [2, 4]
    assert "共出现3次" in found[1].message


def test_half_width_and_pdf_spaces_match_full_width():
    found = _lint_file(DUP / "halfwidth.txt")
    assert codes(found) == [("DUP101", 5, 1), ("DUP103", 9, 1)]  # line 11 differs only in numbers
    assert found[0].related[0].line == 2


def test_user_allowlist_extends_builtin(tmp_path):
    rules = tmp_path / "mine.yaml"
    rules.write_text("rules:\n  - code: DUP101\n    params: {extend_allow: [依法平等保护民营企业合法权益]}\n", encoding="utf-8")
    draft = tmp_path / "d.txt"
    draft.write_text("一、甲\n依法平等保护民营企业合法权益。\n二、乙\n依法平等保护民营企业合法权益。\n"
                     "三、丙\n以习近平新时代中国特色社会主义思想为指导。\n四、丁\n以习近平新时代中国特色社会主义思想为指导。\n",
                     encoding="utf-8")
    assert run_cli("check", str(draft), "--select", "DUP101", "--format", "concise").exit_code == 0
    plain = run_cli("check", str(draft), "--select", "DUP101", "--format", "concise", "--exit-zero")
    assert ":4:1: DUP101" in plain.output
    mine = run_cli("check", str(draft), "--select", "DUP101", "--format", "concise", "--rules", str(rules))
    assert mine.output.strip() == "" or "DUP101" not in mine.output


# --- near repeats --------------------------------------------------------------------------------------

def test_near_fixture_markdown_and_tables():
    found = _lint_file(DUP / "near.md")
    assert codes(found) == [("DUP103", 22, 1), ("DUP104", 30, 8)]  # the table row is not a sentence
    near = found[0]
    assert "【推进】" in near.message and "【推动】" in near.message
    assert near.related[0].line == 18
    assert near.data["diff"][0]["op"] == "replace"
    assert near.data["diff"][0]["text"] == "推进" and near.data["diff"][0]["other"] == "推动"


def test_one_or_two_characters_changed_are_found():
    base = "加快建设城乡一体的公共交通网络"
    variants = [base.replace("城乡", "全域"), base.replace("公共", "公交"), base[:4] + base[5:], base + "体系"]
    for v in variants:
        text = f"一、甲\n{base}。\n二、乙\n{v}。\n"
        assert codes(lint(text, "DUP103")) == [("DUP103", 4, 1)], v


def test_near_json_carries_the_diff(tmp_path):
    draft = tmp_path / "d.txt"
    draft.write_text("一、甲\n持续推进长江流域重点水域禁捕退捕工作，巩固治理成效。\n二、乙\n持续推进长江流域重点水域禁捕退捕，巩固治理成效。\n",
                     encoding="utf-8")
    out = json.loads(run_cli("check", str(draft), "--select", "DUP103", "--format", "json").output)
    (f,) = out["findings"]
    assert (f["line"], f["code"], f["category"]) == (4, "DUP103", "duplicate")
    assert "【】" in f["message"] and "【工作】" in f["message"]


def test_jieba_is_not_imported_for_a_clean_draft():
    clean = next((FIXTURES / "clean").glob("dup_clean_*.txt"))
    code = ("import sys; from planlint.cli import main\n"
            "try:\n    main(['check', sys.argv[1], '--select', 'DUP', '--exit-zero', '--format', 'concise'])\n"
            "except SystemExit: pass\n"
            "assert 'jieba' not in sys.modules, 'jieba imported'\n")
    done = subprocess.run([sys.executable, "-c", code, str(clean)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_a_near_duplicate_is_explained_without_loading_jieba():
    code = ("import sys; from planlint.cli import main\n"
            "try:\n    main(['check', sys.argv[1], '--select', 'DUP103', '--exit-zero', '--format', 'concise'])\n"
            "except SystemExit: pass\n"
            "assert 'jieba' not in sys.modules, 'jieba imported'\n")
    done = subprocess.run([sys.executable, "-c", code, str(DUP / "near.md")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "“推动”改为“推进”" in done.stdout


def test_words_are_jiebas_words():
    """planlint.text.segment is jieba's HMM-free segmentation over jieba's dictionary: same words."""
    jieba = pytest.importorskip("jieba")
    from planlint.text import segment

    texts = [line for path in sorted(FIXTURES.rglob("*.*")) if path.suffix in (".txt", ".md")
             for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]
    texts += ["持续推动长江流域重点水域禁捕退捕工作", "AT&T和B超 c# 1.5%增长", "ａ１① \t x-y_z"]
    assert len(texts) > 100
    plain = jieba.Tokenizer()  # jieba's own dictionary: other tests add agency names to jieba's default one
    for text in texts:
        assert segment.lcut(text) == plain.lcut(text, HMM=False), text


def test_segmentation_takes_the_most_probable_route():
    from planlint.text import segment

    d = segment.build("推进 10 v\n推进产业 2 n\n产业 50 n\n产业发展 1 n\n发展 40 v\n".encode("utf-8"))
    # 推进|产业|发展 (10·50·40) beats 推进产业|发展 (2·40) and 推进|产业发展 (10·1)
    assert segment.lcut("推进产业发展，abc 12", d) == ["推进", "产业", "发展", "，", "abc", " ", "12"]
    assert segment.lcut("推进产业", d) == ["推进", "产业"]
    assert segment.lcut("推出", d) == ["推", "出"]  # 推 is only a prefix: single characters


def test_word_index_is_read_back_from_the_cache(tmp_path, monkeypatch):
    from planlint.text import segment

    d = segment.build("推进 10 v\n产业 50 n\n推进 3 v\n".encode("utf-8"))  # the last frequency wins
    segment._write_index(tmp_path / "words-x.index", d)
    back = segment._read_index(tmp_path / "words-x.index")
    assert back is not None and back.total == d.total == 63
    assert [back.lookup(w) for w in ("推进", "推", "产业", "业")] == [3, 0, 50, None]
    (tmp_path / "bad.index").write_bytes(b"planlint-words-1\n1 2")
    assert segment._read_index(tmp_path / "bad.index") is None


# --- clean drafts ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["dup_clean_1.txt", "dup_clean_2.md"])
def test_clean_drafts_are_quiet(name):
    assert _lint_file(FIXTURES / "clean" / name) == []


# --- across files ------------------------------------------------------------------------------------------

def test_cross_file_off_by_default_and_on_with_flag():
    a, b = str(DUP / "cross_city.txt"), str(DUP / "cross_county.txt")
    off = run_cli("check", a, b, "--select", "DUP", "--format", "concise")
    assert "DUP105" not in off.output
    on = run_cli("check", a, b, "--select", "DUP", "--cross-file", "--format", "json", "--exit-zero")
    found = [(f["path"].rsplit("/", 1)[-1], f["line"], f["code"]) for f in json.loads(on.output)["findings"]]
    assert found == [("cross_county.txt", 3, "DUP105"), ("cross_county.txt", 4, "DUP105")]


def _cross_rule(**params):
    rule = ruleset().by_code["DUP105"]
    return rule if not params else msgspec.structs.replace(rule, params={**rule.params, **params})


def _summary(findings):
    return [(f.path.rsplit("/", 1)[-1], f.code, f.line, f.column, f.end_line, f.end_column, f.message,
             [(r.path.rsplit("/", 1)[-1], r.line, r.column) for r in f.related]) for f in findings]


def test_cross_file_run_keeps_digests_not_parses():
    """The run keeps each draft's text and DUP105's digest, not its parse; the findings are those
    of a run that keeps whole documents."""
    paths = [str(DUP / "cross_city.txt"), str(DUP / "cross_county.txt")]
    slim = engine.lint(paths, [_cross_rule()], keep_documents=True)
    whole = engine.lint(paths, [_cross_rule()], keep_documents=True, parsed=True)
    assert [(d.text_only, d.headings, d.blocks) for d in slim.documents] == [(True, [], [])] * 2
    assert all(key.startswith("digest:DUP105:") for d in slim.documents for key in d.derived)
    assert [d.text_only for d in whole.documents] == [False, False]
    assert _summary(slim.findings) == _summary(whole.findings)
    assert [(f[0], f[2], f[3]) for f in _summary(slim.findings)] == [("cross_county.txt", 3, 1), ("cross_county.txt", 4, 1)]


def _docs(*names):
    return [parser.build(source.read(str(DUP / n), n), "txt") for n in names]


def test_a_draft_without_its_digest_is_parsed_again():
    """A draft whose file did not run DUP105 (per-file configuration) has no digest: it is parsed
    again from its text, and a digest taken with other parameters is not reused."""
    whole = _docs("cross_city.txt", "cross_county.txt")
    slim = [engine._text_only(d) for d in _docs("cross_city.txt", "cross_county.txt")]
    assert all(d.derived == {} for d in slim)
    got = engine.run_corpus(slim, [_cross_rule()])
    assert _summary(got) == _summary(engine.run_corpus(whole, [_cross_rule()]))
    assert [(f.line, f.column) for f in got] == [(3, 1), (4, 1)]
    # the digests kept above were taken with min_chars 20; sentences of 60 characters or more: none
    assert engine.run_corpus(slim, [_cross_rule(min_chars=60)]) == []
    assert len(got) == len(engine.run_corpus(slim, [_cross_rule()]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet="甲乙丙丁戊，,：:。；;！\n（）() ", max_size=120))
def test_digest_keeps_each_sentence_as_the_check_sees_it(content):
    """A digest's clause ends rebuild the sentence's clauses, and its span and comparability are
    the sentence's own."""
    from planlint.checks.duplicates import _allow_keys, _comparable, _cross_file_digest

    doc = parser.build(Text("x.txt", content, "utf-8"), "txt")
    rule = _cross_rule(min_chars=1)
    allow = _allow_keys(rule.params)
    expected = [(s.key, s.clauses, sentences.span(doc, s), _comparable(doc, s, allow, 1))
                for s in sentences.sentences(doc)]
    assert [(k.key, k.clauses, (k.start, k.end), k.comparable) for k in _cross_file_digest(doc, rule)] == expected


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet="甲乙丙丁戊，。；\n（） ", max_size=80),
       st.lists(st.text(alphabet="甲乙丙丁", min_size=1, max_size=3), max_size=4))
def test_the_keys_holding_a_stock_phrase_are_found_in_one_search(content, phrases):
    """The sentences that hold an allowlisted phrase are found by one search over all keys joined
    by newlines: exactly those whose own key holds one (a phrase never matches across two keys)."""
    from planlint.checks.duplicates import _holding_stock

    doc = parser.build(Text("x.txt", content, "utf-8"), "txt")
    allow = tuple(sorted(set(phrases), key=len, reverse=True))
    assert _holding_stock(doc, allow) == {s.key for s in sentences.sentences(doc) if any(p in s.key for p in allow)}


def test_a_stock_phrase_split_by_a_sentence_end_is_not_held():
    from planlint.checks.duplicates import _holding_stock

    doc = parser.build(Text("x.txt", "甲乙丙。丁戊。乙丙丁。甲。\n", "utf-8"), "txt")
    assert _holding_stock(doc, ("丙丁", "甲乙")) == {"甲乙丙", "乙丙丁"}
    assert _holding_stock(doc, ()) == set()


@pytest.mark.parametrize("text, found", [
    ("一、甲\n加快建设现代化产业体系新格局，推进乡村振兴，加快建设现代化产业体系新格局。\n推进乡村振兴，完善公共服务。\n",
     [("DUP102", 2, 23)]),
    ("一、甲\n加快建设现代化产业体系新格局，推进乡村振兴。提升治理能力，加快建设现代化产业体系新格局。\n",
     [("DUP102", 2, 30)]),
    # in two paragraphs: no clause comes twice in either, which is told before any clause is tabled
    ("一、甲\n加快建设现代化产业体系新格局，推进乡村振兴。\n提升治理能力，加快建设现代化产业体系新格局。\n", []),
])
def test_a_clause_repeated_in_its_paragraph(text, found):
    assert codes(lint(text, "DUP102")) == found


# --- the corpus -----------------------------------------------------------------------------------------------

def test_corpus_examples(corpus):
    result = engine.lint([str(corpus)], [r for r in __import__("conftest").ruleset().select(["DUP"])])
    got = {(f.path.rsplit("/", 1)[-1][:3], f.line, f.code) for f in result.findings}
    related = {(f.path.rsplit("/", 1)[-1][:3], f.line): [r.line for r in f.related] for f in result.findings}
    for expected in [("000", 66, "DUP101"), ("000", 259, "DUP102"), ("000", 383, "DUP101"),
                     ("001", 416, "DUP101"), ("002", 80, "DUP101"), ("004", 304, "DUP101")]:
        assert expected in got, expected
    assert related[("001", 416)] == [180]
    assert related[("002", 80)] == [71]
    assert not any(c == "DUP103" and n == "003" for n, _, c in got)  # 责任单位 notes are not prose


# --- the join ------------------------------------------------------------------------------------------------------

def _brute(strings, t, k, ratio, n=2):
    out = set()
    for i in range(len(strings)):
        for j in range(i + 1, len(strings)):
            a, b = strings[i], strings[j]
            if a == b:
                continue
            if simjoin.jaccard(a, b, n) >= t:
                out.add((i, j))
            elif k and (len(simjoin.grams(a, n)) > n * k or len(simjoin.grams(b, n)) > n * k):
                limit = min(k, max(1, int(ratio * min(len(a), len(b)))))
                if simjoin.edit_distance(a, b, limit) <= limit:
                    out.add((i, j))
    return out


@pytest.mark.parametrize("t,k", [(0.5, 0), (0.8, 0), (0.8, 2), (0.9, 1), (1.0, 0)])
def test_join_equals_brute_force(t, k):
    rng = random.Random(int(t * 10) + k)
    base = ["".join(rng.choice("甲乙丙丁戊己庚辛壬癸子丑") for _ in range(rng.randint(1, 30))) for _ in range(60)]
    strings = list(base)
    for s in base:  # near copies: a character changed, added or dropped
        for _ in range(2):
            c = list(s)
            p = rng.randrange(len(c))
            op = rng.choice("sid")
            if op == "s":
                c[p] = rng.choice("甲乙丙")
            elif op == "i":
                c.insert(p, "寅")
            elif len(c) > 1:
                del c[p]
            strings.append("".join(c))
    strings += strings[:5]  # exact copies
    got = {(i, j) for i, j, _ in simjoin.join(strings, t, 2, k, 0.1)}
    assert got == _brute(strings, t, k, 0.1)


@pytest.mark.parametrize("t", [0.3, 0.5, 0.8, 0.9, 1.0])
@pytest.mark.parametrize("slack", [0, 2, 4, 6])
def test_probe_prefixes_never_shrink_as_sets_grow(t, slack):
    """The join drops a string whose prefix would hold only hapax grams before deduplicating its
    grams, judging by its word count (at least its size): that needs prefixes that never shrink."""
    probe = simjoin._bounds(300, t, slack)[1]
    assert all(a <= b for a, b in zip(probe, probe[1:]))


@pytest.mark.parametrize("chunk", [None, 5])
@pytest.mark.parametrize("seed", range(12))
def test_join_equals_brute_force_on_mixed_families(seed, chunk, monkeypatch):
    # families of variants a few edits apart, strings of one gram to sixty characters, small
    # alphabets (repeated grams) and large ones (more grams than signature bits, so signatures
    # collide), and every threshold, edit allowance and n; with chunk, the words of a few strings
    # at a time are ranked, so that strings meet the edges of those batches
    if chunk:
        monkeypatch.setattr(simjoin, "_CHUNK", chunk)
    rng = random.Random(seed)
    if seed % 3 == 2:
        alphabet = "".join(map(chr, range(0x4E00, 0x4E00 + 400)))
    else:
        alphabet = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"[: rng.randint(3, 22)]
    strings = []
    for _ in range(40 if seed % 3 < 2 else 80):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 60)))
        strings.append(s)
        for _ in range(rng.randint(0, 4)):
            c = list(s)
            for _ in range(rng.randint(1, 4)):
                p = rng.randrange(len(c))
                op = rng.choice("sid")
                if op == "s":
                    c[p] = rng.choice(alphabet)
                elif op == "i":
                    c.insert(p, rng.choice(alphabet))
                elif len(c) > 1:
                    del c[p]
            strings.append("".join(c))
    rng.shuffle(strings)
    t, k, ratio, n = rng.choice([0.5, 0.7, 0.8, 0.9, 1.0]), rng.randint(0, 3), rng.choice([0.1, 0.3, 1.0]), 2 + seed % 2
    got = {(i, j) for i, j, _ in simjoin.join(strings, t, n, k, ratio)}
    assert got == _brute(strings, t, k, ratio, n)


def test_join_handles_characters_beyond_the_bmp():
    # a character beyond the BMP is two UTF-16 code units, but one character: the size tables
    # still cover such strings, and adding one such character is one edit
    strings = ["0000000001\u2044" + "4", "0000010\U00010000\U00010001\U00010002\U00010003\U00010004",
               "\U00020000\U00020001\U00020002\U00020003", "\U00020000\U00020001\U00020002\U00020004",
               "\U00020000", "\U00020000\U00020001"]
    for t, k in [(0.5, 2), (0.3, 1)]:
        got = {(i, j) for i, j, _ in simjoin.join(strings, t, 2, k, 0.1)}
        assert got == _brute(strings, t, k, 0.1)
    assert len(simjoin.grams("\U00020000\U00020001甲")) == 2
    # dropping one: an edit of one character, found by the edit-distance path (Jaccard is 0.5)
    assert [p[:2] for p in simjoin.join(["甲乙\U00020000丙丁戊", "甲乙丙丁戊"], 0.8, 2, 1, 0.2)] == [(0, 1)]


def test_join_signs_only_records_that_meet_a_candidate():
    """A record's signature is made when it first meets a candidate: in a draft few records do.
    The pairs are exact whatever was signed (an empty string, a copy, two strings beyond the BMP
    one edit apart, a string that gains two characters)."""
    strings = ["推进城乡融合发展体制机制改革", "推进城乡融合发展体制机制改革试点", "加强生态环境保护修复",
               "完善公共服务体系建设", "", "\U00020000\U00020001\U00020002\U00020003\U00020004\U00020005",
               "\U00020000\U00020001\U00020002\U00020003\U00020004\U00020006", "加强生态环境保护修复"]
    assert list(simjoin.join(strings, 0.8, 2, 2, 0.17)) == [(5, 6, 4 / 6), (0, 1, 13 / 15)]
    assert list(simjoin.join(strings, 0.8, 2, 0, 0.17)) == [(0, 1, 13 / 15)]
    assert list(simjoin.join([], 0.8)) == list(simjoin.join(["甲"], 0.8)) == list(simjoin.join(["", ""], 0.8)) == []
    unique = list(dict.fromkeys(strings))
    rec = simjoin._Records(unique, 2, simjoin._bounds(max(map(len, unique)), 0.8, 0)[1].__getitem__)
    assert rec.signature == [None] * len(rec.order) and not rec.signed
    rec.sign(0, {1})
    assert rec.signed == {0, 1} and rec.signature.count(None) == len(rec.order) - 2
    assert rec.signature[0] == sum({1 << (r % simjoin._SIG_BITS) for r in rec.shared[0]})


def test_join_keeps_the_strings_of_one_class_apart():
    strings = ["到2025年新增就业岗位1200个", "到2025年新增就业岗位1300个", "到2025年新增就业岗位1400个",
               "到2025年新增创业岗位1200个"]
    everything = {(i, j) for i, j, _ in simjoin.join(strings, 0.6, 2, 2, 0.3)}
    assert {(0, 1), (0, 2), (1, 2), (0, 3)} <= everything
    classes = ["甲", "甲", "甲", "乙"]
    stats: dict = {}
    got = {(i, j) for i, j, _ in simjoin.join(strings, 0.6, 2, 2, 0.3, stats=stats, classes=classes)}
    assert got == {p for p in everything if 3 in p}
    assert stats["candidates"] <= 3  # classmates never became candidates


def test_join_classes_of_copies_of_one_string_may_differ():
    # a sentence in two drafts is near a sentence of one of them: only the pair across drafts
    strings = ["推进产业链现代化建设", "推进产业链现代化建设", "推动产业链现代化建设"]
    got = {(i, j) for i, j, _ in simjoin.join(strings, 0.5, 2, 2, 0.3, classes=["甲", "乙", "甲"])}
    assert got == {(1, 2)}


_JOIN_ALPHABET = st.sampled_from(list("甲乙丙丁戊") + ["\U00020000", "\U00020001", "a", "1", "\x00"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(alphabet=_JOIN_ALPHABET, max_size=25), max_size=25),
       st.sampled_from([0.3, 0.5, 0.8, 1.0]), st.integers(0, 3), st.sampled_from([0.1, 0.5, 1.0]),
       st.sampled_from([2, 3]), st.data())
def test_join_equals_brute_force_on_any_strings(strings, t, k, ratio, n, data):
    # empty strings, one-character strings, astral characters, NUL, and classes on some runs
    classes = data.draw(st.none() | st.lists(st.integers(0, 2), min_size=len(strings), max_size=len(strings)))
    got = {(i, j) for i, j, _ in simjoin.join(strings, t, n, k, ratio, classes=classes)}
    want = _brute(strings, t, k, ratio, n)
    if classes is not None:
        want = {(i, j) for i, j in want if classes[i] != classes[j]}
    assert got == want


def test_join_skip_drops_pairs_before_verification():
    strings = ["推进产业链现代化建设", "推动产业链现代化建设", "推进产业链现代化进程", "加快建设美丽宜居乡村"]
    everything = {(i, j) for i, j, _ in simjoin.join(strings, 0.5, 2, 2, 0.3)}
    assert {(0, 1), (0, 2)} <= everything
    asked = []

    def skip(i, j):
        asked.append((i, j))
        return j == 2

    stats: dict = {}
    got = {(i, j) for i, j, _ in simjoin.join(strings, 0.5, 2, 2, 0.3, stats=stats, skip=skip)}
    assert got == {p for p in everything if p[1] != 2}
    assert all(i < j for i, j in asked) and (0, 2) in asked


def test_a_sentence_is_reported_once_with_one_earlier_sentence():
    base = "加快培育先进制造业集群，提升产业链供应链现代化水平"
    text = (f"一、甲\n{base}。\n二、乙\n{base.replace('提升', '提高')}。\n"
            f"三、丙\n{base.replace('加快', '大力')}。\n四、丁\n{base.replace('集群', '基地')}。\n")
    found = lint(text, "DUP103")
    assert codes(found) == [("DUP103", 4, 1), ("DUP103", 6, 1), ("DUP103", 8, 1)]
    assert all(len(f.related) == 1 and f.related[0].line < f.line for f in found)


def test_sentences_that_differ_only_in_numbers_are_not_near_repeats():
    from planlint.ruleset.loader import with_params
    from planlint.workflow.rule_examples import lint_string

    text = "一、就业\n" + "".join(f"到2025年，第{k}片区新增就业岗位达到{k * 130}个，城镇调查失业率控制在{k}.5%以内。\n"
                                for k in range(1, 40))
    assert codes(lint(text, "DUP103")) == []
    (rule,) = ruleset().select(["DUP103"])
    counting_numbers = with_params(rule, {"ignore_number_changes": False}, "test")
    assert len(lint_string(text, [counting_numbers], "d.txt")) == 10  # near when numbers count


def test_edit_distance_is_bounded():
    assert simjoin.edit_distance("推进产业发展", "推进产业发展", 2) == 0
    assert simjoin.edit_distance("推进产业发展", "推动产业发展", 2) == 1
    assert simjoin.edit_distance("推进产业发展", "推动行业发展", 1) == 2  # over the limit: limit + 1
    assert simjoin.edit_distance("", "甲乙丙", 5) == 3


def test_text_report_highlights_the_difference(tmp_path):
    import io

    from planlint import report

    draft = tmp_path / "d.txt"
    draft.write_text("一、甲\n持续推动长江流域重点水域禁捕退捕工作，巩固治理成效。\n"
                     "二、乙\n持续推进长江流域重点水域禁捕退捕工作，巩固治理成效。\n", encoding="utf-8")
    result = engine.lint([str(draft)], ruleset().select(["DUP103"]), keep_documents=True)
    shown = {}
    for color in (True, False):
        out = io.StringIO()
        report.render("text", result, out, report.Options(color=color, show_source=False))
        shown[color] = out.getvalue()
    assert "持续\x1b[1;7;35m【推进】\x1b[0m长江" in shown[True] and "\x1b[1;7;35m【推动】" in shown[True]
    assert "持续【推进】长江" in shown[False] and "\x1b[" not in shown[False]


def test_control_characters_used_as_internal_marks_do_not_split_sentences():
    # \x1e and \x1f mark sentence and clause ends inside the key builder; in a draft they are debris
    doc = parser.build(Text("x.txt", "0\x1e000000000¼\n推进产业\x1f发展。\n", "utf-8"), "txt")
    found = sentences.sentences(doc)
    assert [s.key for s in found] == ["00000000001⁄4", "推进产业发展"]
    assert [sentences.span(doc, s) for s in found] == [(0, 12), (13, 21)]


SUMMARY = "到2025年，城乡一体的基本公共服务体系更加健全，覆盖全域的风险防控能力明显增强。\n"


@pytest.mark.parametrize("lead", ["——", "", "1.", "（一）"])
def test_sub_goal_lead_restating_a_summary_clause_is_structure(lead):
    """总—分: each sub-goal paragraph opens with its clause of the summary sentence."""
    draft = ("一、主要目标\n" + SUMMARY + f"{lead}城乡一体的基本公共服务体系更加健全。服务覆盖全体居民。\n"
             f"{lead}覆盖全域的风险防控能力明显增强。重大风险得到有效控制。\n")
    assert lint(draft, "DUP") == []


def test_clause_restated_mid_paragraph_or_in_another_section_is_reported():
    mid = "一、主要目标\n" + SUMMARY + "服务覆盖全体居民。城乡一体的基本公共服务体系更加健全。\n"
    assert codes(lint(mid, "DUP101")) == [("DUP101", 3, 10)]
    other = "一、主要目标\n" + SUMMARY + "二、保障措施\n城乡一体的基本公共服务体系更加健全。服务覆盖全体居民。\n"
    assert codes(lint(other, "DUP101")) == [("DUP101", 4, 1)]


@pytest.mark.parametrize("draft,expected", [
    ("# 某市数字经济发展情况的报告\n发布日期：2022年10月28日\n\n某市数字经济发展情况的报告\n一、总体情况\n加快发展。\n", []),
    ("某市人民政府关于印发某市智慧交通三年行动计划的通知\n现将计划印发给你们。\n附件\n某市智慧交通三年行动计划（2021—2023年）\n"
     "一、总体要求\n加快发展。\n某市智慧交通三年行动计划（2021—2023年）\n", [("DUP101", 7, 1)]),
])
def test_front_matter_titles_are_not_repeated_sentences(draft, expected):
    """The title in a page's metadata and again above the text, or above an attachment, is layout;
    the same line repeated in the body is still a repeat."""
    assert codes(lint(draft, "DUP")) == expected


def test_title_like_line_repeated_in_the_body_is_reported():
    draft = ("一、主要目标\n城乡一体的基本公共服务体系更加健全\n二、主要任务\n加快发展。\n"
             "城乡一体的基本公共服务体系更加健全\n")
    assert codes(lint(draft, "DUP101")) == [("DUP101", 5, 1)]


def _reference_key(c: str) -> str:
    """The sentence key of one character, from unicodedata alone: NFKC of a character outside the
    CJK ideograph blocks and the supplementary planes, then without punctuation, separators, other
    (control, format …) characters, whitespace and Markdown syntax symbols; the two internal marks
    count as spaces."""
    import unicodedata

    def dropped(ch: str) -> bool:
        return (_in_tables(ch) and not _changes(ch) and ch not in "\x1e\x1f"
                and (unicodedata.category(ch)[0] in "PZC" or ch.isspace() or ch in "`^|~<>"))

    if c in "\x1e\x1f":
        return ""
    n = unicodedata.normalize("NFKC", c) if _changes(c) else c
    return "".join(ch for ch in n if not dropped(ch))


def _in_tables(ch: str) -> bool:
    return ord(ch) < 0x3400 or 0xF900 <= ord(ch) < 0x10000


def _changes(ch: str) -> bool:
    import unicodedata

    return _in_tables(ch) and unicodedata.normalize("NFKC", ch) != ch


_NON_BMP = [0x10000, 0x1D400, 0x1D7CE, 0x1F100, 0x1F600, 0x20000, 0x2A6D6, 0x2F800, 0x2FA1D, 0xE0001, 0xE0041,
            0xF0000, 0x10FFFD]


def test_the_key_of_every_character_is_its_nfkc_without_punctuation():
    """key() for every BMP code point (surrogates aside) and some beyond, one at a time and joined
    (the key works character by character), against unicodedata; and the regexes of sentence and
    clause ends match exactly the characters whose NFKC holds 。!?; or ,: ."""
    import unicodedata

    from planlint.document import sentences

    norm = sentences._Normalizer()
    chars = [chr(cp) for cp in [*range(0xD800), *range(0xE000, 0x10000), *_NON_BMP]]
    wrong = [(hex(ord(c)), norm.key(c), _reference_key(c)) for c in chars if norm.key(c) != _reference_key(c)]
    assert wrong == []
    text = "".join(chars)
    assert norm.key(text) == "".join(map(_reference_key, chars))
    assert norm.pieces("Ａ，ｂ﹔c。") == [["A", "b"], ["c"], []]

    def ends(c: str, marks: str) -> bool:
        return c in marks or (_changes(c) and any(t in unicodedata.normalize("NFKC", c) for t in marks))

    for pattern, marks in ((norm.sentence_end, "。!?;"), (norm.clause_end, ",:")):
        matched = {c for c in chars if pattern.fullmatch(c)}
        assert matched == {c for c in chars if ends(c, marks)}
        assert ({"。", "；", "！", "？", "‼", "﹖"} if marks == "。!?;" else {"，", "：", "﹐"}) <= matched


def test_numbers_are_removed_from_all_keys_at_once():
    """DUP103 removes digits, decimal points and % from every key in one pass over the joined
    keys; a key holding the joining newline (never a sentence key) falls back to one per key."""
    from planlint.checks.duplicates import _without_numbers

    assert _without_numbers([]) == []
    assert _without_numbers([""]) == [""]
    assert _without_numbers(["到2025年达到12.5%", "", "增长%", "无数字"]) == ["到年达到", "", "增长", "无数字"]
    assert _without_numbers(["a1\nb2", "c3"]) == ["a\nb", "c"]
