"""Writes that must not happen, and writes that must not lose work (issue 19): --fix permissions,
owner, symlinks, edits made during a run, temporary files; -o and --write-baseline targets.
Each test runs the installed console script; permission tests run it as an unprivileged user."""
from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys

import pytest

from hostile_support import (DRAFT, FIXED, assert_clean_failure, err, run, shared_dir,
                             unprivileged, user_script)


@pytest.fixture
def folder():
    d = shared_dir()
    yield d
    shutil.rmtree(d, ignore_errors=True)


def draft(folder, name="plan.txt", content=DRAFT):
    p = folder / name
    p.write_text(content, encoding="utf-8")
    return p


# --fix ---------------------------------------------------------------------------------------

def test_fix_as_user_refuses_a_read_only_draft(folder):
    uid, gid = unprivileged()
    p = draft(folder)
    os.chown(p, uid, gid)
    os.chmod(p, 0o444)
    done = run("check", "--fix", "plan.txt", cwd=folder, as_user=True)
    assert_clean_failure(done, "plan.txt", "只读")
    assert p.read_text(encoding="utf-8") == DRAFT
    assert stat.S_IMODE(p.stat().st_mode) == 0o444


def test_fix_as_user_leaves_a_root_owned_draft(folder):
    unprivileged()
    p = draft(folder)  # root's, 0644, in a folder the user may write
    os.chmod(p, 0o644)
    done = run("check", "--fix", "plan.txt", cwd=folder, as_user=True)
    assert_clean_failure(done, "plan.txt")
    assert p.read_text(encoding="utf-8") == DRAFT
    assert (p.stat().st_uid, p.stat().st_gid) == (0, 0)


def test_fix_as_user_keeps_group_of_a_group_writable_draft_or_refuses(folder):
    uid, gid = unprivileged()
    p = draft(folder)
    os.chown(p, 0, gid)           # root's file, writable by the user's group
    os.chmod(p, 0o664)
    done = subprocess.run(["setpriv", f"--reuid={uid}", f"--regid={gid}", f"--groups={gid}", "--",
                           user_script(), "check", "--fix", "plan.txt"], cwd=folder, capture_output=True,
                          timeout=120, env={**os.environ, "HOME": str(folder)})
    # replacing the file would make the user its owner: it is left, and the run says so
    assert_clean_failure(done, "plan.txt", "属主")
    assert (p.stat().st_uid, p.stat().st_gid) == (0, gid)
    assert p.read_text(encoding="utf-8") == DRAFT


def test_fix_keeps_mode_owner_and_group(folder):
    uid, gid = unprivileged()
    p = draft(folder)
    os.chown(p, uid, gid)
    os.chmod(p, 0o640)
    done = run("check", "--fix", "plan.txt", cwd=folder)
    assert done.returncode == 1, err(done)  # NUM101 is left (unsafe fix)
    assert p.read_text(encoding="utf-8") == FIXED
    st = p.stat()
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (uid, gid, 0o640)


def test_fix_writes_through_a_symlink_and_keeps_it(folder):
    target = draft(folder, "real.txt")
    (folder / "drafts").mkdir()
    link = folder / "drafts" / "plan.txt"
    link.symlink_to(target)
    done = run("check", "--fix", "drafts/plan.txt", cwd=folder)
    assert done.returncode == 1, err(done)
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == FIXED
    assert not [n for n in os.listdir(folder / "drafts") if n != "plan.txt"]


HOOKED = """
import sys
from planlint.workflow import fixer
from planlint.cli import main

_loop = fixer.fix_loop

def fix_loop(*args, **kwargs):
    out = _loop(*args, **kwargs)
    with open(sys.argv[-1], "a", encoding="utf-8") as fh:   # the drafter saves meanwhile
        fh.write("四、保障\\n")
    return out

fixer.fix_loop = fix_loop
sys.argv[0] = "planlint"
main()
"""


