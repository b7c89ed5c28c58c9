"""The archive front that `edition batch -f web` writes: OUT/index.html with the issues by
date, a calendar and a full-text search that needs no server (Chinese included)."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from tests.render.conftest import ARCHIVE_DATES as DATES, batch_web as _batch
from tests.cli_helpers import run_edition
from tests.render.test_web import _parse, crawl


def _index(out: Path) -> list[dict]:
    text = (out / "search-index.js").read_text(encoding="utf-8")
    prefix = "window.EDITION_ARCHIVE = "
    assert text.startswith(prefix)
    return json.loads(text[len(prefix):].rstrip().removesuffix(";"))


def _phrase(out: Path) -> tuple[str, str]:
    """(a story page of the older issue, a 12-character Chinese phrase from its body)."""
    story = sorted((out / DATES[0]).glob("s*.html"))[-1]
    body = re.search(r'<div class="body">\s*<p>([^<]+)</p>', story.read_text(encoding="utf-8")).group(1)
    phrase = next(m.group(0) for m in re.finditer(r"[\u4e00-\u9fff]{12}", body))
    return f"{DATES[0]}/{story.name}", phrase


def test_front_lists_issues_latest_first_and_every_link_resolves(archive):
    reached, broken = crawl(archive)
    assert not broken, broken
    for date in DATES:
        assert (archive / date / "index.html").resolve() in reached
    front = _parse(archive / "index.html")
    assert front.lang == "zh-CN"
    html = (archive / "index.html").read_text(encoding="utf-8")
    issue_links = re.findall(r'<li[^>]*><a href="([^"]+)">', html.split('class="issue-list"')[1])
    assert issue_links == [f"{d}/index.html" for d in sorted(DATES, reverse=True)]


def test_an_issue_dated_only_by_its_name_shows_its_date_on_its_own_pages(archive):
    # The batch's inputs are named by date and carry no date of their own.
    assert "2025年3月13日" in (archive / "2025-03-13" / "index.html").read_text(encoding="utf-8")
    story = sorted((archive / "2025-03-13").glob("s*.html"))[0]
    assert "2025年3月13日" in story.read_text(encoding="utf-8")


def test_calendar_days_with_an_issue_link_to_it(archive):
    html = (archive / "index.html").read_text(encoding="utf-8")
    assert "2025年4月" in html and "2025年3月" in html
    assert html.index("2025年4月") < html.index("2025年3月")          # latest month first
    days = re.findall(r'<td class="has-issue"><a href="([^"]+)"[^>]*>(\d+)</a>', html)
    assert sorted(days) == [("2025-03-13/index.html", "13"), ("2025-04-02/index.html", "2")]
    for href, _ in days:
        assert (archive / href).is_file()
    assert html.count('class="has-issue"') == 2


def test_search_index_maps_a_phrase_to_its_story(archive):
    href, phrase = _phrase(archive)
    index = _index(archive)
    assert [i["issue"] for i in index] == sorted(DATES, reverse=True)
    hits = [s[0] for i in index for s in i["stories"] if phrase in s[1] + s[2]]
    assert hits == [href]
    assert (archive / href).is_file() and phrase in (archive / href).read_text(encoding="utf-8")
    stories = sum(len(i["stories"]) for i in index)
    assert stories == sum(len(list((archive / d).glob("s*.html"))) for d in DATES)


def test_a_rerun_rebuilds_only_what_changed_and_always_the_front(tmp_path, seed_paths):
    """Three issues: one changed, one withdrawn, one unchanged; and one built alone with
    `edition build -f web` into the same folder. The unchanged site is left as it was (a
    file put into it survives), the changed one is rebuilt, and the front and the search
    index are rebuilt from every record: the changed text, the single build, not the
    withdrawn issue."""
    indir, out = tmp_path / "in", tmp_path / "out"
    indir.mkdir()
    dates = ("2025-03-13", "2025-04-02", "2025-04-03")
    for seed, date in zip((*seed_paths, seed_paths[0]), dates):
        shutil.copy(seed, indir / f"{date}.txt")
    assert all(o.ok and not o.skipped for o in _batch(indir, out))
    for date in dates:
        (out / date / "marker").write_text("left here", encoding="utf-8")
    changed, unchanged, withdrawn = dates
    added = "补充一段检索用的新内容，见于重建之后。"
    with (indir / f"{changed}.txt").open("a", encoding="utf-8") as f:
        f.write(f"\n{added}\n")
    (indir / f"{withdrawn}.txt").unlink()
    single = run_edition("build", seed_paths[1], "--date", "2025-05-06", "-f", "web", "-o", out, "--name", "single")
    assert single.returncode == 0, single.stderr
    assert (out / "single" / "archive-entry.json").is_file()
    (out / "index.html").unlink()
    outcomes = {o.name: o for o in _batch(indir, out)}
    assert outcomes[unchanged].skipped and not outcomes[changed].skipped and outcomes[changed].ok
    assert (out / unchanged / "marker").is_file()
    assert not (out / changed / "marker").exists()
    index = _index(out)
    assert [i["issue"] for i in index] == ["single", unchanged, changed]       # latest first
    assert [s[0] for i in index for s in i["stories"] if added in s[2]] != []
    front = (out / "index.html").read_text(encoding="utf-8")
    assert "single/index.html" in front and f"{withdrawn}/index.html" not in front
    reached, broken = crawl(out)
    assert not broken, broken
    assert (out / "single" / "index.html").resolve() in reached


def test_a_chinese_query_in_the_browser_reaches_the_story(archive, browser):
    href, phrase = _phrase(archive)
    errors: list[str] = []
    for width in (390, 1280):
        tab = browser.new_page(viewport={"width": width, "height": 900})
        tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        tab.on("pageerror", lambda e: errors.append(str(e)))
        tab.goto((archive / "index.html").as_uri())
        tab.fill("#q", phrase)
        tab.keyboard.press("Enter")
        results = tab.locator("#search-results li a")
        results.first.wait_for()
        assert results.count() == 1
        assert phrase in tab.locator("#search-results mark").first.inner_text()
        with tab.expect_navigation():
            results.first.click()
        assert tab.url.endswith(href)
        assert phrase in tab.locator("article").inner_text()
        tab.go_back()
        tab.click("td.has-issue a >> nth=0")                    # the calendar
        tab.wait_for_url(f"**/{DATES[1]}/index.html")
        tab.close()
    assert not errors, errors
