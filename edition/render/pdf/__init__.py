"""Issue → multi-column A3 print PDF with WeasyPrint.

Steps: measure every module's frame (head, rules) in one WeasyPrint pass → count body
lines with Pango and plan the sheets (`sheets.py`: exact heights, continuation sheets
with linked 下转/上接 lines), each page at the body setting that needs the fewest sheets
and fills them → render in bounded groups of sheets (`parts.py`, in worker processes with
--workers) → check that every line lies inside its module → join the groups' files
(`assemble.py`). WeasyPrint's multi-column support is limited, so each body is a simple
multicol box of fixed height inside a placed module, and a story whose check fails gets
more room and the sheets are rendered again.
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import re
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...errors import OutputError
from ...model import Issue
from ...output import atomic_output
from ..context import build_time, issue_context
from ..fonts import family_stack, load_roles, pango_stack, resolve
from ..headline import break_lines
from ..libraries import import_weasyprint
from .running import RUNNING_PT, running_title
from ..autospace import han_latin_spacing
from ..justify import inter_character_justification
from ..punctuation import compressed_punctuation
from .. import linebreak
from .assemble import defer_programs, font_record, join_parts
from .columns import single_pass_columns
from .fontdata import lean_font_embedding
from .parts import Job, default_workers, render_groups, sheet_groups
from ..linebreak import LineBreaker
from ..sheets import (PX_PER_MM, FrameKey, Frames, Geometry, Heights, ModuleSpec, Typeset, page_modules, plan_page,
                     plan_sheets, sheet_fill, spans_for)
from ..registry import RenderResult
from ..templates import environment, layout_file, layout_settings

MEASURE_PER_SHEET = 16
MEASURE_PER_DOCUMENT = 16 * MEASURE_PER_SHEET   # trial modules in one measuring document at most
PAGE_SIZES = {"A3": (297.0, 420.0), "A4": (210.0, 297.0), "B3": (353.0, 500.0)}
CHECKS = 4      # renders before giving up on a plan
FILL_TARGET = 0.95  # the last two sheets of a page that runs over, this full by the plan's estimate
# Headline sizes in pt, by module: the lead story, a story 3 or more columns wide, a
# narrower one, a headline inferred from the text (set smaller and not bold), and the
# title over a story's rest on a continuation sheet (…（续）; smaller where its measure is
# too narrow, see `running.py`). The stylesheet takes them from here, so the line breaks
# computed for them are the ones set.
HEADLINE_PT = {"lead": 28.0, "wide": 21.0, "narrow": 17.0, "inferred": 13.0, "cont": RUNNING_PT[0]}


@dataclass(frozen=True, kw_only=True, slots=True)
class PdfOptions:
    layout: str | Path | None = None
    embed_fonts: bool = True          # PDFs always embed their fonts; kept for a uniform interface
    font_overrides: dict[str, str] = field(default_factory=dict)
    print_ready: bool = False
    tagged: bool = False
    columns: int | None = None
    cn_number: str | None = None      # 刊号 for the masthead, from edition.toml
    workers: int | None = None        # processes rendering groups of sheets; None: parts.default_workers()


def options_from(settings) -> PdfOptions:
    """The PDF's options from a build's settings (`build.BuildSettings`)."""
    return PdfOptions(layout=settings.layout, embed_fonts=settings.embed_fonts,
                      font_overrides=settings.font_overrides, print_ready=settings.print_ready,
                      tagged=settings.tagged, columns=settings.columns, cn_number=settings.cn_number,
                      workers=settings.pdf_workers)


def geometry(s: dict[str, Any], columns: int | None) -> Geometry:
    """Sheet, margins and grid from the layout's [pdf] settings."""
    w, h = PAGE_SIZES.get(str(s.get("page_size", "A3")), PAGE_SIZES["A3"])
    return Geometry(w, h, tuple(float(x) for x in s.get("margin_mm", (10, 10, 16, 10))),
                    int(columns or s.get("columns", 6)), float(s.get("gutter_mm", 4.0)),
                    float(s.get("masthead_mm", 40)), float(s.get("header_mm", 16)),
                    tuple((float(pt), float(lh)) for pt, lh in s.get("typesetting", [(9.5, 1.4)])))


