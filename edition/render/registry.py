"""The renderer contract and the one table of renderers that `build` and the CLI read.

Every renderer is a package `edition.render.<name>` with:

- `options_from(settings) -> Options`: its frozen options from the build's settings;
- `render(issue, options, target, inputs) -> RenderResult`: writes `target` (a file, or a
  folder for a site) and says what it wrote, what the editor should know (`notes`) and what
  went wrong without stopping the build (`warnings`). `inputs` holds the results of the
  renderers it `needs`, by format name (the web renderer reads the PDF's sheet plan).

A new renderer is one folder and one row here; it is imported only when used.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any


@dataclass(frozen=True, slots=True)
class RenderResult:
    """What one renderer did: the paths it wrote (inside its target), notes for the editor,
    warnings, and `data` for renderers that build on it (the PDF's sheet plan)."""

    files: tuple[Path, ...]
    notes: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    data: Any = None


@dataclass(frozen=True, slots=True)
class Renderer:
    """One row of the table: where the renderer lives, what its target is called, and which
    other renderers' results it builds on."""

    module: str
    suffix: str                   # ".epub"; "" for a folder named after the issue
    needs: tuple[str, ...] = ()
    default: bool = True          # part of `-f all`

    def load(self) -> ModuleType:
        return importlib.import_module(self.module)

    def target(self, outdir: Path, name: str) -> Path:
        return outdir / f"{name}{self.suffix}"


RENDERERS: dict[str, Renderer] = {
    "epub": Renderer("edition.render.epub", ".epub"),
    "pdf": Renderer("edition.render.pdf", ".pdf"),
    "web": Renderer("edition.render.web", "", needs=("pdf",)),
}
FORMATS = tuple(name for name, r in RENDERERS.items() if r.default)


def render_order(formats: tuple[str, ...]) -> list[str]:
    """The formats to render, each after those it needs (which are added when not asked for)."""
    order: list[str] = []

    def visit(fmt: str) -> None:
        for dep in RENDERERS[fmt].needs:
            visit(dep)
        if fmt not in order:
            order.append(fmt)
    for fmt in formats:
        visit(fmt)
    return order
