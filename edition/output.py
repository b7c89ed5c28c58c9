"""Safe output: every file of a build lands complete, inside the output folder, or not at all.

- `atomic_output`: write to a temporary file beside the target, rename into place when
  complete; an interrupted or failing write (exception, Ctrl-C, SIGTERM turned into
  KeyboardInterrupt by the CLI, a full disk) leaves neither a partial file nor a stray
  temporary one, and an existing good file stays as it was.
- `staged_outputs`: the files of one build (EPUB, PDF, a web site's folder) are rendered into a hidden
  staging folder and moved into place together only when all of them are done, so a
  failing PDF does not leave the EPUB of a build that failed.
- `output_lock`: one edition process at a time writes into a folder (the batch manifest
  is read, updated and rewritten under it).
- `safe_file_name`: any text (a title, a --name) → one file name component.
"""
from __future__ import annotations

import contextlib
import errno
import fcntl
import itertools
import os
import re
import shutil
import sys
import unicodedata
from pathlib import Path
from typing import Iterator

from .errors import OutputError, UsageError

LOCK_NAME = ".edition.lock"
# Bytes of a name without its extension: NAME_MAX is 255 bytes, and the temporary names
# (`.NAME.epub.XXXXXXXX.part.raw`) add about 30.
MAX_NAME_BYTES = 150
# Characters that are not portable in file names (Windows, Samba, shells) and controls.
# (A source, compiled by `re` when a name is first made: an inspect makes none.)
_UNSAFE = r'[\x00-\x1f\x7f-\x9f/\\:*?"<>|\ufffe\uffff\ud800-\udfff]+'


def _why(e: OSError) -> str:
    if e.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
        return f"{e.strerror}: the disk is full or a size limit was reached"
    return e.strerror or type(e).__name__


def check_writable(directory: Path) -> None:
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError(f"{directory}: exists and is not a directory") from None
    except OSError as e:
        raise OutputError(f"{directory}: cannot create the output directory ({_why(e)})") from None
    if not os.access(directory, os.W_OK | os.X_OK):
        raise OutputError(f"{directory}: the output directory is not writable")


def safe_file_name(text: str, fallback: str = "issue") -> str:
    """One file name component from any text: no separators, controls or reserved
    characters, no leading dot (hidden files, `..`), at most MAX_NAME_BYTES in UTF-8."""
    name = unicodedata.normalize("NFC", text)
    name = re.sub(_UNSAFE, "-", name.replace("\n", " "))
    name = re.sub(r"\s+", " ", name).strip(" .-")
    encoded = name.encode("utf-8")[:MAX_NAME_BYTES]
    name = encoded.decode("utf-8", errors="ignore").rstrip(" .-")   # never half a character
    return name or fallback


def check_name(name: str) -> str:
    """A --name from the command line: a plain file name, or a usage error."""
    if not name or name != safe_file_name(name, fallback=""):
        raise UsageError(f"--name {name[:60]!r}: give a plain file name (no '/', no leading '.', "
                         f"no control characters, at most {MAX_NAME_BYTES} bytes)")
    return name


def unique_name(preferred: str, used: set[str], alternatives: tuple[str, ...] = ()) -> str:
    """`preferred`, or the first alternative, or `NAME-2`, `NAME-3`, … that no earlier output
    of this run has taken (compared case-insensitively, as some file systems do); the
    chosen name is added to `used`."""
    taken = {u.casefold() for u in used}
    numbered = (f"{preferred}-{n}" for n in itertools.count(2))
    name = next(c for c in itertools.chain((preferred, *alternatives), numbered) if c.casefold() not in taken)
    used.add(name)
    return name


def inside(directory: Path, target: Path) -> bool:
    """True when `target` names a file directly in `directory` ('..' and symlinked folders
    resolved; a symlink at the target itself would be replaced, not followed)."""
    return target.name not in ("", ".", "..") and target.parent.resolve() == directory.resolve()


# `output_name` in edition.toml: literal text and these named fields, nothing else (no
# attribute access or format specs, which str.format would evaluate).
NAME_FIELDS = ("stem", "title", "date", "number")
_FIELD = re.compile(r"\{([^{}]*)\}|\{\{|\}\}|[{}]")


def parse_name_pattern(pattern: str) -> list[tuple[str, str]]:
    """`"{title}-{date}"` → [("field", "title"), ("text", "-"), ("field", "date")];
    `{{` and `}}` are literal braces. Anything else in braces is an OutputError."""
    parts: list[tuple[str, str]] = []
    pos = 0
    for m in _FIELD.finditer(pattern):
        if m.start() > pos:
            parts.append(("text", pattern[pos:m.start()]))
        token = m.group()
        if token in ("{{", "}}"):
            parts.append(("text", token[0]))
        elif m.group(1) in NAME_FIELDS:
            parts.append(("field", m.group(1)))
        else:
            raise OutputError(f"output name pattern {pattern[:80]!r}: {token[:40]!r} is not a field; "
                              "use {stem}, {title}, {date} and {number}")
        pos = m.end()
    if pos < len(pattern):
        parts.append(("text", pattern[pos:]))
    return parts


