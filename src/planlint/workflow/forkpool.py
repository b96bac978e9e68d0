"""Worker processes forked from this one and fed task numbers through pipes: --jobs where the
system can fork (Linux, macOS).

concurrent.futures does the same job, but importing it with multiprocessing costs 10-20 ms before
the first worker starts, about a tenth of a corpus run. Here a worker is a fork that inherits the
rules and check modules already imported; the parent sends it one task number at a time down its
own pipe and reads the number back when the task is done (the result itself is left where the
task put it: parallel.py spools it to a file). Messages are a few bytes, shorter than PIPE_BUF, so
each arrives whole or not at all. A worker that dies (killed, out of memory) closes its pipe: the
parent reads end-of-file, stops the others and raises WorkerDied; nothing waits forever."""
from __future__ import annotations

import os
import sys
from typing import Callable, Iterator


class WorkerDied(Exception):
    """A worker exited before finishing its task."""


class _Worker:
    __slots__ = ("pid", "tasks", "results", "busy")

    def __init__(self, pid: int, tasks: int, results: int):
        self.pid, self.tasks, self.results, self.busy = pid, tasks, results, None


def available() -> bool:
    return hasattr(os, "fork")


class Pool:
    """processes workers, each running work(index) for the indices it is given."""

    def __init__(self, processes: int, work: Callable[[int], object]):
        self._workers: list[_Worker] = []
        self._pending: list[int] = []
        self._finished = False
        try:
            for _ in range(processes):
                self._workers.append(self._fork(work))
        except BaseException:  # OSError: no more processes; the ones started are not left behind
            self.stop()
            raise

    def finished(self, order: list[int]) -> Iterator[int]:
        """Run the tasks, started in this order; yield each index as its task is done (in the
        order they finish)."""
        self._pending = list(reversed(order))  # pop() takes the next from the end
        for worker in self._workers:
            if not self._give(worker):
                raise WorkerDied()
        while True:
            busy = [w for w in self._workers if w.busy is not None]
            if not busy:
                self._finished = True
                return
            for worker in _readable(busy):
                index = _receive(worker)
                if index is None:
                    raise WorkerDied()
                alive = self._give(worker)  # its next task first: it works while the index is used
                yield index
                if not alive:
                    raise WorkerDied()

    def stop(self) -> None:
        """Let idle workers exit; a run that ended early (a dead worker, an interrupt, an error)
        kills the others. Every worker is waited for: none is left behind."""
        abort = not self._finished
        for worker in self._workers:
            _close(worker, "tasks")
            if abort:
                _kill(worker.pid)
        for worker in self._workers:
            try:
                os.waitpid(worker.pid, 0)
            except ChildProcessError:
                pass
            _close(worker, "results")
        self._workers = []

    def _give(self, worker: _Worker) -> bool:
        """The worker's next task, or end-of-file on its pipe when there is none. False when the
        worker is gone (its pipe is broken)."""
        worker.busy = None
        if not self._pending:
            _close(worker, "tasks")
            return True
        index = self._pending.pop()
        try:
            os.write(worker.tasks, b"%d\n" % index)
        except OSError:  # EPIPE
            return False
        worker.busy = index
        return True

    def _fork(self, work: Callable[[int], object]) -> _Worker:
        task_read, task_write = os.pipe()
        result_read, result_write = os.pipe()
        for stream in (sys.stdout, sys.stderr):  # nothing buffered here is written twice
            try:
                stream.flush()
            except (AttributeError, OSError, ValueError):
                pass
        pid = os.fork()
        if pid == 0:  # the worker
            status = 1
            try:
                # the parent's ends of every pipe: a worker holding another's task pipe open would
                # keep that one from ever seeing end-of-file
                for fd in (task_write, result_read, *(fd for w in self._workers for fd in (w.tasks, w.results))):
                    if fd is not None:
                        os.close(fd)
                _serve(task_read, result_write, work)
                status = 0
            finally:
                os._exit(status)  # no atexit handlers, no flushing of the parent's buffers
        os.close(task_read)
        os.close(result_write)
        return _Worker(pid, task_write, result_read)


def _serve(tasks: int, results: int, work: Callable[[int], object]) -> None:
    """A worker's loop: run each task number read from the pipe, then send the number back."""
    pending = b""
    while True:
        data = os.read(tasks, 64)
        if not data:
            return
        pending += data
        while b"\n" in pending:
            line, pending = pending.split(b"\n", 1)
            index = int(line)
            work(index)
            os.write(results, b"%d\n" % index)


def _receive(worker: _Worker) -> int | None:
    """The index a worker reports done; None when it died (end-of-file) or said something else."""
    try:
        data = os.read(worker.results, 64)
    except OSError:
        return None
    try:
        index = int(data)
    except ValueError:
        return None
    if index != worker.busy:
        return None
    worker.busy = None
    return index


def _readable(workers: list[_Worker]) -> list[_Worker]:
    """The workers with something to read (a result or end-of-file), waiting until there is one."""
    import select

    by_fd = {w.results: w for w in workers}
    if hasattr(select, "poll"):
        poller = select.poll()
        for fd in by_fd:
            poller.register(fd, select.POLLIN)
        return [by_fd[fd] for fd, _ in poller.poll()]
    ready, _, _ = select.select(list(by_fd), [], [])
    return [by_fd[fd] for fd in ready]


def _close(worker: _Worker, end: str) -> None:
    fd = getattr(worker, end)
    if fd is not None:
        setattr(worker, end, None)
        try:
            os.close(fd)
        except OSError:
            pass


def _kill(pid: int) -> None:
    import signal

    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass
