"""Share independent jobs among the machine's cores, with results as if run one by one.

Loading thousands of files and rendering thousands of pages is CPU work in Python, which one
process does on one core. Here the jobs are shared out among forked workers: a fork inherits
the jobs (closures over the dossier and the Jinja environment) without copying or pickling
them, and only each job's result comes back (a loaded file's records, or the paths a page was
written to). This process works through the jobs from the other end meanwhile.

The jobs are cut into pieces. Each process takes the next piece itself, workers from the start
and this process from the end, until none is left (`_Claims`): no process waits for another to
hand it work. A worker appends each piece's results to a file of its own in memory
(`_ResultFile`), which never makes it wait; this process reads what is there between its own
pieces. (Through `concurrent.futures`, a worker waited for this process's result thread to
hand it work and take its results, and that thread waited for the interpreter lock while this
process worked: our stages at N = 1000 went from 4.68 s to 4.04 s, median of six alternating
runs, when that went.) Once every piece is back, this process goes on: a worker's end, which
takes the kernel a few milliseconds, is waited for at the next call.
"""

from __future__ import annotations

import contextlib
import mmap
import multiprocessing
import os
import pickle
import select
import struct
import tempfile
import threading
from collections.abc import Callable, Sequence
from typing import Any, BinaryIO, TypeVar

ResultT = TypeVar("ResultT")

try:
    # What the first fork and the first lock would import, imported with this module instead:
    # the benchmark times our stages without imports (`bench/`).
    import multiprocessing.popen_fork
    import multiprocessing.synchronize
except ImportError:  # no working semaphores on this system (`sem_open`): no lock to share
    _LOCKS_SHARED = False
else:
    _LOCKS_SHARED = True

PARALLEL_FROM = 200
"""Fewer jobs than this run in this process: starting workers would cost more than it saves."""

MAX_WORKERS = 4

_shared_jobs: Sequence[Callable[[], Any]] = ()
"""The jobs of the current `run_jobs`, set before the workers fork so that they inherit them."""

_ended_workers: list[Any] = []
"""Workers that had done their part when their `run_jobs` returned, not yet waited for."""


def worker_count(jobs: int) -> int:
    """How many processes (this one included) should run `jobs` jobs.

    One when there are few jobs or one core, and one while other threads run (`mkdocs serve`
    rebuilds in a thread): a fork copies no thread, but may copy a lock one of them holds.
    """
    if jobs < PARALLEL_FROM or threading.active_count() > 1:
        return 1
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1  # Windows: a worker would have to start afresh and be sent every job
    if not _LOCKS_SHARED:
        return 1  # the processes could not share `_Claims`
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, MAX_WORKERS, jobs))


PIECES_PER_PROCESS = 64
"""The jobs are cut into this many pieces per process. Where the processes meet, this one
waits for the piece each worker is running: the smaller the pieces, the shorter that wait."""

SMALLEST_PIECE = 8
"""Jobs per piece at least: each piece a worker runs costs a record written and read, which
fewer jobs than this would not repay."""


_COUNTERS = struct.Struct("<qq")
"""The front and back counters of `_Claims`."""


class _Claims:
    """Which pieces are left, shared by all the processes of one `run_jobs`: the pieces from
    `front` up to `back` (two counters in a page of memory that forked workers share, changed
    under a lock). An anonymous `mmap` rather than multiprocessing's `RawArray`, which takes
    ctypes and a shared heap of its own to give two integers."""

    def __init__(self, front: int, back: int) -> None:
        self._lock = multiprocessing.get_context("fork").Lock()
        self._counters = mmap.mmap(-1, _COUNTERS.size)
        _COUNTERS.pack_into(self._counters, 0, front, back)

    def from_front(self) -> int | None:
        with self._lock:
            front, back = _COUNTERS.unpack_from(self._counters)
            if front >= back:
                return None
            _COUNTERS.pack_into(self._counters, 0, front + 1, back)
            return int(front)

    def from_back(self) -> int | None:
        with self._lock:
            front, back = _COUNTERS.unpack_from(self._counters)
            if front >= back:
                return None
            _COUNTERS.pack_into(self._counters, 0, front, back - 1)
            return int(back - 1)

    def close(self) -> None:
        self._counters.close()


