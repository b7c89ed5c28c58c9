"""Security: item ids, output names and --name never lead outside the output folder or
collide with the package's documents; text from the model is never rich markup."""
from __future__ import annotations

import copy
import zipfile

import pytest

from tests.adversarial.conftest import TEXT, epub_text


def with_id(model_data: dict, ident: object) -> dict:
    data = copy.deepcopy(model_data)
    data["pages"][0]["items"][0]["id"] = ident
    return data


@pytest.mark.parametrize("ident", [
    "../../../../evil", "/etc/passwd", "a/b", "a\\b", "", " ", "a b", "x" * 65, "-x", "_x", "p1\n",
    "é", "a.xhtml", "..", "[/]", "p1\u0000", 5, None, ["p1"],
])
def test_an_id_outside_the_pattern_is_refused(sandbox, model_data, ident):
    path = sandbox.model(data=with_id(model_data, ident))
    sandbox.assert_refused(sandbox.run("build", path, "-o", sandbox.out), 4, "items[0].id")


def test_a_duplicate_id_is_refused(sandbox, model_data):
    data = copy.deepcopy(model_data)
    data["pages"].append({"number": 2, "name": None, "items": [dict(data["pages"][0]["items"][0])]})
    path = sandbox.model(data=data)
    sandbox.assert_refused(sandbox.run("build", path, "-o", sandbox.out), 4, "duplicate id")


def test_ids_named_like_package_documents_collide_with_nothing(sandbox, model_data):
    data = copy.deepcopy(model_data)
    article = data["pages"][0]["items"][0]
    names = ["contents", "nav", "page-2", "cover", "toc", "style", "cover-page", "s001"]
    data["pages"] = [{"number": n, "name": None, "items": [dict(article, id=ident, headline=f"标题{ident}")]}
                     for n, ident in enumerate(names, 1)]
    path = sandbox.model(data=data)
    run = sandbox.run("build", path, "-o", sandbox.out)
    sandbox.assert_built(run, "issue.epub")
    with zipfile.ZipFile(sandbox.out / "issue.epub") as z:
        entries = z.namelist()
    assert len(entries) == len(set(entries))
    assert all(".." not in e.split("/") and not e.startswith("/") for e in entries)
    text = epub_text(sandbox.out / "issue.epub")
    for ident in names:
        assert f"标题{ident}" in text


@pytest.mark.parametrize("pattern", [
    "{title.__class__.__mro__[1].__subclasses__}", "{title:>100000000000}", "{0}", "{}", "{title",
    "title}", "{title!r}", "{stem[0]}", "{nosuch}",
])
def test_an_output_name_pattern_with_more_than_named_fields_is_refused(sandbox, pattern):
    (sandbox.cwd / "edition.toml").write_text(f"output_name = '{pattern}'\n", encoding="utf-8")
    path = sandbox.write("a.txt", TEXT)
    run = sandbox.run("build", path, "-o", sandbox.out)
    sandbox.assert_refused(run, 8, "output_name")


@pytest.mark.parametrize("pattern,title,expected", [
    ("../../{title}", "测试报", "测试报.epub"),
    ("/etc/{title}", "测试报", "etc-测试报.epub"),
    ("{title}-{date}", "a/../b", "a-..-b-2025-03-13.epub"),
    ("{title}", "..", "a.epub"),
    ("{title}", "/", "a.epub"),
    ("{title}", ".hidden", "hidden.epub"),
    ("{{{title}}}", "报", "{报}.epub"),
    ("{title}", "标" * 120, "标" * 50 + ".epub"),
])
def test_output_names_stay_plain_names_inside_the_output_folder(sandbox, pattern, title, expected):
    (sandbox.cwd / "edition.toml").write_text(f"output_name = '{pattern}'\n", encoding="utf-8")
    path = sandbox.write("a.txt", TEXT)
    run = sandbox.run("build", path, "-o", sandbox.out, "--title", title, "--date", "2025-03-13")
    sandbox.assert_built(run, expected)


@pytest.mark.parametrize("name", ["../escaped", "ABS", ".hidden", "", "a/b", "x" * 200, "a\u001bb", "..", "-"])
def test_a_name_that_is_not_a_plain_file_name_is_refused(sandbox, name):
    path = sandbox.write("a.txt", TEXT)
    name = str(sandbox.root / "abs") if name == "ABS" else name
    sandbox.assert_refused(sandbox.run("build", path, "-o", sandbox.out, "--name", name), 2, "--name")


def test_a_symlink_where_an_output_goes_is_replaced_not_followed(sandbox):
    outside = sandbox.root / "outside.epub"
    outside.write_bytes(b"precious")
    sandbox.out.mkdir()
    (sandbox.out / "a.epub").symlink_to(outside)
    run = sandbox.run("build", sandbox.write("a.txt", TEXT), "-o", sandbox.out)
    sandbox.assert_built(run, "a.epub")
    assert outside.read_bytes() == b"precious" and not (sandbox.out / "a.epub").is_symlink()


MARKUP = ["[/]", "[bold]x[/bold]", "[red", "\\", "[link=file:///etc/passwd]x[/link]"]


@pytest.mark.parametrize("markup", MARKUP)
def test_model_text_reaches_the_terminal_as_text(sandbox, model_data, markup):
    data = copy.deepcopy(model_data)
    data["edition"]["title"] = markup
    data["pages"][0]["name"] = markup
    data["warnings"] = [{"code": markup, "page": 1, "item": data["pages"][0]["items"][0]["id"], "message": markup}]
    run = sandbox.run("inspect", sandbox.model(data=data))
    assert run.code == 0 and run.exception is None, (run.stderr, run.exception)
    assert run.stdout.count(markup) >= 3


def test_a_failing_batch_issue_with_markup_in_its_name_is_reported(sandbox):
    sandbox.write("batch/[red]x[/].txt", b"")
    sandbox.write("batch/ok.txt", TEXT)
    run = sandbox.run("batch", sandbox.inp / "batch", "-o", sandbox.out, "--jobs", "1")
    assert run.exception is None and run.code == 1, run.stderr
    assert "[red]x[/]" in run.stderr and "Traceback" not in run.stderr
    assert (sandbox.out / "ok.epub").is_file()


def test_a_failing_batch_issue_is_reported_on_one_line_however_long_its_name(sandbox):
    name = "第" + "很长的文件名" * 8 + "[red]x"
    sandbox.write(f"batch/{name}.txt", b"")
    sandbox.write("batch/ok.txt", TEXT)
    run = sandbox.run("batch", sandbox.inp / "batch", "-o", sandbox.out, "--jobs", "1")
    assert run.code == 1
    assert any(name in line and "failed" in line for line in run.stderr.splitlines()), run.stderr
