"""Look inside a PDF with the poppler and qpdf tools, as a printer's preflight would."""
from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path


def run(*cmd: str) -> subprocess.CompletedProcess:
    return subprocess.run(list(map(str, cmd)), capture_output=True, text=True, timeout=300)


def text(pdf: Path) -> str:
    return run("pdftotext", "-enc", "UTF-8", pdf, "-").stdout


def fonts(pdf: Path) -> list[dict[str, str]]:
    rows = run("pdffonts", pdf).stdout.splitlines()[2:]
    out = []
    for row in rows:
        parts = row.split()
        # name type... encoding emb sub uni object ID
        out.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4]})
    return out


def info(pdf: Path) -> dict[str, str]:
    lines = run("pdfinfo", "-box", pdf).stdout.splitlines()
    return {k.strip(): v.strip() for k, _, v in (l.partition(":") for l in lines)}


def qpdf_json(pdf: Path, key: str) -> dict:
    return json.loads(run("qpdf", "--json", f"--json-key={key}", pdf).stdout)


def outline_titles(pdf: Path) -> list[str]:
    titles = []

    def walk(items):
        for it in items:
            titles.append(it["title"])
            walk(it["kids"])
    walk(qpdf_json(pdf, "outlines")["outlines"])
    return titles


def link_count(pdf: Path) -> int:
    plain = pdf.with_suffix(".qdf.pdf")
    run("qpdf", "--qdf", "--object-streams=disable", pdf, plain)
    return plain.read_bytes().count(b"/Subtype /Link")


def cjk(s: str) -> set[str]:
    return set(re.findall(r"[\u3400-\u9fff]", s))
