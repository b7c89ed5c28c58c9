"""Page designs: how an `IssueSpec` is typeset as a real PDF.

Four WeasyPrint designs written here (HTML and CSS built as strings) and edition's own print
layout (the issue written as edition-issue/1 JSON and built with `edition build -f pdf`).

- `grid-above`: 6 columns, titles above the body, modules stacked and side by side.
- `painted-after`: 5–7 columns; most titles are absolutely positioned at the top of their
  module but come after the body in the document, so they are drawn after it; rows of
  side-by-side modules are laid out right to left in the document (`row-reverse`).
- `narrow`: 7–8 columns of 7–13 characters a line.
- `wide-band`: 5 columns of 20+ characters; the heads of side-by-side modules stand in one
  band, so their titles share a baseline and some extractors put them on one line.
- `edition`: edition's own A3 layout, masthead, running heads and continuation sheets.

Every title line is set on one line (its size shrinks to fit the module), so a multi-line
title breaks only where the spec says. Pages are as tall as their content needs: a page that
runs over is set again on a taller sheet, so no text is ever clipped.
"""
from __future__ import annotations

import datetime
import html
import json
import math
import random
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .compose import ArticleSpec, GuideSpec, IssueSpec, PageSpec, QuoteSpec

MM_PER_PT = 25.4 / 72
MARGIN_MM = 10.0
WEEKDAYS = "一二三四五六日"


@dataclass(frozen=True, slots=True)
class Design:
    name: str
    columns: tuple[int, int]
    cpl: tuple[int, int]               # body characters a line
    body_pt: tuple[float, float]
    after: float                       # share of modules whose head is drawn after the body
    reverse: float                     # share of multi-module rows laid out right to left
    side: float                        # chance that a row holds more than one module
    band: bool                         # heads of a row in one band (shared baselines)
    furniture: float                   # chance of a running head


DESIGNS = {
    "grid-above": Design("grid-above", (6, 6), (11, 17), (9.0, 10.0), 0.0, 0.0, 0.5, False, 0.7),
    "painted-after": Design("painted-after", (5, 7), (12, 18), (8.5, 10.0), 0.75, 0.5, 0.55, False, 0.5),
    "narrow": Design("narrow", (7, 8), (7, 13), (8.5, 10.5), 0.3, 0.2, 0.5, False, 0.5),
    "wide-band": Design("wide-band", (5, 5), (20, 28), (8.5, 9.5), 0.0, 0.0, 0.7, True, 0.6),
}
ALL_DESIGNS = tuple(DESIGNS) + ("edition",)


def chinese_date(iso: str) -> str:
    d = datetime.date.fromisoformat(iso)
    return f"{d.year}年{d.month}月{d.day}日 星期{WEEKDAYS[d.weekday()]}"


def esc(s: str) -> str:
    return html.escape(s, quote=False)


# --- WeasyPrint designs ------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Params:
    """One page's draws: grid, body size, characters a line."""

    columns: int
    cpl: int
    body_pt: float
    leading: float
    title_pt: float
    col_mm: float
    gap: float                         # column gap, mm: over two body em, or pdfminer joins columns


def draw_params(rng: random.Random, design: Design) -> Params:
    columns = rng.randint(*design.columns)
    cpl = rng.randint(*design.cpl)
    body_pt = round(rng.uniform(*design.body_pt) * 4) / 4
    leading = rng.choice((1.2, 1.25, 1.3, 1.35))
    col_mm = round(cpl * body_pt * MM_PER_PT + 0.6, 2)      # a hair over cpl em: no wrap a char early
    gap = round(body_pt * MM_PER_PT * rng.uniform(2.2, 2.7), 2)
    return Params(columns, cpl, body_pt, leading, rng.choice((16.0, 18.0, 20.0, 22.0, 24.0)), col_mm, gap)


def fit_pt(text: str, width_mm: float, pt: float) -> float:
    """The largest size up to `pt` at which `text` stays on one line of `width_mm`."""
    n = sum(1.0 if ord(ch) > 0x2000 else 0.55 for ch in text) + 0.5
    return round(min(pt, width_mm / n / MM_PER_PT * 0.97), 2)


