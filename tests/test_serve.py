"""`edition serve`: a folder over HTTP with the standard library's server."""
from __future__ import annotations

import re
import subprocess
import sys
import urllib.request


def test_serve_answers_with_the_site(tmp_path):
    site = tmp_path / "issue"
    site.mkdir()
    (site / "index.html").write_text("<!DOCTYPE html><html lang=\"zh-CN\"><title>版面导航</title></html>", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "edition", "serve", str(tmp_path), "--port", "0"],
                            stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stderr.readline()
        url = re.search(r"http://\S+/", line).group(0)
        assert url.endswith("/issue/")
        with urllib.request.urlopen(url + "index.html", timeout=30) as r:
            assert "版面导航" in r.read().decode("utf-8")
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_serve_refuses_a_missing_folder(tmp_path):
    run = subprocess.run([sys.executable, "-m", "edition", "serve", str(tmp_path / "nope")],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 3 and run.stderr.startswith("edition: error:")
