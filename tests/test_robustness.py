"""Property tests: any text, however strange, lints without an exception through every check kind
(all built-in rules plus the example pattern rules), every finding lies inside the file, and every
output format renders valid output. Bounded (max_examples, no deadline under CI load) so that the
whole file runs in well under 90 s."""
from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planlint import checks, report

from planlint.workflow import engine

from planlint.document import parser

from planlint.ruleset import loader as rules
from planlint.document.model import Text

from conftest import ROOT

CUSTOM = ROOT / "examples" / "rules" / "custom.yaml"
RULES = rules.load([str(CUSTOM)]).select(["ALL"])
BOUNDED = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])

MARKERS = ["第一篇", "第 三 章", "第十二章", "第一节", "第二十节", "一、", "十一、", "二、三产业", "（一）", "(二)",
           "（十）", "1.", "2．", "3、", "1.5", "（1）", "(2)", "①", "⑳", "专栏1", "专栏 3", "表2-1", "图1", "目录",
           "目 录", "序言", "# ", "## ", "- ", "> ", "* ", "|", " | ", "```", "<!--", "-->", "**", "\t"]
BRACKETS = list("（）()【】[]《》〈〉“”‘’\"'{}")
PUNCT = list("，。、；：？！,.;:?!…—·％%+＋－-/～~")
CHINESE = list("规划纲要发展目标任务到年全市生产总值亿元增长推进建设加快完善体系责任单位牵头配合专栏表图章节")
DIGITS = list("0123456789０１２３４５６７８９〇一二三四五六七八九十百千万亿")
SPACES = ["\n", "\n", "\r\n", "\r", " ", "\u3000", "\u00a0", "\ufeff", "\u200b", "\x0c", "\x85", "\u2028"]

piece = st.one_of(st.sampled_from(MARKERS), st.sampled_from(BRACKETS), st.sampled_from(PUNCT),
                  st.sampled_from(CHINESE), st.sampled_from(DIGITS), st.sampled_from(SPACES),
                  st.text(max_size=3))
draft_text = st.lists(piece, max_size=300).map("".join)


def lint_text(content: str, path: str = "draft.txt"):
    """All rules over one document; errors=None makes a crashing check raise here."""
    doc = parser.build(Text(path=path, content=content, encoding="utf-8"), parser.format_of(path))
    found = engine.run_document(doc, RULES)
    found.extend(engine.run_corpus([doc], RULES))
    return doc, found


def offset(text: Text, line: int, column: int) -> int:
    assert 1 <= line <= max(1, len(text._line_starts))
    start = text.line_start(line)
    assert 1 <= column <= text.line_end(line) - start + 1
    return start + column - 1


def assert_inside(doc, found) -> None:
    text = doc.text
    for f in found:
        assert f.path == doc.path
        a, b = offset(text, f.line, f.column), offset(text, f.end_line, f.end_column)
        assert 0 <= a <= b <= len(text.content), f
        for r in f.related:
            offset(text, r.line, r.column)
        if f.fix is not None:
            for e in f.fix.edits:
                assert 0 <= e.start <= e.end <= len(text.content), f


def render_all(doc, found) -> None:
    """Every available output format renders, and what it renders parses."""
    result = engine.RunResult(
        files=[engine.FileResult(doc.path, "utf-8", doc.text.line_count, len(found))],
        findings=sorted(found, key=lambda f: f.sort_key()), rules=RULES, documents=[doc])
    for fmt in report.available():
        out = io.StringIO()
        report.render(fmt, result, out, report.Options(color=fmt == "text", show_source=True))
        value = out.getvalue()
        if fmt in ("json", "sarif", "gitlab"):
            json.loads(value)
        elif fmt == "json-lines":
            for line in value.splitlines():
                json.loads(line)
        elif fmt == "junit":
            ET.fromstring(value)
        elif fmt == "concise":
            assert len(value.splitlines()) == len(found)


def check_text(content: str, path: str = "draft.txt") -> None:
    doc, found = lint_text(content, path)
    assert_inside(doc, found)
    render_all(doc, found)


def test_every_check_kind_is_exercised():
    kinds = {r.kind for r in RULES}
    registered = set(checks.all_kinds())
    # every registered kind but internal ones has a rule in the run (pattern.* via the example file)
    missing = {k for k in registered - kinds if not k.startswith("suppression.")}
    assert not missing


@BOUNDED
@given(st.text(max_size=400))
def test_arbitrary_unicode(content):
    check_text(content)


@BOUNDED
@given(draft_text)
def test_marker_soup(content):
    check_text(content)


@settings(max_examples=60, deadline=None)
@given(draft_text)
def test_marker_soup_as_markdown(content):
    check_text(content, "draft.md")


@settings(max_examples=15, deadline=None)
@given(st.sampled_from(CHINESE + DIGITS + PUNCT + MARKERS), st.integers(5_000, 60_000))
def test_very_long_lines(unit, repeat):
    check_text((unit * (repeat // max(1, len(unit))))[:repeat] + "\n一、" + unit * 50)


@settings(max_examples=20, deadline=None)
@given(st.integers(1, 400), st.sampled_from(["（", "(", "【", "“", "《"]))
def test_deeply_nested_brackets(depth, opening):
    closing = {"（": "）", "(": ")", "【": "】", "“": "”", "《": "》"}[opening]
    check_text(f"{opening * depth}一{closing * depth}\n（一）{opening * depth}1.{closing * (depth // 2)}\n")


def test_deeply_nested_markers():
    levels = ["第一篇 甲", "第一章 乙", "第一节 丙", "一、丁", "（一）戊", "1.己", "（1）庚", "①辛", "专栏1 壬", "表1 癸"]
    deep = "\n".join(levels * 60)
    inverted = "\n".join(reversed(levels * 60))
    run_in = "\n".join(f"{m}。正文{i}，到2025年达到{i}亿元。" for i, m in enumerate(levels * 40))
    for content in (deep, inverted, run_in, "目录\n" + deep + "\n" + deep):
        check_text(content)


def test_empty_and_whitespace_only():
    for content in ("", "\n", "\n\n\n", " ", "\u3000\u3000", "\t\n \n", "\r\n\r\n", "\r", "\ufeff", "　\n　"):
        doc, found = lint_text(content)
        assert found == [] or all(f.line >= 1 for f in found)
        assert_inside(doc, found)
        render_all(doc, found)
