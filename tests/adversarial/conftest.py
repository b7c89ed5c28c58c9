"""The adversarial suite's harness: a sandbox folder per case, the CLI run in-process, and
the promises every case checks.

A refused case must exit with its documented code, print exactly one line on stderr and
no traceback, and leave the sandbox as it was (nothing in the output folder, hidden and
temporary files included; nothing written anywhere else). A valid odd case must build,
write only its outputs into the output folder, and carry every character of its input.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from edition import structure_text
from edition.cli import app
from edition.serialize import to_dict

ROOT = Path(__file__).resolve().parents[2]
TEXT = "植树活动举行\n\n记者 张三\n\n3月1日，区里举行春季植树活动，志愿者种下银杏树苗三百棵。\n"


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str
    exception: BaseException | None = None


def snapshot(root: Path) -> dict[str, tuple]:
    """Every path under `root` (hidden ones too) with what identifies its content."""
    found = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            p = Path(dirpath) / name
            st = p.lstat()
            # A folder's mtime changes when a lock file comes and goes; its entries are listed.
            found[str(p.relative_to(root))] = (st.st_mode,) if p.is_dir() and not p.is_symlink() else (
                st.st_mode, st.st_size, st.st_mtime_ns)
    return found


class Sandbox:
    """`root/in` holds the inputs, `root/out` is the output folder, `root/cwd` the working
    directory (empty, so no edition.toml is found unless a case writes one)."""

    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.root, self.inp, self.out, self.cwd = root, root / "in", root / "out", root / "cwd"
        self.inp.mkdir()
        self.cwd.mkdir()
        monkeypatch.chdir(self.cwd)
        monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
        self.before: dict[str, tuple] = {}

    def write(self, name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
        path = self.inp / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            content = content.encode(encoding)
        path.write_bytes(content)
        return path

    def model(self, name: str = "issue.json", data: object = None, raw: str | None = None) -> Path:
        text = raw if raw is not None else json.dumps(data, ensure_ascii=False)
        return self.write(name, text)

    def run(self, *args: object, env: dict[str, str] | None = None) -> Run:
        """The CLI in this process (fast); the sandbox is photographed first."""
        self.before = snapshot(self.root)
        r = CliRunner().invoke(app, [str(a) for a in args], env=env)
        exc = r.exception if r.exception is not None and not isinstance(r.exception, SystemExit) else None
        return Run(r.exit_code, r.stdout, r.stderr, exc)

    def run_process(self, *args: object, env: dict[str, str] | None = None, preexec=None,
                    timeout: float = 120) -> Run:
        """The CLI as a separate process, for what needs one (resource limits, signals)."""
        self.before = snapshot(self.root)
        full_env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
        full_env.update(PYTHONPATH=str(ROOT), **(env or {}))
        p = subprocess.run([sys.executable, "-m", "edition", *map(str, args)], capture_output=True, text=True,
                           cwd=self.cwd, env=full_env, timeout=timeout, preexec_fn=preexec)
        return Run(p.returncode, p.stdout, p.stderr)

    def new_paths(self) -> set[str]:
        after = snapshot(self.root)
        return {p for p in after if after[p] != self.before.get(p)}

    def assert_refused(self, run: Run, code: int, *needles: str) -> str:
        """The documented code, one stderr line, no traceback, nothing left anywhere."""
        assert run.exception is None, f"uncaught {type(run.exception).__name__}: {run.exception}"
        assert "Traceback" not in run.stderr + run.stdout
        lines = run.stderr.splitlines()
        assert len(lines) == 1, run.stderr
        assert run.code == code, (run.code, run.stderr)
        assert lines[0].startswith("edition: error: "), lines[0]
        for needle in needles:
            assert needle in lines[0], (needle, lines[0])
        changed = self.new_paths()
        assert not changed, f"left behind: {sorted(changed)}"
        return lines[0]

    def assert_built(self, run: Run, *names: str, extra: tuple[str, ...] = (), sites: tuple[str, ...] = ()) -> None:
        """Exit 0, no error output, and exactly these files (and web site folders) new in the output folder."""
        assert run.exception is None, f"uncaught {type(run.exception).__name__}: {run.exception}"
        assert run.code == 0, run.stderr
        assert "Traceback" not in run.stderr and "error" not in run.stderr, run.stderr
        expected = {"out"} | {f"out/{n}" for n in names} | set(extra)
        new = {p for p in self.new_paths() if not any(p == f"out/{s}" or p.startswith(f"out/{s}/") for s in sites)}
        assert new <= expected, sorted(new - expected)
        for n in names:
            assert (self.out / n).is_file(), n
        for s in sites:
            assert (self.out / s / "index.html").is_file(), s


@pytest.fixture
def sandbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Sandbox:
    return Sandbox(tmp_path, monkeypatch)


@pytest.fixture(scope="session")
def model_data() -> dict:
    """A valid edition-issue/1 model of TEXT, to mutate."""
    return to_dict(structure_text(TEXT, title="测试报", date="2025-03-13"))


def epub_text(path: Path) -> str:
    from tests.render.epub_helpers import all_text
    return all_text(path)


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