# --- WeasyPrint ----------------------------------------------------------------------

def _html(env, ctx: dict[str, Any], sheets: list[dict[str, Any]], gutter: float, created: str,
          cn_number: str | None, measuring: bool = False) -> str:
    if "headline_lines" not in env.globals:       # an environment made outside render_pdf
        role = load_roles()["headline"]
        env.globals["headline_lines"] = HeadlineBreaker(pango_stack(role, resolve(role).family))
    env.filters.setdefault("full_width_quotes", full_width_quotes)
    return env.get_template("issue.html.j2").render(**ctx, sheets=sheets, gutter=gutter, created=created,
                                                    first_page=ctx["pages"][0]["number"] if ctx["pages"] else 1,
                                                    cn_number=cn_number, measuring=measuring)


@dataclass
class Stylesheet:
    """The print CSS, parsed once by WeasyPrint and used by every render of a build."""

    source: str
    parsed: Any = None
    color_profiles: dict = field(default_factory=dict)   # where @color-profile rules land


def _render(html: str, css: Stylesheet):
    from weasyprint import CSS, HTML
    if css.parsed is None:
        css.parsed = CSS(string=css.source, color_profiles=css.color_profiles)
    # Every document of the build (measuring, final groups) uses the process's one font map,
    # the one the line counts use (`linebreak.py`): WeasyPrint would make a new one for each,
    # loading fontconfig's configuration again and opening every face cold.
    with inter_character_justification(), compressed_punctuation(), han_latin_spacing(), single_pass_columns():
        return HTML(string=html).render(stylesheets=[css.parsed], color_profiles=css.color_profiles,
                                        font_config=linebreak.font_configuration())


def _walk(box):
    """Every layout box under `box`, including those inside absolutely placed boxes, depth
    first: a box, then what its placeholder holds, then its children in order. (WeasyPrint's
    AbsolutePlaceholder wraps the real box and lends it its attributes, its children too, so
    what lies under a placed box comes twice.) With a stack, not nested generators, which
    passed every box up through all its ancestors: a sheet's boxes are many and deep."""
    stack = [box]
    while stack:
        box = stack.pop()
        yield box
        stack.extend(reversed(getattr(box, "children", ())))
        inner = getattr(box, "_box", None)
        if inner is not None:
            stack.append(inner)


def _module_boxes(document) -> dict[str, Any]:
    """The laid-out box of every module, by id: the first met, depth first, as `_walk` meets
    them. Nothing under a module is looked at: modules do not nest (the template sets them
    side by side in a sheet's content), and what lies under a placed box is reached once,
    through the box (its placeholder lends it its children)."""
    boxes: dict[str, Any] = {}
    for page in document.pages:
        stack = [page._page_box]
        while stack:
            box = stack.pop()
            inner = getattr(box, "_box", None)
            if inner is not None:
                stack.append(inner)
                continue
            element = getattr(box, "element", None)
            if element is not None and "module" in (element.get("class") or "").split():
                boxes.setdefault(element.get("id"), box)
                continue
            stack.extend(reversed(getattr(box, "children", ())))
    return boxes


def frames_to_measure(pages: list[dict[str, Any]], geo: Geometry,
                      wanted: set[FrameKey] | None = None) -> list[tuple[FrameKey, ModuleSpec]]:
    """Bodiless trial modules: by default every module at the spans `span_choices` gives it,
    and the first story's continuation head (the others are estimated from it, see
    `frame_estimator`); with `wanted`, exactly those (story id, span, head kind) frames."""
    trials: list[tuple[FrameKey, ModuleSpec]] = []
    calibrated = wanted is not None
    for k, page in enumerate(pages):
        for spec in page_modules(page, geo.columns, front=k == 0):
            keys = ([key for key in sorted(wanted) if key[0] == spec.item["id"]] if wanted is not None
                    else [(spec.item["id"], span, "head") for span in spans_for(spec, geo.columns)])
            if not calibrated and spec.item["type"] == "article":
                keys.append((spec.item["id"], keys[0][1], "cont"))
                calibrated = True
            for story, span, kind in keys:
                trial = ModuleSpec(anchor=f"measure-{len(trials)}", item=spec.item, span=span,
                                   lead=spec.lead and kind == "head", part="cont" if kind == "cont" else "whole",
                                   back_anchor="measure", back_page=1, back_label=page["label"], width=round(geo.grid(False).span_width(span), 2))
                trials.append(((story, span, kind), trial))
    return trials


