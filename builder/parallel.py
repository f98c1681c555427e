"""Share independent jobs among the machine's cores, with results as if run one by one.

Loading thousands of files and rendering thousands of pages is CPU work in Python, which one
process does on one core. Here the jobs are shared out among forked workers: a fork inherits
the jobs (closures over the dossier and the Jinja environment) without copying or pickling
them, and only each job's result comes back (a loaded file's records, or the paths a page was
written to). The parent works through the jobs from the other end meanwhile.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

ResultT = TypeVar("ResultT")

PARALLEL_FROM = 200
"""Fewer jobs than this run in this process: starting workers would cost more than it saves."""

MAX_WORKERS = 4

_shared_jobs: Sequence[Callable[[], Any]] = ()
"""The jobs of the current `run_jobs`, set before the workers fork so that they inherit them."""


def worker_count(jobs: int) -> int:
    """How many processes (this one included) should run `jobs` jobs.

    One when there are few jobs or one core, and one while other threads run (`mkdocs serve`
    rebuilds in a thread): a fork copies no thread, but may copy a lock one of them holds.
    """
    if jobs < PARALLEL_FROM or threading.active_count() > 1:
        return 1
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1  # Windows: a worker would have to start afresh and be sent every job
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, MAX_WORKERS, jobs))


PIECES_PER_PROCESS = 64
"""The jobs are cut into this many pieces per process. Workers take pieces from the start and
this process from the end until they meet, so each process does as much as its pace allows;
and each worker's piece comes back as soon as it is done, taken in while work goes on. When
they meet, this process waits for the pieces a worker holds (the one it runs and the one queued
for it): at 32 pieces a process that wait was 0.1-0.15 s of a stage at N = 1000, at 64 it is
about half."""

SMALLEST_PIECE = 8
"""Jobs per piece at least: each piece costs a message each way, which fewer jobs than this
would not repay."""


def _run_indices(indices: range) -> list[Any]:
    return [_shared_jobs[index]() for index in indices]


def run_jobs(
    jobs: Sequence[Callable[[], ResultT]], meanwhile: Callable[[], object] | None = None
) -> list[ResultT]:
    """Each job's result, in the order of `jobs`. An exception a job raises is raised here,
    as it was (it must pickle, to come back from a worker); when several jobs raise, that of
    the first of them, as in one process.

    `meanwhile`, if given, is work of this process's own, done while the workers start on the
    jobs (in one process, after the jobs)."""
    workers = worker_count(len(jobs))
    if workers == 1:
        done = [job() for job in jobs]
        if meanwhile is not None:
            meanwhile()
        return done
    global _shared_jobs
    _shared_jobs = jobs
    results: list[Any] = [None] * len(jobs)
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers - 1, mp_context=context) as pool:
            size = max(SMALLEST_PIECE, -(-len(jobs) // (workers * PIECES_PER_PROCESS)))
            pieces = [range(at, min(at + size, len(jobs))) for at in range(0, len(jobs), size)]
            futures = [(piece, pool.submit(_run_indices, piece)) for piece in pieces]
            # What a piece raised, by the piece's first job; the earliest is the one raised.
            failures: dict[int, Exception] = {}
            try:
                if meanwhile is not None:
                    meanwhile()
                # A piece can be taken back until it is queued for a worker; each worker keeps
                # at least the one it starts with.
                for piece, future in reversed(futures[workers - 1 :]):
                    if not future.cancel():
                        break
                    try:
                        done = _run_indices(piece)
                    except Exception as error:
                        failures[piece.start] = error
                        break  # the pieces before it are left to the workers
                    for index, result in zip(piece, done, strict=True):
                        results[index] = result
                for piece, future in futures:
                    if future.cancelled() or (failures and piece.start > min(failures)):
                        continue
                    try:
                        done = future.result()
                    except Exception as error:
                        failures[piece.start] = error
                        continue
                    for index, result in zip(piece, done, strict=True):
                        results[index] = result
                if failures:
                    raise failures[min(failures)]
            except BaseException:
                pool.shutdown(cancel_futures=True)
                raise
    finally:
        _shared_jobs = ()
    return results
