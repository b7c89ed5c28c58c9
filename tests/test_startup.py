"""What a command imports: `--help` and `inspect` load neither the renderers nor libraries
they have no use for (pydantic, rich, WeasyPrint, Pillow, ebooklib, Jinja), and an EPUB
build loads neither WeasyPrint nor an XML library to write its package files. A property
of the code, not of the machine's speed."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .cli_helpers import ROOT

SEED = ROOT / "seeds" / "000_515307324d6a1a31.txt"
HEAVY = {"pydantic", "rich", "weasyprint", "PIL", "ebooklib", "jinja2", "uharfbuzz", "fontTools"}

PROBE = """
import json, sys
{before}
sys.argv = ["edition", *json.loads(sys.argv[1])]
from edition.cli import main
try:
    main()
except SystemExit:
    pass
sys.stdout.flush()
sys.stderr.write(json.dumps({report}))
"""


def probe(*args: object, before: str = "", report: str = "sorted(sys.modules)"):
    """Run the command in a fresh interpreter (after `before`) and return `report`, as JSON."""
    code = PROBE.format(before=before, report=report)
    run = subprocess.run([sys.executable, "-c", code, json.dumps([str(a) for a in args])], capture_output=True,
                         text=True, cwd=ROOT, timeout=300)
    return json.loads(run.stderr.strip().splitlines()[-1])


def loaded(*args: object, full: bool = False) -> set[str]:
    names = set(probe(*args))
    return names if full else {m.split(".")[0] for m in names}


@pytest.mark.parametrize("args", [("--help",), ("inspect", SEED, "--json"), ("inspect", "--help")])
def test_light_commands_load_no_heavy_library(args):
    assert loaded(*args) & HEAVY == set()


def test_epub_build_loads_no_weasyprint_nor_pydantic(tmp_path):
    modules = loaded("build", SEED, "-f", "epub", "-o", tmp_path)
    assert (tmp_path / f"{SEED.stem}.epub").exists()
    assert {"weasyprint", "pydantic", "rich", "ebooklib", "lxml"} & modules == set()


def test_inspect_loads_no_writing_machinery(tmp_path):
    """zipfile and tempfile are for writing outputs, tomllib for an edition.toml (there is none
    beside this copy of the seed)."""
    page = tmp_path / "page.txt"
    page.write_bytes(SEED.read_bytes())
    assert loaded("inspect", page, "--json") & {"zipfile", "tempfile", "tomllib"} == set()


def test_epub_build_loads_no_pdf_checker(tmp_path):
    modules = loaded("build", SEED, "-f", "epub", "-o", tmp_path, full=True)
    assert {"edition.typography", "statistics", "PIL.PngImagePlugin", "PIL.JpegImagePlugin"} & modules == set()


def test_epub_build_reads_its_documents_without_a_tree(tmp_path):
    """The subsetter reads the rendered documents' text with expat alone (roles.py)."""
    modules = loaded("build", SEED, "-f", "epub", "-o", tmp_path, full=True)
    assert (tmp_path / f"{SEED.stem}.epub").exists()
    assert {"xml.etree.ElementTree", "xml.dom"} & modules == set()


RECORD_COMPILES = """
import re._compiler
compiled = []
_compile = re._compiler.compile
def record(p, flags=0):
    compiled.append(p if isinstance(p, str) else "")
    return _compile(p, flags)
re._compiler.compile = record
"""


def test_inspect_compiles_one_pattern_over_the_whole_han_block():
    """A class spanning the Han block makes the regular expression compiler walk its 27,648
    code points (some 1.5 ms a pattern): the byline patterns match folded text instead
    (normalize.HanFolding), and the only pattern compiled in full is normalize's counter of
    wide characters, which reads whole pages (the CJK ones are found from what it leaves),
    once, when first used."""
    from edition.structure.normalize import NOT_WIDE_IN_LINES
    compiled = probe("inspect", SEED, "--json", before=RECORD_COMPILES, report="compiled")
    whole_block = [p for p in compiled if "\\u3400-\\u9fff" in p or "\u3400-\u9fff" in p]
    assert whole_block == [NOT_WIDE_IN_LINES]


def test_pdf_build_loads_no_fonttools_subsetter(tmp_path):
    """WeasyPrint imports fontTools' subsetter and variable-font instancer for fallbacks a
    build with HarfBuzz and static faces does not take (`render/libraries.py`)."""
    modules = loaded("build", SEED, "-f", "pdf", "-o", tmp_path, "--workers", "1", full=True)
    assert (tmp_path / f"{SEED.stem}.pdf").exists()
    assert "weasyprint.pdf.fonts" in modules
    assert {"fontTools.subset", "fontTools.varLib.instancer", "fontTools.varLib"} & modules == set()