@contextlib.contextmanager
def atomic_output(target: Path) -> Iterator[Path]:
    """Yield a temporary path to write; it replaces `target` only if the block succeeds."""
    import tempfile     # imported when writing: `inspect` imports this module too
    check_writable(target.parent)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as e:
        raise OutputError(f"{target.parent}: cannot write there ({_why(e)})") from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        try:
            yield tmp
            os.chmod(tmp, 0o644)
            os.replace(tmp, target)
        except OSError as e:
            raise OutputError(f"{target}: cannot write ({_why(e)})") from None
    finally:
        tmp.unlink(missing_ok=True)


@contextlib.contextmanager
def staged_outputs(outdir: Path) -> Iterator[Path]:
    """Yield a hidden staging folder in `outdir`; on success every file in it is moved into
    `outdir`, on failure the folder and everything in it is removed."""
    import tempfile
    check_writable(outdir)
    try:
        staging = Path(tempfile.mkdtemp(prefix=".edition-", suffix=".staging", dir=outdir))
    except OSError as e:
        raise OutputError(f"{outdir}: cannot write there ({_why(e)})") from None
    try:
        try:
            yield staging
        except OutputError as e:     # name the file the user asked for, not its staging place
            raise OutputError(e.message.replace(f"{staging}{os.sep}", f"{outdir}{os.sep}")) from None
        try:
            for path in sorted(staging.iterdir()):
                destination = outdir / path.name
                if path.is_dir() and destination.is_dir() and not destination.is_symlink():
                    # A site folder replaces the last build's: that one is moved into the
                    # staging folder first (removed with it), then the new one into place.
                    os.replace(destination, staging / f".old-{path.name}")
                os.replace(path, destination)
        except OSError as e:
            raise OutputError(f"{outdir}: cannot move the finished files into place ({_why(e)})") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


@contextlib.contextmanager
def output_lock(outdir: Path, waiting: str = "") -> Iterator[None]:
    """Hold the folder's lock (`.edition.lock`, removed on release) while writing into it.

    A second process waits for the first, saying so once on stderr. The lock file is
    unlinked while held; a waiter that then gets a lock on the old, unlinked file notices
    (its inode is no longer the path's) and tries again, so two holders are impossible."""
    created = not outdir.exists()
    check_writable(outdir)
    path = outdir / LOCK_NAME
    told = False
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
        except OSError as e:
            raise OutputError(f"{path}: cannot take the output folder's lock ({_why(e)})") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not told:
                print(waiting or f"edition: waiting for another edition process writing into {outdir}",
                      file=sys.stderr, flush=True)
                told = True
            fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            same = os.fstat(fd).st_ino == os.stat(path, follow_symlinks=False).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            path.unlink()
        os.close(fd)
        if created:      # a run that wrote nothing leaves no empty folder behind
            with contextlib.suppress(OSError):
                outdir.rmdir()


def write_text_atomic(target: Path, text: str) -> None:
    """A small text file (the batch manifest) replaced atomically."""
    with atomic_output(target) as tmp:
        tmp.write_text(text, encoding="utf-8")


# What a zip entry's DOS timestamp holds: 1980-01-01 to 2107-12-31 23:59:58 (two-second steps).
ZIP_EARLIEST = (1980, 1, 1, 0, 0, 0)
ZIP_LATEST = (2107, 12, 31, 23, 59, 58)


def write_zip(entries: dict[str, bytes], target: Path, date_time: tuple[int, int, int, int, int, int],
              first: str = "mimetype") -> None:
    """Write a zip once, with fixed timestamps and a fixed order: `first` stored, uncompressed,
    then the other entries by name, deflated.

    A `date_time` outside what a zip can record is written as the nearest one it can, as
    zipfile does with strict_timestamps=False: SOURCE_DATE_EPOCH may name any day up to the
    year 9999, and the zip's own timestamps are the one place that cannot say it (the EPUB's
    dcterms:modified still does)."""
    date_time = min(max(tuple(date_time), ZIP_EARLIEST), ZIP_LATEST)
    names = [first] + sorted(n for n in entries if n != first) if first in entries else sorted(entries)
    for name in names:
        # Names are ours (documents are named by position), but a zip entry that could
        # leave the folder it is unpacked into is never written.
        if name.startswith("/") or ".." in name.split("/") or "\\" in name:
            raise OutputError(f"refusing to write the unsafe zip entry {name[:80]!r}")
    import zipfile     # imported when writing: `inspect` imports this module too
    with zipfile.ZipFile(target, "w") as zout:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.external_attr = 0o644 << 16
            info.create_system = 3
            info.compress_type = zipfile.ZIP_STORED if name == first else zipfile.ZIP_DEFLATED
            zout.writestr(info, entries[name], compresslevel=9 if name != first else None)
