"""The Jinja environment: a user's layout folder stacked over the built-in one.

`--layout NAME` picks `layouts/NAME/`; `--layout DIR` stacks DIR over `layouts/default/`,
so a paper overrides only the templates or CSS it wants to change (as mkdocs themes do).
Each layout has `epub/` and `pdf/` folders and an optional `layout.toml` of settings.
"""
from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import jinja2

from ..errors import OutputError
from ..resources import data_dir

TEXT_CHROME = "第版上接下转刊►一版目录导读封面正文星期年月日作者标题版面目录上一版下一版返回本版无"


def layout_dirs(layout: str | Path | None) -> list[Path]:
    """Folders to search, most specific first, ending with the built-in default."""
    builtin = data_dir("layouts")
    dirs: list[Path] = []
    if layout and str(layout) != "default":
        candidate = Path(layout)
        if candidate.is_dir():
            dirs.append(candidate)
        elif (builtin / str(layout)).is_dir():
            dirs.append(builtin / str(layout))
        else:
            known = ", ".join(sorted(p.name for p in builtin.iterdir() if p.is_dir()))
            raise OutputError(f"layout '{layout}' not found: give a folder or one of: {known}")
    dirs.append(builtin / "default")
    return dirs


def environment(layout: str | Path | None, kind: str) -> jinja2.Environment:
    """Jinja environment for one renderer (`kind` is 'epub' or 'pdf')."""
    loaders = [jinja2.FileSystemLoader(str(d / kind)) for d in layout_dirs(layout) if (d / kind).is_dir()]
    env = jinja2.Environment(loader=jinja2.ChoiceLoader(loaders), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True)
    return env


def layout_settings(layout: str | Path | None) -> dict[str, Any]:
    """layout.toml values, the user's over the built-in ones."""
    merged: dict[str, Any] = {}
    for d in reversed(layout_dirs(layout)):
        f = d / "layout.toml"
        if f.is_file():
            for section, values in tomllib.loads(f.read_text(encoding="utf-8")).items():
                if isinstance(values, dict):
                    merged.setdefault(section, {}).update(values)
                else:
                    merged[section] = values
    return merged


def layout_file(layout: str | Path | None, relative: str) -> Path:
    """A data file of the layout (`pdf/FOGRA39.icc`), the user's folder first."""
    for d in layout_dirs(layout):
        if (d / relative).is_file():
            return d / relative
    raise OutputError(f"the layout has no file '{relative}'")
