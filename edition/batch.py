"""Archive builds: many issues in parallel worker processes, skipping unchanged ones.

An issue is one text/JSON file in the input folder, or one sub-folder of page files
(pages in name order). A small manifest next to the outputs records a content hash of
each issue's inputs and settings, so a re-run rebuilds only what changed. The batch holds
the output folder's lock while it runs, so two batches (or a batch and a build) into one
folder take turns instead of overwriting each other's manifest.
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from . import __version__
from .decode import read_limited
from .errors import DependencyError, EditionError, InputError, OutputError
from .render.registry import RENDERERS
from .output import output_lock, safe_file_name, unique_name, write_text_atomic

MANIFEST = ".edition-manifest.json"
ARCHIVE_RECORD = "archive-entry.json"   # edition.render.web.archive.RECORD, without importing it
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


def find_issues(indir: Path, notes: list[str] | None = None) -> list[tuple[str, list[Path]]]:
    """(name, page files) per issue. Names are unique (case-insensitively): when `a.txt`,
    `a.json` and a folder `a/` meet, the folder keeps `a` and the files become `a_txt` and
    `a_json`, so that no issue's outputs overwrite another's."""
    if not indir.is_dir():
        raise InputError(f"{indir}: not a directory of issues")
    found = []
    try:
        entries = sorted(indir.iterdir())
    except OSError as e:
        raise InputError(f"{indir}: cannot list the folder ({e.strerror})") from None
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_file() and entry.suffix.lower() in INPUT_SUFFIXES:
            found.append((entry, [entry]))
        elif entry.is_dir():
            pages = sorted(p for p in entry.iterdir() if p.is_file() and p.suffix.lower() == ".txt")
            if pages:
                found.append((entry, pages))
    if not found:
        raise InputError(f"{indir}: no issues found (.txt or .json files, or folders of .txt pages)")
    stems = Counter(safe_file_name(e.stem if e.is_file() else e.name).casefold() for e, _ in found)
    used: set[str] = set()
    issues = []
    # Folders first, so that a folder of pages keeps its name when a file shares it.
    for entry, pages in sorted(found, key=lambda f: (f[0].is_file(), f[0].name)):
        natural = safe_file_name(entry.stem if entry.is_file() else entry.name)
        shared = stems[natural.casefold()] > 1 and entry.is_file()
        preferred = f"{natural}_{entry.suffix.lstrip('.').lower()}" if shared else natural
        name = unique_name(preferred, used)
        if name != natural and notes is not None:
            notes.append(f"{entry.name} is built as {name}: another issue is also named '{natural}'")
        issues.append((name, pages))
    return sorted(issues)


def job_key(job: Job) -> str | None:
    """A hash of the job's inputs and settings; None when an input cannot be read (the job
    then runs, and reports why)."""
    h = hashlib.sha256(f"{__version__}|{job.formats}|{job.layout}".encode())
    try:
        for path in job.inputs + ((job.config,) if job.config else ()):
            h.update(read_limited(Path(path)))
    except EditionError:
        return None
    return h.hexdigest()


def run_job(job: Job) -> Outcome:
    """Build one issue; every failure becomes an Outcome, never an exception."""
    from .build import build_issue, settings_from
    from . import load_issue_with_config
    start = time.perf_counter()
    try:
        inputs = [Path(p) for p in job.inputs]
        issue, cfg = load_issue_with_config(inputs, None, None, Path(job.config) if job.config else None)
        # The batch already runs an issue per core: a PDF's sheets are rendered in this process.
        settings = settings_from(cfg, formats=job.formats, layout=job.layout, pdf_workers=1)
        build_issue(issue, settings, Path(job.outdir), job.name, inputs)
        return Outcome(job.name, True, "built", time.perf_counter() - start, len(issue.warnings))
    except EditionError as e:
        return Outcome(job.name, False, e.message, time.perf_counter() - start)
    except Exception as e:  # a bug on one issue must not stop the archive
        return Outcome(job.name, False, f"internal error: {type(e).__name__}: {e}", time.perf_counter() - start)


def run_batch(indir: Path, outdir: Path, formats: tuple[str, ...], jobs: int | None, config: Path | None,
              layout: str | None, progress: Callable[[Outcome, int, int], None],
              dask_address: str | None = None, notes: list[str] | None = None) -> list[Outcome]:
    """Build every issue of `indir` that changed since the last run; `notes` gets what the
    user should know (issues renamed so that their outputs do not collide)."""
    issues = find_issues(indir, notes)
    with output_lock(outdir):
        manifest_path = outdir / MANIFEST
        manifest = _read_manifest(manifest_path)
        _write_manifest(manifest_path, manifest)     # fail now, not after the first issue, if it cannot be written
        todo, outcomes = [], []
        all_jobs = [Job(name, tuple(map(str, paths)), str(outdir), formats, str(config) if config else None, layout)
                    for name, paths in issues]
        for job in all_jobs:
            key = job_key(job)
            built = all(RENDERERS[fmt].target(outdir, job.name).exists() for fmt in formats)
            if "web" in formats:
                built = built and (RENDERERS["web"].target(outdir, job.name) / ARCHIVE_RECORD).is_file()
            if key is not None and manifest.get(job.name) == key and built:
                outcomes.append(Outcome(job.name, True, "unchanged", skipped=True))
                progress(outcomes[-1], len(outcomes), len(all_jobs))
            else:
                todo.append((job, key))
        # Never more workers than jobs: a huge --jobs must not start a process per unit asked.
        workers = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
        keys = dict((job.name, key) for job, key in todo)
        for outcome in _execute([job for job, _ in todo], workers, dask_address):
            outcomes.append(outcome)
            progress(outcome, len(outcomes), len(all_jobs))
            if outcome.ok and keys[outcome.name] is not None:
                manifest[outcome.name] = keys[outcome.name]
            else:
                manifest.pop(outcome.name, None)
            _write_manifest(manifest_path, manifest)
        if "web" in formats:            # the archive front lists every issue, built now or before
            from .render.web.archive import recorded, write_front
            # and the sites that `build -f web` wrote here, but not those that an earlier batch
            # built from an input since removed (the manifest knows them)
            names = {name for name, _ in issues} | {n for n in recorded(outdir) if n not in manifest}
            write_front(outdir, sorted(names), layout)
    return sorted(outcomes, key=lambda o: o.name)


def _read_manifest(path: Path) -> dict[str, str]:
    """The manifest, or {} when there is none yet or it is damaged (everything is rebuilt)."""
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise OutputError(f"{path}: the batch manifest is not a regular file; remove it")
    try:
        data = json.loads(read_limited(path).decode("utf-8"))
    except (EditionError, ValueError):
        return {}
    return {k: v for k, v in data.items() if isinstance(v, str)} if isinstance(data, dict) else {}


def _write_manifest(path: Path, manifest: dict[str, str]) -> None:
    write_text_atomic(path, json.dumps(manifest, indent=1, sort_keys=True))


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


__all__ = ["run_batch", "find_issues", "Outcome"]
