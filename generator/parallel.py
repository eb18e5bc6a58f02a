"""Run the stages' independent pieces on every core: department-years while rendering, parts while building.

Worker processes are forked, so they start with everything the parent has loaded (the templates,
MkDocs, Material, jieba's dictionary) instead of importing it again.
"""

from __future__ import annotations

import gc
import os
import signal
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")
Shared = TypeVar("Shared")
# What a long build reports as it goes: the stage's Chinese name, pieces done, pieces in all.
Progress = Callable[[str, int, int], None]


def cores() -> int:
    """The cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


# For tests: GONGKAI_KILL_AT=<point> kills the process with SIGKILL when it reaches that point.
KILL_AT = "GONGKAI_KILL_AT"


def checkpoint(point: str) -> None:
    """A named point of a stage, where a test may have the process killed as by ``kill -9``."""
    if os.environ.get(KILL_AT) == point:
        os.kill(os.getpid(), signal.SIGKILL)


def run_all(
    function: Callable[[Item], Result],
    items: Sequence[Item],
    *,
    workers: int,
    stage: str,
    progress: Progress | None = None,
    crashed: Callable[[Item], Result] | None = None,
) -> list[Result]:
    """``[function(item) for item in items]``, ``workers`` at a time, reporting each piece done.

    With ``crashed``, every item runs in a worker process (never in this one), and an item whose worker
    dies (a reader that aborts the process, or is killed) gets ``crashed(item)``, the others their results:
    when the pool breaks, the unfinished items run again one by one, each in a fresh process.
    """
    report = progress or (lambda *_: None)
    report(stage, 0, len(items))
    if crashed is None and (workers <= 1 or len(items) <= 1):
        results = []
        for item in items:
            results.append(function(item))
            report(stage, len(results), len(items))
        return results
    done: dict[int, Result] = {}
    # The workers share the parent's memory until they write to it, and the cycle collector writes to
    # every object it visits: frozen, the parent's objects are left alone and stay shared.
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=max(1, workers), mp_context=get_context("fork")) as pool:
            futures = {pool.submit(function, item): index for index, item in enumerate(items)}
            try:
                for future in as_completed(futures):
                    done[futures[future]] = future.result()
                    report(stage, len(done), len(items))
            except BrokenProcessPool:
                if crashed is None:
                    raise
        for index in range(len(items)):
            if index not in done:
                assert crashed is not None  # else the pool did not break, and every item is done
                done[index] = _alone(function, items[index], crashed)
                report(stage, len(done), len(items))
    finally:
        gc.unfreeze()
    return [done[index] for index in range(len(items))]


def _alone(function: Callable[[Item], Result], item: Item, crashed: Callable[[Item], Result]) -> Result:
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("fork")) as pool:
        try:
            return pool.submit(function, item).result()
        except BrokenProcessPool:
            return crashed(item)


# What the forked workers of ``run_shared`` read: set in the parent just before the pool forks, so that
# the children inherit it (a loaded project is costly to pickle, and most of it is never needed back).
_shared: Any = None


def _call_shared(job: tuple[Callable[[Any, Any], Any], Any]) -> Any:
    function, item = job
    return function(_shared, item)


def run_shared(
    function: Callable[[Shared, Item], Result],
    shared: Shared,
    items: Sequence[Item],
    *,
    workers: int,
    stage: str,
    progress: Progress | None = None,
    crashed: Callable[[Shared, Item], Result] | None = None,
) -> list[Result]:
    """``[function(shared, item) for item in items]`` in forked workers that inherit ``shared``.

    ``function`` must be a module-level function (it is sent to the workers by name); ``crashed`` is as
    for ``run_all`` (it may call ``run_shared`` again).
    """
    global _shared
    previous, _shared = _shared, shared
    try:
        jobs = [(function, item) for item in items]
        on_crash = None if crashed is None else lambda job: crashed(shared, job[1])
        return run_all(_call_shared, jobs, workers=workers, stage=stage, progress=progress, crashed=on_crash)
    finally:
        _shared = previous


def batches(items: Sequence[Item], workers: int) -> list[list[Item]]:
    """``items`` in batches: several per worker, so that the pool balances and progress moves."""
    size = max(1, -(-len(items) // (workers * 8)))
    return [list(items[start : start + size]) for start in range(0, len(items), size)]
