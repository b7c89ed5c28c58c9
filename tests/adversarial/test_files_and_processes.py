"""The file system and other processes: full disks, pipes and devices as inputs, name
collisions, two runs into one folder, unwritable places, wrong command lines."""
from __future__ import annotations

import errno
import fcntl
import json
import os
import resource
import subprocess
import sys

import pytest

from edition.batch import MANIFEST
from edition.output import LOCK_NAME
from tests.adversarial.conftest import ROOT, TEXT


def limit_file_size(limit: int):
    """For preexec_fn: writes beyond `limit` bytes fail with EFBIG, as on a full disk
    (Python ignores SIGXFSZ, so the write fails instead of killing the process)."""
    return lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


@pytest.mark.parametrize("limit", [0, 20_000])
def test_a_full_disk_while_writing_the_epub_is_one_line_and_leaves_nothing(sandbox, limit):
    path = sandbox.write("a.txt", TEXT)
    run = sandbox.run_process("build", path, "-o", sandbox.out, preexec=limit_file_size(limit))
    sandbox.assert_refused(run, 5, "disk is full")


def test_a_full_disk_while_writing_the_batch_manifest_is_one_line(sandbox):
    sandbox.write("batch/a.txt", TEXT)
    run = sandbox.run_process("batch", sandbox.inp / "batch", "-o", sandbox.out, "--jobs", "1",
                              preexec=limit_file_size(0))
    sandbox.assert_refused(run, 5, ".edition-manifest.json", "disk is full")


def test_an_unwritable_output_folder_is_one_line(sandbox, monkeypatch):
    import tempfile

    def refuse(*args, **kwargs):      # root writes anywhere, so the refusal is simulated
        raise PermissionError(errno.EACCES, "Permission denied")
    sandbox.out.mkdir()
    sandbox.before = {}
    monkeypatch.setattr(tempfile, "mkdtemp", refuse)
    run = sandbox.run("build", sandbox.write("a.txt", TEXT), "-o", sandbox.out)
    sandbox.assert_refused(run, 5, "Permission denied")


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "sparse", "directory", "missing", "socket-like", "pdf"])
def test_inputs_that_are_not_page_text_files_are_refused(sandbox, kind):
    path = sandbox.inp / "page.txt"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "dev-zero":
        path.symlink_to("/dev/zero")
    elif kind == "sparse":
        with path.open("wb") as f:
            f.truncate(65 * 1024 * 1024)
    elif kind == "directory":
        path.mkdir()
    elif kind == "socket-like":
        path.symlink_to("/dev/null")
    elif kind == "pdf":
        path.write_bytes(b"%PDF-1.7\n...")
    needle = {"fifo": "not a regular file", "dev-zero": "not a regular file", "sparse": "64 MB",
              "directory": "is a directory", "missing": "no such file", "socket-like": "not a regular file",
              "pdf": "a PDF file"}[kind]
    sandbox.assert_refused(sandbox.run("build", path, "-o", sandbox.out), 3, needle)


def test_a_model_file_over_the_size_limit_is_refused(sandbox):
    path = sandbox.inp / "issue.json"
    with path.open("wb") as f:
        f.write(b'{"format": "edition-issue/1"')
        f.truncate(64 * 1024 * 1024 + 1)
    sandbox.assert_refused(sandbox.run("build", path, "-o", sandbox.out), 3, "64 MB")


def test_batch_names_that_collide_are_made_unique_and_said(sandbox, model_data):
    folder = sandbox.inp / "batch"
    sandbox.write("batch/a.txt", TEXT.replace("植树", "种树"))
    sandbox.write("batch/a.json", json.dumps(model_data, ensure_ascii=False))
    sandbox.write("batch/a/1.txt", TEXT.replace("植树", "栽树"))
    sandbox.write("batch/A.TXT", TEXT.replace("植树", "护树"))
    run = sandbox.run("batch", folder, "-o", sandbox.out, "--jobs", "1")
    assert run.code == 0 and run.exception is None, run.stderr
    epubs = sorted(p.name for p in sandbox.out.glob("*.epub"))
    assert len(epubs) == 4, epubs
    assert "a.epub" in epubs and "note:" in run.stdout
    from tests.adversarial.conftest import epub_text
    texts = "".join(epub_text(sandbox.out / e) for e in epubs)
    for word in ("种树", "植树", "栽树", "护树"):
        assert word in texts
    manifest = json.loads((sandbox.out / MANIFEST).read_text(encoding="utf-8"))
    assert sorted(manifest) == sorted(e.removesuffix(".epub") for e in epubs)


def test_build_each_with_the_same_file_name_in_two_folders_keeps_both(sandbox):
    mon = sandbox.write("mon/page.txt", TEXT.replace("植树", "周一"))
    tue = sandbox.write("tue/page.txt", TEXT.replace("植树", "周二"))
    run = sandbox.run("build", "--each", mon, tue, "-o", sandbox.out)
    sandbox.assert_built(run, "page.epub", "tue-page.epub")
    assert "named tue-page" in run.stdout


def test_build_each_with_one_output_name_pattern_numbers_the_rest(sandbox):
    (sandbox.cwd / "edition.toml").write_text("output_name = '{title}'\ntitle = '测试报'\n", encoding="utf-8")
    paths = [sandbox.write(f"{n}.txt", TEXT.replace("植树", f"第{n}")) for n in range(3)]
    run = sandbox.run("build", "--each", *paths, "-o", sandbox.out)
    sandbox.assert_built(run, "测试报.epub", "in-测试报.epub", "测试报-2.epub")