def frame_estimator(pages: list[dict[str, Any]], geo: Geometry, headline_lines):
    """`estimate(key, measured)`: a frame not measured, from one that was. A frame differs
    from span to span by its headline's lines (broken as `headline_lines` breaks them, at
    the size the span takes): the story's frame measured at the nearest span, its headline's
    height there taken off and the height at this span put on. A continuation's head (上接
    line and title) is the same for every story but for its title's lines: from any measured
    one. None when nothing measured says."""
    specs = {spec.item["id"]: spec for k, page in enumerate(pages)
             for spec in page_modules(page, geo.columns, front=k == 0)}
    grid = geo.grid(front=False)

    @functools.cache
    def headline_mm(story: str, span: int, kind: str) -> float:
        spec = specs[story]
        trial = ModuleSpec(anchor="", item=spec.item, span=span, lead=spec.lead and kind == "head",
                           part="cont" if kind == "cont" else "whole", width=round(grid.span_width(span), 2))
        pt, _ = headline_lines.size(trial)
        leading = 1.4 if kind == "cont" else (1.2 if trial.lead else 1.25)   # as the stylesheet sets them
        return len(headline_lines(trial)) * pt * leading * 25.4 / 72

    def estimate(key: FrameKey, measured: dict[FrameKey, float]) -> float | None:
        story, span, kind = key
        if story not in specs or specs[story].item["type"] != "article":
            return None
        near = min(((abs(s - span), s) for (st, s, kd) in measured if st == story and kd == kind), default=None)
        if near is not None:
            s = near[1]
            return measured[(story, s, kind)] - headline_mm(story, s, kind) + headline_mm(story, span, kind)
        if kind == "cont":
            other = next((k for k in measured if k[2] == "cont" and k[0] in specs), None)
            if other is not None:
                return measured[other] - headline_mm(*other) + headline_mm(story, span, kind)
        return None

    return estimate


def measure_frames(env, ctx, css: Stylesheet, trials: list[tuple[FrameKey, ModuleSpec]], geo: Geometry,
                   created: str) -> dict[FrameKey, float]:
    """The trial modules' heights without their body lines, in mm, from one WeasyPrint pass
    (for many trials, one per MEASURE_PER_DOCUMENT of them: a module's height does not depend
    on what else is measured with it, and memory stays bounded). They are measured in this
    process, whose Pango caches (headline breaks, fonts) the final render then reuses.
    What the body adds is counted by `sheets.Heights`."""
    if not trials:
        return {}
    if len(trials) > MEASURE_PER_DOCUMENT:
        frames: dict[FrameKey, float] = {}
        for k in range(0, len(trials), MEASURE_PER_DOCUMENT):
            frames.update(measure_frames(env, ctx, css, trials[k:k + MEASURE_PER_DOCUMENT], geo, created))
        return frames
    dummy = {"number": 0, "label": "", "name": "", "anchor": "measure"}
    # A few modules a sheet: WeasyPrint slows down sharply with many absolute boxes on one page.
    specs = [t for _, t in trials]
    sheets = [{"page": dummy, "first": False, "continued": False, "anchor": f"measure-sheet-{k}", "typeset_class": "",
               "content_top": 0, "modules": specs[k:k + MEASURE_PER_SHEET]}
              for k in range(0, len(specs), MEASURE_PER_SHEET)]
    # `measuring`: the template leaves out what lies outside the modules (running heads,
    # folios: WeasyPrint's flex layout, slow), which no module's height depends on.
    boxes = _module_boxes(_render(_html(env, ctx, sheets, geo.gutter, created, None, measuring=True), css))
    frames = {}
    for key, spec in trials:
        box = boxes[spec.anchor]
        body = next((b for b in _walk(box) if getattr(b, "element", None) is not None
                     and "body" in (b.element.get("class") or "").split()), None)
        body_height = body.margin_height() if body is not None else 0.0
        frames[key] = (box.margin_height() - body_height) / PX_PER_MM
    return frames


