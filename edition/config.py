"""The paper's settings from `edition.toml`, with command-line values laid over them.

Looked up as `--config PATH`, else `edition.toml` in the current directory, else next to
the first input. Unknown keys and wrong types are errors that name the key.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .decode import CONTROL_CHARS, read_limited
from .errors import ConfigError, InputError, OutputError
from .output import parse_name_pattern

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
                _no_controls(v, f"{key}.{k}", source)
        elif isinstance(value, str):
            _no_controls(value, key, source)
        values[key] = value
    if values.get("pdf_columns", 6) not in range(2, 13):
        raise ConfigError(f"{source or CONFIG_NAME}: 'pdf_columns' must be between 2 and 12")
    try:
        parse_name_pattern(values.get("output_name", "{stem}"))
    except OutputError as e:
        raise ConfigError(f"{source or CONFIG_NAME}: 'output_name': {e.message}") from None
    return Config(**values, source=source)


def _no_controls(value: str, key: str, source: Path | None) -> None:
    bad = CONTROL_CHARS.search(value)
    if bad:
        raise ConfigError(f"{source or CONFIG_NAME}: '{key}' holds the control character "
                          f"U+{ord(bad.group()):04X}")


def find_config(explicit: Path | None, inputs: list[Path]) -> Path | None:
    if explicit is not None:
        if not explicit.exists():
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
    import tomllib      # only when there is a file to read
    try:
        raw = read_limited(path, limit=1024 * 1024)
    except InputError as e:
        raise ConfigError(e.message) from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as e:
        raise ConfigError(f"{path}: not UTF-8 (bad byte at offset {e.start})") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: not valid TOML ({e})") from None
    return parse_config(data, path)

