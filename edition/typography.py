"""A typographic check of a finished print PDF, read back as a printer's preflight would:
poppler's `pdftotext -bbox-layout` for where every line lies, `qpdf --json` for the outline.

What it reports (`check_pdf`), against the standard of a Chinese newspaper:

- body lines that are not a paragraph's last and end more than 0.25 em short of their
  column's edge (Chinese print justifies every other line);
- lines that start with closing punctuation or end with opening punctuation (禁则);
- headlines with a line of a single character, and headline breaks inside a word; the same
  for the running titles over a story's rest on a continuation sheet (…（续）), which must
  also be the story's whole headline, or its start cut at a word edge or a clause's end
  (`words.cut_edge`) and marked `……`;
- per continuation sheet (第N版（续）), the share of its content area left empty, and how
  deep each story's columns run there (lines in its fullest column: a story set as a strip
  of a few lines a column is hard to read);
- outline destinations that lie outside their page;
- numbers parted from their unit: a body line ending with a digit whose paragraph goes on
  with a Han character on the next line (`3` / `月`);
- where Han text meets a Latin letter or digit, how many lack the quarter em (reported,
  not failed: a full line has no room for it, see `render/autospace.py`);
- punctuation pairs set uncompressed (标点挤压: `。”`, `”、`, `）。`, `，“`, `（“` with a full
  em of blank inside), and quote marks set narrower than full width beside Han text; these
  need every glyph's position, which PyMuPDF gives (when it is installed; otherwise they
  are reported as not checked).

Everything is found from the PDF alone. Body lines are the page's most common line height;
a column's left edge is where such lines start, and its indent (2 em, which gives the em)
is where a paragraph's first line starts; its right edge is where most of its lines end.
A line is a paragraph's last when the next line (below it, or at the top of the module's
next column) is indented, or when nothing follows. Headlines are the outline's entries,
found on their page as a run of lines of one size that spell the title. A running title is
the run of lines right under a 上接 line, level with it, down to the line that ends （续）.

Where a headline may break is `words.word_edge`'s to say, for the renderers and this check;
a running title may also break where the body text shows a word edge (`words.learned_edge`).
"""
from __future__ import annotations

import json
import re
import statistics
import subprocess
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .errors import OutputError
from .words import (CLOSING, CONTINUED, OPENING, SHORTENED, Contexts, contexts, cut_edge, is_han, is_punct,
                    learned_edge, word_edge)

BULLETS = set("◇◆●■□•·►▶")
DIGITS = set("0123456789０１２３４５６７８９")
MAX_EMPTY = 0.25          # a continuation sheet may leave at most this share of its content area empty
MIN_DEPTH = 8             # a story on a continuation sheet runs at least this many lines down its fullest column
SHORT_EM = 0.25           # a justified line may end at most this far short of its column's edge


# --- reading the PDF -------------------------------------------------------------------

@dataclass
class Line:
    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    @property
    def height(self) -> float:
        return self.y1 - self.y0


@dataclass
class Page:
    number: int          # 1-based
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    columns: dict[float, list[Line]] = field(default_factory=dict)   # body lines by column left edge
    running: list[list[Line]] | None = None     # its running titles' lines (`_running_titles`)


def _join(words: list[str]) -> str:
    out = ""
    for w in words:      # pdftotext splits a stretched line into words; Han text has no spaces
        if out and not (is_han(out[-1]) or is_punct(out[-1]) or is_han(w[0]) or is_punct(w[0])):
            out += " "
        out += w
    return out


def read_pages(pdf: Path) -> list[Page]:
    try:
        out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-bbox-layout", str(pdf), "-"],
                             capture_output=True, timeout=300, check=True).stdout
    except FileNotFoundError:
        raise OutputError("pdftotext is not installed (Debian package: poppler-utils)") from None
    except subprocess.CalledProcessError as err:
        raise OutputError(f"pdftotext could not read {pdf}: {err.stderr.decode(errors='replace').strip()}") from None
    root = ET.fromstring(out)
    ns = {"h": "http://www.w3.org/1999/xhtml"}
    pages = []
    for k, pg in enumerate(root.iterfind(".//h:page", ns), 1):
        page = Page(k, float(pg.get("width")), float(pg.get("height")))
        # Lines are rebuilt from words: pdftotext may join the lines of neighbouring columns.
        for w in pg.iterfind(".//h:word", ns):
            page.lines.append(Line(k, *(float(w.get(a)) for a in ("xMin", "yMin", "xMax", "yMax")), w.text or ""))
        page.lines = _merge_split_lines(page.lines)
        pages.append(page)
    return pages


