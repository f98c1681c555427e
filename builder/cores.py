"""Work shared among the machine's cores, with the standard library's `concurrent.futures`.

Four stages do much the same work for each of many items, and nothing else while they do
it: loading the files (`content/load.py`), checking the meetings (`content/validate.py`),
rendering the pages (`site/tree.py`) and parsing them for the search index
(`engine/search_index.py`). `map_on_cores` gives each forked process a share of the items;
the processes inherit the work and its data when they fork, so nothing but an item's
position is sent to them, and only what each returns is sent back.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

Result = TypeVar("Result")

MAX_PROCESSES = 4


class ProcessDied(RuntimeError):
    """A process ended before its share of the work was done (killed, perhaps for lack of
    memory): the work is not finished, and nothing it was for may be used."""


_work: Callable[[int], Any] | None = None
"""The work of the running `map_on_cores`: set before the processes fork, so that each
inherits it (a closure, and the data it reaches, need not pickle)."""


def process_count(items: int, minimum: int) -> int:
    """How many processes should share `items` items: one when they are fewer than `minimum`
    (starting processes would cost more), when the system cannot fork, or while other threads
    run (`mkdocs serve` rebuilds in a thread; a fork copies no thread, but may copy a lock one
    of them holds)."""
    if items < minimum or threading.active_count() > 1:
        return 1
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, MAX_PROCESSES))


def map_on_cores(work: Callable[[int], Result], items: int, minimum: int) -> list[Result]:
    """`[work(0), work(1), …, work(items - 1)]`, shared among forked processes when there are
    at least `minimum` items. What `work` returns must pickle; so must what it raises.
    `ProcessDied` if a process ends before its share is done."""
    processes = process_count(items, minimum)
    if processes == 1:
        return [work(position) for position in range(items)]
    global _work
    _work = work
    try:
        # An executor rather than a `Pool`: if a process dies (killed for memory), the build
        # stops instead of waiting for its items forever.
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(processes, mp_context=context) as executor:
            # Pieces small enough that no process waits long for the last one of another.
            size = max(1, items // (processes * 16))
            return list(executor.map(_work_at, range(items), chunksize=size))
    except BrokenProcessPool:
        raise ProcessDied("a process ended before its share of the work was done") from None
    finally:
        _work = None


def _work_at(position: int) -> Any:
    """In a forked process: the shared work for the item at `position`."""
    assert _work is not None
    return _work(position)
