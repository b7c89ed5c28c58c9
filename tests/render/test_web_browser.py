"""The web edition in a real browser: Debian's Chromium driven by Playwright (no browser
download; the binary is /usr/bin/chromium, installed by `make`). The browser and the site
are the session's (tests/render/conftest.py)."""
from __future__ import annotations

import pytest


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.errors = []
    tab.on("console", lambda m: tab.errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: tab.errors.append(str(e)))
    yield tab
    assert not tab.errors, tab.errors
    context.close()


def _file(tab) -> str:
    return tab.url.rsplit("/", 1)[1]


def test_clicking_a_story_on_the_page_image_opens_it(site, page):
    page.goto((site / "index.html").as_uri())
    page.click(".thumbs a >> nth=0")
    assert _file(page) == "page-1.html"
    areas = page.locator("a.area-article")
    assert areas.count() >= 3
    for k in range(areas.count()):
        area = areas.nth(k)
        href, label = area.get_attribute("href"), area.get_attribute("aria-label")
        area.scroll_into_view_if_needed()
        box = area.bounding_box()
        # a real click at a point of the image inside the story's module
        with page.expect_navigation():
            page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 3)
        assert _file(page) == href
        headline = "".join(page.locator("article h1").inner_text().split())
        assert "".join(label.split()).removesuffix("（续）") == headline
        page.go_back()


def test_next_and_previous_sheet_by_link_and_keyboard(site, page):
    page.goto((site / "page-1.html").as_uri())
    page.click("text=下一版")
    second = _file(page)
    assert second != "page-1.html"
    page.click("text=上一版")
    page.wait_for_url("**/page-1.html")     # loaded, its key handler in place
    assert _file(page) == "page-1.html"
    page.keyboard.press("ArrowRight")
    page.wait_for_url(f"**/{second}")
    page.keyboard.press("ArrowLeft")
    page.wait_for_url("**/page-1.html")


def test_guide_entries_and_jumps_lead_to_their_targets(site, page):
    page.goto((site / "page-1.html").as_uri())
    entries = page.locator(".guide a")
    assert entries.count() >= 1
    href = entries.first.get_attribute("href")
    entries.first.click()
    assert _file(page).split("#")[0] == href.split("#")[0]
    jumps = sorted(p.name for p in site.glob("s*.html") if 'class="jump jump-to"><a' in p.read_text(encoding="utf-8"))
    assert jumps
    page.goto((site / jumps[0]).as_uri())
    target = page.locator(".jump-to a").get_attribute("href")
    page.click(".jump-to a")
    assert _file(page) == target


def test_a_story_leads_back_to_its_sheet_with_itself_highlighted(site, page):
    page.goto((site / "s003.html").as_uri())
    page.click("text=回到第1版")
    assert _file(page) == "page-1.html#s003"
    outline = page.eval_on_selector("#s003", "e => getComputedStyle(e).outlineStyle")
    assert outline == "solid"                     # :target highlights the story's area


def test_keyboard_reaches_a_story_area_and_opens_it(site, page):
    page.goto((site / "page-1.html").as_uri())
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('area')"):
            break
    else:
        pytest.fail("no story area reached with Tab")
    href = page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{href}")


def test_phone_width_lists_the_stories_before_the_image_and_pans(site, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    tab = context.new_page()
    tab.goto((site / "page-1.html").as_uri())
    list_top = tab.locator(".sheet-stories").bounding_box()["y"]
    image = tab.locator(".viewport").bounding_box()
    assert list_top < image["y"]
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390          # the page itself does not overflow
    assert tab.eval_on_selector(".viewport", "v => v.scrollWidth > v.clientWidth")   # the image pans inside its frame
    before = tab.eval_on_selector(".sheet-image", "e => e.getBoundingClientRect().width")
    tab.click("button[data-zoom='1']")
    assert tab.eval_on_selector(".sheet-image", "e => e.getBoundingClientRect().width") > before
    context.close()
