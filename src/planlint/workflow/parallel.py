"""Lint files one by one, or spread over worker processes for large runs (--jobs N).

Both paths call engine.lint_file() and hand back its outcomes in the order of the files, so a
parallel run reports exactly what a serial run reports. Workers start only when the run is large
enough to pay for them: forking the workers and shipping each file's text and findings back costs
about as much as linting a few hundred KB (bench/bench.py).
"""
from __future__ import annotations

import os
from typing import Callable, Iterator

from planlint.workflow import forkpool

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
    jobs = default_jobs() if not jobs or jobs < 0 else jobs
    spool = _spool_folder() if worth_spreading(tasks, jobs) else None
    if spool is None:
        yield from _serial(tasks, options, progress)
        return
    _import_checks(tasks)
    # the largest drafts first, so that no big draft starts last while the other workers idle;
    # results are still handed back in the order of the files
    order = sorted(range(len(tasks)), key=lambda i: -_size(tasks[i][0]))
    spread = _forked if forkpool.available() else _executor
    yield from spread(tasks, options, min(jobs, len(tasks)), spool, order, progress)


def _serial(tasks, options, progress) -> Iterator:
    from contextlib import nullcontext

    from planlint.workflow.engine import lint_file

    with (progress(len(tasks)) if progress else nullcontext()) as bar:
        for path, display, rules in tasks:
            outcome = lint_file(path, display, rules, options)
            if bar is not None:
                bar.advance()
            yield outcome


def _forked(tasks, options, processes: int, spool: str, order: list[int], progress) -> Iterator:
    from contextlib import nullcontext

    import pickle  # noqa: F401 - imported once here, not again by each worker for its first outcome

    pool = None
    ready: set[int] = set()
    handed = 0
    try:
        # the workers are forked before the progress bar's thread exists (forking while a thread
        # runs is unsafe)
        try:
            pool = forkpool.Pool(processes, lambda i: _lint_to_spool(tasks[i], options, spool, i))
        except OSError:  # the system allows no more processes: this one lints them all
            yield from _serial(tasks, options, progress)
            return
        with (progress(len(tasks)) if progress else nullcontext()) as bar:
            for index in pool.finished(order):
                ready.add(index)
                while handed in ready:  # in the order of the files
                    ready.discard(handed)
                    outcome = _unspool(spool, handed)
                    handed += 1
                    if bar is not None:
                        bar.advance()
                    yield outcome
    except forkpool.WorkerDied:
        # the files still out include the one being linted when the worker died: unknowable which
        for i in range(handed, len(tasks)):
            yield _unspool(spool, i) if i in ready else _lost(*tasks[i][:2])
    finally:
        if pool is not None:
            pool.stop()
        _remove(spool)


def _executor(tasks, options, processes: int, spool: str, order: list[int], progress) -> Iterator:
    """Where there is no fork (Windows): concurrent.futures' spawned workers."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool
    from contextlib import nullcontext

    pool = ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context())
    done, broken = 0, False
    try:
        for _ in pool.map(int, range(processes)):  # start them all before the progress bar's thread
            pass
        futures = {i: pool.submit(_work, (*tasks[i], options, spool, i)) for i in order}
        with (progress(len(tasks)) if progress else nullcontext()) as bar:
            # concurrent.futures, not multiprocessing.Pool: a worker that dies breaks the pool and
            # fails the waiting results, where Pool waits forever
            for i in range(len(tasks)):
                futures.pop(i).result()
                outcome = _unspool(spool, i)
                if bar is not None:
                    bar.advance()
                done += 1
                yield outcome
    except BrokenProcessPool:
        broken = True
        for path, display, _ in tasks[done:]:
            yield _lost(path, display)
    finally:
        # broken: wait for the pool's thread to finish terminating the other workers. Exiting while
        # it closes its wakeup pipe races CPython 3.11's exit hook (OSError: Bad file descriptor)
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


def _work(task) -> None:
    """A spawned worker's task (_executor)."""
    path, display, rules, options, spool, index = task
    _lint_to_spool((path, display, rules), options, spool, index)


def _lint_to_spool(task: tuple, options, spool: str, index: int) -> None:
    """In a worker: lint one file and leave its outcome in the spool folder. An exception is left
    there too and raised by the parent, as a serial run would raise it."""
    from planlint.text import programs
    from planlint.workflow.engine import lint_file

    path, display, rules = task[:3]
    try:
        outcome = lint_file(path, display, rules, options)
        if outcome.document is not None:
            outcome.document.derived = {}  # analyses are rebuilt on demand; not worth shipping
        result = (True, outcome)
    except Exception as e:  # noqa: BLE001 - handed to the parent
        result = (False, e)
    programs.save()  # what this worker compiled first (the parent does not know it)
    _spool(result, spool, index)


# A worker's outcome goes back through a file in a private folder, and only its number through a
# pipe. A result of many findings is larger than a pipe holds: a worker killed while writing it
# (out of memory) would leave half a message behind; a number is written at once.

def _spool_folder() -> str | None:
    """A new 0700 folder for the outcomes (only this user reads them back), in the system's
    temporary folder; None when none is writable: the run is then not spread. (tempfile would
    cost the run 3-4 ms of imports for the same few lines.)"""
    for base in _temporary_folders():
        folder = os.path.join(base, f"planlint-jobs-{os.urandom(8).hex()}")
        try:
            os.mkdir(folder, 0o700)  # a new name: fails rather than use what someone else made
            return folder
        except OSError:
            continue
    return None


def _temporary_folders() -> list[str]:
    """Where tempfile.gettempdir() looks first, in its order."""
    named = [os.environ.get(v) for v in ("TMPDIR", "TEMP", "TMP")]
    system = [] if os.name == "nt" else ["/tmp", "/var/tmp", "/usr/tmp"]
    return [d for d in (*named, *system) if d and os.path.isdir(d)]


def _spool(result: tuple, spool: str, index: int) -> None:
    import pickle

    target = os.path.join(spool, f"{index}.pickle")
    try:
        data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as e:  # noqa: BLE001 - an exception that does not pickle: its text does
        data = pickle.dumps((False, RuntimeError(f"{type(e).__name__}: {e}")))
    with open(target + ".part", "wb") as fh:
        fh.write(data)
    os.replace(target + ".part", target)


def _unspool(spool: str, index: int):
    import pickle

    target = os.path.join(spool, f"{index}.pickle")
    with open(target, "rb") as fh:  # written by our own worker into our own 0700 folder
        ok, outcome = pickle.load(fh)
    os.unlink(target)
    if not ok:
        raise outcome
    return outcome


def _remove(spool: str) -> None:
    """The spool folder and whatever a run cut short left in it (flat: outcome files only)."""
    try:
        with os.scandir(spool) as entries:
            for entry in entries:
                try:
                    os.unlink(entry.path)
                except OSError:
                    pass
        os.rmdir(spool)
    except OSError:
        pass
