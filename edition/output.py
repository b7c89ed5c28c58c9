"""Safe output: write to a temporary file beside the target, rename into place when complete.

An interrupted build (exception, Ctrl-C, SIGTERM turned into SystemExit by the CLI) leaves
neither a partial file nor a stray temporary one, and an existing good file stays as it was.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
import zipfile
from pathlib import Path
from typing import Iterator

from .errors import OutputError


def check_writable(directory: Path) -> None:
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputError(f"{directory}: cannot create the output directory ({e.strerror})") from None
    if not os.access(directory, os.W_OK | os.X_OK):
        raise OutputError(f"{directory}: the output directory is not writable")


@contextlib.contextmanager
def atomic_output(target: Path) -> Iterator[Path]:
    """Yield a temporary path to write; it replaces `target` only if the block succeeds."""
    check_writable(target.parent)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def repack_zip(source: Path, target: Path, date_time: tuple[int, int, int, int, int, int],
               first: str = "mimetype") -> None:
    """Rewrite a zip with fixed timestamps and a fixed order (`first` stored, uncompressed)."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        names = zin.namelist()
        ordered = [first] + sorted(n for n in names if n != first) if first in names else sorted(names)
        for name in ordered:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.external_attr = 0o644 << 16
            info.create_system = 3
            info.compress_type = zipfile.ZIP_STORED if name == first else zipfile.ZIP_DEFLATED
            zout.writestr(info, zin.read(name), compresslevel=9 if name != first else None)
