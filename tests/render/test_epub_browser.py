"""The EPUB's documents in a real browser (the session's Chromium, tests/render/conftest.py),
at a phone's width and a tablet's, as a reading system's web view lays them out: nothing
scrolls sideways, running text keeps a readable measure, and every face the pages ask for
is the embedded one and loads."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from edition import read_issue
from edition.render.epub import EpubOptions, render_epub

WIDTHS = (390, 820)
MOST_CHARACTERS_A_LINE = 36     # the measure: epub.css sets the body's max-width in em

LONGEST_LINE_JS = """() => {
  let most = 0;
  for (const p of document.querySelectorAll('p')) {
    if (p.textContent.trim().length < 40) continue;      // only paragraphs that fill lines
    most = Math.max(most, p.getBoundingClientRect().width / parseFloat(getComputedStyle(p).fontSize));
  }
  return most;
}"""


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory, seed_paths) -> Path:
    out = tmp_path_factory.mktemp("epub-browser")
    book = render_epub(read_issue(seed_paths, title="青浦报", date="2025-03-13"), EpubOptions(), out / "issue.epub")
    with zipfile.ZipFile(book) as z:
        z.extractall(out / "book")
    return out / "book" / "EPUB"


@pytest.mark.parametrize("width", WIDTHS)
def test_pages_fit_the_screen_and_keep_a_readable_measure(browser, unpacked, width):
    documents = sorted(unpacked.glob("*.xhtml"))
    assert any(d.stem.startswith("s") for d in documents) and any(d.stem.startswith("page-") for d in documents)
    context = browser.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    try:
        for doc in documents:
            tab.goto(doc.as_uri())
            tab.evaluate("document.fonts.ready")
            assert tab.evaluate("document.documentElement.scrollWidth") <= width, f"{doc.name} scrolls sideways at {width} px"
            longest = tab.evaluate(LONGEST_LINE_JS)
            assert longest <= MOST_CHARACTERS_A_LINE + 0.5, f"{doc.name}: lines {longest:.1f} em long at {width} px"
            # The faces the stylesheet declares are the embedded files, and those in use load.
            faces = tab.evaluate("""async () => {
                await document.fonts.ready;
                return [...document.fonts].map(f => [f.family, f.status]);
            }""")
            used = [(family, status) for family, status in faces if status != "unloaded"]
            assert all(status == "loaded" for _, status in used), f"{doc.name}: {faces}"
    finally:
        context.close()


def test_a_story_at_tablet_width_is_held_to_the_measure(browser, unpacked):
    """At 820 px a paragraph would run to 45 characters without a maximum measure."""
    story = next(d for d in sorted(unpacked.glob("s*.xhtml")))
    context = browser.new_context(viewport={"width": 820, "height": 900})
    tab = context.new_page()
    try:
        tab.goto(story.as_uri())
        longest = tab.evaluate(LONGEST_LINE_JS)
        assert 30 <= longest <= MOST_CHARACTERS_A_LINE + 0.5
    finally:
        context.close()
