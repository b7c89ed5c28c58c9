"""The final render of a planned issue in bounded groups of sheets, in this process or in
worker processes, each group a WeasyPrint document of its own written to its own file.

WeasyPrint keeps every laid-out sheet of a document in memory until it writes the PDF, so
one document for a whole issue grows with the issue (about 3.5 MB a sheet). Rendered a
group at a time, memory is bounded by the largest group; the groups' files are then joined
(`assemble.py`). A group is whole 版 (a page's own sheet and its continuation sheets) up
to GROUP_SHEETS sheets; a 版 with more sheets than that is cut between sheets. Sheets are
absolutely laid out and independent of each other, so a sheet renders the same in any group.

Workers are forked from the process that planned the issue, so they share its parsed
stylesheet, fonts and templates; each renders whole groups and returns where it wrote each
one and the layout problems it found (`verify_layout`), and the order of the result does
not depend on which worker rendered what.
"""
from __future__ import annotations

import gc
import multiprocessing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

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
    group, checks it and, when it holds, writes it to `path`, returning its problems."""

    htmls: list[str]
    groups: list[list[dict[str, Any]]]
    paths: list[Path]
    render_group: Callable[[str, list[dict[str, Any]], Path], dict[str, str]]


_JOB: Job | None = None      # the job a forked worker inherits


def _run(k: int) -> tuple[int, dict[str, str]]:
    assert _JOB is not None
    problems = _JOB.render_group(_JOB.htmls[k], _JOB.groups[k], _JOB.paths[k])
    gc.collect()       # a laid-out document is a web of boxes: free it before the next group
    return k, problems


def render_groups(job: Job, workers: int) -> dict[str, str]:
    """Render every group of `job` (with `workers` processes when more than one) and
    return the layout problems by story id, empty when every group held and was written."""
    global _JOB
    _JOB = job
    try:
        workers = max(1, min(workers, len(job.groups)))
        if multiprocessing.current_process().daemon:     # a pool's worker may not start processes
            workers = 1
        if workers == 1:
            results = [_run(k) for k in range(len(job.groups))]
        else:
            context = multiprocessing.get_context("fork")
            with context.Pool(workers, maxtasksperchild=None) as pool:
                results = pool.map(_run, range(len(job.groups)), chunksize=1)
    finally:
        _JOB = None
    problems: dict[str, str] = {}
    for _, found in sorted(results, key=lambda r: r[0]):
        problems.update(found)
    return problems


def default_workers() -> int:
    """Worker processes for a PDF when none are asked for: one per core, at most two."""
    import os
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(2, cores))