def choose_typesets(pages, frames, geo: Geometry, column_mm: float, breaker) -> list[Typeset]:
    """Each print page's body size and leading: fewest sheets first, then the layout's
    preferred setting (listed first) that fills the page's last two sheets (balanced, see
    `sheets.balanced`) to FILL_TARGET (a page on one sheet: at least half), else the one
    that leaves the emptier of them fullest (a page that runs over, or a short page, is
    then set looser rather than left half empty)."""
    chosen = []
    for k, page in enumerate(pages):
        options = [Typeset(pt, lh) for pt, lh in geo.typesetting]
        heights = [Heights(frames, ts, breaker(ts.pt), column_mm) for ts in options]
        plans = []
        for h in heights:
            plans.append(plan_page(page, k == 0, h, geo, 1, balance=False))
            # The first setting, in the layout's order, that keeps the page on one sheet at
            # least half full is the one chosen below whatever the later ones give (none
            # takes fewer than one sheet): the others need not be planned.
            if len(plans[-1]) == 1 and sheet_fill(plans[-1][0], geo.grid(front=k == 0)) >= 0.5:
                break
        fewest = min(len(p) for p in plans)
        best = [i for i, p in enumerate(plans) if len(p) == fewest]
        if fewest == 1:      # a short single page
            fill = {i: sheet_fill(plans[i][0], geo.grid(front=k == 0)) for i in best}
            best = [i for i in best if fill[i] >= 0.5] or sorted(best, key=lambda i: -fill[i])
            chosen.append(options[best[0]])
            continue
        grids = (geo.grid(front=k == 0 and fewest == 2), geo.grid(front=False))

        def fills(plan):
            return sheet_fill(plan[-2], grids[0]), sheet_fill(plan[-1], grids[1])

        # Balancing the last two sheets can bring the emptier to about their mean fill, no further.
        mean = {i: sum(fills(plans[i])) / 2 for i in best}
        least: dict[int, float] = {}         # the emptier of the two once balanced

        def balanced_least(i: int) -> float:
            if i not in least:
                least[i] = min(fills(plans[i]))
                if least[i] < FILL_TARGET and mean[i] > least[i]:
                    least[i] = min(fills(plan_page(page, k == 0, heights[i], geo, 1)))
            return least[i]

        good = next((i for i in best if (mean[i] >= FILL_TARGET or min(fills(plans[i])) >= FILL_TARGET)
                     and balanced_least(i) >= FILL_TARGET), None)
        if good is not None:
            chosen.append(options[good])
            continue
        fullest = None
        for i in sorted(best, key=lambda i: -mean[i]):
            if fullest is not None and mean[i] <= least[fullest]:
                break
            if balanced_least(i) > (least[fullest] if fullest is not None else -1.0):
                fullest = i
        chosen.append(options[fullest])
    return chosen


def headline_size(m: ModuleSpec) -> tuple[float, bool]:
    """A module's headline size in pt, and whether it is bold (as the stylesheet sets it; a
    running title's largest size, which `HeadlineBreaker.size` may take down)."""
    if m.head == "cont":
        return HEADLINE_PT["cont"], True
    if m.item.get("inferred"):
        return HEADLINE_PT["inferred"], False
    if m.lead:
        return HEADLINE_PT["lead"], True
    return (HEADLINE_PT["wide"] if m.span >= 3 else HEADLINE_PT["narrow"]), True


def full_width_quotes(text: str):
    """Markup of `text` with its curly quotes in <span class="fw">, which the stylesheet sets
    in the body face: the 楷体 face draws them at Latin width."""
    from markupsafe import Markup, escape
    return Markup(re.sub(r"([‘’“”]+)", r'<span class="fw">\1</span>', str(escape(text))))


