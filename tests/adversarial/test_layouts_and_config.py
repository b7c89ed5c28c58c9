"""Broken layouts, edition.toml files and environment: one line naming the file (and line),
and no output of a build that failed, not even the formats that were finished."""
from __future__ import annotations

import pytest

from tests.adversarial.conftest import TEXT

ARTICLE = "layouts/default/epub/article.xhtml.j2"


def user_layout(sandbox, files: dict[str, str]):
    root = sandbox.root / "mylayout"
    for name, content in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(content, encoding="utf-8")
    return root


TEMPLATES = {
    "syntax error": ({"epub/article.xhtml.j2": "<p>\n{% if %}\n"}, "article.xhtml.j2 line 2"),
    "unclosed block": ({"epub/article.xhtml.j2": "{% for x in y %}\n<p/>\n"}, "article.xhtml.j2 line"),
    "missing include": ({"epub/article.xhtml.j2": "<p/>\n{% include 'nosuch.j2' %}\n"}, "nosuch.j2"),
    "undefined variable": ({"epub/article.xhtml.j2": "<p/>\n<p/>\n{{ nosuch.attr }}\n"}, "article.xhtml.j2 line 3"),
    "division by zero": ({"epub/section.xhtml.j2": "{{ 1 / 0 }}\n"}, "section.xhtml.j2 line 1"),
    "filter on the wrong type": ({"epub/nav.xhtml.j2": "\n{{ pages|join(3)|int + 'x' }}\n"}, "nav.xhtml.j2 line 2"),
    "bad css template": ({"epub/epub.css.j2": "{{ fonts[99] }}\n"}, "epub.css.j2 line 1"),
    "unknown filter": ({"epub/cover.xhtml.j2": "{{ x|nosuchfilter }}\n"}, "cover.xhtml.j2"),
}


@pytest.mark.parametrize("case", sorted(TEMPLATES))
def test_a_broken_template_is_one_line_naming_file_and_line(sandbox, case):
    files, needle = TEMPLATES[case]
    layout = user_layout(sandbox, files)
    run = sandbox.run("build", sandbox.write("a.txt", TEXT), "-o", sandbox.out, "--layout", layout)
    sandbox.assert_refused(run, 11, needle)


TOMLS = {
    "not toml": ("[pdf\ncolumns = 6\n", "line 1"),
    "columns a string": ("[pdf]\n\ncolumns = \"six\"\n", "line 3: [pdf] columns must be a number"),
    "columns zero": ("[pdf]\ncolumns = 0\n", "positive number"),
    "margins too few": ("[pdf]\nmargin_mm = [10, 10]\n", "a list of 4 items"),
    "margins of strings": ("[pdf]\nmargin_mm = ['a', 'b', 'c', 'd']\n", "a list of numbers"),
    "typesetting flat": ("[pdf]\ntypesetting = [10, 1.4]\n", "typesetting"),
    "typesetting empty": ("[pdf]\ntypesetting = []\n", "non-empty"),
    "accent not a colour": ("[epub]\naccent = \"red\"\n", "#rrggbb"),
    "cover size a string": ("[epub]\ncover_size = \"big\"\n", "a list"),
    "not utf-8": ("[epub]\naccent = \"\xff\"\n", "layout.toml"),
}


@pytest.mark.parametrize("case", sorted(TOMLS))
def test_a_broken_layout_toml_is_one_line_naming_file_and_line(sandbox, case):
    content, needle = TOMLS[case]
    layout = sandbox.root / "mylayout"
    layout.mkdir()
    data = content.encode("latin-1") if case == "not utf-8" else content.encode("utf-8")
    (layout / "layout.toml").write_bytes(data)
    run = sandbox.run("build", sandbox.write("a.txt", TEXT), "-o", sandbox.out, "--layout", layout)
    line = sandbox.assert_refused(run, 11, "layout.toml")
    assert needle in line


@pytest.mark.parametrize("layout", ["nosuch", "../layouts", "/nonexistent/layout"])
def test_an_unknown_layout_is_one_line(sandbox, layout):
    run = sandbox.run("build", sandbox.write("a.txt", TEXT), "-o", sandbox.out, "--layout", layout)
    sandbox.assert_refused(run, 11, "not found")


def test_a_layout_file_outside_the_layout_is_refused(sandbox):
    layout = user_layout(sandbox, {"layout.toml": "[pdf]\nprint_profile = \"../../../etc/passwd\"\n"})
    run = sandbox.run("build", sandbox.write("a.txt", TEXT), "-o", sandbox.out, "--layout", layout,
                      "-f", "pdf", "--print")
    sandbox.assert_refused(run, 11, "not inside the layout")


def test_a_failing_pdf_leaves_no_epub_behind(sandbox):
    layout = user_layout(sandbox, {"pdf/module.html.j2": "{% if %}"})
    run = sandbox.run("build", sandbox.write("a.txt", TEXT), "-o", sandbox.out, "--layout", layout, "-f", "all")
    sandbox.assert_refused(run, 11, "module.html.j2 line 1")


def test_a_failing_build_keeps_the_previous_outputs(sandbox):
    path = sandbox.write("a.txt", TEXT)
    assert sandbox.run("build", path, "-o", sandbox.out).code == 0
    good = (sandbox.out / "a.epub").read_bytes()
    layout = user_layout(sandbox, {"epub/article.xhtml.j2": "{{ nosuch }}"})
    sandbox.assert_refused(sandbox.run("build", path, "-o", sandbox.out, "--layout", layout), 11)
    assert (sandbox.out / "a.epub").read_bytes() == good


@pytest.mark.parametrize("epoch", ["99999999999999999999", "253402300800000"])
def test_an_out_of_range_source_date_epoch_is_one_line(sandbox, epoch):
    run = sandbox.run("build", sandbox.write("a.txt", TEXT), "-o", sandbox.out, env={"SOURCE_DATE_EPOCH": epoch})
    sandbox.assert_refused(run, 8, "SOURCE_DATE_EPOCH")


@pytest.mark.parametrize("epoch, modified", [("4354819200", "2108-01-01T00:00:00Z"),
                                             ("253402300799", "9999-12-31T23:59:59Z")])
def test_a_source_date_epoch_past_the_zip_range_builds_an_epub(sandbox, epoch, modified):
    """A zip's timestamps end in 2107 (this once crashed with a struct.error traceback): its
    entries are dated the last day a zip can hold, and the EPUB says the day itself."""
    import zipfile
    run = sandbox.run("build", sandbox.write("a.txt", TEXT), "-o", sandbox.out, "-f", "epub",
                      env={"SOURCE_DATE_EPOCH": epoch})
    sandbox.assert_built(run, "a.epub")
    with zipfile.ZipFile(sandbox.out / "a.epub") as z:
        assert {info.date_time for info in z.infolist()} == {(2107, 12, 31, 23, 59, 58)}
        assert f"<meta property=\"dcterms:modified\">{modified}</meta>" in z.read("EPUB/content.opf").decode()


CONFIGS = {
    "not toml": ("title = \n", "not valid TOML"),
    "unknown key": ("colour = 'red'\n", "unknown key 'colour'"),
    "wrong type": ("title = 3\n", "'title' must be a string"),
    "bool for int": ("pdf_columns = true\n", "pdf_columns"),
    "control character": ("title = \"报\\u001b\"\n", "U+001B"),
    "page name not a string": ("[page_names]\n1 = 2\n", "page_names.1"),
    "fonts not a table": ("fonts = 'x'\n", "'fonts' must be a table"),
    "unknown font role": ("[fonts]\nmono = 'DejaVu Sans Mono'\n", "unknown font role"),
}


@pytest.mark.parametrize("case", sorted(CONFIGS))
def test_a_broken_edition_toml_is_one_line(sandbox, case):
    content, needle = CONFIGS[case]
    (sandbox.cwd / "edition.toml").write_text(content, encoding="utf-8")
    run = sandbox.run("build", sandbox.write("a.txt", TEXT), "-o", sandbox.out)
    sandbox.assert_refused(run, 6 if case == "unknown font role" else 8, needle)


@pytest.mark.parametrize("kind", ["directory", "latin-1", "missing"])
def test_an_unreadable_config_is_one_line(sandbox, kind):
    config = sandbox.root / "edition.toml"
    if kind == "directory":
        config.mkdir()
    elif kind == "latin-1":
        config.write_bytes("title = '\xe9'\n".encode("latin-1"))
    run = sandbox.run("build", sandbox.write("a.txt", TEXT), "-o", sandbox.out, "--config", config)
    sandbox.assert_refused(run, 8, "edition.toml")
