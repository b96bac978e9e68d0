"""Lint files one by one, or spread over worker processes for large runs (--jobs N).

Both paths call engine.lint_file() and hand back its outcomes in the order of the files, so a
parallel run reports exactly what a serial run reports. Workers start only when the run is large
enough to pay for them: forking the workers and shipping each file's text and findings back costs
about as much as linting a few hundred KB (bench/bench.py).
"""
from __future__ import annotations

import os
from typing import Callable, Iterator

# A run is spread over processes only past these sizes (see bench/bench.py). The work of a file
# grows with its size and with the number of rules run on it: MIN_WORK is about 370 KB of drafts
# under the default rules (81), 2 MB under --select NUM,TOC (15), where a fork costs more than it saves.
MIN_WORK = 30_000_000  # bytes x rules
MANY_FILES = 200


def default_jobs() -> int:
    """The cores this process may run on (a CI container's quota, not the host's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def worth_spreading(tasks: list[tuple], jobs: int) -> bool:
    """tasks: (path, display, rules) of each file."""
    if jobs <= 1 or len(tasks) < 2:
        return False
    if len(tasks) >= MANY_FILES:
        return True
    work = 0
    for task in tasks:
        work += _size(task[0]) * max(1, len(task[2]))
        if work >= MIN_WORK:
            return True
    return False


def outcomes(tasks: list[tuple], options=None, jobs: int | None = 1,
             progress: Callable[[int], object] | None = None) -> Iterator:
    """engine.lint_file(path, display, rules, options) for each (path, display, rules) task, in
    order. jobs None or 0: every core. progress(total) returns a context manager whose value has
    advance(); it is entered after the workers have started (forking while a progress thread
    runs is unsafe)."""
    from contextlib import nullcontext

    from planlint.workflow.engine import lint_file

    jobs = default_jobs() if not jobs or jobs < 0 else jobs
    spool = _spool_folder() if worth_spreading(tasks, jobs) else None
    if spool is None:
        with (progress(len(tasks)) if progress else nullcontext()) as bar:
            for path, display, rules in tasks:
                outcome = lint_file(path, display, rules, options)
                if bar is not None:
                    bar.advance()
                yield outcome
        return
    from concurrent.futures.process import BrokenProcessPool

    _import_checks(tasks)
    pool = _pool(min(jobs, len(tasks)))
    done, broken = 0, False
    try:
        # the largest drafts first, so that no big draft starts last while the other workers idle;
        # results are still handed back in the order of the files
        order = sorted(range(len(tasks)), key=lambda i: -_size(tasks[i][0]))
        futures = {i: pool.submit(_work, (*tasks[i], options, spool, i)) for i in order}
        with (progress(len(tasks)) if progress else nullcontext()) as bar:
            # concurrent.futures, not multiprocessing.Pool: a worker that dies (killed, out of
            # memory) breaks the pool and fails the waiting results, where Pool waits forever
            for i in range(len(tasks)):
                outcome = _unspool(futures.pop(i).result())
                if bar is not None:
                    bar.advance()
                done += 1
                yield outcome
    except BrokenProcessPool:
        broken = True
        for path, display, _ in tasks[done:]:  # the file being linted is among these, unknowable which
            yield _lost(path, display)
    finally:
        # broken: wait for the pool's thread to finish terminating the other workers. Exiting while
        # it closes its wakeup pipe races CPython 3.11's exit hook (OSError: Bad file descriptor,
        # printed with a traceback on stderr)
        pool.shutdown(wait=broken, cancel_futures=True)
        _remove(spool)


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _import_checks(tasks: list[tuple]) -> None:
    """Import the check families the run uses before forking, so that each worker inherits them
    instead of importing (and compiling their patterns) again."""
    from planlint import checks

    for kind in {rule.kind for _, _, rules in tasks for rule in rules}:
        checks.get(kind)


def _lost(path: str, display: str):
    from planlint.workflow.engine import FileOutcome, FileResult

    problem = "检查此文件的工作进程意外退出（可能被系统终止或内存不足），此文件未检查完"
    return FileOutcome(FileResult(display, error=problem), path, errors=[f"{display}: {problem}"])


def _pool(processes: int):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork starts a worker in milliseconds with the rules and check modules already imported; the
    # workers are forked now, before any thread (a progress bar) exists.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    pool = ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context(method))
    for _ in pool.map(int, range(processes)):  # start them all now
        pass
    return pool


def _work(task):
    from planlint.workflow.engine import lint_file

    path, display, rules, options, spool, index = task
    outcome = lint_file(path, display, rules, options)
    if outcome.document is not None:
        outcome.document.derived = {}  # analyses are rebuilt on demand; not worth shipping
    return _spooled(outcome, spool, index)


# A worker's outcome goes back through a file in a private folder, and only its name through the
# pool's pipe. A result of many findings is larger than a pipe holds: a worker killed while
# writing it (out of memory) would leave half a message that the pool waits on forever. A name is
# written at once (shorter than PIPE_BUF), so a killed worker sends nothing and breaks the pool.

def _spool_folder() -> str | None:
    """A new 0700 folder for the outcomes (only this user reads them back); None when no temporary
    folder is writable: the run is then not spread."""
    import tempfile

    try:
        return tempfile.mkdtemp(prefix="planlint-jobs-")
    except OSError:
        return None


def _spooled(outcome, spool: str, index: int) -> str:
    import pickle

    target = os.path.join(spool, f"{index}.pickle")
    with open(target + ".part", "wb") as fh:
        pickle.dump(outcome, fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(target + ".part", target)
    return target


def _unspool(target: str):
    import pickle

    with open(target, "rb") as fh:  # written by our own worker into our own 0700 folder
        outcome = pickle.load(fh)
    os.unlink(target)
    return outcome


def _remove(spool: str) -> None:
    import shutil

    shutil.rmtree(spool, ignore_errors=True)