def _merge_split_lines(lines: list[Line]) -> list[Line]:
    """Words on one baseline that nearly touch make a line (a column's gutter keeps columns apart).
    A word may also overlap the one before it by up to half an em: poppler gives a mark set
    half width (punctuation compression) its full-width box, and starts a new word after it."""
    lines = sorted(lines, key=lambda l: (round(l.y1, 1), l.x0))
    merged: list[Line] = []
    for ln in lines:
        last = merged[-1] if merged else None
        if (last and abs(last.y1 - ln.y1) < 0.5 and abs(last.height - ln.height) < 0.5
                and -0.6 * ln.height < ln.x0 - last.x1 < 0.4 * ln.height):
            last.x1, last.text = ln.x1, _join([last.text, ln.text])
        else:
            merged.append(Line(ln.page, ln.x0, ln.y0, ln.x1, ln.y1, ln.text))
    return merged


def _outlines(pdf: Path) -> list[tuple[int, str, float, float]]:
    """(page number, title, x, y) of every outline entry that has an /XYZ destination."""
    try:
        out = subprocess.run(["qpdf", "--json", "--json-key=pages", str(pdf)],
                             capture_output=True, text=True, timeout=300).stdout
    except FileNotFoundError:
        raise OutputError("qpdf is not installed (Debian package: qpdf)") from None
    # qpdf 11 copies a real written as "342." into its JSON as is, which JSON does not allow.
    data = json.loads(re.sub(r"(?<=\d)\.(?=\s*[,\]\n])", ".0", out))
    entries = []
    for k, page in enumerate(data.get("pages", []), 1):
        for o in page.get("outlines", []):
            dest = o.get("dest") or []
            if len(dest) >= 4 and dest[1] == "/XYZ":
                entries.append((k, o.get("title", ""), float(dest[2] or 0), float(dest[3] or 0)))
    return entries


# --- the check -----------------------------------------------------------------------