def head_parts(art: ArticleSpec, width: float, p: Params) -> list[tuple[str, str, float, float]]:
    """(css class, text, size pt, line height mm) for each line of an article's head."""
    parts = []
    by = art.byline
    sub_pt = min(14.0, p.title_pt * 0.6)
    if by.text and by.position == "above-title":
        parts.append(("byline", by.text, fit_pt(by.text, width, p.body_pt + 1)))
    if art.kicker:
        parts.append(("kicker", art.kicker, fit_pt(art.kicker, width, sub_pt)))
    for line in art.title:
        parts.append(("title", line, fit_pt(line, width, p.title_pt)))
    if art.sub:
        parts.append(("sub", art.sub, fit_pt(art.sub, width, sub_pt)))
    if by.text and by.position == "below-title":
        parts.append(("byline", by.text, fit_pt(by.text, width, p.body_pt + 1)))
    return [(c, t, s, s * MM_PER_PT * 1.3) for c, t, s in parts]


def head_html(art: ArticleSpec, width: float, p: Params) -> tuple[str, float]:
    parts = head_parts(art, width, p)
    height = sum(h for *_, h in parts) + (2.0 if parts else 0.0)
    lines = "".join(f'<div class="{c}" style="font-size:{s}pt;line-height:{h:.2f}mm;height:{h:.2f}mm">{esc(t)}</div>'
                    for c, t, s, h in parts)
    return lines, height


def body_html(art: ArticleSpec, p: Params, rng: random.Random) -> str:
    out = []
    if art.continued_from:
        out.append(f'<p class="jump">上接{art.arrow}{art.continued_from}版</p>')
    for i, para in enumerate(art.paragraphs):
        cls = ' class="cont"' if (i == 0 and art.continued_from) else ""
        tail = ""
        if art.continued_to and i == len(art.paragraphs) - 1 and art.jump_inline:
            tail = f'<span class="jumpin">下转{art.arrow}{art.continued_to}版</span>'
        out.append(f"<p{cls}>{esc(para)}{tail}</p>")
    if art.continued_to and not art.jump_inline:
        out.append(f'<p class="jump">下转{art.arrow}{art.continued_to}版</p>')
    return "".join(out)


def body_lines(art: ArticleSpec, p: Params) -> int:
    return sum(math.ceil((len(t) + 2) / p.cpl) for t in art.paragraphs) + (1 if art.continued_to else 0) + (
        1 if art.continued_from else 0)


def box_html(it: GuideSpec | QuoteSpec, width: float, p: Params) -> tuple[str, int]:
    if isinstance(it, GuideSpec):
        label = f'<div class="boxlabel">{esc(it.label)}</div>' if it.label else ""
        rows = "".join(f'<li>{esc(t)} <span class="ref">刊{n}版►</span></li>' for t, n in it.entries)
        lines = sum(math.ceil((len(t) + 5) / max(1, width / (p.body_pt * MM_PER_PT))) for t, _ in it.entries) + 2
        return f'<div class="box guide">{label}<ul>{rows}</ul></div>', lines
    label = f'<div class="boxlabel" style="font-size:{fit_pt(it.label, width - 6, 12)}pt">{esc(it.label)}</div>'
    body = f'<p class="qtext">{esc(it.text)}</p><p class="attr">{esc(it.attribution)}</p>'
    lines = math.ceil((len(it.text) + len(it.attribution)) / max(1, width / (p.body_pt * MM_PER_PT))) + 4
    return f'<div class="box quote">{label}{body}</div>', lines


