"""What this machine offers the tool: fonts per role, HarfBuzz subsetting, Java, PDF tools,
the printing condition --print declares."""
from __future__ import annotations

import ctypes.util
import shutil
import subprocess

from .errors import EditionError


def checks() -> list[tuple[bool, str, str]]:
    from .render.fonts import fallback_packages, load_roles, resolve, resolve_fallback
    rows: list[tuple[bool, str, str]] = []
    fallbacks: list[str] = []
    for name, role in load_roles().items():
        try:
            f = resolve(role)
            rows.append((True, f"font role {name}", f"{f.family} → {f.path} (face {f.index})"))
        except EditionError as e:
            rows.append((False, f"font role {name}", e.message))
        fallbacks += [f for f in role.fallback if f not in fallbacks]
    for family in fallbacks:      # emoji, CJK Extension B…: without them those print as boxes
        face = resolve_fallback(family)
        package = fallback_packages().get(family, "")
        rows.append((face is not None, f"fallback face {family}",
                     f"{face.path} (face {face.index})" if face else
                     "not installed" + (f" (Debian package: {package})" if package else "")))
    lib = ctypes.util.find_library("harfbuzz-subset")
    rows.append((bool(lib), "libharfbuzz-subset (fast PDF font subsetting in WeasyPrint)",
                 lib or "not found: WeasyPrint falls back to fontTools, about 10x slower "
                        "(Debian package: libharfbuzz-subset0)"))
    try:
        import uharfbuzz
        rows.append((True, "uharfbuzz (EPUB font subsetting)", uharfbuzz.__version__))
    except ImportError:
        rows.append((False, "uharfbuzz (EPUB font subsetting)", "not installed; fontTools is used"))
    java = shutil.which("java")
    version = ""
    if java:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60)
        version = (out.stderr or out.stdout).splitlines()[0] if (out.stderr or out.stdout) else ""
    rows.append((bool(java), "Java (for edition validate / EPUBCheck)",
                 version or "not found (Debian package: default-jre-headless)"))
    try:
        from .validate import epubcheck_jar
        rows.append((True, "EPUBCheck", str(epubcheck_jar())))
    except EditionError as e:
        rows.append((False, "EPUBCheck", e.message))
    for tool, package in (("qpdf", "qpdf"), ("pdffonts", "poppler-utils"), ("pdftoppm", "poppler-utils")):
        path = shutil.which(tool)
        rows.append((bool(path), f"{tool} (PDF checks and previews)", path or f"not found (Debian package: {package})"))
    try:
        from .render.pdf import printing_condition
        from .render.templates import layout_settings
        path = printing_condition(None, layout_settings(None).get("pdf", {}))
        rows.append((True, "printing condition for --print (PDF/X-4 output intent)", str(path)))
    except EditionError as e:
        rows.append((False, "printing condition for --print (PDF/X-4 output intent)", e.message))
    try:
        import weasyprint
        rows.append((True, "WeasyPrint", weasyprint.__version__))
    except Exception as e:  # missing Pango shows up here
        rows.append((False, "WeasyPrint", str(e).splitlines()[0]))
    return rows