_HEADER = struct.Struct("<Q")
"""A record's length, before the record."""


class _ResultFile:
    """A file in memory that one worker appends records to (each piece's results, pickled) and
    this process reads them from as they come. Appending never waits for the reader, as a
    full pipe would."""

    def __init__(self, wake_writer: int) -> None:
        self.wake_writer = wake_writer
        """A pipe (not blocking) the worker writes a byte to after each record, to wake this
        process if it waits."""
        self.file: BinaryIO
        if hasattr(os, "memfd_create"):
            self.file = os.fdopen(os.memfd_create("dossier-results"), "w+b")
        else:  # no memfd (macOS): an unnamed temporary file
            self.file = tempfile.TemporaryFile()  # noqa: SIM115
        self.descriptor = self.file.fileno()
        self.read_to = 0

    def append(self, index: int, outcome: list[Any] | Exception) -> None:
        """In the worker: write one piece's outcome (its results, or what it raised) whole."""
        try:
            data = pickle.dumps((index, outcome), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as error:  # any error of pickling, sent as text
            lost = UnpicklableOutcome(
                f"a worker process could not send back {outcome!r:.200}: {error}"
            )
            data = pickle.dumps((index, lost))
        rest = memoryview(_HEADER.pack(len(data)) + data)
        while rest:
            rest = rest[os.write(self.descriptor, rest) :]
        # A byte per piece, at most `MAX_WORKERS * PIECES_PER_PROCESS` in all, far less than a
        # pipe holds; were it full, it would wake this process all the same.
        with contextlib.suppress(BlockingIOError):
            os.write(self.wake_writer, b".")

    def take(self) -> list[Any]:
        """In this process: the records written whole since the last call."""
        records = []
        size = os.fstat(self.descriptor).st_size
        while self.read_to + _HEADER.size <= size:
            (length,) = _HEADER.unpack(os.pread(self.descriptor, _HEADER.size, self.read_to))
            start = self.read_to + _HEADER.size
            if start + length > size:
                break  # the worker is still writing it
            records.append(pickle.loads(os.pread(self.descriptor, length, start)))
            self.read_to = start + length
        return records

    def close(self) -> None:
        self.file.close()


class UnpicklableOutcome(Exception):
    """Raised for a piece whose outcome a worker could not pickle to send back."""


def _run_indices(indices: range) -> list[Any]:
    return [_shared_jobs[index]() for index in indices]


def _work(claims: _Claims, pieces: list[range], results: _ResultFile, first: int) -> None:
    """A worker: run its `first` piece, then pieces from the front until none is left, or one
    raises (the pieces after it do not matter: the first job's error is the one raised)."""
    index: int | None = first
    while index is not None:
        try:
            done: Any = _run_indices(pieces[index])
        except Exception as error:  # sent back, to be raised there
            results.append(index, error)
            return
        results.append(index, done)
        index = claims.from_front()


def run_jobs(jobs: Sequence[Callable[[], ResultT]]) -> list[ResultT]:
    """Each job's result, in the order of `jobs`. An exception a job raises is raised here,
    as it was (it must pickle, to come back from a worker); when several jobs raise, that of
    the first of them, as in one process. The first worker starts with the first job.

    The workers may still be ending when this returns (each has given all it took): they are
    waited for at the next call, or by multiprocessing when this process exits."""
    _reap_ended_workers()
    workers = worker_count(len(jobs))
    if workers == 1:
        return [job() for job in jobs]
    global _shared_jobs
    _shared_jobs = jobs
    size = max(SMALLEST_PIECE, -(-len(jobs) // (workers * PIECES_PER_PROCESS)))
    pieces = [range(at, min(at + size, len(jobs))) for at in range(0, len(jobs), size)]
    # What each piece gave: its results, or the exception one of its jobs raised.
    outcomes: dict[int, list[Any] | Exception] = {}
    # Each worker starts on a piece of its own, so that every one takes part however quickly
    # this process goes through the rest.
    started = min(workers - 1, len(pieces))
    claims = _Claims(started, len(pieces))
    files: list[_ResultFile] = []
    processes: list[Any] = []
    wake_reader, wake_writer = os.pipe()
    os.set_blocking(wake_writer, False)
    done = False
    try:
        files += [_ResultFile(wake_writer) for _ in range(started)]
        context = multiprocessing.get_context("fork")
        processes += [
            context.Process(target=_work, args=(claims, pieces, file, first), daemon=True)
            for first, file in enumerate(files)
        ]
        for process in processes:
            process.start()
        os.close(wake_writer)
        wake_writer = -1
        while (index := claims.from_back()) is not None:
            try:
                outcomes[index] = _run_indices(pieces[index])
            except Exception as error:  # raised below, if it is the first
                outcomes[index] = error
            for file in files:
                outcomes.update(file.take())
        done = _await_outcomes(outcomes, len(pieces), files, processes, wake_reader)
        if not done:
            for process in processes:
                process.join()  # each ended: for its exit code
        _raise_first_failure(outcomes, len(pieces), processes)
    finally:
        _shared_jobs = ()
        if done:
            # Every piece is done: the workers are ending. Their end is not waited for
            # here, but at the next `run_jobs` (`_reap_ended_workers`).
            _ended_workers.extend(processes)
        else:
            for process in processes:
                if process.is_alive():
                    process.terminate()
                    process.join()
        claims.close()
        for file in files:
            file.close()
        os.close(wake_reader)
        if wake_writer != -1:
            os.close(wake_writer)
    results: list[Any] = []
    for index in range(len(pieces)):
        results += outcomes[index]  # type: ignore[arg-type]
    return results


def _reap_ended_workers() -> None:
    """Wait for the workers of earlier calls to end (by now they have, or nearly)."""
    while _ended_workers:
        _ended_workers.pop().join()


def _await_outcomes(
    outcomes: dict[int, list[Any] | Exception],
    pieces: int,
    files: list[_ResultFile],
    processes: list[Any],
    wake_reader: int,
) -> bool:
    """Take the workers' outcomes until every piece has one (True), or until every worker has
    ended without (False).

    A worker's last outcome is taken as soon as it is written, not once the worker has ended:
    ending takes the kernel some milliseconds to unmap a forked worker's memory, once per
    stage, while this process could go on (a worker writes a byte to `wake_reader`'s pipe
    after each outcome, and its sentinel is ready once it has ended)."""
    waiting = select.poll()
    waiting.register(wake_reader, select.POLLIN)
    running = {process.sentinel for process in processes}
    for sentinel in running:
        waiting.register(sentinel, select.POLLIN)
    while True:
        for file in files:
            outcomes.update(file.take())
        if len(outcomes) == pieces:
            return True
        if not running:
            return False
        for ready, _ in waiting.poll():
            if ready == wake_reader:
                os.read(wake_reader, 1 << 12)
            else:  # a worker has ended (its sentinel reads end of file)
                running.discard(ready)
                waiting.unregister(ready)


def _raise_first_failure(
    outcomes: dict[int, list[Any] | Exception], pieces: int, processes: list[Any]
) -> None:
    """Raise the exception of the first piece that failed, if any, as one process would. A
    piece with no outcome was taken by a worker that ended before it gave it back."""
    for index in range(pieces):
        outcome = outcomes.get(index)
        if outcome is None:
            codes = ", ".join(str(process.exitcode) for process in processes)
            raise RuntimeError(
                f"a worker process ended before it finished its jobs (exit codes: {codes})"
            )
        if isinstance(outcome, Exception):
            raise outcome
