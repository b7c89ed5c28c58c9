"""Odd but valid text: every character reaches the EPUB text and the PDF text, or the build
names it (the glyph-coverage line). PDFs take about a second each, so only a few here."""
from __future__ import annotations

import subprocess
import unicodedata
from pathlib import Path

import pytest

from tests.adversarial.conftest import epub_text, pdf_text

BODY = "记者 张三\n\n3月1日，区里举行春季植树活动，{odd}志愿者种下银杏树苗三百棵。\n"
CASES = {
    "emoji": "🙂👩‍👩‍👧🇨🇳",
    "extension b": "𪚥𠀀𠮷",
    "combining and rtl": "é\u0301ñ\u05d0\u0627\u0628",
    "markup": "<b>&amp;]]>{{x}}{% if %}[/]",
    "fullwidth and rare punctuation": "Ａ１〃〆〇※§¶",
    "private use and symbols": "\ue000☃♬",
}


def shown(text: str) -> set[str]:
    """The characters that should be visible: not spaces, not joiners or selectors."""
    return {c for c in text if not c.isspace() and unicodedata.category(c) not in ("Cf", "Mn")}


def named_as_missing(stdout: str) -> set[str]:
    """The characters of the glyph-coverage line (`… for: 𪚥 U+2A6A5,  U+E000 (…)`), by code point."""
    import re
    line = next((ln for ln in stdout.splitlines() if "no glyph in the role fonts or their fallbacks for:" in ln), "")
    return {chr(int(h, 16)) for h in re.findall(r"U\+([0-9A-F]{4,6})", line)}


@pytest.mark.parametrize("case", sorted(CASES))
def test_odd_characters_reach_the_epub(sandbox, case):
    odd = CASES[case]
    run = sandbox.run("build", sandbox.write("a.txt", BODY.format(odd=odd)), "-o", sandbox.out)
    sandbox.assert_built(run, "a.epub")
    missing = shown(odd) - set(epub_text(sandbox.out / "a.epub"))
    assert not missing, missing


@pytest.mark.parametrize("case", ["emoji", "extension b", "markup"])
def test_odd_characters_reach_the_pdf_or_are_named(sandbox, case):
    odd = CASES[case]
    run = sandbox.run("build", sandbox.write("a.txt", BODY.format(odd=odd)), "-o", sandbox.out, "-f", "all")
    sandbox.assert_built(run, "a.epub", "a.pdf", sites=("a",))
    missing = shown(odd) - set(pdf_text(sandbox.out / "a.pdf")) - named_as_missing(run.stdout)
    assert not missing, (missing, run.stdout)


def test_gb18030_four_byte_characters_are_decoded_and_kept(sandbox):
    odd = CASES["extension b"] + "🙂"
    path = sandbox.write("a.txt", BODY.format(odd=odd), encoding="gb18030")
    assert path.read_bytes().decode("gb18030") == BODY.format(odd=odd)
    run = sandbox.run("build", path, "-o", sandbox.out, "-f", "all")
    sandbox.assert_built(run, "a.epub", "a.pdf", sites=("a",))
    assert not shown(odd) - set(epub_text(sandbox.out / "a.epub"))
    assert not shown(odd) - set(pdf_text(sandbox.out / "a.pdf")) - named_as_missing(run.stdout)


def test_ids_named_like_pdf_anchors_keep_every_story_in_the_pdf(sandbox, model_data):
    import copy
    import json
    data = copy.deepcopy(model_data)
    story = data["pages"][0]["items"][0]
    data["pages"] = [{"number": n, "name": None, "items": [dict(story, id=ident, headline=f"标题{n}号")]}
                     for n, ident in enumerate(["page-2", "measure-0", "page-1-cont2", "s001"], 1)]
    path = sandbox.model(raw=json.dumps(data, ensure_ascii=False))
    run = sandbox.run("build", path, "-o", sandbox.out, "-f", "pdf")
    sandbox.assert_built(run, "issue.pdf")
    text = pdf_text(sandbox.out / "issue.pdf")
    for n in range(1, 5):
        assert f"标题{n}号" in text


# --- fallback faces (fonts/roles.toml): emoji and CJK Extension B print, from any encoding ----

PRINTED = "🙂𪚥𠮷"
TITLED = "植树活动举行\n\n" + BODY       # no structure warning, so --strict is about glyphs only


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_emoji_and_extension_b_are_printed_and_in_the_pdf_text(sandbox, encoding):
    text = TITLED.format(odd=PRINTED)
    path = sandbox.write("a.txt", text, encoding=encoding)
    if encoding == "gb18030":     # four-byte sequences, not UTF-8
        assert "𪚥".encode("gb18030") in path.read_bytes() and len("𪚥".encode("gb18030")) == 4
    run = sandbox.run("build", path, "-o", sandbox.out, "-f", "all", "--date", "2025-03-01", "--strict")
    sandbox.assert_built(run, "a.epub", "a.pdf", sites=("a",))
    assert "no glyph" not in run.stdout, run.stdout
    text = pdf_text(sandbox.out / "a.pdf")
    for ch in PRINTED:          # each its own glyph, not one shared .notdef mapping
        assert ch in text, (ch, text)
    fonts = subprocess.run(["pdffonts", str(sandbox.out / "a.pdf")], capture_output=True, text=True).stdout
    assert "HanaMinB" in fonts and "Symbola" in fonts, fonts


def test_a_character_no_face_has_is_named_and_fails_strict(sandbox):
    path = sandbox.write("a.txt", TITLED.format(odd="\ue000🙂"))
    strict = sandbox.run("build", path, "-o", sandbox.out, "-f", "pdf", "--date", "2025-03-01", "--strict")
    line = sandbox.assert_refused(strict, 9, "U+E000", "--strict")     # nothing written
    assert "🙂" not in line
    run = sandbox.run("build", path, "-o", sandbox.out, "-f", "pdf", "--date", "2025-03-01")
    sandbox.assert_built(run, "a.pdf")
    assert named_as_missing(run.stdout) == {"\ue000"}, run.stdout
    assert "🙂" in pdf_text(sandbox.out / "a.pdf")


def test_every_role_has_an_installed_fallback_chain():
    from edition.render.fonts import fallback_packages, load_roles, resolve_fallback
    roles = load_roles({"body": "Some Paper Song:style=Regular"})
    for role in roles.values():
        assert role.fallback, role.role          # a paper's own face keeps the chain
        for family in role.fallback:
            assert family in fallback_packages()
            assert resolve_fallback(family) is not None, family
    makefile = (Path(__file__).parents[2] / "Makefile").read_text(encoding="utf-8")
    apt = next(ln for ln in makefile.splitlines() if ln.startswith("APT_PACKAGES"))
    assert set(fallback_packages().values()) <= set(apt.split())
