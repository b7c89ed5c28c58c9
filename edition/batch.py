"""Archive builds: many issues in parallel worker processes, skipping unchanged ones.

An issue is one text/JSON file in the input folder, or one sub-folder of page files
(pages in name order). A small manifest next to the outputs records a content hash of
each issue's inputs and settings, so a re-run rebuilds only what changed.
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from . import __version__
from .errors import DependencyError, EditionError, InputError

MANIFEST = ".edition-manifest.json"
INPUT_SUFFIXES = (".txt", ".json")


@dataclass(frozen=True, slots=True)
class Job:
    name: str
    inputs: tuple[str, ...]
    outdir: str
    formats: tuple[str, ...]
    config: str | None
    layout: str | None


@dataclass(frozen=True, slots=True)
class Outcome:
    name: str
    ok: bool
    message: str
    seconds: float = 0.0
    warnings: int = 0
    skipped: bool = False


def find_issues(indir: Path) -> list[tuple[str, list[Path]]]:
    if not indir.is_dir():
        raise InputError(f"{indir}: not a directory of issues")
    issues = []
    for entry in sorted(indir.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_file() and entry.suffix.lower() in INPUT_SUFFIXES:
            issues.append((entry.stem, [entry]))
        elif entry.is_dir():
            pages = sorted(p for p in entry.iterdir() if p.is_file() and p.suffix.lower() == ".txt")
            if pages:
                issues.append((entry.name, pages))
    if not issues:
        raise InputError(f"{indir}: no issues found (.txt or .json files, or folders of .txt pages)")
    return issues


def job_key(job: Job) -> str:
    h = hashlib.sha256(f"{__version__}|{job.formats}|{job.layout}".encode())
    for path in job.inputs + ((job.config,) if job.config else ()):
        h.update(Path(path).read_bytes())
    return h.hexdigest()


def run_job(job: Job) -> Outcome:
    """Build one issue; every failure becomes an Outcome, never an exception."""
    from .build import build_issue, settings_from
    from . import load_issue_with_config
    start = time.perf_counter()
    try:
        inputs = [Path(p) for p in job.inputs]
        issue, cfg = load_issue_with_config(inputs, None, None, Path(job.config) if job.config else None)
        settings = settings_from(cfg, formats=job.formats, layout=job.layout)
        build_issue(issue, settings, Path(job.outdir), job.name, inputs)
        return Outcome(job.name, True, "built", time.perf_counter() - start, len(issue.warnings))
    except EditionError as e:
        return Outcome(job.name, False, e.message, time.perf_counter() - start)
    except Exception as e:  # a bug on one issue must not stop the archive
        return Outcome(job.name, False, f"internal error: {type(e).__name__}: {e}", time.perf_counter() - start)


def run_batch(indir: Path, outdir: Path, formats: tuple[str, ...], jobs: int | None, config: Path | None,
              layout: str | None, progress: Callable[[Outcome, int, int], None],
              dask_address: str | None = None) -> list[Outcome]:
    outdir.mkdir(parents=True, exist_ok=True)
    manifest_path = outdir / MANIFEST
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = {}
    todo, outcomes = [], []
    all_jobs = [Job(name, tuple(map(str, paths)), str(outdir), formats, str(config) if config else None, layout)
                for name, paths in find_issues(indir)]
    for job in all_jobs:
        key = job_key(job)
        built = all((outdir / f"{job.name}.{fmt}").is_file() for fmt in formats)
        if manifest.get(job.name) == key and built:
            outcomes.append(Outcome(job.name, True, "unchanged", skipped=True))
            progress(outcomes[-1], len(outcomes), len(all_jobs))
        else:
            todo.append((job, key))
    workers = max(1, jobs or os.cpu_count() or 1)
    keys = dict((job.name, key) for job, key in todo)
    for outcome in _execute([job for job, _ in todo], workers, dask_address):
        outcomes.append(outcome)
        progress(outcome, len(outcomes), len(all_jobs))
        _record(manifest, manifest_path, outcome, keys)
    return sorted(outcomes, key=lambda o: o.name)


def _execute(jobs: list[Job], workers: int, dask_address: str | None) -> Iterator[Outcome]:
    """Run jobs in this process, a local process pool, or on a Dask cluster; yield as they finish."""
    if dask_address:
        try:
            from distributed import Client
            from distributed import as_completed as dask_completed
        except ImportError:
            raise DependencyError("--dask needs the optional dependency: pip install 'edition[dask]'") from None
        try:
            client = Client(dask_address, timeout="20s")
        except OSError as e:
            raise DependencyError(f"cannot reach the Dask scheduler at {dask_address} ({e})") from None
        with client:
            for future in dask_completed(client.map(run_job, jobs, pure=False)):
                yield future.result()
    elif workers == 1:
        yield from (run_job(job) for job in jobs)
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for future in as_completed([pool.submit(run_job, job) for job in jobs]):
                yield future.result()


def _record(manifest: dict, path: Path, outcome: Outcome, keys: dict[str, str]) -> None:
    if outcome.ok:
        manifest[outcome.name] = keys[outcome.name]
    else:
        manifest.pop(outcome.name, None)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)


__all__ = ["run_batch", "find_issues", "Outcome"]