class HeadlineBreaker:
    """`lines(m)`: the module's headline broken for its width (see `headline.py`), or on a
    story's rest its running title (`running.py`); `lines.size(m)`: the size in pt it is set
    at and whether bold, as `headline_size` gives it but for a running title, whose size
    depends on its measure."""

    def __init__(self, family: str):
        self._faces = functools.cache(lambda pt, bold: linebreak.LineBreaker(f"{family},sans-serif", pt, bold=bold))
        self._lines = functools.cache(self._break)
        self._running = functools.cache(self._running_title)

    def _break(self, text: str, width_mm: float, pt: float, bold: bool) -> tuple[str, ...]:
        return tuple(break_lines(text, self._faces(pt, bold).width, width_mm * PX_PER_MM - 1.0))

    def _running_title(self, headline: str, width_mm: float, story: str) -> tuple[tuple[str, ...], float]:
        return running_title(headline, lambda pt: self._faces(pt, True).width, width_mm * PX_PER_MM - 1.0, story)

    def __call__(self, m: ModuleSpec) -> tuple[str, ...]:
        if m.head == "cont":
            return self._running(m.item["headline"], m.width, _story_text(m))[0]
        return self._lines(m.item["headline"], m.width, *headline_size(m))

    def size(self, m: ModuleSpec) -> tuple[float, bool]:
        if m.head == "cont":
            return self._running(m.item["headline"], m.width, _story_text(m))[1], True
        return headline_size(m)


def _story_text(m: ModuleSpec) -> str:
    """A story's whole text (its paragraphs, each on a line), whose word edges a running title may use."""
    return "\n".join(m.item.get("paragraphs", ()))


def printing_condition(layout, settings: dict[str, Any]) -> Path:
    """The layout's CMYK output profile, which --print declares as the PDF/X output intent."""
    path = layout_file(layout, settings.get("print_profile", "pdf/FOGRA39.icc"))
    from PIL import ImageCms
    try:
        space = ImageCms.getOpenProfile(str(path)).profile.xcolor_space.strip()
    except (OSError, ImageCms.PyCMSError) as err:
        raise OutputError(f"{path} is not an ICC profile ({err})") from None
    if space != "CMYK":
        raise OutputError(f"{path} is a {space} profile; a printing condition needs a CMYK one")
    return path


def layout_notes(sheets: list[dict[str, Any]]) -> list[str]:
    """A line per print page for the editor: its body setting and sheets, and whether it
    runs over (the one layout decision worth a look: cutting text keeps it to one sheet)."""
    notes = []
    for sheet in sheets:
        if sheet["continued"]:
            continue
        page, ts = sheet["page"], sheet["typeset"]
        extra = sum(1 for s in sheets if s["continued"] and s["page"] is page)
        over = f", runs over onto {extra} continuation sheet{'s' if extra > 1 else ''}" if extra else ""
        notes.append(f"{page['label']}: body {ts.pt:g} pt, leading {ts.lh:g}{over}")
    return notes


def _visible(text: str) -> int:
    """Characters that show: a space where a line breaks is dropped, and rightly."""
    return len(text) - sum(ch.isspace() for ch in text)


def verify_layout(document, sheets: list[dict[str, Any]]) -> dict[str, str]:
    """Problems by story id: modules whose text does not all lie inside their rectangle,
    or which were not laid out."""
    boxes = _module_boxes(document)
    problems: dict[str, str] = {}
    slack = 0.5 * PX_PER_MM
    for sheet in sheets:
        for m in sheet["modules"]:
            box = boxes.get(m.anchor)
            if box is None:
                problems[m.item["id"]] = f"{m.anchor} was not laid out"
                continue
            left, top = box.border_box_x(), box.border_box_y()
            right, bottom = left + box.border_width(), top + box.border_height()
            expected = sum(_visible(p["text"]) for p in m.paragraphs)
            shown = 0
            for inner in _walk(box):
                kind = type(inner).__name__
                if kind == "TextBox":
                    shown += _visible(inner.text)
                elif kind == "LineBox" and (inner.position_x + inner.width > right + slack
                                            or inner.position_y + inner.height > bottom + slack):
                    problems[m.item["id"]] = f"{m.anchor}: text runs outside its {m.height or 0:.0f} mm module"
                    break
            else:
                if shown < expected:
                    problems[m.item["id"]] = f"{m.anchor}: {expected - shown} characters not laid out"
    return problems


