"""One build: an Issue and settings → output files (EPUB, PDF, web site), with a summary.

Renderers are looked up in `render/registry.py` by format name and imported only when used,
so an EPUB-only build does not pay for WeasyPrint. Every renderer has the same contract
(`render(issue, options, target, inputs) -> RenderResult`); a renderer that builds on
another's result (the web site on the PDF's plan) gets it in `inputs`, rendered into a
scratch folder when that format was not asked for.
"""
from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from .config import Config
from .errors import OutputError
from .model import Issue
from .output import inside, parse_name_pattern, safe_file_name, staged_outputs
from .render.registry import RENDERERS, RenderResult, render_order


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
    pdf_workers: int | None = None      # processes rendering a PDF's groups of sheets (None: the default)


@dataclass(frozen=True, slots=True)
class BuildResult:
    outputs: tuple[Path, ...]
    seconds: float
    notes: tuple[str, ...] = ()       # what the renderers report for the editor (PDF page layout)
    warnings: tuple[str, ...] = ()


def output_name(pattern: str, issue: Issue, stem: str) -> str:
    """The output file name (without extension) for an issue: the pattern's fields filled
    in, made a safe file name of bounded length (see output.safe_file_name)."""
    e = issue.edition
    values = {"stem": stem, "title": e.title or stem, "date": e.date or "undated", "number": e.number or ""}
    name = "".join(values[v] if kind == "field" else v for kind, v in parse_name_pattern(pattern))
    return safe_file_name(name, fallback=safe_file_name(stem))


def build_issue(issue: Issue, settings: BuildSettings, outdir: Path, name: str,
                inputs: list[Path] | None = None) -> BuildResult:
    """Render every requested format of one issue into `outdir`: all of them, or none
    (they are staged and moved into place together)."""
    start = time.perf_counter()
    resolved_inputs = {p.resolve() for p in inputs or []}
    targets = {fmt: RENDERERS[fmt].target(outdir, name) for fmt in settings.formats}
    for target in targets.values():
        if not inside(outdir, target):
            raise OutputError(f"{target}: the output name leads outside {outdir}")
        if target.resolve() in resolved_inputs:
            raise OutputError(f"{target}: the output would overwrite an input file; choose another -o")
    results: dict[str, RenderResult] = {}
    with staged_outputs(outdir) as staging, tempfile.TemporaryDirectory(prefix=".edition-", dir=staging) as scratch:
        for fmt in render_order(settings.formats):
            renderer = RENDERERS[fmt]
            module = renderer.load()
            where = staging if fmt in targets else Path(scratch)     # a format only needed by another
            results[fmt] = module.render(issue, module.options_from(settings), renderer.target(where, name),
                                         {dep: results[dep] for dep in renderer.needs})
    asked = [results[fmt] for fmt in render_order(settings.formats) if fmt in targets]
    return BuildResult(tuple(targets[fmt] for fmt in settings.formats), time.perf_counter() - start,
                       tuple(n for r in asked for n in r.notes), tuple(w for r in asked for w in r.warnings))


def settings_from(config: Config, **cli) -> BuildSettings:
    fonts = dict(config.fonts)
    return BuildSettings(formats=cli.get("formats") or ("epub",), layout=cli.get("layout") or config.layout,
                         embed_fonts=cli.get("embed_fonts", True), print_ready=cli.get("print_ready", False),
                         tagged=cli.get("tagged", False), font_overrides=fonts,
                         columns=config.pdf_columns if config.pdf_columns != 6 else None,
                         cn_number=config.cn_number, pdf_workers=cli.get("pdf_workers"))
