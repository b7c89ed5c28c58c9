"""The final render of a planned issue in bounded groups of sheets, in this process or in
worker processes, each group a WeasyPrint document of its own written to its own file.

WeasyPrint keeps every laid-out sheet of a document in memory until it writes the PDF, so
one document for a whole issue grows with the issue (about 3.5 MB a sheet). Rendered a
group at a time, memory is bounded by the largest group; the groups' files are then joined
(`assemble.py`). A group is whole 版 (a page's own sheet and its continuation sheets) up
to GROUP_SHEETS sheets; a 版 with more sheets than that is cut between sheets. Sheets are
absolutely laid out and independent of each other, so a sheet renders the same in any group.

Workers are forked from the process that planned the issue, so they share its parsed
stylesheet, fonts, templates and Pango caches; each renders whole groups and returns the
layout problems it found (`verify_layout`) and a note of the fonts used (for joining), and
the result does not depend on which worker rendered what.
"""
from __future__ import annotations

import gc
import multiprocessing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from ..parallel import idle_core, quiet_child

GROUP_SHEETS = 8     # sheets in one WeasyPrint document at most (memory: about 3.5 MB a sheet)


def sheet_groups(sheets: list[dict[str, Any]], limit: int | None = None) -> list[list[dict[str, Any]]]:
    """Consecutive sheets in groups of whole 版 (a page's sheets) up to `limit` sheets each
    (default GROUP_SHEETS); a 版 of more than `limit` sheets is cut into groups of `limit`."""
    limit = limit or GROUP_SHEETS
    pages: list[list[dict[str, Any]]] = []
    for sheet in sheets:
        if sheet["continued"] and pages:
            pages[-1].append(sheet)
        else:
            pages.append([sheet])
    groups: list[list[dict[str, Any]]] = []
    for page in pages:
        for k in range(0, len(page), limit):
            chunk = page[k:k + limit]
            if groups and len(groups[-1]) + len(chunk) <= limit and k == 0:
                groups[-1] += chunk
            else:
                groups.append(chunk)
    return groups


@dataclass
class Job:
    """Everything a group's render needs; `render_group(html, sheets, path)` renders one
    group, checks it and, when it holds, writes it to `path`, returning its problems and a
    note of its fonts (`assemble.font_record`)."""

    htmls: list[str]
    groups: list[list[dict[str, Any]]]
    paths: list[Path]
    render_group: Callable[[str, list[dict[str, Any]], Path], tuple[dict[str, str], dict[str, Any]]]


_TASK: Callable[[int], Any] | None = None      # what a forked worker runs, inherited from the parent


def _run(k: int) -> Any:
    assert _TASK is not None
    result = _TASK(k)
    gc.collect()       # a laid-out document is a web of boxes: free it before the next one
    return result


def fork_map(task: Callable[[int], Any], count: int, workers: int) -> list[Any]:
    """[task(0), …, task(count - 1)], in this process or in `workers` processes forked from
    it (which inherit `task` and everything it refers to); results in order, whichever
    worker computed them. Results must pickle."""
    global _TASK
    _TASK = task
    try:
        workers = max(1, min(workers, count))
        if multiprocessing.current_process().daemon:     # a pool's worker may not start processes
            workers = 1
        # What the planning left (the issue, the plan, caches) lives on: keep the garbage
        # collector off it, which a long render would otherwise go through again and again
        # (and forked workers, which share it until written to, would copy page by page).
        gc.collect()
        gc.freeze()
        if workers == 1:
            return [_run(k) for k in range(count)]
        pool = multiprocessing.get_context("fork").Pool(workers, initializer=quiet_child)
        try:
            results = pool.map(_run, range(count), chunksize=1)
            pool.close()
        finally:
            pool.terminate()
            pool.join()
        return results
    finally:
        gc.unfreeze()
        _TASK = None


def render_groups(job: Job, workers: int) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """Render every group of `job` (with `workers` processes when more than one); return
    the layout problems by story id (none when every group held and was written) and each
    group's note of its fonts."""
    problems: dict[str, str] = {}
    fonts = []
    for found, noted in fork_map(lambda k: job.render_group(job.htmls[k], job.groups[k], job.paths[k]),
                                 len(job.groups), workers):
        problems.update(found)
        fonts.append(noted)
    return problems, fonts


def default_workers() -> int:
    """Worker processes for a PDF when none are asked for: two when this process may use two
    cores and one of them is idle (by the load average), else one. Measured on a shared
    2-core machine, two workers finish a long issue in about half the time when a core is
    free, and take 10–15% more processor time to no gain when none is; the PDF is the same
    bytes either way."""
    import os
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    try:
        busy = os.getloadavg()[0]
    except OSError:
        busy = 0.0
    return 2 if cores >= 2 and busy < cores - 0.5 else 1