def stylesheet(env, geo: Geometry, families: dict[str, str], print_profile: str = "",
               overrides: dict[str, str] | None = None) -> str:
    """The layout's print CSS for this geometry; with a printing condition, in CMYK (--print).
    `fonts.ROLE` is the role's family, `stacks.ROLE` the quoted CSS list of it and its
    fallbacks (emoji, CJK Extension B…), so no character prints as a missing glyph."""
    roles = load_roles(overrides)
    stacks = {role: family_stack(roles[role], family) for role, family in families.items() if role in roles}
    top, right, bottom, left = geo.margins
    grid = geo.grid(front=False)
    return env.get_template("print.css.j2").render(
        page_width=geo.width, page_height=geo.height, margin_top=top, margin_right=right,
        margin_bottom=bottom, margin_left=left, masthead_height=geo.masthead, header_height=geo.header,
        grid_width=grid.width, grid_height=grid.height, columns=geo.columns, gutter=geo.gutter,
        typesettings=geo.typesetting, fonts=families, stacks=stacks, headline_pt=HEADLINE_PT, print_ready=bool(print_profile), print_profile=print_profile)


@dataclass(frozen=True, slots=True)
class ModuleRect:
    """A module's rectangle on its sheet in mm from the trimmed sheet's top left, as planned."""

    anchor: str          # the module's own anchor (`s003`, or `s003-cont2` for a story's rest)
    item: str            # the item's anchor (`s003`): the story it belongs to
    type: str            # article, guide, quote, orphans
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True, slots=True)
class SheetPlan:
    """One printed sheet: which 版 it is, its size, and where every module lies on it."""

    page: int
    continued: bool
    anchor: str
    width: float         # the trimmed sheet in mm
    height: float
    bleed: float         # mm added on every side of the PDF's page (--print)
    modules: tuple[ModuleRect, ...]


def sheet_plan(sheets: list[dict[str, Any]], geo: Geometry, bleed: float) -> tuple[SheetPlan, ...]:
    """The plan the PDF was rendered from, as plain records (no layout is recomputed):
    a module lies at the content area's origin plus its planned offset."""
    left = geo.margins[3]
    return tuple(SheetPlan(page=s["page"]["number"], continued=s["continued"], anchor=s["anchor"],
                           width=geo.width, height=geo.height, bleed=bleed,
                           modules=tuple(ModuleRect(m.anchor, m.item["id"], m.item["type"], round(left + m.left, 3),
                                                    round(s["content_top"] + m.top, 3), m.width, m.height or 0.0)
                                         for m in s["modules"]))
                 for s in sheets)


def render_pdf(issue: Issue, options: PdfOptions, out: Path) -> Path:
    """Write the print PDF to `out` atomically; return `out`."""
    return render(issue, options, out).files[0]


def _write_group(html: str, sheets: list[dict[str, Any]], path: Path, *, css: Stylesheet, variant: str | None,
                 tagged: bool, identifier: bytes, joined: bool) -> tuple[dict[str, str], dict[str, Any]]:
    """Render one group of sheets; when every module holds (`verify_layout`), write it to
    `path` (`joined`: a part of the issue, whose links may lead to other parts and whose
    fonts are noted for joining, `assemble.font_record`). Returns the problems found, by
    story id, and the fonts noted."""
    document = _render(html, css)
    problems = verify_layout(document, sheets)
    fonts: dict[str, dict[str, Any]] = {}
    if not problems:
        with (_stable_xmp_ids(identifier), _crop_marks_in_registration_colour(), _streams_compressed_once(),
              lean_font_embedding(), inter_character_justification(),
              compressed_punctuation(), han_latin_spacing(),
              _links_kept_for_joining() if joined else contextlib.nullcontext(),
              _fonts_recorded(fonts) if joined else contextlib.nullcontext()):
            document.write_pdf(str(path), pdf_variant=variant, pdf_identifier=identifier, pdf_tags=tagged)
    return problems, fonts


