"""The Jinja environment: a user's layout folder stacked over the built-in one.

`--layout NAME` picks `layouts/NAME/`; `--layout DIR` stacks DIR over `layouts/default/`,
so a paper overrides only the templates or CSS it wants to change (as mkdocs themes do).
Each layout has `epub/`, `pdf/` and `web/` folders, `shared/` (macros.j2, the markup
they all use) and an optional `layout.toml` of settings.

A layout is user input: a template that does not compile or fails while rendering, a
missing include, an undefined variable, a `layout.toml` that is not TOML or has a value of
another type than the built-in one, all become one LayoutError naming the file and line.
"""
from __future__ import annotations

import re
import tomllib
import traceback
from pathlib import Path
from typing import Any

import jinja2

from ..errors import LayoutError
from ..resources import data_dir

# What a template's own code can raise (a filter on the wrong type, 1/0, a bad index).
_TEMPLATE_FAILURES = (jinja2.TemplateError, ArithmeticError, TypeError, ValueError, LookupError,
                      AttributeError, RecursionError)


def layout_dirs(layout: str | Path | None) -> list[Path]:
    """Folders to search, most specific first, ending with the built-in default."""
    builtin = data_dir("layouts")
    dirs: list[Path] = []
    if layout and str(layout) != "default":
        candidate = Path(layout)
        if candidate.is_dir():
            dirs.append(candidate)
        elif "/" not in str(layout) and str(layout) not in ("..", ".") and (builtin / str(layout)).is_dir():
            dirs.append(builtin / str(layout))
        else:
            known = ", ".join(sorted(p.name for p in builtin.iterdir() if p.is_dir()))
            raise LayoutError(f"layout '{layout}' not found: give a folder or one of: {known}")
    dirs.append(builtin / "default")
    return dirs


def _where(e: BaseException, loader_dirs: list[Path]) -> str:
    """'FILE line N' of the template frame an error came from (Jinja maps its compiled code
    back to template lines in tracebacks), or '' when no template frame is found."""
    if isinstance(e, jinja2.TemplateSyntaxError) and e.filename:
        return f"{e.filename} line {e.lineno}"
    roots = [str(d) for d in loader_dirs]
    for frame in reversed(traceback.extract_tb(e.__traceback__)):
        if any(frame.filename.startswith(r) for r in roots):
            return f"{frame.filename} line {frame.lineno}"
    return ""


def _layout_error(e: BaseException, name: str, loader_dirs: list[Path]) -> LayoutError:
    where = _where(e, loader_dirs) or f"template '{name}'"
    if isinstance(e, jinja2.TemplateNotFound):
        what = f"no template '{e.name}' in the layout"
    elif isinstance(e, jinja2.TemplateSyntaxError):
        what = f"syntax error: {e.message}"
    else:
        what = str(e).splitlines()[0] if str(e) else type(e).__name__
    return LayoutError(f"{where}: {what}")


class _Template(jinja2.Template):
    def render(self, *args: Any, **kwargs: Any) -> str:
        try:
            return super().render(*args, **kwargs)
        except _TEMPLATE_FAILURES as e:
            raise _layout_error(e, self.name or "?", self.environment.layout_dirs) from None


class _Environment(jinja2.Environment):
    template_class = _Template
    layout_dirs: list[Path] = []

    def get_template(self, name, *args: Any, **kwargs: Any):   # type: ignore[override]
        try:
            return super().get_template(name, *args, **kwargs)
        except jinja2.TemplateError as e:
            raise _layout_error(e, str(name), self.layout_dirs) from None


def environment(layout: str | Path | None, kind: str) -> jinja2.Environment:
    """Jinja environment for one renderer (`kind` is 'epub', 'pdf' or 'web')."""
    # The renderer's own folder, then `shared/` (macros every renderer uses), user's first.
    dirs = [d / sub for sub in (kind, "shared") for d in layout_dirs(layout) if (d / sub).is_dir()]
    env = _Environment(loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(d)) for d in dirs]),
                       autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True,
                       lstrip_blocks=True, keep_trailing_newline=True)
    env.layout_dirs = [d.resolve() for d in dirs] + dirs
    return env


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise LayoutError(f"{path}: not valid TOML ({e})") from None
    except UnicodeDecodeError as e:
        raise LayoutError(f"{path}: not UTF-8 (bad byte at offset {e.start})") from None
    except OSError as e:
        raise LayoutError(f"{path}: cannot read ({e.strerror})") from None


def _line_of(path: Path, key: str) -> str:
    """' line N' where `key = …` is set in a TOML file, for error messages."""
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if re.match(rf"\s*{re.escape(key)}\s*=", line):
            return f" line {n}"
    return ""


def _same_kind(value: Any, model: Any) -> str:
    """'' when `value` may stand where the built-in layout has `model`, else what it should be.
    Numbers are numbers (int or float, positive where the built-in one is), a list of numbers
    has the built-in length, a list of lists is non-empty with items like the built-in's."""
    if isinstance(model, bool) or isinstance(value, bool):
        return "" if type(value) is type(model) else "true or false"
    if isinstance(model, (int, float)):
        if not isinstance(value, (int, float)):
            return "a number"
        return "a positive number" if model > 0 and not value > 0 else ""
    if isinstance(model, str):
        if not isinstance(value, str):
            return "a string"
        if re.fullmatch(r"#[0-9a-fA-F]{6}", model) and not re.fullmatch(r"#[0-9a-fA-F]{6}", value):
            return "a colour as #rrggbb"
        return ""
    if isinstance(model, list) and model:
        if not isinstance(value, list):
            return "a list"
        if isinstance(model[0], list):
            if not value:
                return "a non-empty list"
            bad = next((w for w in (_same_kind(v, model[0]) for v in value) if w), "")
            return f"a list of {bad.removeprefix('a ')}s" if bad else ""
        if len(value) != len(model):
            return f"a list of {len(model)} items"
        bad = next((w for w in (_same_kind(v, model[0]) for v in value) if w), "")
        return f"a list of {bad.removeprefix('a ')}s" if bad else ""
    return ""


def layout_settings(layout: str | Path | None) -> dict[str, Any]:
    """layout.toml values, the user's over the built-in ones (checked against their types)."""
    dirs = layout_dirs(layout)
    builtin = _read_toml(dirs[-1] / "layout.toml") if (dirs[-1] / "layout.toml").is_file() else {}
    merged: dict[str, Any] = {}
    for d in reversed(dirs):
        f = d / "layout.toml"
        if not f.is_file():
            continue
        for section, values in _read_toml(f).items():
            if isinstance(values, dict):
                for key, value in values.items():
                    model = builtin.get(section, {}).get(key)
                    wanted = _same_kind(value, model) if model is not None else ""
                    if wanted:
                        raise LayoutError(f"{f}{_line_of(f, key)}: [{section}] {key} must be {wanted}")
                merged.setdefault(section, {}).update(values)
            else:
                merged[section] = values
    return merged


def layout_file(layout: str | Path | None, relative: str) -> Path:
    """A data file of the layout (`pdf/FOGRA39.icc`), the user's folder first."""
    if Path(relative).is_absolute() or ".." in Path(relative).parts:
        raise LayoutError(f"the layout names the file '{relative}', which is not inside the layout folder")
    for d in layout_dirs(layout):
        if (d / relative).is_file():
            return d / relative
    raise LayoutError(f"the layout has no file '{relative}'")
