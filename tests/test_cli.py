"""The command line: the JSON contract, exit codes, errors without tracebacks, rule commands."""
import json
import subprocess
import sys

import pytest

from conftest import FIXTURES, ROOT, run_cli

SAMPLE = str(ROOT / "examples" / "sample_plan.txt")
CLEAN = str(FIXTURES / "clean" / "num_clean_gangyao.txt")


def test_json_contract():
    result = run_cli("check", "--format", "json", "--select", "NUM,TOC", SAMPLE)
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert doc["version"] == 1 and doc["tool"]["name"] == "planlint"
    assert doc["files"] == [{"path": SAMPLE, "encoding": "utf-8", "lines": 27, "findings": 4}]
    first = doc["findings"][0]
    assert set(first) >= {"path", "line", "column", "end_line", "end_column", "code", "name", "category",
                          "severity", "message", "related", "fix"}
    assert [(f["code"], f["line"], f["column"]) for f in doc["findings"]] == [
        ("TOC105", 9, 1), ("NUM101", 16, 3), ("NUM102", 23, 3), ("NUM101", 24, 1)]
    assert doc["findings"][2]["related"] == [{"path": SAMPLE, "line": 22, "column": 3, "message": "第一次出现"}]
    assert doc["summary"] == {"error": 4, "warning": 0, "info": 0}


def test_exit_codes(tmp_path):
    assert run_cli("check", "--select", "NUM", CLEAN).exit_code == 0
    assert run_cli("check", "--select", "NUM", SAMPLE).exit_code == 1
    assert run_cli("check", "--select", "NUM", "--exit-zero", SAMPLE).exit_code == 0
    warn_only = tmp_path / "w.txt"
    warn_only.write_text("一、甲\n1.子\n2、子\n3.子\n", encoding="utf-8")
    assert run_cli("check", "--select", "NUM", str(warn_only)).exit_code == 0
    assert run_cli("check", "--select", "NUM", "--fail-on", "warning", str(warn_only)).exit_code == 1
    assert run_cli("check", "--format", "nope", CLEAN).exit_code == 2


def test_bad_file_is_one_line_error_and_others_still_linted(tmp_path):
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    result = run_cli("check", "--format", "json", "--select", "NUM", str(binary), SAMPLE)
    assert result.exit_code == 2
    doc = json.loads(result.stdout)
    assert [f["path"] for f in doc["files"]] == [str(binary), SAMPLE]
    assert doc["files"][0]["error"] and doc["files"][1]["findings"] == 3
    assert result.stderr.strip().splitlines() == [f"planlint: {binary}: 不是文本文件（含二进制数据），已跳过"]
    assert "Traceback" not in result.stderr


def test_folder_walk_skips_hidden_and_non_drafts(tmp_path, monkeypatch):
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "a.txt").write_text("一、甲\n三、丙\n", encoding="utf-8")
    (tmp_path / "drafts" / "b.md").write_text("# 一、甲\n# 二、乙\n", encoding="utf-8")
    (tmp_path / "drafts" / "c.xlsx").write_bytes(b"PK")
    (tmp_path / "drafts" / "~$a.docx").write_bytes(b"lock")  # Word's lock file
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("一、甲\n三、丙\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run_cli("check", "--format", "json", "--select", "NUM", ".")
    doc = json.loads(result.stdout)
    assert [f["path"] for f in doc["files"]] == ["drafts/a.txt", "drafts/b.md"]
    assert [(f["path"], f["code"], f["line"]) for f in doc["findings"]] == [("drafts/a.txt", "NUM101", 2)]


def test_encodings_reported(tmp_path):
    gb = tmp_path / "gb.txt"
    gb.write_bytes("一、甲\r\n三、丙\r\n".encode("gb18030"))
    doc = json.loads(run_cli("check", "--format", "json", "--select", "NUM", str(gb)).stdout)
    assert doc["files"][0]["encoding"] == "gb18030"
    assert [(f["line"], f["column"]) for f in doc["findings"]] == [(2, 1)]


def test_concise_and_text_formats():
    concise = run_cli("check", "--format", "concise", "--select", "NUM", SAMPLE).stdout.splitlines()
    assert concise[0] == f"{SAMPLE}:16:3: NUM101 [error] “第一章第一节”下缺少“三、”"
    text = run_cli("check", "--select", "NUM", SAMPLE, env={"NO_COLOR": "1"}).stdout
    assert "NUM101" in text and "\x1b[" not in text and "四、民生福祉持续改善" in text


def test_select_and_ignore():
    doc = json.loads(run_cli("check", "--format", "json", "--select", "NUM", "--ignore", "NUM102", SAMPLE).stdout)
    assert {f["code"] for f in doc["findings"]} == {"NUM101"}
    result = run_cli("check", "--select", "XYZ", SAMPLE)
    assert result.exit_code == 2 and "XYZ" in result.stderr


def test_outline_json():
    doc = json.loads(run_cli("outline", "--format", "json", CLEAN).stdout)
    assert [h["label"] for h in doc["headings"]] == ["第一篇", "第二篇", "第三篇"]
    assert len(doc["toc"]) == 18
    chapter = doc["headings"][0]["children"][0]
    assert (chapter["label"], chapter["title"], chapter["line"]) == ("第一章", "发展基础", 25)


def test_outline_text_and_missing_file(tmp_path):
    assert "第一章" in run_cli("outline", CLEAN).stdout
    result = run_cli("outline", str(tmp_path / "none.txt"))
    assert result.exit_code == 2 and "文件不存在" in result.stderr


def test_rules_and_rule():
    listed = json.loads(run_cli("rules", "--format", "json").stdout)
    assert {"NUM101", "TOC101"} <= {r["code"] for r in listed}
    text = run_cli("rule", "num101").stdout
    assert text.startswith("NUM101 numbering-gap") and "GB/T 9704" in text and "不符合：" in text
    assert run_cli("rule", "NUM999").exit_code == 2


def test_console_script_runs_from_another_folder(tmp_path):
    result = subprocess.run([sys.executable, "-m", "planlint", "check", "--format", "json", "--select", "NUM", SAMPLE],
                            cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 1, result.stderr
    assert json.loads(result.stdout)["summary"]["error"] == 3
