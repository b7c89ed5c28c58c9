"""Run the real `edition` command in a subprocess, as a user would."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_edition(*args: str, cwd: Path | None = None, timeout: float = 600, env: dict | None = None
                ) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "edition", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd or ROOT, timeout=timeout, env=env)
