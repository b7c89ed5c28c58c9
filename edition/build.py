"""One build: an Issue and settings → output files (EPUB, PDF), with a summary.

Renderers are looked up in a table by format name and imported only when used, so an
EPUB-only build does not pay for WeasyPrint.
"""
from __future__ import annotations

import importlib
import time
from dataclasses import dataclass, field
from pathlib import Path

from .config import Config
from .errors import OutputError
from .model import Issue
from .output import inside, parse_name_pattern, safe_file_name, staged_outputs

FORMATS = ("epub", "pdf")
# format → (module, render function, options class)
RENDERERS = {
    "epub": ("edition.render.epub", "render_epub", "EpubOptions"),
    "pdf": ("edition.render.pdf", "render_pdf", "PdfOptions"),
}


@dataclass(frozen=True, kw_only=True, slots=True)
class BuildSettings:
    formats: tuple[str, ...] = ("epub",)
    layout: str | Path | None = None
    embed_fonts: bool = True
    print_ready: bool = False
    tagged: bool = False
    font_overrides: dict[str, str] = field(default_factory=dict)
    columns: int | None = None
    cn_number: str | None = None


@dataclass(frozen=True, slots=True)
class BuildResult:
    outputs: tuple[Path, ...]
    seconds: float
    notes: tuple[str, ...] = ()       # what the renderers report for the editor (PDF page layout)


def output_name(pattern: str, issue: Issue, stem: str) -> str:
    """The output file name (without extension) for an issue: the pattern's fields filled
    in, made a safe file name of bounded length (see output.safe_file_name)."""
    e = issue.edition
    values = {"stem": stem, "title": e.title or stem, "date": e.date or "undated", "number": e.number or ""}
    name = "".join(values[v] if kind == "field" else v for kind, v in parse_name_pattern(pattern))
    return safe_file_name(name, fallback=safe_file_name(stem))


def _options(fmt: str, settings: BuildSettings, notes: list[str]):
    module_name, func_name, options_name = RENDERERS[fmt]
    module = importlib.import_module(module_name)
    options_cls = getattr(module, options_name)
    common = {"layout": settings.layout, "embed_fonts": settings.embed_fonts,
              "font_overrides": settings.font_overrides}
    if fmt == "pdf":
        common.update(print_ready=settings.print_ready, tagged=settings.tagged, columns=settings.columns,
                      cn_number=settings.cn_number, notes=notes)
    return getattr(module, func_name), options_cls(**common)


def build_issue(issue: Issue, settings: BuildSettings, outdir: Path, name: str,
                inputs: list[Path] | None = None) -> BuildResult:
    """Render every requested format of one issue into `outdir`: all of them, or none
    (they are staged and moved into place together)."""
    start = time.perf_counter()
    notes: list[str] = []
    resolved_inputs = {p.resolve() for p in inputs or []}
    targets = [outdir / f"{name}.{fmt}" for fmt in settings.formats]
    for target in targets:
        if not inside(outdir, target):
            raise OutputError(f"{target}: the output name leads outside {outdir}")
        if target.resolve() in resolved_inputs:
            raise OutputError(f"{target}: the output would overwrite an input file; choose another -o")
    with staged_outputs(outdir) as staging:
        for fmt, target in zip(settings.formats, targets):
            render, options = _options(fmt, settings, notes)
            render(issue, options, staging / target.name)
    return BuildResult(tuple(targets), time.perf_counter() - start, tuple(notes))


def settings_from(config: Config, **cli) -> BuildSettings:
    fonts = dict(config.fonts)
    return BuildSettings(formats=cli.get("formats") or ("epub",), layout=cli.get("layout") or config.layout,
                         embed_fonts=cli.get("embed_fonts", True), print_ready=cli.get("print_ready", False),
                         tagged=cli.get("tagged", False), font_overrides=fonts,
                         columns=config.pdf_columns if config.pdf_columns != 6 else None,
                         cn_number=config.cn_number)