@dataclass
class Report:
    pdf: str
    body_lines: int = 0
    short_lines: list[str] = field(default_factory=list)
    punctuation: list[str] = field(default_factory=list)
    headlines: int = 0
    one_char_headlines: list[str] = field(default_factory=list)
    word_breaks: list[str] = field(default_factory=list)
    running_titles: int = 0               # titles over a story's rest on a continuation sheet (…（续）)
    running_one_char: list[str] = field(default_factory=list)
    running_word_breaks: list[str] = field(default_factory=list)
    running_shortened: list[str] = field(default_factory=list)   # cut at a word edge and marked ……
    running_unmatched: list[str] = field(default_factory=list)   # neither a headline nor its start marked ……
    continuation_empty: list[tuple[int, float]] = field(default_factory=list)   # (page, share empty)
    continuation_depths: list[tuple[int, int]] = field(default_factory=list)   # (page, lines) per story there
    outline_entries: int = 0
    outline_outside: list[str] = field(default_factory=list)
    parted_numbers: list[str] = field(default_factory=list)
    glyphs_checked: bool = False          # False when PyMuPDF is not installed
    punctuation_pairs: int = 0
    uncompressed: list[str] = field(default_factory=list)
    quotes: int = 0
    narrow_quotes: list[str] = field(default_factory=list)
    han_latin: int = 0                    # places where Han text meets a Latin letter or digit
    han_latin_tight: list[str] = field(default_factory=list)   # of those, with less than 0.2 em more blank

    @property
    def ok(self) -> bool:
        return not (self.short_lines or self.punctuation or self.one_char_headlines or self.word_breaks
                    or self.running_one_char or self.running_word_breaks or self.running_unmatched
                    or self.outline_outside or any(e > MAX_EMPTY for _, e in self.continuation_empty)
                    or self.shallow_continuations
                    or self.uncompressed or self.narrow_quotes or self.parted_numbers)

    @property
    def shallow_continuations(self) -> list[tuple[int, int]]:
        """Stories on a continuation sheet whose fullest column is under MIN_DEPTH lines."""
        return [(p, n) for p, n in self.continuation_depths if n < MIN_DEPTH]

    def summary(self) -> list[str]:
        empty = ", ".join(f"p{p} {e:.0%}" for p, e in self.continuation_empty) or "none"
        depths = ", ".join(f"p{p} {n}" for p, n in self.continuation_depths) or "none"
        return [f"{self.pdf}",
                f"  body lines short of the column edge (not a paragraph's last): {len(self.short_lines)} "
                f"of {self.body_lines}",
                f"  lines starting with closing or ending with opening punctuation: {len(self.punctuation)}",
                f"  headlines with a one-character line: {len(self.one_char_headlines)} of {self.headlines}",
                f"  headline breaks inside a word: {len(self.word_breaks)}",
                f"  running titles (…（续）) with a one-character line: {len(self.running_one_char)} of "
                f"{self.running_titles}; breaks inside a word: {len(self.running_word_breaks)}; "
                f"not their story's headline: {len(self.running_unmatched)}; "
                f"shortened (……): {len(self.running_shortened)}",
                f"  continuation sheets, share of content area empty (≤ {MAX_EMPTY:.0%}): {empty}",
                f"  continuation sheets, lines down each story's fullest column (≥ {MIN_DEPTH}): {depths}",
                f"  outline destinations outside their page: {len(self.outline_outside)} of {self.outline_entries}",
                f"  numbers parted from their unit at a line end: {len(self.parted_numbers)}",
                (f"  punctuation pairs not compressed: {len(self.uncompressed)} of {self.punctuation_pairs}; "
                 f"quote marks narrower than full width beside Han text: {len(self.narrow_quotes)} of {self.quotes}; "
                 f"Han/Latin boundaries without a quarter em: {len(self.han_latin_tight)} of {self.han_latin}"
                 if self.glyphs_checked else "  punctuation compression and quote widths: not checked (PyMuPDF is not installed)")]

    def details(self, limit: int = 10) -> list[str]:
        out = []
        for name, items in (("short", self.short_lines), ("punctuation", self.punctuation),
                            ("one-character headline line", self.one_char_headlines),
                            ("headline break inside a word", self.word_breaks),
                            ("running title with a one-character line", self.running_one_char),
                            ("running title break inside a word", self.running_word_breaks),
                            ("running title not its story's headline", self.running_unmatched),
                            ("running title shortened", self.running_shortened),
                            ("outline destination outside its page", self.outline_outside),
                            ("number parted from its unit", self.parted_numbers),
                            ("uncompressed pair", self.uncompressed), ("narrow quote", self.narrow_quotes),
                            ("story on a continuation sheet in shallow columns",
                             [f"p{p} {n} lines a column" for p, n in self.shallow_continuations])):
            out += [f"  {name}: {item}" for item in items[:limit]]
        return out


def check_pdf(pdf: Path) -> Report:
    pdf = Path(pdf)
    pages = read_pages(pdf)
    report = Report(str(pdf))
    outline = _outlines(pdf)
    lefts_all: list[float] = []
    headlines = [t for (_, t, _, _) in outline]
    for page in pages:
        _check_punctuation(page, report)
        lefts_all += _check_body(page, report)
        if _is_continuation(page):
            report.continuation_depths += [(page.number, n) for n in _story_depths(page)]
    seen = contexts("\n".join(_column_text(page) for page in pages))
    for page in pages:
        _check_running_titles(page, headlines, report, seen)
    for page in pages:
        titles = [t for (p, t, _, _) in outline if p == page.number]
        _check_headlines(page, titles, report)
    _check_continuations(pages, sorted(set(lefts_all)), report)
    _check_glyphs(pdf, report)
    report.outline_entries = len(outline)
    for p, title, x, y in outline:
        page = pages[p - 1] if 0 < p <= len(pages) else None
        if page is None or not (0 <= x <= page.width and 0 <= y <= page.height):
            report.outline_outside.append(f"p{p} '{title}' at ({x:.0f}, {y:.0f})")
    return report