CSS = """
@page {{ size: {page_w:.1f}mm {page_h:.1f}mm; margin: {m}mm }}
body {{ font-family: 'Noto Serif CJK SC'; font-size: {body_pt}pt; line-height: {leading}; margin: 0 }}
.running {{ font-family: 'Noto Sans CJK SC'; font-size: 9pt; border-bottom: 1.2pt solid #000;
           margin-bottom: 4mm; display: flex; gap: 8mm }}
.row {{ display: flex; gap: {gap}mm; align-items: flex-start; margin-bottom: 9mm; padding-bottom: 5mm;
        border-bottom: 0.5pt solid #444 }}
.row.rev {{ flex-direction: row-reverse; justify-content: flex-end }}
.band {{ display: flex; gap: {gap}mm; align-items: flex-start }}
.module {{ flex: none; position: relative }}
.head {{ margin-bottom: 2mm }}
.head.after {{ position: absolute; top: 0; left: 0; right: 0 }}
.head div {{ white-space: nowrap; overflow: visible }}
.kicker, .sub {{ font-family: 'LXGW WenKai', 'Noto Sans CJK SC' }}
.title {{ font-family: 'Noto Sans CJK SC'; font-weight: bold }}
.byline {{ font-family: 'LXGW WenKai', 'Noto Serif CJK SC' }}
.body {{ column-gap: {gap}mm; column-fill: balance }}
.body p {{ margin: 0; text-indent: 2em; text-align: justify }}
.body p.cont {{ text-indent: 0 }}
.body p.jump {{ text-indent: 0; text-align: right; font-family: 'Noto Sans CJK SC' }}
.jumpin {{ font-family: 'Noto Sans CJK SC' }}
.box {{ border: 1pt solid #000; padding: 2mm 3mm }}
.boxlabel {{ font-family: 'Noto Sans CJK SC'; font-weight: bold; font-size: 12pt; margin-bottom: 1.5mm }}
.guide ul {{ list-style: none; margin: 0; padding: 0 }}
.quote .qtext {{ font-family: 'LXGW WenKai', 'Noto Serif CJK SC'; margin: 0; text-indent: 2em }}
.quote .attr {{ margin: 1mm 0 0; text-align: right }}
"""


def module_html(it, width: float, cols: int, p: Params, rng: random.Random, after: bool,
                head_only: bool = False, body_only: bool = False) -> tuple[str, float]:
    """One module's HTML and its estimated height (mm)."""
    line_mm = p.body_pt * MM_PER_PT * p.leading
    if not isinstance(it, ArticleSpec):
        if head_only:
            return f'<div class="module" style="width:{width:.2f}mm"></div>', 0.0
        box, lines = box_html(it, width, p)
        return f'<div class="module" style="width:{width:.2f}mm">{box}</div>', lines * line_mm + 8
    head, head_h = head_html(it, width, p)
    body = body_html(it, p, rng)
    body_h = math.ceil(body_lines(it, p) / cols + 1) * line_mm
    style_b = f"columns:{cols}"
    if head_only:
        return f'<div class="module" style="width:{width:.2f}mm"><div class="head">{head}</div></div>', head_h
    if body_only:
        return f'<div class="module" style="width:{width:.2f}mm"><div class="body" style="{style_b}">{body}</div></div>', body_h
    if after and head:
        return (f'<div class="module" style="width:{width:.2f}mm">'
                f'<div class="body" style="{style_b};padding-top:{head_h + 2:.2f}mm">{body}</div>'
                f'<div class="head after" style="height:{head_h:.2f}mm">{head}</div></div>', head_h + 2 + body_h)
    return (f'<div class="module" style="width:{width:.2f}mm"><div class="head">{head}</div>'
            f'<div class="body" style="{style_b}">{body}</div></div>', head_h + body_h + 2)