def test_fix_leaves_a_draft_saved_during_the_run(folder):
    p = draft(folder)
    done = subprocess.run([sys.executable, "-c", HOOKED, "check", "--fix", "plan.txt"], cwd=folder,
                          capture_output=True, timeout=120)
    assert_clean_failure(done, "plan.txt", "已被修改")
    assert p.read_text(encoding="utf-8") == DRAFT + "四、保障\n"


def test_stale_temporary_files_are_never_linted_and_are_removed(folder):
    draft(folder)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = folder / f".planlint-tmp-{dead.pid}-x1y2~"
    stale.write_text(DRAFT, encoding="utf-8")
    done = run("check", "--format", "concise", ".", cwd=folder)
    assert ".planlint-tmp" not in done.stdout.decode()
    done = run("check", "--fix", ".", cwd=folder)
    assert done.returncode == 1, err(done)
    assert not stale.exists()
    assert sorted(os.listdir(folder)) == ["plan.txt"]


# -o and --write-baseline -----------------------------------------------------------------------

@pytest.mark.parametrize("option", ["-o", "--write-baseline"])
def test_output_never_replaces_a_device(folder, option):
    draft(folder)
    for device in ("/dev/full", "/dev/null"):
        done = run("check", option, device, "plan.txt", cwd=folder)
        assert_clean_failure(done, device, "不是普通文件")
        assert stat.S_ISCHR(os.stat(device).st_mode)


@pytest.mark.parametrize("option", ["-o", "--write-baseline"])
def test_output_never_overwrites_a_draft_of_the_run(folder, option):
    p = draft(folder)
    done = run("check", option, "plan.txt", "plan.txt", cwd=folder)
    assert_clean_failure(done, "plan.txt", "文稿")
    assert p.read_text(encoding="utf-8") == DRAFT
    done = run("check", option, "./plan.txt", ".", cwd=folder)  # found by walking the folder
    assert_clean_failure(done, "文稿")
    assert p.read_text(encoding="utf-8") == DRAFT


@pytest.mark.parametrize("option", ["-o", "--write-baseline"])
def test_output_never_follows_a_dangling_symlink(folder, option):
    draft(folder)
    (folder / "report.json").symlink_to(folder / "elsewhere.json")
    done = run("check", option, "report.json", "plan.txt", cwd=folder)
    assert_clean_failure(done, "report.json", "符号链接")
    assert not (folder / "elsewhere.json").exists()


@pytest.mark.parametrize("option", ["-o", "--write-baseline"])
def test_output_into_a_missing_folder_is_a_clean_error(folder, option):
    draft(folder)
    done = run("check", option, "no/such/dir/out.json", "plan.txt", cwd=folder)
    assert_clean_failure(done, "out.json", "文件夹不存在")


@pytest.fixture
def tiny_disk(folder):
    mount = folder / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs to fill: {done.stderr.decode(errors='replace').strip()}")
    yield mount
    subprocess.run(["umount", str(mount)], capture_output=True)


@pytest.mark.parametrize("option", ["-o", "--write-baseline"])
def test_output_on_a_full_disk_keeps_the_old_file(folder, tiny_disk, option):
    big = "第一章 总则\n" + "".join(f"{i % 9 + 1}. 增长 5 % 。\n" for i in range(400))
    draft(folder, content=big)
    old = tiny_disk / "out.json"
    old.write_text("old", encoding="utf-8")
    done = run("check", "--format", "json", option, str(old), "plan.txt", cwd=folder)
    assert_clean_failure(done, "out.json", "原文件未改动")
    assert old.read_text(encoding="utf-8") == "old"
    assert os.listdir(tiny_disk) == ["out.json"]


def test_output_file_is_written_with_usual_permissions(folder):
    draft(folder)
    done = run("check", "--format", "json", "-o", "report.json", "plan.txt", cwd=folder)
    assert done.returncode == 1, err(done)
    assert '"NUM101"' in (folder / "report.json").read_text(encoding="utf-8")
    assert stat.S_IMODE((folder / "report.json").stat().st_mode) & 0o044 == 0o044