def _check_punctuation(page: Page, report: Report) -> None:
    for ln in page.lines:
        t = ln.text.strip()
        if t and (t[0] in CLOSING and not t.startswith("……") or t[-1] in OPENING):
            report.punctuation.append(f"p{page.number} y={ln.y0:.0f}: {t}")


def _body_height(page: Page) -> float | None:
    heights = Counter(round(ln.height, 1) for ln in page.lines if len(ln.text) > 3)
    return heights.most_common(1)[0][0] if heights else None


PAIR_CLOSING = set("，。、；：？！）》」』】〕〉〗”’")     # full-width marks with a blank right half
PAIR_OPENING = set("（《「『【〔〈〖“‘")                  # and with a blank left half
QUOTE_MARKS = set("“”‘’")
LATIN = re.compile(r"[A-Za-z0-9]")


def _check_glyphs(pdf: Path, report: Report) -> None:
    """Punctuation pairs with a full em of blank inside, and narrow quote marks, from where
    each glyph is drawn. A pair is a closing mark before another mark, or two opening marks;
    set as clreq asks, the two glyphs' origins are half an em closer than two Han characters'
    on the same line (whatever spacing justification added between every two)."""
    try:
        import pymupdf
    except ImportError:
        return
    report.glyphs_checked = True
    with pymupdf.open(pdf) as doc:
        for number, page in enumerate(doc, 1):
            for block in page.get_text("rawdict")["blocks"]:
                for line in block.get("lines", []):
                    # (a space in the list is one PyMuPDF adds where justification left a gap)
                    chars = [(c, span["size"]) for span in line["spans"] for c in span["chars"] if not c["c"].isspace()]
                    glyphs = [(c["c"], c["origin"][0], size) for c, size in chars]
                    _check_line(number, glyphs, report)
                    _check_spacing(number, chars, report)


def _check_line(number: int, glyphs: list[tuple[str, float, float]], report: Report) -> None:
    han = [b[1] - a[1] for a, b in zip(glyphs, glyphs[1:]) if is_han(a[0]) and is_han(b[0]) and a[2] == b[2]]
    text = "".join(g[0] for g in glyphs)
    paired: set[int] = set()
    for i, ((a, xa, em), (b, xb, _)) in enumerate(zip(glyphs, glyphs[1:])):
        full = statistics.median(han) if han else em       # one Han character's advance here
        if a in PAIR_CLOSING and (b in PAIR_CLOSING or b in PAIR_OPENING) or a in PAIR_OPENING and b in PAIR_OPENING:
            paired |= {i, i + 1}
            report.punctuation_pairs += 1
            if xb - xa > full - 0.3 * em:
                report.uncompressed.append(f"p{number} {a}{b} {(xb - xa) / em:.2f} em apart: {text}")
        elif a in QUOTE_MARKS and i not in paired and (is_han(b) or i and is_han(glyphs[i - 1][0])):
            report.quotes += 1
            if xb - xa < full - 0.3 * em:
                report.narrow_quotes.append(f"p{number} {a} {(xb - xa) / em:.2f} em wide: {text}")


def _check_spacing(number: int, chars: list, report: Report) -> None:
    """Where Han text meets a Latin letter or digit (no space between them in the text), is
    the blank between the two glyphs a quarter em wider than between two Han characters on
    the line? Lines that had less room get less, and are counted."""
    def blank(a, b):
        return b["origin"][0] - a["bbox"][2]
    han = [blank(a, b) for (a, _), (b, _) in zip(chars, chars[1:]) if is_han(a["c"]) and is_han(b["c"])]
    usual = statistics.median(han) if han else 0.0
    for (a, em), (b, _) in zip(chars, chars[1:]):
        x, y = a["c"], b["c"]
        if is_han(x) and LATIN.fullmatch(y) or LATIN.fullmatch(x) and is_han(y):
            report.han_latin += 1
            if blank(a, b) - usual < 0.2 * em:
                report.han_latin_tight.append(f"p{number} {x}{y} {(blank(a, b) - usual) / em:.2f} em")


