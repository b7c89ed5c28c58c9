import pytest

from edition.config import parse_config
from edition.errors import ConfigError
from tests.cli_helpers import run_edition


def test_unknown_key_and_wrong_type_name_the_key(tmp_path):
    with pytest.raises(ConfigError, match="unknown key 'titel'"):
        parse_config({"titel": "报"})
    with pytest.raises(ConfigError, match="'pdf_columns' must be an integer"):
        parse_config({"pdf_columns": "6"})


def test_config_in_current_directory_wins_and_names_pages(tmp_path, seed_paths):
    (tmp_path / "edition.toml").write_text('title = "某某日报"\n[page_names]\n1 = "头版"\n', encoding="utf-8")
    p = run_edition("inspect", seed_paths[0], "--json", cwd=tmp_path)
    assert '"title": "某某日报"' in p.stdout and '"name": "头版"' in p.stdout


def test_bad_config_is_one_line(tmp_path, seed_paths):
    (tmp_path / "edition.toml").write_text('colour = "red"\n', encoding="utf-8")
    p = run_edition("inspect", seed_paths[0], cwd=tmp_path)
    assert p.returncode == 8 and "unknown key 'colour'" in p.stderr and "Traceback" not in p.stderr
