"""Bad input and safe output for `edition build`: one clear line, an exit code, no file."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.cli_helpers import ROOT, run_edition

LEAD = "3月1日，区里举行春季植树活动，志愿者种下银杏树苗三百棵。"


def page(tmp_path: Path, text: str = f"植树活动举行\n\n记者 张三\n\n{LEAD}", name: str = "page.txt") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def one_line_error(p: subprocess.CompletedProcess, code: int, needle: str) -> None:
    assert p.returncode == code, (p.returncode, p.stderr)
    assert needle in p.stderr and "Traceback" not in p.stderr
    assert len(p.stderr.strip().splitlines()) == 1, p.stderr


def test_unresolvable_font_role_names_role_and_family_and_leaves_old_output(tmp_path):
    src = page(tmp_path)
    (tmp_path / "edition.toml").write_text('[fonts]\nbody = "No Such Face SC:style=Regular"\n', encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    old = out / "page.epub"
    old.write_bytes(b"the good file from yesterday")
    p = run_edition("build", src, "-o", out, cwd=tmp_path)
    one_line_error(p, 6, "font role 'body' needs the family 'No Such Face SC'")
    assert old.read_bytes() == b"the good file from yesterday"
    assert sorted(x.name for x in out.iterdir()) == ["page.epub"]


def test_workers_out_of_range_is_one_line_and_writes_nothing(tmp_path):
    src = page(tmp_path)
    for bad in ("0", "-1", "x"):
        p = run_edition("build", src, "-f", "pdf", "--workers", bad, "-o", tmp_path / "out", cwd=tmp_path)
        one_line_error(p, 2, "--workers")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_output_directory_that_cannot_be_created(tmp_path):
    src = page(tmp_path)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    p = run_edition("build", src, "-o", blocker / "sub", cwd=tmp_path)
    one_line_error(p, 5, "cannot create the output directory")


def test_output_that_would_overwrite_the_input(tmp_path):
    model = tmp_path / "issue.json"
    model.write_text(run_edition("inspect", page(tmp_path), "--json").stdout, encoding="utf-8")
    renamed = tmp_path / "issue.epub"
    model.rename(renamed)
    p = run_edition("build", renamed, "-o", tmp_path, "--name", "issue", cwd=tmp_path)
    assert p.returncode != 0 and "Traceback" not in p.stderr
    assert renamed.read_text(encoding="utf-8").startswith("{")


def test_invalid_model_names_the_field(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "edition-issue/1", "edition": {"title": "x"}, "pages": [{"number": -1, "items": []}]}')
    p = run_edition("build", bad, "-o", tmp_path / "out", cwd=tmp_path)
    one_line_error(p, 4, "pages[0].number")
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_validate_without_java_says_so(tmp_path):
    env = dict(os.environ, PATH=str(Path(sys.executable).parent))
    epub = tmp_path / "x.epub"
    epub.write_bytes(b"PK\x03\x04")
    p = run_edition("validate", epub, env=env)
    one_line_error(p, 7, "Java is needed")


def test_strict_fails_on_warnings(tmp_path):
    p = run_edition("build", page(tmp_path, f"记者 张三\n\n{LEAD}"), "-o", tmp_path / "o", "--strict", cwd=tmp_path)
    one_line_error(p, 9, "--strict")


def test_odd_but_valid_text_builds_both_formats(tmp_path):
    text = ("植树活动举行 😀\n\n记者 张三\n\n" + LEAD + "繁體字測試，罕见字𠀀𠀁，符号<script>&amp;]]>\x07结束。")
    p = run_edition("build", page(tmp_path, text), "-o", tmp_path / "o", "-f", "all", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert (tmp_path / "o" / "page.epub").is_file() and (tmp_path / "o" / "page.pdf").is_file()
    assert (tmp_path / "o" / "page" / "index.html").is_file()      # -f all includes the web edition
    # 😀 and 𠀀𠀁 are drawn by the fallback faces; only the private-use character has no glyph.
    assert "no glyph" not in p.stdout, p.stdout
    pdf = subprocess.run(["pdftotext", "-enc", "UTF-8", str(tmp_path / "o" / "page.pdf"), "-"],
                         capture_output=True, text=True, check=True).stdout
    assert all(ch in pdf for ch in "😀𠀀𠀁"), pdf


def test_terminated_build_leaves_no_partial_file(tmp_path):
    body = "\n\n".join(f"第{i}段，区里举行春季植树活动，志愿者种下银杏树苗三百棵，大家干劲十足。" * 8 for i in range(300))
    src = page(tmp_path, f"植树活动举行\n\n记者 张三\n\n{body}")
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "edition", "build", str(src), "-o", str(out), "-f", "pdf"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(3)
    assert proc.poll() is None, "the build should still be running"
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=60)
    assert proc.returncode != 0
    assert not out.exists() or list(out.iterdir()) == []


def test_pdf_build_says_how_each_page_was_set_and_which_run_over(tmp_path):
    long_body = "\n\n".join(f"第{i}段，{LEAD}" * 8 for i in range(60))
    src = page(tmp_path, f"植树活动举行\n\n记者 张三\n\n{LEAD}\f社区图书馆开放\n\n记者 李四\n\n{long_body}")
    p = run_edition("build", src, "-o", tmp_path / "out", "-f", "pdf", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    lines = [line.strip() for line in p.stdout.splitlines()]
    first = next(line for line in lines if line.startswith("第1版:"))
    second = next(line for line in lines if line.startswith("第2版:"))
    assert "pt, leading" in first and "runs over" not in first
    assert "runs over onto" in second and "continuation sheet" in second
