"""The paper's settings from `edition.toml`, with command-line values laid over them.

Looked up as `--config PATH`, else `edition.toml` in the current directory, else next to
the first input. Unknown keys and wrong types are errors that name the key.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError

CONFIG_NAME = "edition.toml"


@dataclass(frozen=True, kw_only=True, slots=True)
class Config:
    title: str | None = None
    publisher: str | None = None
    number: str | None = None
    cn_number: str | None = None
    language: str = "zh-CN"
    page_names: dict[str, str] = field(default_factory=dict)
    layout: str = "default"
    fonts: dict[str, str] = field(default_factory=dict)
    output_name: str = "{stem}"
    pdf_columns: int = 6
    source: Path | None = None


_TYPES: dict[str, type | tuple[type, ...]] = {
    "title": str, "publisher": str, "number": str, "cn_number": str, "language": str,
    "page_names": dict, "layout": str, "fonts": dict, "output_name": str, "pdf_columns": int,
}


def parse_config(data: dict[str, Any], source: Path | None = None) -> Config:
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in _TYPES:
            known = ", ".join(sorted(_TYPES))
            raise ConfigError(f"{source or CONFIG_NAME}: unknown key '{key}' (known keys: {known})")
        expected = _TYPES[key]
        if not isinstance(value, expected) or isinstance(value, bool):
            what = {str: "a string", int: "an integer", dict: "a table"}[expected]
            raise ConfigError(f"{source or CONFIG_NAME}: '{key}' must be {what}, "
                              f"not {type(value).__name__}")
        if isinstance(value, dict):
            for k, v in value.items():
                if not isinstance(v, str):
                    raise ConfigError(f"{source or CONFIG_NAME}: '{key}.{k}' must be a string")
        values[key] = value
    if values.get("pdf_columns", 6) not in range(2, 13):
        raise ConfigError(f"{source or CONFIG_NAME}: 'pdf_columns' must be between 2 and 12")
    return Config(**values, source=source)


def find_config(explicit: Path | None, inputs: list[Path]) -> Path | None:
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError(f"{explicit}: no such config file")
        return explicit
    for folder in [Path.cwd()] + [p.parent for p in inputs[:1]]:
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def load_config(explicit: Path | None = None, inputs: list[Path] | None = None) -> Config:
    path = find_config(explicit, inputs or [])
    if path is None:
        return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ConfigError(f"{path}: not valid TOML ({e})") from None
    return parse_config(data, path)

