import json

import pytest

from tests.cli_helpers import ROOT, run_edition


def test_inspect_json_prints_only_the_model(seed_paths):
    p = run_edition("inspect", seed_paths[0], "--json")
    assert p.returncode == 0, p.stderr
    model = json.loads(p.stdout)
    assert model["format"] == "edition-issue/1" and model["pages"][0]["items"]


def test_inspect_tree_shows_pages_articles_and_warnings(seed_paths):
    p = run_edition("inspect", seed_paths[1])
    assert p.returncode == 0, p.stderr
    assert "第1版" in p.stdout and "记者" in p.stdout and "warnings" in p.stdout and "orphan" in p.stdout


def test_inspect_takes_title_and_date(seed_paths):
    p = run_edition("inspect", seed_paths[0], "--json", "--title", "某某报", "--date", "2025-03-13")
    edition = json.loads(p.stdout)["edition"]
    assert (edition["title"], edition["date"]) == ("某某报", "2025-03-13")


def test_config_next_to_the_input_names_the_paper(seed_paths):
    edition = json.loads(run_edition("inspect", seed_paths[0], "--json").stdout)["edition"]
    assert edition["title"] == "青浦报"


@pytest.mark.parametrize("setup,message,code", [
    (lambda d: d / "missing.txt", "no such file", 3),
    (lambda d: d, "is a directory", 3),
    (lambda d: (d / "e.txt").write_text("  \n") and d / "e.txt", "no text found", 3),
    (lambda d: (d / "p.txt").write_bytes(b"%PDF-1.4 binary") and d / "p.txt", "PDF file", 3),
    (lambda d: (d / "u.txt").write_bytes(b"\xe4\xb8\x80\x80\x81\xfe\xff\x80") and d / "u.txt", "cannot decode", 3),
    (lambda d: (d / "m.json").write_text('{"format": "edition-issue/9", "x": 1}') and d / "m.json",
     "unsupported format", 4),
])
def test_bad_input_is_one_line_and_a_nonzero_exit(tmp_path, setup, message, code):
    p = run_edition("inspect", setup(tmp_path), cwd=tmp_path)
    assert p.returncode == code
    assert message in p.stderr and "Traceback" not in p.stderr
    assert len(p.stderr.strip().splitlines()) == 1


def test_bad_date_is_an_error(seed_paths):
    p = run_edition("inspect", seed_paths[0], "--date", "13.3.2025")
    assert p.returncode == 2 and "YYYY-MM-DD" in p.stderr


def test_python_dash_m_and_console_script_agree(seed_paths):
    import shutil
    import subprocess
    exe = shutil.which("edition") or str(ROOT / ".venv" / "bin" / "edition")
    a = subprocess.run([exe, "inspect", seed_paths[0], "--json"], capture_output=True, text=True)
    assert a.returncode == 0 and a.stdout == run_edition("inspect", seed_paths[0], "--json").stdout


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16", "utf-8-sig"])
def test_seed_in_other_encodings_and_crlf_gives_the_same_model(tmp_path, seed_paths, encoding):
    text = seed_paths[1].read_text(encoding="utf-8").replace("\n", "\r\n")
    other = tmp_path / seed_paths[1].name
    other.write_bytes(text.encode(encoding))
    (tmp_path / "edition.toml").write_bytes((seed_paths[1].parent / "edition.toml").read_bytes())
    a = json.loads(run_edition("inspect", seed_paths[1], "--json", "--title", "x").stdout)
    b = json.loads(run_edition("inspect", other, "--json", "--title", "x").stdout)
    assert a == b


def test_corrected_model_drops_settled_warnings(tmp_path, seed_paths):
    model = json.loads(run_edition("inspect", seed_paths[1], "--json").stdout)
    items = model["pages"][0]["items"]
    orphan = next(i for i in items if i["type"] == "headline")
    article = next(i for i in items if i["type"] == "article" and i["headline_inferred"])
    article.update(headline=orphan["text"], headline_inferred=False)
    items.remove(orphan)
    model["edition"]["date"] = "2025-08-28"
    path = tmp_path / "issue.json"
    path.write_text(json.dumps(model, ensure_ascii=False), encoding="utf-8")
    warnings = json.loads(run_edition("inspect", path, "--json").stdout)["warnings"]
    items_warned = {w["item"] for w in warnings}
    assert orphan["id"] not in items_warned and article["id"] not in items_warned
    assert "date-unknown" not in {w["code"] for w in warnings}
