"""Font roles resolved in this process give what the `fc-match` command gives."""
import shutil
import subprocess

import pytest

from edition.render import fonts


def test_fontconfig_is_there():
    """`make` installs fontconfig: its library and its fc-match command (no test skips for it)."""
    assert shutil.which("fc-match") and fonts._fontconfig() is not None


@pytest.mark.parametrize("pattern", ["Noto Sans CJK SC:style=Bold", "Noto Serif CJK SC:style=Regular",
                                     "LXGW WenKai:style=Regular", "No Such Family:style=Bold", ""])
def test_in_process_match_is_fc_match(pattern):
    out = subprocess.run(["fc-match", "-f", "%{file}\n%{index}\n%{family}", pattern],
                         capture_output=True, text=True).stdout.split("\n")
    assert fonts._match_in_process(fonts._fontconfig(), pattern) == fonts._parse_match(out)


def test_build_starts_no_fc_match(monkeypatch):
    """Resolving every role runs no subprocess when the library is there."""
    fonts._fc_match.cache_clear()

    def refuse(*args, **kwargs):
        raise AssertionError(f"subprocess started: {args}")
    monkeypatch.setattr(subprocess, "run", refuse)
    resolved = fonts.resolve_all()
    assert {f.family for f in resolved.values()} == {"Noto Sans CJK SC", "Noto Serif CJK SC", "LXGW WenKai"}
