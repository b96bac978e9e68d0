"""--jobs workers (workflow/forkpool.py, parallel.py): every task done once, results in the
order of the files, a dead worker reported without waiting forever, nothing left behind."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from planlint.workflow import engine, forkpool, parallel

pytestmark = pytest.mark.skipif(not forkpool.available(), reason="needs os.fork")

DRAFT = "第一章 总则\n一、发展目标\n到2025年，全市地区生产总值达到1万亿元。\n二、主要任务\n二、重复的序号\n"


def _open_fds() -> int:
    return len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else 0


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_every_task_is_done_once_and_the_workers_exit(tmp_path):
    def work(i):
        (tmp_path / f"{i}.done").write_text(str(os.getpid()), encoding="utf-8")

    fds = _open_fds()
    pool = forkpool.Pool(3, work)
    pids = [w.pid for w in pool._workers]
    got = list(pool.finished([4, 0, 3, 1, 2, 5, 6]))
    pool.stop()
    assert sorted(got) == [0, 1, 2, 3, 4, 5, 6]
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{i}.done" for i in range(7)]
    assert {p.read_text(encoding="utf-8") for p in tmp_path.iterdir()} <= {str(p) for p in pids}
    assert str(os.getpid()) not in {p.read_text(encoding="utf-8") for p in tmp_path.iterdir()}
    assert all(_gone(p) for p in pids) and _open_fds() == fds


def test_a_worker_that_dies_ends_the_run_and_the_others_are_stopped(tmp_path):
    def work(i):
        if i == 2:
            os._exit(9)  # as if killed
        (tmp_path / f"{i}.done").touch()

    fds = _open_fds()
    pool = forkpool.Pool(2, work)
    pids = [w.pid for w in pool._workers]
    got = []
    with pytest.raises(forkpool.WorkerDied):
        for index in pool.finished([0, 1, 2, 3, 4, 5]):
            got.append(index)
    pool.stop()
    assert 2 not in got and set(got) <= {0, 1, 3, 4, 5}
    assert all(_gone(p) for p in pids) and _open_fds() == fds


def _tasks(tmp_path: Path, n: int) -> list[tuple]:
    for i in range(n):
        (tmp_path / f"{i}.txt").write_text(DRAFT + f"（一）项目{i}\n", encoding="utf-8")
    rules = [r for r in engine_rules() if r.enabled]
    return [(str(tmp_path / f"{i}.txt"), f"{i}.txt", rules) for i in range(n)]


def engine_rules():
    from planlint.ruleset import loader

    return loader.load().rules


def _summary(outcomes) -> list[tuple]:
    return [(o.file.path, [(f.code, f.line, f.column) for f in o.findings], o.errors) for o in outcomes]


@pytest.fixture
def drafts(tmp_path, monkeypatch):
    """A folder for drafts; runs of any size are spread, their spool folders made in tmp_path."""
    monkeypatch.setattr(parallel, "MIN_WORK", 0)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    folder = tmp_path / "drafts"
    folder.mkdir()
    return folder


def test_spread_runs_report_what_a_serial_run_reports_with_and_without_fork(tmp_path, monkeypatch, drafts):
    tasks = _tasks(drafts, 5)
    serial = _summary(parallel.outcomes(tasks, None, 1))
    assert any(found for _, found, _ in serial)
    assert _summary(parallel.outcomes(tasks, None, 2)) == serial
    monkeypatch.setattr(forkpool, "available", lambda: False)  # Windows: concurrent.futures
    assert _summary(parallel.outcomes(tasks, None, 2)) == serial
    assert [p.name for p in tmp_path.iterdir()] == ["drafts"]  # no spool folder left


def test_an_error_in_a_worker_is_raised_as_a_serial_run_raises_it(tmp_path, monkeypatch, drafts):
    tasks = _tasks(drafts, 4)
    real = engine.lint_file

    def failing(path, *args, **kwargs):
        if path.endswith("2.txt"):
            raise ValueError("内部错误示例")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(engine, "lint_file", failing)  # the forked workers inherit it
    with pytest.raises(ValueError, match="内部错误示例"):
        list(parallel.outcomes(tasks, None, 2))
    assert [p.name for p in tmp_path.iterdir()] == ["drafts"]


def test_a_system_that_allows_no_more_processes_lints_in_this_one(tmp_path, monkeypatch, drafts):
    tasks = _tasks(drafts, 3)
    serial = _summary(parallel.outcomes(tasks, None, 1))
    started = []
    real_fork = os.fork

    def second_fork_fails():
        if started:
            raise BlockingIOError(11, "Resource temporarily unavailable")
        pid = real_fork()
        if pid:
            started.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", second_fork_fails)
    assert _summary(parallel.outcomes(tasks, None, 2)) == serial
    assert len(started) == 1 and _gone(started[0])  # the one worker that did start was stopped
    assert [p.name for p in tmp_path.iterdir()] == ["drafts"]
