"""Work handed to a forked process (`render/parallel.py`): the same result as in this
process, the same error when it fails, and no child left behind."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from edition.render import parallel
from edition.render.parallel import Background


@pytest.fixture(params=[True, False], ids=["forked", "in-process"])
def idle(request, monkeypatch):
    monkeypatch.setattr(parallel, "core_free_now", lambda: request.param)
    monkeypatch.setattr(parallel, "_may_fork", lambda: True)
    return request.param


def pid_bytes() -> bytes:
    return str(os.getpid()).encode()


def test_the_result_is_the_function_s_wherever_it_ran(idle):
    with Background(bytes, range(256)) as job:
        forked = job._pid is not None
        assert job.result() == bytes(range(256))
    assert forked == idle
    with Background(pid_bytes) as job:
        ran_in = job.result()
    assert (ran_in != pid_bytes()) == idle


def fail(message: str) -> bytes:
    raise ValueError(message)


def test_a_failure_is_raised_here_as_without_a_child(idle):
    with Background(fail, "no face") as job, pytest.raises(ValueError, match="no face"):
        job.result()


def test_leaving_without_the_result_ends_the_child(monkeypatch):
    monkeypatch.setattr(parallel, "core_free_now", lambda: True)
    monkeypatch.setattr(parallel, "_may_fork", lambda: True)
    with Background(bytes, 10**8) as job:
        pid = job._pid
        assert pid is not None
    with pytest.raises(ChildProcessError):     # reaped: no zombie left
        os.waitpid(pid, os.WNOHANG)


def test_no_fork_while_another_thread_runs():
    import threading
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not parallel._may_fork()
    finally:
        stop.set()
        thread.join()


def test_the_epub_renderer_leaves_pillow_to_the_cover():
    """Pillow is imported where the cover is drawn (a child process when a core is idle),
    not by the renderer's import."""
    probe = "import sys, edition.render.epub; print('PIL' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_no_process_to_be_had_means_this_one_does_it(monkeypatch):
    def refuse():
        raise BlockingIOError(11, "Resource temporarily unavailable")
    monkeypatch.setattr(parallel, "core_free_now", lambda: True)
    monkeypatch.setattr(parallel, "_may_fork", lambda: True)
    monkeypatch.setattr(os, "fork", refuse)
    with Background(pid_bytes) as job:
        assert job._pid is None
        assert job.result() == pid_bytes()


def test_a_core_is_free_only_when_fewer_tasks_run_than_cores(monkeypatch, tmp_path):
    loadavg = tmp_path / "loadavg"
    for running, cores, free in ((1, 2, True), (2, 2, False), (3, 2, False), (1, 1, False)):
        loadavg.write_text(f"0.50 0.40 0.30 {running}/90 1234\n")
        monkeypatch.setattr(parallel, "_cores", lambda: cores)
        assert parallel.core_free_now(str(loadavg)) == free
    assert not parallel.core_free_now(str(tmp_path / "none"))     # not Linux: no fork
