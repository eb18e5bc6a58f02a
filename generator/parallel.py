"""Run the stages' independent pieces on every core: department-years while rendering, parts while building.

Worker processes are forked, so they start with everything the parent has loaded (the templates,
MkDocs, Material, jieba's dictionary) instead of importing it again.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from multiprocessing import get_context
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")
# What a long build reports as it goes: the stage's Chinese name, pieces done, pieces in all.
Progress = Callable[[str, int, int], None]


def cores() -> int:
    """The cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def run_all(
    function: Callable[[Item], Result],
    items: Sequence[Item],
    *,
    workers: int,
    stage: str,
    progress: Progress | None = None,
) -> list[Result]:
    """``[function(item) for item in items]``, ``workers`` at a time, reporting each piece done."""
    report = progress or (lambda stage, done, total: None)
    report(stage, 0, len(items))
    if workers <= 1 or len(items) <= 1:
        results = []
        for item in items:
            results.append(function(item))
            report(stage, len(results), len(items))
        return results
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork")) as pool:
        futures = {pool.submit(function, item): index for index, item in enumerate(items)}
        done: dict[int, Result] = {}
        for future in as_completed(futures):
            done[futures[future]] = future.result()
            report(stage, len(done), len(items))
    return [done[index] for index in range(len(items))]
