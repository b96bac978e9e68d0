"""Trust boundaries (issue 19): configuration placed by another user, escape sequences from drafts
and file names in every human format, XML-illegal characters in JUnit. Through the console script."""
from __future__ import annotations

import json
import os
import shutil
import xml.etree.ElementTree as ET

import pytest

from hostile_support import DRAFT, err, out, run, shared_dir, unprivileged

IGNORE_ALL = "ignore: [ALL]\n"


@pytest.fixture
def folder():
    d = shared_dir()
    yield d
    shutil.rmtree(d, ignore_errors=True)


def test_config_owned_by_another_user_is_ignored_and_named(folder):
    uid, gid = unprivileged()
    (folder / "plan.txt").write_text(DRAFT, encoding="utf-8")
    cfg = folder / "planlint.yaml"
    cfg.write_text(IGNORE_ALL, encoding="utf-8")
    os.chown(cfg, uid, gid)
    done = run("check", "--format", "concise", "plan.txt", cwd=folder)
    assert done.returncode == 1  # the user's config would have silenced everything
    assert "NUM101" in out(done)
    lines = [line for line in err(done).splitlines() if "planlint.yaml" in line]
    assert len(lines) == 1 and "其他用户" in lines[0] and "PLANLINT_SAFE_CONFIG" in lines[0]
    allowed = run("check", "plan.txt", cwd=folder, env={"PLANLINT_SAFE_CONFIG": str(folder)})
    assert allowed.returncode == 0 and "planlint.yaml" not in err(allowed), err(allowed)


def test_safe_paths_file_of_the_user_allows_a_config(folder):
    uid, gid = unprivileged()
    (folder / "plan.txt").write_text(DRAFT, encoding="utf-8")
    cfg = folder / "planlint.yaml"
    cfg.write_text(IGNORE_ALL, encoding="utf-8")
    os.chown(cfg, uid, gid)
    home = folder / "home"
    (home / ".config" / "planlint").mkdir(parents=True)
    (home / ".config" / "planlint" / "safe-paths").write_text(str(cfg) + "\n", encoding="utf-8")
    done = run("check", "plan.txt", cwd=folder, home=str(home))
    assert done.returncode == 0, err(done)


def test_world_writable_config_is_ignored_for_its_owner_too(folder):
    unprivileged()
    (folder / "plan.txt").write_text(DRAFT, encoding="utf-8")
    os.chmod(folder / "plan.txt", 0o644)
    cfg = folder / "planlint.yaml"
    cfg.write_text(IGNORE_ALL, encoding="utf-8")
    os.chmod(cfg, 0o666)
    done = run("check", "plan.txt", cwd=folder, as_user=True, home=str(folder))
    assert done.returncode == 1
    assert "任何用户都可以修改" in err(done)


def test_rule_file_named_by_a_config_is_trusted_like_it(folder):
    uid, gid = unprivileged()
    (folder / "plan.txt").write_text(DRAFT, encoding="utf-8")
    (folder / "planlint.yaml").write_text("rules: [extra.yaml]\n", encoding="utf-8")
    extra = folder / "extra.yaml"
    extra.write_text("rules:\n  - code: NUM101\n    severity: info\n", encoding="utf-8")
    os.chown(extra, uid, gid)
    done = run("check", "--format", "json", "plan.txt", cwd=folder)
    found = json.loads(out(done))["findings"]
    assert [f["severity"] for f in found if f["code"] == "NUM101"] == ["error"]
    assert "extra.yaml" in err(done) and "规则文件" in err(done)


def test_config_search_passes_a_folder_it_cannot_enter(folder):
    unprivileged()
    locked = folder / "locked"
    inner = locked / "inner"
    inner.mkdir(parents=True)
    (inner / "plan.txt").write_text(DRAFT, encoding="utf-8")
    os.chmod(locked, 0o711)   # enterable, not listable: the walk still works
    os.chmod(inner, 0o777)
    os.chmod(inner / "plan.txt", 0o644)
    done = run("check", "plan.txt", cwd=inner, as_user=True, home=str(folder))
    assert done.returncode == 1 and "Traceback" not in err(done), err(done)
    os.chmod(locked, 0o700)   # now a parent the user cannot pass: the file is named directly
    done = run("check", str(inner / "plan.txt"), cwd=folder, as_user=True, home=str(folder))
    assert done.returncode == 2 and "Traceback" not in err(done), err(done)


# escaping ------------------------------------------------------------------------------------

BODY = "到2025年，全市生产总值达到802.6亿元，城镇居民人均可支配收入稳步增长。" * 12 + "\n"
HOSTILE_TEXT = ("第一章 总则\n" + BODY + "一、目标\x1b]0;pwned\x07\x1b]52;c;ZXZpbA==\x07"
                "\x1b]8;;http://evil.example\x1b\\链接\x1b]8;;\x1b\\\x9b31m（未闭合\n三、任务\n")


@pytest.mark.parametrize("fmt", ["text", "concise"])
def test_escape_sequences_in_a_draft_never_reach_the_terminal(folder, fmt):
    (folder / "plan.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    done = run("check", "--format", fmt, "plan.txt", cwd=folder)
    shown = out(done)
    assert "PUN101" in shown and "NUM101" in shown
    assert not any(c in shown for c in "\x1b\x07\x9b"), repr(shown)
    if fmt == "text":  # the source line shows the sequence, inert
        assert "\\x1b]0;pwned" in shown


@pytest.mark.parametrize("fmt", ["text", "concise", "junit", "github", "json", "sarif", "gitlab"])
def test_file_name_with_newline_never_becomes_a_workflow_command(folder, fmt):
    name = "a\n::error file=x.txt::injected\n.txt"
    (folder / name).write_text(DRAFT, encoding="utf-8")
    done = run("check", "--format", fmt, ".", cwd=folder)
    assert done.returncode == 1, err(done)
    lines = out(done).splitlines()
    assert not any(line.lstrip().startswith("::error file=x.txt") for line in lines), out(done)
    if fmt in ("json", "sarif", "gitlab"):
        json.loads(out(done))
    if fmt == "junit":
        ET.fromstring(done.stdout)


def test_junit_stays_well_formed_with_esc_and_noncharacters_in_spans(folder):
    (folder / "plan.txt").write_text("第一章 总则\n一、目标（\x1b\ufffe\uffff\U0001F600\n三、任务\n",
                                     encoding="utf-8")
    done = run("check", "--format", "junit", "plan.txt", cwd=folder)
    root = ET.fromstring(done.stdout)
    assert root.get("failures") != "0"


def test_file_name_that_is_not_utf8_is_reported_in_every_format(folder):
    raw = os.fsencode(str(folder)) + b"/\xff\xfe\xb0plan.txt"
    with open(raw, "wb") as fh:
        fh.write(DRAFT.encode("utf-8"))
    for fmt in ("text", "concise", "json", "sarif", "junit", "github", "gitlab", "json-lines"):
        done = run("check", "--format", fmt, ".", cwd=folder)
        assert done.returncode == 1 and "Traceback" not in err(done), (fmt, err(done))
        done.stdout.decode("utf-8")  # valid UTF-8 whatever the name
    baseline = run("check", "--write-baseline", "base.json", ".", cwd=folder)
    assert baseline.returncode == 0, err(baseline)
    again = run("check", "--baseline", "base.json", ".", cwd=folder)
    assert again.returncode == 0, err(again)
