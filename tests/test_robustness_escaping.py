"""Property tests (issue 19): drafts and file names full of C0/C1 controls, U+FFFE/U+FFFF, lone
surrogates (file names that are not UTF-8) and astral characters, through every output format.

Human formats (text, concise) never carry a raw control character; no format gives a line that
GitHub Actions would read as a workflow command unless it is one of ours (the github format);
JUnit is well-formed XML; JSON, SARIF and GitLab parse; every report encodes to UTF-8 the way the
command line writes it (backslashreplace)."""
from __future__ import annotations

import io
import json
import re
import subprocess
import xml.etree.ElementTree as ET

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planlint.workflow import engine

from planlint import report
from planlint.workflow.baseline import fingerprint

from test_robustness import RULES, lint_text

CONTROLS = [chr(c) for c in [*range(0, 32), *range(127, 160)]]
SPECIAL = CONTROLS + ["\ufffe", "\uffff", "\U0001F600", "\U00020000", "\u202e", "\u2028", "\x1b]0;t\x07",
                      "\x1b]52;c;eA==\x07", "\x1b]8;;http://x\x1b\\", "\n::error file=a::x\n", "\udcff"]
DRAFT_PIECES = ["第一章 总则\n", "一、", "三、", "（一）", "（", "）", "“", "。", "到2025年达到5 %。", "\n"]

piece = st.one_of(st.sampled_from(SPECIAL), st.sampled_from(DRAFT_PIECES), st.text(max_size=3))
content = st.lists(piece, max_size=80).map("".join)
name = st.lists(st.one_of(st.sampled_from(SPECIAL), st.text(min_size=1, max_size=3)), min_size=1,
                max_size=6).map(lambda parts: "".join(parts) + ".txt")

RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
BOUNDED = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def render(fmt: str, doc, found) -> str:
    result = engine.RunResult(
        files=[engine.FileResult(doc.path, "utf-8", doc.text.line_count, len(found))],
        findings=sorted(found, key=lambda f: f.sort_key()), rules=RULES, documents=[doc])
    out = io.StringIO()
    report.render(fmt, result, out, report.Options(color=False, show_source=True))
    return out.getvalue()


def check_formats(text: str, path: str) -> None:
    doc, found = lint_text(text.replace("\udcff", ""), path)
    fingerprint(sorted(found, key=lambda f: f.sort_key()), doc.text)  # never raises on odd names
    for fmt in report.available():
        value = render(fmt, doc, found)
        value.encode("utf-8", "backslashreplace").decode("utf-8")
        lines = value.split("\n")
        if fmt != "github":
            assert not any(line.lstrip().startswith("::error file=a") for line in lines), (fmt, value)
        if fmt in ("text", "concise", "github"):
            assert not RAW_CONTROL.search(value), (fmt, value)
            assert not re.search("[\ufffe\uffff\u202e\u2028\ud800-\udfff]", value), (fmt, value)
        if fmt == "concise":
            assert len(value.splitlines()) == len(found)  # splitlines: \x85, U+2028 would split too
        if fmt in ("json", "sarif", "gitlab"):
            json.loads(value.encode("utf-8", "backslashreplace").decode("utf-8"))
        if fmt == "json-lines":
            for line in filter(None, value.split("\n")):  # JSON Lines: "\n" ends a record, nothing else
                json.loads(line.encode("utf-8", "backslashreplace").decode("utf-8"))
        if fmt == "junit":
            ET.fromstring(value.encode("utf-8", "backslashreplace"))
        if fmt == "github":
            assert all(line.startswith("::") or line.startswith("planlint：") for line in lines if line)


@BOUNDED
@given(content)
def test_controls_and_noncharacters_in_drafts(text):
    check_formats(text, "draft.txt")


@BOUNDED
@given(content, name)
def test_controls_and_noncharacters_in_file_names(text, path):
    check_formats("第一章 总则\n三、任务（\n" + text, path)


def test_the_fix_diff_shows_a_drafts_control_characters_escaped(tmp_path):
    from conftest import console_script

    draft = tmp_path / "draft.txt"
    body = "坚持稳中求进工作总基调，完整准确全面贯彻新发展理念。\n" * 8
    draft.write_text(body + "一、总则\n三、目标\x1b[31m红色\x07\t完\n", encoding="utf-8")
    done = subprocess.run([console_script(), "check", "--isolated", "--diff", "--unsafe-fixes", str(draft)],
                          capture_output=True, text=True)
    assert "-三、目标\\x1b[31m红色\\x07\t完\n+二、目标\\x1b[31m红色\\x07\t完\n" in done.stdout
    assert not set(done.stdout) & {"\x1b", "\x07"}
    assert draft.read_text(encoding="utf-8").endswith("三、目标\x1b[31m红色\x07\t完\n")  # --diff writes nothing


def test_printable_text_has_nothing_to_escape():
    """termsafe.escape returns printable text as it is, unchecked: no character it escapes is
    printable (every one is a control, format, separator, surrogate or noncharacter)."""
    from planlint.text import termsafe

    unsafe = re.compile(termsafe._UNSAFE.pattern)
    assert [hex(c) for c in range(0x110000) if chr(c).isprintable() and unsafe.match(chr(c))] == []
    assert termsafe.escape("第一章\u3000总则\u202e") == "第一章\u3000总则\\u202e"
    assert termsafe.escape("规划𠀀纲要") == "规划𠀀纲要"
