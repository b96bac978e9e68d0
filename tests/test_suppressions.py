"""Suppression comments: ranges, next line, whole file, reasons, unused and invalid directives."""
from __future__ import annotations

import json

import pytest

from conftest import codes, lint, run_cli


def check_md(tmp_path, text, *args):
    path = tmp_path / "draft.md"
    path.write_text(text, encoding="utf-8")
    result = run_cli("check", "--format", "json", *args, str(path))
    return [(f["code"], f["line"], f["column"]) for f in json.loads(result.output)["findings"]]


GAPS = "一、甲\n二、乙\n四、丁\n（一）子\n（三）丑\n"


def test_without_directives_all_findings(tmp_path):
    assert check_md(tmp_path, GAPS, "--select", "NUM,SUP") == [("NUM101", 3, 1), ("NUM101", 5, 1)]


def test_disable_enable_range(tmp_path):
    text = ("<!-- planlint: disable NUM101 -- 原文如此 -->\n一、甲\n二、乙\n四、丁\n"
            "<!-- planlint: enable NUM101 -->\n（一）子\n（三）丑\n")
    assert check_md(tmp_path, text, "--select", "NUM,SUP") == [("NUM101", 7, 1)]


def test_disable_without_enable_runs_to_end_and_prefix_selectors(tmp_path):
    text = "一、甲\n二、乙\n<!-- planlint: disable NUM -->\n四、丁\n（一）子\n（三）丑\n"
    assert check_md(tmp_path, text, "--select", "NUM,SUP") == []


def test_disable_next_line_skips_blank_lines(tmp_path):
    text = "一、甲\n二、乙\n<!-- planlint: disable-next-line NUM101 -->\n\n四、丁\n（一）子\n（三）丑\n"
    assert check_md(tmp_path, text, "--select", "NUM,SUP") == [("NUM101", 7, 1)]


def test_disable_file_and_all_rules(tmp_path):
    text = GAPS + "<!-- planlint: disable-file -->\n"
    assert check_md(tmp_path, text, "--select", "NUM,SUP") == []
    text = "<!-- planlint: disable-file NUM101, NUM102 -->\n" + GAPS
    assert check_md(tmp_path, text, "--select", "NUM,SUP") == [("SUP101", 1, 1)]  # NUM102 suppressed nothing


def test_unused_suppression_is_reported(tmp_path):
    text = ("<!-- planlint: disable-next-line NUM102 -->\n一、甲\n二、乙\n"
            "<!-- planlint: disable-next-line NUM101, NUM103 -->\n四、丁\n")
    assert check_md(tmp_path, text, "--select", "NUM,SUP") == [("SUP101", 1, 1), ("SUP101", 4, 1)]
    result = run_cli("check", "--format", "json", "--select", "NUM,SUP", str(tmp_path / "draft.md"))
    messages = [f["message"] for f in json.loads(result.output)["findings"]]
    assert "NUM102" in messages[0] and "NUM103" in messages[1]


def test_unused_suppression_can_be_ignored(tmp_path):
    text = "<!-- planlint: disable NUM102 -->\n一、甲\n二、乙\n"
    assert check_md(tmp_path, text, "--select", "NUM") == []
    assert check_md(tmp_path, text, "--select", "NUM,SUP", "--ignore", "SUP101") == []


def test_invalid_directives(tmp_path):
    text = "<!-- planlint: disabel NUM101 -->\n一、甲\n<!-- planlint: enable NUM101 -->\n<!-- planlint: disable num1x -->\n"
    assert check_md(tmp_path, text, "--select", "SUP") == [("SUP102", 1, 1), ("SUP102", 3, 1), ("SUP102", 4, 1)]


def test_directive_lines_are_not_findings_of_other_rules(tmp_path):
    # the comment itself is syntax: no rule reports on it
    text = "一、甲\n<!-- planlint: disable-next-line NUM101 -->\n三、丙\n"
    assert check_md(tmp_path, text) == []


def test_directives_in_txt_drafts_too(tmp_path):
    path = tmp_path / "draft.txt"
    path.write_text("一、甲\n二、乙\n<!-- planlint: disable-next-line NUM101 -->\n四、丁\n", encoding="utf-8")
    result = run_cli("check", "--format", "json", "--select", "NUM,SUP", str(path))
    assert json.loads(result.output)["findings"] == []


def test_rule_examples_see_every_directive_as_unused():
    # lint() runs the checks without the engine's filter: every directive is a candidate
    assert codes(lint("<!-- planlint: disable NUM101 -->\n一、甲\n", select="SUP")) == [("SUP101", 1, 1)]


@pytest.mark.parametrize("text", ["<!-- planlint: -->\n", "<!-- planlint: disable-next-line X -->", "<!--planlint:-->"])
def test_strange_directives_do_not_crash(tmp_path, text):
    check_md(tmp_path, text)
