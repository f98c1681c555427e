"""Share independent jobs among the machine's cores, with results as if run one by one.

Rendering thousands of pages is CPU work in Python, which one process does on one core. Here
the jobs are shared out among forked workers: a fork inherits the jobs (closures over the
dossier and the Jinja environment) without copying or pickling them, and only each job's
result (a few files' bytes) comes back. The parent does its own share meanwhile.
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


def _run_share(start: int, step: int) -> list[Any]:
    return [job() for job in _shared_jobs[start::step]]


def run_jobs(jobs: Sequence[Callable[[], ResultT]]) -> list[ResultT]:
    """Each job's result, in the order of `jobs`. An exception a job raises is raised here,
    as it was (it must pickle, to come back from a worker)."""
    workers = worker_count(len(jobs))
    if workers == 1:
        return [job() for job in jobs]
    global _shared_jobs
    _shared_jobs = jobs
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers - 1, mp_context=context) as pool:
            # Every job of a share runs in one worker, in order: job k goes to share k % workers.
            futures = [pool.submit(_run_share, start, workers) for start in range(1, workers)]
            shares = [_run_share(0, workers)]
            shares += [future.result() for future in futures]
    finally:
        _shared_jobs = ()
    results: list[Any] = [None] * len(jobs)
    for start, share in enumerate(shares):
        results[start::workers] = share
    return results
