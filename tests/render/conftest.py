"""Fixtures of the web edition's browser tests: one Chromium for the whole session (Debian's
/usr/bin/chromium driven by Playwright, no browser download), a two-page issue's site and a
two-issue archive built once."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from edition import read_issue
from edition.batch import run_batch
from edition.render import pdf as pdf_renderer
from edition.render import web

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARCHIVE_DATES = ("2025-03-13", "2025-04-02")


@pytest.fixture(scope="session")
def browser():
    from playwright import sync_api     # a test dependency: missing, the tests fail, never skip
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture(scope="session")
def site(tmp_path_factory, seed_paths) -> Path:
    """The web edition of both seeds as one issue: two pages, a guide box and jumps."""
    out = tmp_path_factory.mktemp("web-browser")
    issue = read_issue(seed_paths, title="青浦报", date="2025-03-13")
    pdf = pdf_renderer.render(issue, pdf_renderer.PdfOptions(), out / "issue.pdf")
    return web.render(issue, web.WebOptions(), out / "issue", {"pdf": pdf}).files[0]


def batch_web(indir: Path, out: Path):
    return run_batch(indir, out, ("web",), 2, None, None, lambda *_: None)


@pytest.fixture(scope="session")
def archive(tmp_path_factory, seed_paths) -> Path:
    """Two issues, their dates in their names; OUT/ after one `batch -f web`."""
    root = tmp_path_factory.mktemp("archive")
    indir, out = root / "in", root / "out"
    indir.mkdir()
    for seed, date in zip(seed_paths, ARCHIVE_DATES):
        shutil.copy(seed, indir / f"{date}.txt")
    assert all(o.ok for o in batch_web(indir, out))
    return out