def test_a_second_build_into_a_locked_folder_waits_for_the_first(sandbox):
    sandbox.out.mkdir()
    lock = sandbox.out / LOCK_NAME
    fd = os.open(lock, os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "edition", "build", sandbox.write("a.txt", TEXT), "-o",
                             sandbox.out], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=sandbox.cwd, env=env)
    try:
        assert "waiting for another edition process" in proc.stderr.readline()
        assert not (sandbox.out / "a.epub").exists()
    finally:
        os.unlink(lock)        # as the holder does when it is done
        os.close(fd)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert (sandbox.out / "a.epub").is_file() and not lock.exists()


def test_two_batches_into_one_folder_keep_the_manifest_whole(sandbox):
    for n in range(4):
        sandbox.write(f"one/a{n}.txt", TEXT)
        sandbox.write(f"two/b{n}.txt", TEXT)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    procs = [subprocess.Popen([sys.executable, "-m", "edition", "batch", sandbox.inp / name, "-o", sandbox.out,
                               "--jobs", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              cwd=sandbox.cwd, env=env) for name in ("one", "two")]
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0 and "Traceback" not in err, err
    manifest = json.loads((sandbox.out / MANIFEST).read_text(encoding="utf-8"))
    assert sorted(manifest) == [f"a{n}" for n in range(4)] + [f"b{n}" for n in range(4)]
    assert not [p for p in os.listdir(sandbox.out) if p.startswith(".") and p != MANIFEST]


@pytest.mark.parametrize("kind", ["directory", "symlink"])
def test_a_manifest_that_is_not_a_file_is_one_line(sandbox, kind):
    sandbox.out.mkdir()
    if kind == "directory":
        (sandbox.out / MANIFEST).mkdir()
    else:
        (sandbox.out / MANIFEST).symlink_to(sandbox.root / "elsewhere.json")
    sandbox.write("batch/a.txt", TEXT)
    run = sandbox.run("batch", sandbox.inp / "batch", "-o", sandbox.out, "--jobs", "1")
    sandbox.assert_refused(run, 5, "manifest")


@pytest.mark.parametrize("content", ["[1, 2]", "{not json", '{"a": 5}', ""])
def test_a_damaged_manifest_means_a_rebuild(sandbox, content):
    sandbox.out.mkdir()
    (sandbox.out / MANIFEST).write_text(content, encoding="utf-8")
    sandbox.write("batch/a.txt", TEXT)
    run = sandbox.run("batch", sandbox.inp / "batch", "-o", sandbox.out, "--jobs", "1")
    assert run.code == 0 and run.exception is None, run.stderr
    assert json.loads((sandbox.out / MANIFEST).read_text(encoding="utf-8")).keys() == {"a"}


@pytest.mark.parametrize("where", ["file", "under a file"])
def test_an_output_folder_that_cannot_be_one_is_one_line(sandbox, where):
    blocker = sandbox.root / "blocker"
    blocker.write_text("x", encoding="utf-8")
    outdir = blocker if where == "file" else blocker / "out"
    run = sandbox.run("build", sandbox.write("a.txt", TEXT), "-o", outdir)
    sandbox.assert_refused(run, 5, "blocker")


def test_an_output_that_would_overwrite_its_input_is_refused(sandbox):
    path = sandbox.write("x.epub", TEXT)        # page text, oddly named
    run = sandbox.run("build", path, "-o", sandbox.inp)
    sandbox.assert_refused(run, 5, "overwrite an input")
    assert path.read_text(encoding="utf-8") == TEXT


@pytest.mark.parametrize("args,needle", [
    (["build", "a.txt", "--frob"], "No such option: --frob"),
    (["build"], "Missing argument"),
    (["build", "a.txt", "-f", "docx"], "unknown format"),
    (["build", "a.txt", "-o"], "requires an argument"),
    (["bogus"], "No such command"),
    (["batch", "in", "--jobs", "many"], "--jobs"),
    (["inspect"], "Missing argument"),
    (["validate"], "Missing argument"),
])
def test_a_wrong_command_line_is_one_line_with_a_hint(sandbox, args, needle):
    sandbox.write("a.txt", TEXT)
    run = sandbox.run(*args)
    line = sandbox.assert_refused(run, 2, needle)
    assert "--help" in line


def test_a_closed_pipe_ends_quietly(sandbox):
    path = sandbox.write("a.txt", TEXT * 200)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    p = subprocess.Popen([sys.executable, "-m", "edition", "inspect", path, "--json"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, cwd=sandbox.cwd, env=env)
    p.stdout.close()
    err = p.stderr.read().decode()
    p.wait(timeout=60)
    assert "Traceback" not in err and p.returncode in (0, 141), (p.returncode, err)


@pytest.mark.parametrize("what", ["missing", "text"])
def test_validate_of_what_is_not_an_epub_is_one_line(sandbox, what):
    path = sandbox.root / "x.epub" if what == "missing" else sandbox.inp / "x"
    if what == "text":
        path.mkdir()
    run = sandbox.run("validate", path)
    sandbox.assert_refused(run, 3, "no such file")