def _check_body(page: Page, report: Report) -> list[float]:
    """Short justified lines on one page; returns the column left edges found (and keeps
    each column's body lines, top down, in `page.columns`)."""
    h = _body_height(page)
    if h is None:
        return []
    # List items (◇ 本版标题, ► links) are not justified text, nor a running title set at the body's size.
    titles = {id(ln) for run in _running_titles(page) for ln in run}
    body = [ln for ln in page.lines if abs(ln.height - h) < 0.05 * h and ln.text[:1] not in BULLETS
            and id(ln) not in titles]
    starts = Counter(round(ln.x0 * 2) / 2 for ln in body)
    xs = sorted(x for x, n in starts.items() if n >= 2)
    # An indent is a start 2 em right of another start (2 em lies between 1.1 and 1.8 line heights).
    pairs = [(a, b) for a in xs for b in xs if 1.1 * h <= b - a <= 1.8 * h]
    if not pairs:
        return []
    indent = statistics.median(b - a for a, b in pairs)
    em = indent / 2
    lefts = sorted(x for x in xs if (starts[x] >= 3 or any(a == x for a, _ in pairs))
                   and not any(abs(x - indent - y) < 1 for y in xs))

    def column_of(ln: Line) -> tuple[float, bool] | None:
        for left in lefts:
            if abs(ln.x0 - left) < 0.6:
                return left, False
            if abs(ln.x0 - left - indent) < 0.6:
                return left, True
        return None

    placed = [(ln, column_of(ln)) for ln in body]
    placed = [(ln, c) for ln, c in placed if c is not None]
    widths = Counter(round((ln.x1 - c[0]) * 2) / 2 for ln, c in placed)
    width = widths.most_common(1)[0][0]
    # A line running a column or more past the edge is a head across the module (a subheadline
    # whose face happens to have the body's line height), not body text.
    pitch = 1.8 * h            # the next line of a column lies within this distance
    heads = [ln for ln, c in placed if ln.x1 - c[0] >= width + em]
    # Such a head's own next lines (the same face, starting where it starts, right under it)
    # are that head too: a subheadline's short last line (…框架 / 协议) may stand level with
    # the top of the module's column on its left, and would be read as its continuation.
    for head in heads:
        heads += [ln for ln, _ in placed if abs(ln.x0 - head.x0) < 0.6 and abs(ln.height - head.height) < 0.01
                  and head.y0 + 0.5 * h < ln.y0 <= head.y0 + pitch and not any(ln is o for o in heads)]
    placed = [(ln, c) for ln, c in placed if not any(ln is o for o in heads)]
    by_column: dict[float, list[tuple[Line, bool]]] = {}
    for ln, (left, indented) in placed:
        by_column.setdefault(left, []).append((ln, indented))
    for col in by_column.values():
        col.sort(key=lambda t: t[0].y0)
    page.columns = {left: [ln for ln, _ in by_column.get(left, [])] for left in lefts}

    def below(left: float, ln: Line) -> tuple[Line, bool] | None:
        for other, ind in by_column.get(left, ()):
            if ln.y0 + 0.5 * h < other.y0 <= ln.y0 + pitch:
                return other, ind
        return None

    def column_top(left: float, ln: Line) -> Line:
        top = ln
        while True:
            above = [o for o, _ in by_column.get(left, ()) if top.y0 - pitch <= o.y0 < top.y0 - 0.5 * h]
            if not above:
                return top
            top = max(above, key=lambda o: o.y0)

    for ln, (left, _) in placed:
        report.body_lines += 1
        nxt = below(left, ln)
        if nxt is None:
            top = column_top(left, ln)
            right = [l2 for l2 in lefts if left + width < l2 < left + width + 4 * em]
            if right:
                nxt = next(((o, ind) for o, ind in by_column.get(right[0], ())
                            if abs(o.y0 - top.y0) < 0.3 * h and column_top(right[0], o) is o), None)
        if nxt is not None and not nxt[1] and ln.text[-1:] in DIGITS and is_han(nxt[0].text[:1] or " "):
            report.parted_numbers.append(f"p{page.number} y={ln.y0:.0f}: {ln.text} / {nxt[0].text}")
        if nxt is None or nxt[1]:
            continue       # a paragraph's last line
        short = left + width - ln.x1
        if abs(short) > SHORT_EM * em:       # short of the edge, or (as bad) past it
            how = f"{short / em:.2f} em short" if short > 0 else f"{-short / em:.2f} em past the edge"
            report.short_lines.append(f"p{page.number} y={ln.y0:.0f} {how}: {ln.text}")
    return lefts