def page_html(page: PageSpec, issue: IssueSpec, design: Design, p: Params, rng: random.Random,
              height_scale: float = 1.0) -> tuple[str, list[str]]:
    """The page's HTML and the furniture strings it prints."""
    items = list(page.items)
    rows_html, total = [], 0.0
    low = 1 if p.columns >= 7 else 2
    per_col = rng.randint(12, 30)          # body lines a column: modules are taller than wide

    def want(it) -> int:
        if not isinstance(it, ArticleSpec):
            return rng.randint(low, max(low, min(3, p.columns // 2)))
        return max(low, min(p.columns, math.ceil(body_lines(it, p) / per_col)))

    i = 0
    while i < len(items):
        n = 1
        if rng.random() < design.side and len(items) - i >= 2:
            n = 2 if (rng.random() < 0.7 or len(items) - i < 3 or p.columns < 6) else 3
        row = items[i:i + n]
        # side-by-side titles must each stay on one line: a multi-line title gets a row of its own
        if len(row) > 1 and any(isinstance(it, ArticleSpec) and len(it.title) > 1 for it in row):
            row = row[:1]
        wants = [want(it) for it in row]
        while len(row) > 1 and sum(wants) > p.columns:
            row, wants = row[:-1], wants[:-1]
        # fill the row with the stories that follow while they fit, as a paper fills its grid
        while (rng.random() < 0.75 and i + len(row) < len(items) and len(row) < 4
               and all(not isinstance(it, ArticleSpec) or len(it.title) < 2 for it in [*row, items[i + len(row)]])):
            nxt = want(items[i + len(row)])
            if sum(wants) + nxt > p.columns:
                break
            row, wants = [*row, items[i + len(row)]], [*wants, nxt]
        n = len(row)
        i += n
        if n > 1:                              # the row's spare columns go to its longest story
            wants[max(range(n), key=lambda k: wants[k])] += p.columns - sum(wants)
        else:
            wants = [min(p.columns, wants[0])]
        widths = [s * p.col_mm + (s - 1) * p.gap for s in wants]
        cols = [max(1, round((w + p.gap) / (p.col_mm + p.gap))) for w in widths]
        if design.band and n > 1:
            heads = [module_html(it, w, c, p, rng, False, head_only=True) for it, w, c in zip(row, widths, cols)]
            bodies = [module_html(it, w, c, p, rng, False, body_only=not isinstance(it, (GuideSpec, QuoteSpec)))
                      for it, w, c in zip(row, widths, cols)]
            rows_html.append('<div class="row" style="display:block">'
                             f'<div class="band">{"".join(h for h, _ in heads)}</div>'
                             f'<div class="band">{"".join(b for b, _ in bodies)}</div></div>')
            total += max(h for _, h in heads) + max(h for _, h in bodies) + 10
            continue
        mods = [module_html(it, w, c, p, rng, rng.random() < design.after) for it, w, c in zip(row, widths, cols)]
        reverse = n > 1 and rng.random() < design.reverse
        html_mods = [m for m, _ in (reversed(mods) if reverse else mods)]
        rows_html.append(f'<div class="row{" rev" if reverse else ""}">{"".join(html_mods)}</div>')
        total += max(h for _, h in mods) + 10
    furniture: list[str] = []
    running = ""
    if rng.random() < design.furniture:
        parts = [issue.paper, f"第{page.number}版"] + ([page.name] if page.name else []) + [chinese_date(issue.date)]
        furniture += parts
        running = '<div class="running">' + "".join(f"<span>{esc(x)}</span>" for x in parts) + "</div>"
        total += 12
    page_w = p.columns * p.col_mm + (p.columns - 1) * p.gap + 2 * MARGIN_MM + 1
    page_h = max(297.0, (total * 1.15 + 2 * MARGIN_MM + 20) * height_scale)
    css = CSS.format(page_w=page_w, page_h=page_h, m=MARGIN_MM, body_pt=p.body_pt, leading=p.leading, gap=p.gap)
    doc = (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>{css}</style></head>'
           f'<body>{running}{"".join(rows_html)}</body></html>')
    return doc, furniture


def render_weasy_page(page: PageSpec, issue: IssueSpec, design: Design, layout_seed: str,
                      out: Path) -> tuple[list[str], dict]:
    """One 版 as a one-sheet PDF at `out`; returns the furniture it printed and its draws.
    A page that runs over is set again on a taller sheet (same draws), so nothing is clipped."""
    import weasyprint
    scale = 1.0
    for _ in range(6):
        rng = random.Random(layout_seed)
        p = draw_params(rng, design)
        doc, furniture = page_html(page, issue, design, p, rng, scale)
        rendered = weasyprint.HTML(string=doc).render()
        if len(rendered.pages) == 1:
            rendered.write_pdf(out)
            return furniture, {"columns": p.columns, "cpl": p.cpl, "body_pt": p.body_pt, "leading": p.leading,
                               "gap_mm": p.gap}
        scale *= 1.35
    raise RuntimeError(f"{out.name}: page {page.number} does not fit one sheet")


# --- edition's own print layout ------------------------------------------------------------

def credits_of(text: str) -> list[dict]:
    toks = text.split()
    out, role = [], None
    for t in toks:
        if t in ("记者", "首席记者", "特聘首席记者", "见习记者", "实习生", "通讯员", "摄影", "文/图", "本报记者",
                 "特约评论员", "评论员", "本报评论员"):
            role = t
        elif role:
            out.append({"role": role, "name": t})
    return out


def edition_model(issue: IssueSpec) -> dict:
    pages = []
    for page in issue.pages:
        items = []
        for k, it in enumerate(page.items, 1):
            if isinstance(it, ArticleSpec):
                titles = [t for t in (it.kicker, it.sub) if t]
                items.append({"type": "article", "id": f"p{page.number}-{k}", "headline": "\n".join(it.title),
                              "subheadlines": titles, "headline_inferred": False,
                              "byline": None if not it.byline.text else
                              {"text": it.byline.text, "credits": credits_of(it.byline.text)},
                              "paragraphs": list(it.paragraphs), "continued_to": it.continued_to,
                              "continued_from": it.continued_from})
            elif isinstance(it, GuideSpec):
                items.append({"type": "guide", "id": f"p{page.number}-guide-{k}", "label": it.label,
                              "entries": [{"title": t, "page": n} for t, n in it.entries]})
            else:
                items.append({"type": "quote", "id": f"p{page.number}-quote-{k}", "label": it.label,
                              "text": it.text, "attribution": it.attribution})
        pages.append({"number": page.number, "name": page.name, "items": items})
    return {"format": "edition-issue/1",
            "edition": {"title": issue.paper, "date": issue.date, "number": None, "language": "zh-CN",
                        "publisher": None},
            "pages": pages, "warnings": []}


def for_edition(issue: IssueSpec) -> IssueSpec:
    """edition prints every story under a title and every guide under a label: give them one."""
    from dataclasses import replace
    pages = []
    for page in issue.pages:
        items = []
        for it in page.items:
            if isinstance(it, ArticleSpec) and not it.title:
                head = it.paragraphs[0]
                head = re.sub(r"^(本报讯（[^）]*）|(本报|新华社)\S*?电\s*（[^）]*）)", "", head)
                it = replace(it, title=(re.split(r"[，。、；：]", head)[0][:14] or "本报消息",))
            if isinstance(it, GuideSpec) and not it.label:
                it = replace(it, label="导读")
            items.append(it)
        pages.append(replace(page, items=tuple(items)))
    return replace(issue, pages=tuple(pages))


def edition_cli() -> list[str]:
    exe = Path(sys.executable).with_name("edition")
    return [str(exe)] if exe.exists() else [sys.executable, "-c", "from edition.cli import main; main()"]


def render_edition(issue: IssueSpec, workdir: Path, name: str) -> Path:
    model = workdir / f"{name}.json"
    model.write_text(json.dumps(edition_model(issue), ensure_ascii=False, indent=1), encoding="utf-8")
    subprocess.run([*edition_cli(), "build", str(model), "-f", "pdf", "-o", str(workdir), "--name", name],
                   check=True, capture_output=True, cwd=workdir)
    return workdir / f"{name}.pdf"


def edition_furniture(issue: IssueSpec, sheet_texts: list[str]) -> list[str]:
    """What edition's layout printed besides the model: masthead, running heads, folios, the
    continuation heads and the 下转/上接 lines between a 版's sheets. Read per sheet from its label."""
    from edition.render.context import chinese_date as edition_date   # what edition prints, as it prints it
    names = {p.number: p.name for p in issue.pages}
    date_cn = edition_date(issue.date)
    out: list[str] = []
    seen: set[int] = set()
    first = issue.pages[0].number
    for text in sheet_texts:
        flat = "".join(text.split())
        m = re.search(r"第(\d+)版(（续）)?", flat)
        if not m:
            continue
        n, cont = int(m.group(1)), bool(m.group(2))
        name = names.get(n)
        label = f"第{n}版" + ("（续）" if cont else "")
        if n == first and n not in seen:
            # the front page's label sits off the sheet (for the PDF outline): only extractors
            # that do not clip to the page read it
            # (the label is printed three times on the sheet: off it, in the ear and in the folio)
            if flat.count(f"第{n}版") - flat.count(f"第{n}版（续）") >= 3:
                out.append(f"第{n}版" + (f" {name}" if name else ""))
            out += [date_cn, issue.paper, f"第{n}版" + (f" · {name}" if name else "")]
        else:
            out += [label] + ([name] if name else []) + [issue.paper, date_cn]
        out += [label, f"{issue.paper} · {date_cn}"]
        seen.add(n)
        out += [f"上接►第{k}页" for k in re.findall(r"上接►第(\d+)页", flat)]
        out += [f"下转►第{k}页" for k in re.findall(r"下转►第(\d+)页", flat)]
        titles = sorted({"".join(it.title) for page in issue.pages for it in page.items
                         if isinstance(it, ArticleSpec) and it.title})
        for title in titles:
            out += [title + "（续）"] * flat.count("".join(title.split()) + "（续）")
    return out
