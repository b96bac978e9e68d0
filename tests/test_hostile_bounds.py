"""Unbounded time or memory, and crashes on hostile input (issue 19): special files, oversized
regexes, YAML/JSON/TOML bombs, bad parameter values, dead workers, slow text reports. Each through
the installed console script; each a clean exit-2 error naming the file, or a bounded run."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time

import pytest

from hostile_support import DRAFT, assert_clean_failure, err, out, run, script, shared_dir, unprivileged


@pytest.fixture
def folder():
    d = shared_dir()
    (d / "plan.txt").write_text(DRAFT, encoding="utf-8")
    yield d
    shutil.rmtree(d, ignore_errors=True)


def rule_file(folder, name="extra.yaml", **params):
    lines = ["rules:", "  - code: XYZ101", "    name: xyz-demo", "    kind: pattern.existence",
             "    category: consistency", "    severity: warning", '    message: "“{match}”"',
             "    description: 演示", "    params:"]
    lines += [f"      {k}: {json.dumps(v, ensure_ascii=False)}" for k, v in params.items()]
    (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return name


# special files -----------------------------------------------------------------------------------

def test_dev_zero_and_a_fifo_as_drafts_are_refused_others_still_linted(folder):
    os.mkfifo(folder / "pipe.txt")
    done = run("check", "--format", "concise", "/dev/zero", "pipe.txt", "plan.txt", cwd=folder, timeout=60)
    assert_clean_failure(done, "/dev/zero", "pipe.txt", "不是普通文件")
    assert "plan.txt:" in out(done) and "NUM101" in out(done)


@pytest.mark.parametrize("where", ["rules", "registry", "baseline", "config"])
def test_a_fifo_named_by_config_rules_or_baseline_is_refused(folder, where):
    os.mkfifo(folder / "pipe.yaml")
    if where == "rules":
        (folder / "planlint.yaml").write_text("rules: [pipe.yaml]\n", encoding="utf-8")
        args = ["plan.txt"]
    elif where == "registry":
        (folder / "planlint.yaml").write_text(f"params: {{RSP107: {{registry: [{folder}/pipe.yaml]}}}}\n",
                                              encoding="utf-8")
        args = ["plan.txt"]
    elif where == "baseline":
        args = ["--baseline", "pipe.yaml", "plan.txt"]
    else:
        args = ["--config", "pipe.yaml", "plan.txt"]
    done = run("check", *args, cwd=folder, timeout=60)
    assert_clean_failure(done, "pipe.yaml")


def test_size_limit_is_configurable(folder):
    (folder / "big.txt").write_text("第一章 总则\n" + "推进建设。\n" * 120_000, encoding="utf-8")  # ~1.9 MB
    done = run("check", "--max-file-size", "1", "big.txt", "plan.txt", cwd=folder)
    assert_clean_failure(done, "big.txt", "文件过大", "--max-file-size")
    assert run("check", "--max-file-size", "3", "big.txt", cwd=folder).returncode == 0


def test_an_unreadable_draft_is_one_error_among_linted_files(folder):
    unprivileged()
    secret = folder / "secret.txt"
    secret.write_text(DRAFT, encoding="utf-8")
    os.chmod(secret, 0o600)
    os.chmod(folder / "plan.txt", 0o644)
    done = run("check", "--format", "concise", "secret.txt", "plan.txt", cwd=folder, as_user=True,
               home=str(folder))
    assert_clean_failure(done, "secret.txt", "没有读取权限")
    assert "plan.txt:4:1: NUM101" in out(done)


# regexes -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("pattern", ["(?:(?:a{1000}){1000}){1000}", "x{4294967295}", "a{" + "9" * 5001 + "}"])
def test_regex_that_would_take_gigabytes_is_refused_naming_file_and_rule(folder, pattern):
    name = rule_file(folder, pattern=pattern)
    done = run("check", "--rules", name, "plan.txt", cwd=folder, timeout=60)
    assert_clean_failure(done, "extra.yaml", "XYZ101", "params.pattern")


def test_regex_pulled_in_by_config_rules_is_bounded_too(folder):
    rule_file(folder, pattern="(?:(?:a{1000}){1000}){1000}")
    (folder / "planlint.yaml").write_text("rules: [extra.yaml]\n", encoding="utf-8")
    done = run("check", "plan.txt", cwd=folder, timeout=60)
    assert_clean_failure(done, "extra.yaml", "XYZ101")


@pytest.mark.parametrize("timeout", [".nan", ".inf", "-1", "0"])
def test_timeout_must_be_a_finite_positive_number(folder, timeout):
    (folder / "extra.yaml").write_text(
        "rules:\n  - code: XYZ101\n    name: xyz-demo\n    kind: pattern.existence\n    category: consistency\n"
        f"    severity: warning\n    message: x\n    description: d\n    params: {{pattern: a, timeout: {timeout}}}\n",
        encoding="utf-8")
    done = run("check", "--rules", "extra.yaml", "plan.txt", cwd=folder)
    assert_clean_failure(done, "extra.yaml", "params.timeout")


CATASTROPHIC = "(a|aa)*(b|c)$"  # exponential backtracking on a long run of a's


@pytest.mark.parametrize("code,key,text", [
    ("ART103", "context_pattern", "三次产业结构" + "a" * 40 + "10:20:30\n"),
    ("RSP101", "title_pattern", "a" * 60 + "\n"),
])
def test_config_settable_builtin_patterns_have_the_timeout(folder, code, key, text):
    (folder / "slow.txt").write_text(text + "第一章 总则\n" + text * 30, encoding="utf-8")
    (folder / "planlint.yaml").write_text(f"params: {{{code}: {{{key}: '{CATASTROPHIC}'}}}}\n",
                                          encoding="utf-8")
    done = run("check", "--select", code, "slow.txt", cwd=folder, timeout=120)
    assert_clean_failure(done, "slow.txt", "秒内未完成匹配")
    assert "内部错误" not in err(done)


# YAML / JSON / TOML bombs --------------------------------------------------------------------------

BILLION_LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8)) + "select: [NUM]\n"


@pytest.mark.parametrize("command", [["check", "plan.txt"], ["config"]])
def test_billion_laughs_config_is_refused_quickly(folder, command):
    (folder / "planlint.yaml").write_text(BILLION_LAUGHS, encoding="utf-8")
    done = run(*command, cwd=folder, timeout=60)
    assert_clean_failure(done, "planlint.yaml", "别名")


@pytest.mark.parametrize("name,content", [
    ("planlint.yaml", "select: " + "[" * 100_000 + "]" * 100_000 + "\n"),
    ("planlint.yaml", "".join("  " * i + "k:\n" for i in range(5000))),
    ("pyproject.toml", "[tool.planlint]\nselect = " + "[" * 100_000 + "]" * 100_000 + "\n"),
])
def test_deeply_nested_config_is_refused(folder, name, content):
    (folder / name).write_text(content, encoding="utf-8")
    done = run("check", "plan.txt", cwd=folder, timeout=60)
    assert_clean_failure(done, name)


def test_alias_bomb_in_a_rule_file_is_refused(folder):
    (folder / "extra.yaml").write_text(BILLION_LAUGHS.replace("select: [NUM]\n", "rules: []\n"), encoding="utf-8")
    done = run("check", "--rules", "extra.yaml", "plan.txt", cwd=folder, timeout=60)
    assert_clean_failure(done, "extra.yaml", "别名")


@pytest.mark.parametrize("content,needle", [
    ('{"version": 1, "entries": [{"path": "plan.txt", "code": "NUM101", "occurrence": 1e400}]}', "occurrence"),
    ('{"version": 1, "entries": [{"path": "plan.txt", "code": "NUM101", "occurrence": ' + "9" * 5001 + "}]}",
     "base.json"),
    ("[" * 100_000 + "]" * 100_000, "嵌套过深"),
    ('{"version": 1, "entries": [[1]]}', "entries[0]"),
])
def test_hostile_baseline_is_a_clean_error(folder, content, needle):
    (folder / "base.json").write_text(content, encoding="utf-8")
    done = run("check", "--baseline", "base.json", "plan.txt", cwd=folder, timeout=60)
    assert_clean_failure(done, "base.json", needle)


# parameter values, validated when the configuration loads ---------------------------------------------

@pytest.mark.parametrize("config,key", [
    ("params: {DUP103: {threshold: 0}}", "params.DUP103.threshold"),
    ("params: {DUP103: {threshold: 1.5}}", "params.DUP103.threshold"),
    ("params: {UNT111: {plausible: []}}", "params.UNT111.plausible"),
    ("params: {UNT111: {plausible: [10, x]}}", "params.UNT111.plausible"),
    ("params: {RSP107: {registry: 42}}", "params.RSP107.registry"),
    ("params: {ART101: {window: -5}}", "params.ART101.window"),
    ("params: {DUP101: {min_chars: 1.5}}", "params.DUP101.min_chars"),
    ("params: {DUP101: {allow: [1, 2]}}", "params.DUP101.allow"),
    ("overrides: [{files: ['*.txt'], params: {DUP103: {threshold: .nan}}}]", "overrides[0].params.DUP103.threshold"),
])
def test_bad_parameter_values_fail_when_config_loads(folder, config, key):
    (folder / "planlint.yaml").write_text(config + "\n", encoding="utf-8")
    done = run("check", "plan.txt", cwd=folder)
    assert_clean_failure(done, "planlint.yaml", key)
    assert "内部错误" not in err(done)


@pytest.mark.parametrize("body,key", [
    ("  - code: NUM101\n    params: [1]\n", "params"),
    ('  - code: NUM101\n    enabled: "false"\n', "enabled"),
    ("  - code: NUM101\n    enabled: 0\n", "enabled"),
])
def test_bad_rule_override_is_a_clean_error(folder, body, key):
    (folder / "extra.yaml").write_text("rules:\n" + body, encoding="utf-8")
    done = run("check", "--rules", "extra.yaml", "plan.txt", cwd=folder)
    assert_clean_failure(done, "extra.yaml", "NUM101", key)


# workers -----------------------------------------------------------------------------------------

def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            return [int(p) for p in fh.read().split()]
    except OSError:
        return []


def test_a_dead_jobs_worker_is_reported_and_the_run_ends(folder):
    if not os.path.exists(f"/proc/{os.getpid()}/task/{os.getpid()}/children"):
        pytest.skip("needs /proc/PID/task/PID/children to find the worker processes")
    body = "".join(f"{i % 9 + 1}. 推进第{i}项重点工程建设，到2025年完成投资{i}亿元。\n" for i in range(300))
    for i in range(240):
        (folder / f"d{i:03}.txt").write_text(f"第一章 总则\n{body}", encoding="utf-8")
    proc = subprocess.Popen([script(), "check", "--jobs", "2", "--format", "concise", "."], cwd=folder,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    workers: list[int] = []
    while time.monotonic() < deadline and not workers and proc.poll() is None:
        workers = _children(proc.pid)
        time.sleep(0.05)
    if not workers:
        proc.kill()
        pytest.skip("the run ended before a worker could be seen")
    time.sleep(0.3)
    os.kill(workers[0], signal.SIGKILL)
    try:
        stdout, stderr = proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        proc.kill()
        pytest.fail("planlint waited forever for a dead worker")
    text = stderr.decode("utf-8", "replace")
    assert proc.returncode == 2, text
    assert "工作进程意外退出" in text and "Traceback" not in text


# the text report ---------------------------------------------------------------------------------

@pytest.mark.parametrize("content", ["第一章 总则\n" + "（" * 20_000 + "\n", "第一章 总则\n" + "一、\n" * 4_000])
def test_text_report_of_a_dense_draft_keeps_its_lines_short(folder, content):
    # its time beside the concise report's is measured in bench/bench_hostile.py
    (folder / "dense.txt").write_text(content, encoding="utf-8")
    shown = out(run("check", "dense.txt", cwd=folder))
    assert max(len(line) for line in shown.splitlines()) < 200
