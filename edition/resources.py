"""Where the built-in layouts and font roles live, in a checkout and in an installed wheel.

In the repository they are top-level folders (`layouts/`, `fonts/`); a wheel carries them
inside the package as `edition/layouts` and `edition/fonts` (see pyproject.toml).
"""
from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    for candidate in (PACKAGE / name, PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"edition's {name}/ folder is missing from this installation")