def render(issue: Issue, options: PdfOptions, target: Path, inputs: dict | None = None) -> RenderResult:
    """The renderer contract (`render/registry.py`): write the print PDF to `target`
    atomically; notes say how each page was set, `data` is the sheet plan (`SheetPlan`s)."""
    import_weasyprint()       # first, without its compiler probes (`libraries.py`)
    workers = options.workers
    settings = layout_settings(options.layout).get("pdf", {})
    geo = geometry(settings, options.columns)
    roles = load_roles(options.font_overrides)
    families = {role: resolve(r).family for role, r in roles.items()}
    # Line breaks at each body size, kept for this build (every size is tried on every page);
    # Pango gets the same fallback chain as the CSS, so a fallback glyph has the same width.
    body_stack = pango_stack(roles["body"], families["body"])
    breaker = functools.cache(lambda pt: LineBreaker(f"{body_stack},serif", pt))
    env = environment(options.layout, "pdf")
    env.globals["headline_lines"] = HeadlineBreaker(pango_stack(roles["headline"], families["headline"]))
    ctx = issue_context(issue, href=lambda anchor: f"#{anchor}")
    grid = geo.grid(front=False)
    css = Stylesheet(stylesheet(env, geo, families,
                                printing_condition(options.layout, settings).as_uri() if options.print_ready else "",
                                options.font_overrides))
    created = build_time(issue.edition.date).strftime("%Y-%m-%dT%H:%M:%SZ")
    pages = ctx["pages"]
    workers = workers if workers is not None else default_workers()
    frames = Frames(measure_frames(env, ctx, css, frames_to_measure(pages, geo), geo, created),
                    frame_estimator(pages, geo, env.globals["headline_lines"]))
    typesets = choose_typesets(pages, frames, geo, grid.column_width, breaker)
    # The settings were compared with estimated frames (continuation heads, wide spans): measure
    # those the chosen plan uses, and compare again if an estimate was off; what the final plan
    # uses is measured below.
    wanted = frames.unmeasured(plan_sheets(pages, [Heights(frames, ts, breaker(ts.pt), grid.column_width)
                                                   for ts in typesets], geo))
    if wanted and frames.add(measure_frames(env, ctx, css, frames_to_measure(pages, geo, wanted), geo, created)) > 0.05:
        typesets = choose_typesets(pages, frames, geo, grid.column_width, breaker)
    slack: dict[str, int] = {}
    variant = "pdf/x-4" if options.print_ready else ("pdf/ua-1" if options.tagged else None)
    write = functools.partial(_write_group, css=css, variant=variant, tagged=options.tagged)
    with atomic_output(target) as tmp, tempfile.TemporaryDirectory(prefix=".parts-", dir=tmp.parent) as scratch:
        for _ in range(CHECKS):
            heights = [Heights(frames, ts, breaker(ts.pt), grid.column_width, slack) for ts in typesets]
            sheets = plan_sheets(pages, heights, geo)
            while wanted := frames.unmeasured(sheets):   # the plan used estimates: measure them, plan again
                frames.add(measure_frames(env, ctx, css, frames_to_measure(pages, geo, wanted), geo, created))
                sheets = plan_sheets(pages, heights, geo)
            for sheet in sheets:      # the stylesheet has a class for each typesetting of the layout
                sheet["typeset_class"] = f"ts-{geo.typesetting.index((sheet['typeset'].pt, sheet['typeset'].lh))}"
            # One WeasyPrint document per group of sheets (`parts.py`), so memory stays bounded.
            groups = sheet_groups(sheets)
            htmls = [_html(env, ctx, group, geo.gutter, created, options.cn_number) for group in groups]
            identifier = hashlib.md5((css.source + "".join(htmls)).encode("utf-8")).hexdigest().encode("ascii")
            paths = [tmp] if len(groups) == 1 else [Path(scratch) / f"part-{k}.pdf" for k in range(len(groups))]
            job = Job(htmls, groups, paths, functools.partial(write, identifier=identifier, joined=len(groups) > 1))
            problems, fonts = render_groups(job, workers)
            if not problems:
                break
            for story in problems:       # a count fell short: give the story a line more a column
                slack[story] = slack.get(story, 0) + 1
        if problems:
            raise OutputError("the page plan did not hold (" + "; ".join(list(problems.values())[:3])
                              + "); please report this input")
        if len(groups) > 1:
            join_parts(paths, tmp, fonts)
    notes = layout_notes(sheets) + [f"{it['id']}: headline inferred from the text (set as 〔拟〕): {it['headline']}"
                                    for page in pages for it in page["articles"] if it["inferred"]]
    return RenderResult((target,), tuple(notes), data=sheet_plan(sheets, geo, 3.0 if options.print_ready else 0.0))


