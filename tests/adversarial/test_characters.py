"""Odd but valid text: every character reaches the EPUB text and the PDF text, or the build
names it (the glyph-coverage line). PDFs take about a second each, so only a few here."""
from __future__ import annotations

import unicodedata

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
    line = next((ln for ln in stdout.splitlines() if "no glyph in the role fonts for:" in ln), "")
    return set(line.split("for:", 1)[1].split("(")[0].strip()) if line else set()


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
