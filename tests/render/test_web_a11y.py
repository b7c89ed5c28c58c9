"""Accessibility of the web edition: axe-core (the copy that the PyPI package
axe-playwright-python ships) run in the session's headless Chromium on the archive front, an
issue front, a sheet page and a story page, at phone and desktop width: no violation of
impact serious or critical."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.render.conftest import ARCHIVE_DATES

BLOCKING = {"serious", "critical"}


def _axe(tab) -> dict:
    from axe_playwright_python.sync_playwright import Axe    # a test dependency: missing, the test fails
    return Axe().run(tab).response


def _blocking(response: dict) -> list[str]:
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]} {v['help']}"
            for v in response["violations"] if v["impact"] in BLOCKING]


def _story_with_jumps(site: Path) -> str:
    return next(p.name for p in sorted(site.glob("s*.html"))
                if 'class="jump jump-to"><a' in p.read_text(encoding="utf-8"))


@pytest.mark.parametrize("width", [390, 1280])
def test_no_serious_or_critical_violations(browser, site, archive, width):
    issue = archive / ARCHIVE_DATES[0]
    pages = {
        "archive front": (archive / "index.html").as_uri(),
        "issue front": (issue / "index.html").as_uri(),
        "sheet": (site / "page-1.html").as_uri(),
        "sheet, a story highlighted": (site / "page-1.html").as_uri() + "#s003",
        "story": (site / _story_with_jumps(site)).as_uri(),
    }
    context = browser.new_context(viewport={"width": width, "height": 900})
    found = {}
    for what, url in pages.items():
        tab = context.new_page()
        tab.goto(url)
        response = _axe(tab)
        assert response["passes"], f"{what}: axe checked nothing"
        found[what] = _blocking(response)
        tab.close()
    # the front with search results shown (marks, result links)
    tab = context.new_page()
    tab.goto((archive / "index.html").as_uri())
    story = sorted(issue.glob("s*.html"))[0].read_text(encoding="utf-8")
    tab.fill("#q", re.search(r"<h1[^>]*>([\u4e00-\u9fff]{2})", story).group(1))
    tab.keyboard.press("Enter")
    tab.locator("#search-results li a").first.wait_for()
    found["archive front, search results"] = _blocking(_axe(tab))
    context.close()
    assert not any(found.values()), {k: v for k, v in found.items() if v}


def test_the_check_sees_a_violation(browser, site):
    """The check is live: text in light grey on white, added to a story page, is reported."""
    tab = browser.new_page()
    tab.goto((site / "s001.html").as_uri())
    tab.evaluate("""() => { const p = document.createElement('p'); p.textContent = '浅灰色的文字';
        p.style.color = '#cccccc'; p.style.background = '#ffffff'; document.querySelector('main').append(p); }""")
    assert any(v.startswith("color-contrast (serious)") for v in _blocking(_axe(tab)))
    tab.close()
