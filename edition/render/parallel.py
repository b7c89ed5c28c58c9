"""Work done in a process forked from this one, while this one goes on with its own.

A thread does not help a build: the work it could take over (drawing the EPUB's cover with
Pillow, laying out sheets with WeasyPrint) holds the interpreter lock nearly all the time,
so the two threads take turns (an EPUB build with its cover drawn in a thread took as long
as with the cover drawn in line). A forked process runs on another core, but only gains
when that core is free: the PDF's workers, which run for seconds, go by the load average
(`idle_core`); a short job such as the cover goes by what runs at this instant
(`core_free_now`), since forking it when the other core is taken made a one-page EPUB
build slower (1.04x, whole processes, 21 runs each in turn, another job on one core).

`Background(func, *args)` is for one call whose result is bytes: the child computes it
and hands it over through a pipe, and `result()` waits for it. The result is the same
whichever process computed it. When the child fails in any way, `result()` calls the
function in this process, which then raises the error itself, with its own traceback.
"""
from __future__ import annotations

import os
import signal
import sys
from typing import Callable


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def idle_core() -> bool:
    """Whether this process may use two cores and one of them is idle (by the load average)."""
    cores = _cores()
    try:
        busy = os.getloadavg()[0]
    except OSError:
        busy = 0.0
    return cores >= 2 and busy < cores - 0.5


def core_free_now(loadavg: str = "/proc/loadavg") -> bool:
    """Whether a core this process may use is free at this instant: fewer tasks runnable on
    the machine than cores, this process included (Linux counts them in /proc/loadavg)."""
    try:
        with open(loadavg, encoding="ascii") as f:
            running = int(f.read().split()[3].split("/")[0])
    except (OSError, ValueError, IndexError):
        return False
    return running < _cores()


def quiet_child() -> None:
    """A forked worker ends when its parent is done with it: quietly, whatever the parent's
    signal handlers (Ctrl-C is the parent's to handle)."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _may_fork() -> bool:
    """Forking is safe here: Linux (forking a macOS process can break the system frameworks
    it has loaded) and no other thread (whose locks the child would inherit held)."""
    import threading
    return sys.platform.startswith("linux") and threading.active_count() == 1


class Background:
    """`func(*args)`, computed in a forked child when a core is free now, else in this
    process when `result()` asks for it. Use it as a context manager: leaving it ends a child whose
    result was not taken (the build failed meanwhile)."""

    def __init__(self, func: Callable[..., bytes], *args) -> None:
        self._call = (func, args)
        self._pid: int | None = None
        if not (core_free_now() and _may_fork()):
            return
        read, write = os.pipe()
        try:
            pid = os.fork()
        except OSError:               # no process to be had (a limit, memory): this one does it
            os.close(read)
            os.close(write)
            return
        if pid == 0:                  # the child: never returns into the caller's code
            code = 1
            try:
                os.close(read)
                quiet_child()
                data = func(*args)
                with os.fdopen(write, "wb") as pipe:
                    pipe.write(data)
                code = 0
            finally:
                os._exit(code)
        os.close(write)
        self._pid, self._read = pid, read

    def result(self) -> bytes:
        func, args = self._call
        if self._pid is None:
            return func(*args)
        try:
            with os.fdopen(self._read, "rb") as pipe:
                data = pipe.read()
        finally:
            status = self._reap(kill=False)
        # Whatever went wrong in the child (an error, a signal), the call made here raises
        # it as it would have been raised without a child, or succeeds.
        return data if status == 0 else func(*args)

    def _reap(self, kill: bool) -> int:
        pid, self._pid = self._pid, None
        if pid is None:
            return 0
        if kill:
            os.close(self._read)
            os.kill(pid, signal.SIGKILL)
        return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])

    def __enter__(self) -> Background:
        return self

    def __exit__(self, *exc) -> None:
        self._reap(kill=True)
