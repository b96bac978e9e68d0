"""Baselines keyed by content: survive inserted lines, report only new findings, report stale entries."""
from __future__ import annotations

import json
import shutil

import pytest

from conftest import FIXTURES, run_cli

DRAFT = FIXTURES / "workflow" / "draft_defects.txt"
TEN_LINES = "".join(f"前言第{i}段：本规划依据有关文件编制。\n" for i in range(1, 11))


@pytest.fixture
def work(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(DRAFT, tmp_path / "plan.txt")
    result = run_cli("check", "--select", "NUM", "--write-baseline", "baseline.json", "plan.txt")
    assert result.exit_code == 0
    return tmp_path


def findings(*args):
    result = run_cli("check", "--select", "NUM", "--format", "json", *args)
    return result, [(f["code"], f["line"]) for f in json.loads(result.stdout)["findings"]]


def test_written_baseline_is_keyed_by_content(work):
    data = json.loads((work / "baseline.json").read_text(encoding="utf-8"))
    assert data["version"] == 1
    entries = data["entries"]
    assert {e["code"] for e in entries} == {"NUM101", "NUM106"}
    assert all("line" not in e for e in entries)
    gap = next(e for e in entries if e["heading_path"] == "第二章/二、/4.")
    assert gap == {"path": "plan.txt", "code": "NUM101", "heading_path": "第二章/二、/4.", "text": "4.",
                   "occurrence": 0}


def test_baseline_hides_known_findings(work):
    result, found = findings("--baseline", "baseline.json", "plan.txt")
    assert found == [] and result.exit_code == 0
    _, all_found = findings("plan.txt")
    assert len(all_found) == 3


def test_baseline_survives_ten_lines_inserted_at_the_top(work):
    plan = work / "plan.txt"
    plan.write_text(TEN_LINES + plan.read_text(encoding="utf-8"), encoding="utf-8")
    _, all_found = findings("plan.txt")
    assert [line for _, line in all_found] == [24, 25, 27]  # moved down ten lines
    result, found = findings("--baseline", "baseline.json", "plan.txt")
    assert found == [] and result.exit_code == 0
    assert "基线" not in result.stderr  # nothing stale


def test_deleting_lines_above_and_pdf_spacing_do_not_make_findings_new(work):
    plan = work / "plan.txt"
    lines = plan.read_text(encoding="utf-8").splitlines(keepends=True)
    del lines[4]  # a body line above every finding
    plan.write_text("".join(lines).replace("第四章", "第 四 章"), encoding="utf-8")
    _, found = findings("--baseline", "baseline.json", "plan.txt")
    assert found == []


def test_new_finding_is_reported_and_exit_code_follows_it(work):
    plan = work / "plan.txt"
    plan.write_text(plan.read_text(encoding="utf-8") + "5.加强宣传引导。\n", encoding="utf-8")
    result, found = findings("--baseline", "baseline.json", "plan.txt")
    assert found == [("NUM101", 20)]
    assert result.exit_code == 1


def test_stale_entries_are_reported(work):
    plan = work / "plan.txt"
    plan.write_text(plan.read_text(encoding="utf-8").replace("1、健全", "1.健全"), encoding="utf-8")
    result, found = findings("--baseline", "baseline.json", "plan.txt")
    assert found == []
    assert "1 条已不再出现" in result.stderr


def test_entries_of_files_not_linted_are_not_stale(work):
    (work / "other.txt").write_text("一、甲\n二、乙\n", encoding="utf-8")
    result, _ = findings("--baseline", "baseline.json", "other.txt")
    assert "已不再出现" not in result.stderr


def test_repeated_identical_findings_are_counted(work):
    (work / "rep.txt").write_text("一、甲\n1.子\n1.丑\n二、乙\n1.寅\n1.卯\n", encoding="utf-8")
    run_cli("check", "--select", "NUM", "--write-baseline", "b2.json", "rep.txt")
    _, found = findings("--baseline", "b2.json", "rep.txt")
    assert found == []
    with open(work / "rep.txt", "a", encoding="utf-8") as fh:
        fh.write("三、丙\n1.辰\n1.巳\n")
    _, found = findings("--baseline", "b2.json", "rep.txt")
    assert found == [("NUM102", 9)]


def test_invalid_baseline_file_exits_2(work):
    (work / "bad.json").write_text("{", encoding="utf-8")
    result = run_cli("check", "--baseline", "bad.json", "plan.txt")
    assert result.exit_code == 2 and "bad.json" in result.output
    result = run_cli("check", "--baseline", "missing.json", "plan.txt")
    assert result.exit_code == 2 and "missing.json" in result.output