def _check_headlines(page: Page, titles: list[str], report: Report) -> None:
    h = _body_height(page) or 0
    tall = [ln for ln in sorted(page.lines, key=lambda l: (l.x0 // 1, l.y0)) if ln.height > 1.15 * h]
    for title in titles:
        want = _key(title.removeprefix("〔拟〕"))     # an inferred headline's outline mark
        if not want:
            continue
        run = _find_run(tall, want)
        if run is None:
            continue
        report.headlines += 1
        _check_breaks(page, [_key(ln.text) for ln in run], report.one_char_headlines, report.word_breaks)


def _key(text: str) -> str:
    return re.sub(r"\s", "", text)


def _check_breaks(page: Page, texts: list[str], one_char: list[str], word_breaks: list[str],
                  edge=word_edge) -> None:
    """A title's lines (headline or running title): none of a single character (punctuation
    aside), every break at a word edge (`words.word_edge`, or `edge`)."""
    for t in texts:
        if len([c for c in t if not is_punct(c)]) <= 1 and len(texts) > 1:
            one_char.append(f"p{page.number}: {' / '.join(texts)}")
            break
    for a, b in zip(texts, texts[1:]):
        if not edge(a, b):
            word_breaks.append(f"p{page.number}: {a} / {b}")


def _running_titles(page: Page) -> list[list[Line]]:
    """The running titles on a page: under each 上接 line, the lines level with it, each
    right under the one before and of one size, down to the one that ends （续）."""
    if page.running is None:
        found = []
        for jump in (ln for ln in page.lines if ln.text.startswith("上接")):
            run: list[Line] = []
            last = jump
            while len(run) < 8:
                nxt = [ln for ln in page.lines if abs(ln.x0 - jump.x0) < 1 and ln is not last
                       and last.y1 - 0.4 * ln.height < ln.y0 < last.y1 + 0.5 * ln.height
                       and (not run or abs(ln.height - run[0].height) < 0.5)]
                if not nxt:
                    break
                last = min(nxt, key=lambda ln: ln.y0)
                run.append(last)
                if _key(last.text).endswith(CONTINUED):
                    found.append(run)
                    break
        page.running = found
    return page.running


def _column_text(page: Page) -> str:
    """A page's body text, column by column, each column's lines run together (a word
    broken at a line's end is whole again)."""
    return "\n".join("".join(_key(ln.text) for ln in lines) for _, lines in sorted(page.columns.items()))


def _check_running_titles(page: Page, headlines: list[str], report: Report, seen: Contexts | None = None) -> None:
    """Running titles: broken as headlines are, and each its story's headline whole, or its
    start cut at a word edge and marked …… (`headlines`: the outline's titles). A break may
    also be at an edge the body text shows (`words.learned_edge` over `seen`, the contexts
    of the whole document's body text: the renderer learns from the story's own text, a
    part of it, so what it takes for an edge the check does too)."""
    wanted = {_key(t.removeprefix("〔拟〕")) for t in headlines}
    edge = word_edge if not seen else (lambda a, b: word_edge(a, b) or learned_edge(a, b, seen))
    for run in _running_titles(page):
        report.running_titles += 1
        texts = [_key(ln.text) for ln in run]
        _check_breaks(page, texts, report.running_one_char, report.running_word_breaks, edge)
        title = "".join(texts).removesuffix(CONTINUED)
        if title in wanted:
            continue
        kept = title.removesuffix(SHORTENED)
        if kept != title and any(t.startswith(kept) and cut_edge(t, len(kept)) for t in wanted):
            report.running_shortened.append(f"p{page.number}: {' / '.join(texts)}")
        else:
            report.running_unmatched.append(f"p{page.number}: {' / '.join(texts)}")


def _find_run(lines: list[Line], want: str) -> list[Line] | None:
    """Lines of one size, each under the one before, that spell `want`."""
    for i, first in enumerate(lines):
        if not want.startswith(_key(first.text)) or not _key(first.text):
            continue
        run, got = [first], _key(first.text)
        while got != want:
            nxt = [ln for ln in lines if abs(ln.height - run[-1].height) < 0.5 and abs(ln.x0 - first.x0) < 2 * ln.height
                   and run[-1].y1 - 0.2 * ln.height < ln.y0 < run[-1].y1 + ln.height
                   and want.startswith(got + _key(ln.text)) and _key(ln.text)]
            if not nxt:
                break
            run.append(nxt[0])
            got += _key(nxt[0].text)
        if got == want:
            return run
    return None


def _is_continuation(page: Page) -> bool:
    """A continuation sheet: its running head names the 版 with （续）."""
    return any(CONTINUED in ln.text and ln.y0 < 0.1 * page.height for ln in page.lines)


def _story_depths(page: Page) -> list[int]:
    """Per story on a sheet, the lines down its fullest column. A story's columns are the runs
    of body lines (each line within 1.8 line heights of the one above) that start level with
    each other in neighbouring columns."""
    lefts = sorted(page.columns)
    runs: list[tuple[int, float, int]] = []      # (column index, top, lines)

    def in_a_head(ln: Line) -> bool:
        """A line of the body's height with other text right under it: the last line of a
        subheadline (a byline follows) or a list's label (本版标题, its ◇ items follow)."""
        return any(ln.y0 < o.y0 <= ln.y0 + 1.8 * ln.height and abs(o.x0 - ln.x0) < ln.height
                   and (o.text[:1] in BULLETS or abs(o.height - ln.height) > 0.05 * ln.height)
                   for o in page.lines)

    for k, left in enumerate(lefts):
        lines = page.columns[left]
        start = 0
        for i in range(1, len(lines) + 1):
            if i == len(lines) or lines[i].y0 - lines[i - 1].y0 > 1.8 * lines[i].height:
                if not in_a_head(lines[i - 1]):
                    runs.append((k, lines[start].y0, i - start))
                start = i
    story = list(range(len(runs)))           # each run's story: the first run of it, left to right
    for i, (k, top, _) in enumerate(runs):
        for j, (k2, top2, _) in enumerate(runs[:i]):
            if k2 == k - 1 and abs(top2 - top) < 1:
                story[i] = story[j]
    depth: dict[int, int] = {}
    for i, (_, _, n) in enumerate(runs):
        depth[story[i]] = max(n, depth.get(story[i], 0))
    return list(depth.values())


def _check_continuations(pages: list[Page], lefts: list[float], report: Report) -> None:
    """Share of the content area left empty on each continuation sheet: per grid column, how
    far down text reaches, between the running head and the folio."""
    for page in pages:
        head = [ln for ln in page.lines if CONTINUED in ln.text and ln.y0 < 0.1 * page.height]
        if not head or not lefts:
            continue
        top = max(ln.y1 for ln in head)
        folio = [ln for ln in page.lines if ln.y0 > 0.9 * page.height]
        bottom = min((ln.y0 for ln in folio), default=page.height)
        cols = [x for k, x in enumerate(lefts) if k == 0 or x - lefts[k - 1] > 20]
        pitch = statistics.median([b - a for a, b in zip(cols, cols[1:])]) if len(cols) > 1 else page.width
        used = []
        for left in cols:
            feet = [ln.y1 for ln in page.lines if top < ln.y0 < bottom and ln.x0 < left + pitch - 1 and ln.x1 > left + 1]
            used.append((max(feet, default=top) - top) / (bottom - top))
        report.continuation_empty.append((page.number, 1 - sum(used) / len(used)))
