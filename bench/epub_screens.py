"""Screenshots of the EPUB's pages as a reading system's web view shows them.

    .venv/bin/python bench/epub_screens.py [--out DIR] [--widths 390,820]

Builds the EPUB of both seeds as one issue, unpacks it and opens the cover, the contents,
the first section front (版) and two stories in Debian's Chromium (driven by Playwright, no
browser download; the same binary the web tests use), at a phone's width and a tablet's,
and writes one PNG per page and width to DIR (default `out/epub-screens`). The embedded
faces are the only fonts the pages name, as on a reader without system CJK fonts. It also
prints, per page and width, what a reader would notice at once: whether the page scrolls
sideways, and the longest body line in characters (the measure).
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

# The longest line of running text on the page, in characters of the text's own size:
# the width of the widest paragraph over its font size.
MEASURE_JS = """() => {
  let most = 0;
  for (const p of document.querySelectorAll('p')) {
    const size = parseFloat(getComputedStyle(p).fontSize);
    if (p.textContent.trim().length > 40) most = Math.max(most, p.getBoundingClientRect().width / size);
  }
  return most;
}"""


def pages_to_show(book: Path) -> list[tuple[str, str]]:
    """(name, document path inside the unpacked EPUB) of the cover, contents, the first
    section front and the first two stories, in the spine's order."""
    with zipfile.ZipFile(book) as z:
        names = sorted(n for n in z.namelist() if n.endswith(".xhtml"))
    stories = [n for n in names if Path(n).stem.startswith("s")][:2]
    fronts = [n for n in names if Path(n).stem.startswith("page-")][:1]
    wanted = [("cover", "EPUB/cover.xhtml"), ("contents", "EPUB/contents.xhtml")]
    wanted += [("section", n) for n in fronts] + [(f"story-{k + 1}", n) for k, n in enumerate(stories)]
    return [(name, path) for name, path in wanted if path in names]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "out" / "epub-screens")
    ap.add_argument("--widths", default="390,820", help="viewport widths in CSS px, comma-separated")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    from edition import read_issue
    from edition.render.epub import EpubOptions, render_epub

    widths = [int(w) for w in args.widths.split(",") if w]
    args.out.mkdir(parents=True, exist_ok=True)
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        book = render_epub(read_issue(seeds, title="青浦报", date="2025-03-13"), EpubOptions(), Path(tmp) / "issue.epub")
        unpacked = Path(tmp) / "unpacked"
        with zipfile.ZipFile(book) as z:
            z.extractall(unpacked)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            for width in widths:
                context = browser.new_context(viewport={"width": width, "height": 900})
                tab = context.new_page()
                for name, path in pages_to_show(book):
                    tab.goto((unpacked / path).as_uri())
                    tab.evaluate("document.fonts.ready")
                    png = args.out / f"{name}-{width}.png"
                    tab.screenshot(path=str(png), full_page=False)
                    sideways = tab.evaluate("document.documentElement.scrollWidth") > width
                    measure = tab.evaluate(MEASURE_JS)
                    print(f"{width:5} px  {name:10} {path:24} measure {measure:4.1f} em"
                          f"{'  SCROLLS SIDEWAYS' if sideways else ''}  → {png.relative_to(args.out.parent)}")
                context.close()
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
