"""`edition doctor` on a machine set up by `make`: every check passes, and a missing font says how to fix it."""
from __future__ import annotations

from tests.cli_helpers import run_edition


def test_doctor_passes_on_a_machine_set_up_by_make():
    p = run_edition("doctor")
    assert p.returncode == 0, p.stdout + p.stderr
    lines = p.stdout.splitlines()
    assert all(line.startswith("ok ") for line in lines), p.stdout
    for what in ("font role headline", "font role body", "font role kai", "libharfbuzz-subset", "Java",
                 "EPUBCheck", "qpdf", "printing condition for --print", "WeasyPrint"):
        assert any(what in line for line in lines), what


def test_doctor_reports_a_missing_font_with_its_package(tmp_path, monkeypatch):
    from edition import doctor
    from edition.render import fonts
    real = fonts._fc_match
    monkeypatch.setattr(fonts, "_fc_match", lambda pattern: ("", 0, "") if "WenKai" in pattern else real(pattern))
    rows = {what: (ok, detail) for ok, what, detail in doctor.checks()}
    ok, detail = rows["font role kai"]
    assert not ok and "fonts-lxgw-wenkai" in detail
    assert rows["font role body"][0]
