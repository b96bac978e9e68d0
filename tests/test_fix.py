"""--fix, --unsafe-fixes and --diff: encodings, BOM and line endings preserved, idempotent,
nothing but the fixed spans changes, overlapping edits resolved deterministically."""
from __future__ import annotations

import codecs
import json

import pytest

from conftest import run_cli
from planlint.workflow import fixer
from planlint.document.model import Edit, Finding, Fix

# “1、” in a list that otherwise uses “1.”: NUM106 has a safe fix; the gap 一、二、四、 has an unsafe one.
DRAFT = "某县规划\n一、总体要求\n1、健全机制\n2.强化落实\n3.完善考核\n二、主要目标\n四、保障措施\n"
SAFE = DRAFT.replace("1、健全", "1.健全")
UNSAFE = SAFE.replace("四、保障", "三、保障")


def write(path, text, encoding="utf-8", newline="\n", bom=b""):
    path.write_bytes(bom + text.replace("\n", newline).encode(encoding))
    return path


def fix(*args):
    return run_cli("check", "--select", "NUM", "--format", "concise", *args)


@pytest.mark.parametrize("encoding, newline, bom", [
    ("gb18030", "\r\n", b""),
    ("utf-8", "\n", codecs.BOM_UTF8),
    ("utf-8", "\r\n", codecs.BOM_UTF8),
    ("utf-16-le", "\r\n", codecs.BOM_UTF16_LE),
    ("utf-8", "\r", b""),
])
def test_fix_round_trips_encoding_bom_and_newlines(tmp_path, encoding, newline, bom):
    path = write(tmp_path / "plan.txt", DRAFT, encoding, newline, bom)
    result = fix("--fix", str(path))
    assert path.read_bytes() == bom + SAFE.replace("\n", newline).encode(encoding)
    assert "NUM106" not in result.output and "NUM101" in result.output  # what is left is reported
    assert result.exit_code == 1
    before = path.read_bytes()
    again = fix("--fix", str(path))
    assert path.read_bytes() == before  # a second --fix changes nothing
    assert "已修正" not in again.stderr


def test_gb18030_file_stays_gb18030(tmp_path):
    path = write(tmp_path / "plan.txt", DRAFT, "gb18030", "\r\n")
    fix("--fix", str(path))
    data = path.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert data.decode("gb18030") == SAFE.replace("\n", "\r\n")


def test_nothing_but_the_fixed_span_changes(tmp_path):
    # mixed line endings, trailing spaces, no final newline: all kept exactly
    raw = "某县规划  \r\n一、总体要求\n1、健全机制\r\n2.强化落实\n3.完善考核\t"
    path = tmp_path / "plan.txt"
    path.write_bytes(raw.encode("utf-8"))
    fix("--fix", str(path))
    assert path.read_bytes() == raw.replace("1、健全", "1.健全").encode("utf-8")


def test_unsafe_fixes_renumber_the_list_and_the_toc(tmp_path):
    text = ("目录\n第一章 发展基础\n第三章 主要任务\n"
            "第一章 发展基础\n一、成效\n二、形势\n第三章 主要任务\n一、创新\n三、开放\n")
    path = write(tmp_path / "plan.txt", text)
    fix("--fix", str(path))
    assert path.read_text(encoding="utf-8") == text  # renumbering is not safe
    result = fix("--fix", "--unsafe-fixes", str(path))
    assert path.read_text(encoding="utf-8") == text.replace("第三章", "第二章").replace("三、开放", "二、开放")
    assert result.stdout == "" and result.exit_code == 0
    assert "已修正 2 个问题" in result.stderr


def test_repeat_is_renumbered_once(tmp_path):
    path = write(tmp_path / "plan.txt", "一、任务\n1.甲\n1.乙\n3.丙\n（1）子\n（1）丑\n")
    fix("--unsafe-fixes", str(path))
    assert path.read_text(encoding="utf-8") == "一、任务\n1.甲\n2.乙\n3.丙\n（1）子\n（2）丑\n"


def test_out_of_order_list_is_not_renumbered(tmp_path):
    text = "一、甲\n三、丙\n二、乙\n五、戊\n"
    path = write(tmp_path / "plan.txt", text)
    fix("--unsafe-fixes", str(path))
    assert path.read_text(encoding="utf-8") == text


def test_full_width_and_spaced_markers_keep_their_form(tmp_path):
    text = "第 一 章 基础\n第 三 章 任务\n一、甲\n１．子\n３．丑\n"
    path = write(tmp_path / "plan.txt", text)
    fix("--unsafe-fixes", str(path))
    assert path.read_text(encoding="utf-8") == "第 一 章 基础\n第 二 章 任务\n一、甲\n１．子\n２．丑\n"


def test_diff_shows_without_writing(tmp_path):
    path = write(tmp_path / "plan.txt", DRAFT, "gb18030", "\r\n")
    before = path.read_bytes()
    result = run_cli("check", "--diff", str(path))
    assert path.read_bytes() == before
    assert result.exit_code == 1
    assert f"--- a/{path}" in result.stdout
    assert "-1、健全机制\n+1.健全机制\n" in result.stdout
    clean = write(tmp_path / "clean.txt", SAFE)
    result = run_cli("check", "--diff", str(clean))
    assert result.stdout == "" and result.exit_code == 0


def test_fix_reports_count_on_stderr_and_json_stays_clean(tmp_path):
    path = write(tmp_path / "plan.txt", DRAFT)
    result = run_cli("check", "--fix", "--format", "json", "--select", "NUM", str(path))
    data = json.loads(result.stdout)
    assert [f["code"] for f in data["findings"]] == ["NUM101"]
    assert "已修正 1 个问题" in result.stderr


def _finding(start, end, replacement, code="X101", applicability="safe"):
    return Finding("p", 1, 1, 1, 2, code, "x", "input", "warning", "m",
                   fix=Fix("d", [Edit(start, end, replacement)], applicability))


def test_overlapping_edits_are_resolved_deterministically():
    found = [_finding(5, 9, "b", "B101"), _finding(3, 6, "a", "A101"), _finding(9, 10, "c"),
             _finding(3, 6, "a", "C101"), _finding(0, 1, "u", applicability="unsafe")]
    edits, fixed = fixer.select(found)
    assert edits == [Edit(3, 6, "a"), Edit(9, 10, "c")]
    assert fixed == 3  # the identical edit counts for both findings
    assert fixer.select(list(reversed(found)))[0] == edits
    assert fixer.select(found, unsafe=True)[0][0] == Edit(0, 1, "u")


def test_insertions_at_the_same_point_do_not_both_apply():
    edits, _ = fixer.select([_finding(4, 4, "x"), _finding(4, 4, "y", "Y101")])
    assert len(edits) == 1