@contextlib.contextmanager
def _fonts_recorded(record: dict[str, Any]):
    """Note into `record` what the document's fonts are before WeasyPrint subsets them, and
    leave to the join the programs it will make anyway (`assemble.defer_programs`): under
    each deferred face's name, `deferred` says how."""
    import weasyprint.pdf as pdf
    original = pdf.build_fonts_dictionary

    def recording(pdf_, fonts, compress, subset, options, *args, **kwargs):
        record.update(font_record(fonts))
        for name, deferred in defer_programs(fonts, subset, options["hinting"], record).items():
            record[name]["deferred"] = deferred
        return original(pdf_, fonts, compress, subset, options, *args, **kwargs)

    pdf.build_fonts_dictionary = recording
    try:
        yield
    finally:
        pdf.build_fonts_dictionary = original


@contextlib.contextmanager
def _links_kept_for_joining():
    """WeasyPrint drops a link whose anchor is not in its document; a group's link may lead
    to another group, so keep every internal link here: joining the groups (`assemble.py`)
    drops those whose anchor is in no group, as one document would have."""
    import weasyprint.pdf as pdf
    original = pdf.resolve_links

    def keep_all(pages):
        seen: set[str] = set()
        for page in pages:
            anchors = []
            for name, (x, y, _, _) in page.anchors.items():
                if name not in seen:
                    seen.add(name)
                    anchors.append((name, x, y))
            yield list(page.links), anchors

    pdf.resolve_links = keep_all
    try:
        yield
    finally:
        pdf.resolve_links = original


@contextlib.contextmanager
def _streams_compressed_once():
    """pydyf writes every stream (fonts, pages: compressed at zlib level 9) and then, to hash
    the file identifier we ask for (`pdf_identifier`), computes every stream's bytes again,
    compressing them all a second time. While a PDF is written, each stream's bytes are
    kept from the first time: the same bytes, once. Nothing changes a stream while pydyf
    writes, and the bytes are dropped when it is done."""
    import pydyf
    original_write, original_data = pydyf.PDF.write, pydyf.Stream.data

    def write(pdf, *args, **kwargs):
        known: dict[int, tuple[Any, bytes]] = {}     # id → (the stream, kept alive so ids stay unique; its bytes)

        def data(stream) -> bytes:
            entry = known.get(id(stream))
            if entry is None:
                entry = known[id(stream)] = (stream, original_data.fget(stream))
            return entry[1]

        pydyf.Stream.data = property(data)
        try:
            return original_write(pdf, *args, **kwargs)
        finally:
            pydyf.Stream.data = original_data

    pydyf.PDF.write = write
    try:
        yield
    finally:
        pydyf.PDF.write = original_write


@contextlib.contextmanager
def _stable_xmp_ids(seed: bytes):
    """WeasyPrint gives PDF/X-4 a random XMP DocumentID; derive it from the content instead,
    so the same input gives the same bytes."""
    import weasyprint.pdf.metadata as metadata
    original = metadata.uuid4
    metadata.uuid4 = lambda: uuid.uuid5(uuid.NAMESPACE_OID, seed.decode("ascii"))
    try:
        yield
    finally:
        metadata.uuid4 = original


@contextlib.contextmanager
def _crop_marks_in_registration_colour():
    """WeasyPrint draws crop marks as a small SVG in RGB black, and PDF/X-4 with a CMYK
    output intent allows no RGB: draw them in registration colour (all four inks) instead."""
    import weasyprint.draw as draw
    original = draw.SVGImage      # in this module it draws only the marks

    def recoloured(tree, *args):
        for element in tree.iter():
            if element.get("stroke") == "black":
                element.set("stroke", "device-cmyk(1 1 1 1)")
            if element.get("fill") == "transparent":
                element.set("fill", "none")
        return original(tree, *args)

    draw.SVGImage = recoloured
    try:
        yield
    finally:
        draw.SVGImage = original
