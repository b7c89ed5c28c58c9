"""Benchmarks as ratios against baselines measured in the same run (not timed tests).

    .venv/bin/python bench/run.py                    # all seeds in seeds/
    .venv/bin/python bench/run.py --pdf-pages 200    # only: the PDF of a 200-page issue

Prints, per seed: structuring time (and per MB of text), EPUB build time and size next to
pandoc building the same articles as Markdown with the serif face embedded, and PDF build
time next to a bare WeasyPrint render of the same text in plain multi-column HTML, plus
font subsetting with HarfBuzz against fontTools.
"""
from __future__ import annotations

import html
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from edition import read_issue  # noqa: E402
from edition.decode import read_input, split_pages  # noqa: E402
from edition.model import Edition  # noqa: E402
from edition.render.epub import EpubOptions, render_epub  # noqa: E402
from edition.render.fonts import resolve_all, subset, subset_with_fonttools  # noqa: E402
from edition.render.pdf import PdfOptions, render_pdf  # noqa: E402
from edition.structure import PageText, structure_pages  # noqa: E402


def timed(fn, repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def markdown(issue) -> str:
    parts = []
    for a in issue.articles():
        parts.append(f"# {a.headline.replace(chr(10), ' ')}\n")
        parts += [p + "\n" for p in a.paragraphs]
    return "\n".join(parts)


def plain_html(issue) -> str:
    """Every text of the issue as plain HTML in six balanced columns, in the same three faces
    as our layout (headlines, body, bylines and boxes): WeasyPrint's own cost for this
    content, without our layout."""
    from edition.model import Article, Guide, Quote
    e = html.escape
    parts = []
    for page in issue.pages:
        for it in page.items:
            if isinstance(it, Article):
                parts.append(f"<h2>{e(it.headline)}</h2>" + "".join(f"<h3>{e(s)}</h3>" for s in it.subheadlines)
                             + (f"<p class=k>{e(it.byline.text)}</p>" if it.byline else "")
                             + "".join(f"<p>{e(p)}</p>" for p in it.paragraphs))
            elif isinstance(it, Guide):
                parts.append(f"<h2>{e(it.label)}</h2>" + "".join(f"<p>{e(x.title)} 刊{x.page}版►</p>" for x in it.entries))
            elif isinstance(it, Quote):
                parts.append(f"<h2>{e(it.label)}</h2><p class=k>{e(it.text)}</p><p class=k>{e(it.attribution)}</p>")
            else:
                parts.append(f"<h2>{e(it.text)}</h2>")
    return ("<html lang='zh-CN'><style>@page{size:A3;margin:12mm} body{columns:6;column-gap:4mm;"
            "font-family:'Noto Serif CJK SC';font-size:9pt} h2,h3{font-family:'Noto Sans CJK SC'} "
            ".k,h3{font-family:'LXGW WenKai'}</style><body>" + "".join(parts) + "</body></html>")


def main() -> None:
    from weasyprint import HTML
    fonts = resolve_all()
    HTML(string="<p style='font-family:Noto Serif CJK SC'>预热</p>").write_pdf()   # warm fontconfig once, for fair timings
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for seed in sorted((ROOT / "seeds").glob("*.txt")):
            text = read_input(seed).text
            mb = len(text.encode("utf-8")) / 1e6
            t_struct = timed(lambda: structure_pages([PageText(t) for t in split_pages(text)], Edition(title="x")), 20)
            issue = read_issue([seed], title="青浦报", date="2025-03-13")
            t_epub = timed(lambda: render_epub(issue, EpubOptions(), out / "e.epub"))
            epub_size = (out / "e.epub").stat().st_size
            t_pdf = timed(lambda: render_pdf(issue, PdfOptions(), out / "e.pdf"), 3)
            bare = plain_html(issue)
            t_bare = timed(lambda: HTML(string=bare).write_pdf(str(out / "bare.pdf")), 3)
            all_text = "".join(p for a in issue.articles() for p in a.paragraphs)
            t_hb = timed(lambda: subset(fonts["body"], all_text), 3)
            t_ft = timed(lambda: subset_with_fonttools(fonts["body"], sorted({ord(c) for c in all_text})))
            row = {"seed": seed.name, "structure_ms": t_struct * 1000, "structure_s_per_mb": t_struct / mb,
                   "epub_s": t_epub, "epub_kb": epub_size / 1024, "pdf_s": t_pdf, "bare_weasyprint_s": t_bare,
                   "pdf_ratio": t_pdf / t_bare, "subset_harfbuzz_s": t_hb, "subset_fonttools_s": t_ft}
            if shutil.which("pandoc"):
                md = out / "a.md"
                md.write_text(markdown(issue), encoding="utf-8")
                font = fonts["body"].path
                cmd = ["pandoc", str(md), "-o", str(out / "p.epub"), "--metadata", "title=x", "--metadata", "lang=zh-CN",
                       f"--epub-embed-font={font}"]
                row["pandoc_epub_s"] = timed(lambda: subprocess.run(cmd, check=True, capture_output=True))
                row["pandoc_epub_kb"] = (out / "p.epub").stat().st_size / 1024
                row["epub_time_ratio"] = t_epub / row["pandoc_epub_s"]
                row["epub_size_ratio"] = epub_size / (out / "p.epub").stat().st_size
            rows.append(row)
    for row in rows:
        print(row["seed"])
        for k, v in row.items():
            if k != "seed":
                print(f"  {k:22} {v:10.3f}")
    scale()
    throughput()


def throughput(copies: int = 50) -> None:
    """Batch builds (EPUB) of `copies` copies of the seeds with 1 worker and with all cores."""
    import os

    from edition.batch import run_batch
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        indir = Path(tmp) / "in"
        indir.mkdir()
        for k in range(copies):
            shutil.copy(seeds[k % len(seeds)], indir / f"issue{k:03}.txt")
        workers = os.cpu_count() or 1
        print("batch")
        rates = {}
        for n in sorted({1, workers}):
            t = timed(lambda: run_batch(indir, Path(tmp) / f"out{n}", ("epub",), n, None, None, lambda *a: None))
            rates[n] = copies / t * 60
            print(f"  {n}_workers_issues_per_min {rates[n]:8.1f}")
        print(f"  speedup_{workers}_vs_1          {rates[workers] / rates[1]:8.2f}")


def scale() -> None:
    """A 2 MB single page and a 200-page issue: time and peak memory of this process."""
    import resource
    seeds = [read_input(p).text for p in sorted((ROOT / "seeds").glob("*.txt"))]
    big = ("\n\n".join(seeds) * 200)[: 2_000_000 // 3]          # about 2 MB of UTF-8
    mb = len(big.encode("utf-8")) / 1e6
    t = timed(lambda: structure_pages([PageText(big)], Edition(title="x")))
    print(f"scale\n  2MB_page_structure_s  {t:10.3f}  ({mb:.2f} MB, {t / mb:.3f} s/MB)")
    pages = "\f".join(seeds[k % len(seeds)] for k in range(200))
    issue = structure_pages([PageText(t) for t in split_pages(pages)], Edition(title="青浦报", date="2025-03-13"))
    with tempfile.TemporaryDirectory() as tmp:
        t = timed(lambda: render_epub(issue, EpubOptions(), Path(tmp) / "200.epub"))
        size = (Path(tmp) / "200.epub").stat().st_size / 1e6
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  200_page_epub_s       {t:10.3f}  ({size:.1f} MB)\n  peak_rss_mb           {peak:10.1f}")


def big_pdf(pages: int) -> None:
    """The PDF of an issue of `pages` print pages (the seeds alternating): time and peak memory."""
    import resource
    seeds = [read_input(p).text for p in sorted((ROOT / "seeds").glob("*.txt"))]
    text = "\f".join(seeds[k % len(seeds)] for k in range(pages))
    issue = structure_pages([PageText(t) for t in split_pages(text)], Edition(title="青浦报", date="2025-03-13"))
    with tempfile.TemporaryDirectory() as tmp:
        t = timed(lambda: render_pdf(issue, PdfOptions(), Path(tmp) / "big.pdf"))
        sheets = subprocess.run(["pdfinfo", str(Path(tmp) / "big.pdf")], capture_output=True, text=True).stdout
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    count = next((line.split()[-1] for line in sheets.splitlines() if line.startswith("Pages:")), "?")
    print(f"{pages}_page_pdf_s         {t:10.3f}  ({count} sheets)\n  peak_rss_mb           {peak:10.1f}")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--pdf-pages":
        big_pdf(int(sys.argv[2]))
    else:
        main()
