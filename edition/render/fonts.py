"""Font roles → font files (through fontconfig) → subsets holding only the glyphs used.

Subsetting CJK faces is the slow step of a build; HarfBuzz's subsetter (uharfbuzz) does
it in tens of milliseconds where fontTools takes seconds (bench/ measures both), and
both handle the CID-keyed CFF of Noto CJK. Subsets are OpenType (Kindle takes no WOFF2).
"""
from __future__ import annotations

import functools
import shutil
import subprocess
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..errors import FontError
from ..resources import data_dir

ROLES = ("headline", "body", "kai")
KEEP_FEATURES = ("halt", "vhal", "palt", "vpal", "chws", "vchw", "vert", "vrt2", "locl")


@dataclass(frozen=True, slots=True)
class FontRole:
    role: str
    pattern: str
    family: str
    package: str = ""
    license: str = ""
    fallback: tuple[str, ...] = ()     # families for what the face has no glyph for, in order


@dataclass(frozen=True, slots=True)
class FontFile:
    role: FontRole
    path: Path
    index: int
    family: str


FALLBACK_TABLE = "fallback-faces"


@functools.lru_cache(maxsize=1)
def _roles_config() -> dict:
    return tomllib.loads((data_dir("fonts") / "roles.toml").read_text(encoding="utf-8"))


def fallback_packages() -> dict[str, str]:
    """Fallback family → the Debian package that installs it (roles.toml [fallback-faces])."""
    return dict(_roles_config().get(FALLBACK_TABLE, {}))


def load_roles(overrides: dict[str, str] | None = None) -> dict[str, FontRole]:
    config = {name: dict(values) for name, values in _roles_config().items() if name != FALLBACK_TABLE}
    roles = {name: FontRole(role=name, **{**values, "fallback": tuple(values.get("fallback", ()))})
             for name, values in config.items()}
    for name, pattern in (overrides or {}).items():
        if name not in roles:
            raise FontError(f"unknown font role '{name}' (roles: {', '.join(ROLES)})")
        family = pattern.split(":")[0]
        # A paper's own face keeps the role's fallback chain.
        roles[name] = FontRole(role=name, pattern=pattern, family=family, package="", license="",
                               fallback=roles[name].fallback)
    return roles


def css_families(names) -> str:
    """Family names as a CSS list of quoted strings; markup-safe (the templates autoescape),
    so a name is escaped for CSS here: backslash, quote and `<` (no `</style>` in a page)."""
    from markupsafe import Markup

    def quoted(name: str) -> str:
        return '"' + name.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ") + '"'
    return Markup(", ".join(quoted(n) for n in names))


def family_stack(role: FontRole, family: str | None = None) -> str:
    """The CSS font-family list of a role: its family, then its fallbacks (no generic family)."""
    return css_families([family or role.family, *role.fallback])


def pango_stack(role: FontRole, family: str | None = None) -> str:
    """The same list for a Pango font description (comma-separated, no quotes)."""
    return ",".join([family or role.family, *role.fallback])


def resolve_fallback(family: str) -> FontFile | None:
    """The installed face of a fallback family, or None when it is not installed."""
    path, index, families = _fc_match(family)
    if not path or family.lower() not in [f.strip().lower() for f in families.split(",")]:
        return None
    return FontFile(role=FontRole(role="fallback", pattern=family, family=family,
                                  package=fallback_packages().get(family, "")),
                    path=Path(path), index=index, family=family)


@functools.lru_cache(maxsize=32)
def _fc_match(pattern: str) -> tuple[str, int, str]:
    """(file, index in the collection, families) of the face fontconfig picks for a pattern:
    through the library in this process when it can be loaded (the same answer as
    `fc-match`, without a process per role), else through `fc-match`."""
    lib = _fontconfig()
    if lib is not None:
        return _match_in_process(lib, pattern)
    if not shutil.which("fc-match"):
        raise FontError("fontconfig's fc-match is not installed (Debian package: fontconfig)")
    out = subprocess.run(["fc-match", "-f", "%{file}\n%{index}\n%{family}", pattern],
                         capture_output=True, text=True, timeout=30).stdout.split("\n")
    return _parse_match(out)


def _parse_match(out: list[str]) -> tuple[str, int, str]:
    if len(out) < 3:
        return "", 0, ""
    return out[0], int(out[1] or 0), out[2]


@functools.lru_cache(maxsize=1)
def _fontconfig():
    """libfontconfig through ctypes, with the few functions used; None when it cannot be loaded."""
    import ctypes
    try:
        lib = ctypes.CDLL("libfontconfig.so.1")
    except OSError:
        return None
    p = ctypes.c_void_p
    for name, restype, argtypes in (("FcNameParse", p, [ctypes.c_char_p]),
                                    ("FcConfigSubstitute", ctypes.c_int, [p, p, ctypes.c_int]),
                                    ("FcDefaultSubstitute", None, [p]),
                                    ("FcFontMatch", p, [p, p, ctypes.POINTER(ctypes.c_int)]),
                                    ("FcPatternFormat", p, [p, ctypes.c_char_p]),
                                    ("FcPatternDestroy", None, [p]), ("FcStrFree", None, [p])):
        func = getattr(lib, name)
        func.restype, func.argtypes = restype, argtypes
    return lib


def _match_in_process(lib, pattern: str) -> tuple[str, int, str]:
    """What `fc-match -f '%{file}\\n%{index}\\n%{family}' PATTERN` prints, in this process
    (the current configuration: the same one WeasyPrint's Pango uses)."""
    import ctypes
    pat = lib.FcNameParse(pattern.encode("utf-8"))
    if not pat:
        return "", 0, ""
    try:
        lib.FcConfigSubstitute(None, pat, 0)    # FcMatchPattern
        lib.FcDefaultSubstitute(pat)
        result = ctypes.c_int()
        match = lib.FcFontMatch(None, pat, ctypes.byref(result))
        if not match:
            return "", 0, ""
        try:
            text = lib.FcPatternFormat(match, b"%{file}\n%{index}\n%{family}")
            if not text:
                return "", 0, ""
            out = ctypes.string_at(text).decode("utf-8", "replace").split("\n")
            lib.FcStrFree(text)
        finally:
            lib.FcPatternDestroy(match)
    finally:
        lib.FcPatternDestroy(pat)
    return _parse_match(out)


def resolve(role: FontRole) -> FontFile:
    """The file fontconfig picks for a role; an error if it fell back to another family."""
    path, index, families = _fc_match(role.pattern)
    if not path or role.family.lower() not in [f.strip().lower() for f in families.split(",")]:
        hint = f" (Debian package: {role.package})" if role.package else ""
        raise FontError(f"font role '{role.role}' needs the family '{role.family}', which is not "
                        f"installed{hint}")
    return FontFile(role=role, path=Path(path), index=index, family=role.family)


def resolve_all(overrides: dict[str, str] | None = None) -> dict[str, FontFile]:
    return {name: resolve(role) for name, role in load_roles(overrides).items()}


@functools.lru_cache(maxsize=16)
def _face(path: Path, index: int):
    import uharfbuzz as hb
    return hb.Face(hb.Blob.from_file_path(str(path)), index)


def subset(font: FontFile, text: str) -> bytes:
    """An OpenType font holding only the glyphs for the characters of `text`."""
    codepoints = sorted({ord(ch) for ch in text if not ch.isspace()} | {0x20, 0x3000})
    try:
        import uharfbuzz as hb
    except ImportError:  # pragma: no cover - uharfbuzz is a dependency; fontTools is the fallback
        return subset_with_fonttools(font, codepoints)
    inp = hb.SubsetInput()
    inp.unicode_set.update(codepoints)
    # Keep the CJK spacing features too (HarfBuzz keeps vert, locl, kern… by default), so a
    # reader can use font-feature-settings / text-spacing-trim on the subset.
    for tag in KEEP_FEATURES:
        inp.layout_feature_tag_set.add(int.from_bytes(tag.encode("ascii"), "big"))
    result = hb.subset(_face(font.path, font.index), inp)
    if result is None:
        return subset_with_fonttools(font, codepoints)
    return bytes(result.blob.data)


def subset_with_fonttools(font: FontFile, codepoints: list[int]) -> bytes:
    import io

    from fontTools import subset as ft_subset
    from fontTools.ttLib import TTFont
    options = ft_subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    tt = TTFont(str(font.path), fontNumber=font.index, lazy=True)
    subsetter = ft_subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints)
    subsetter.subset(tt)
    buf = io.BytesIO()
    tt.save(buf)
    return buf.getvalue()


# Characters that draw nothing themselves: controls, format characters (joiners, variation
# selectors, marks such as U+200E), surrogates, separators.
_INVISIBLE = frozenset({"Cc", "Cf", "Cs", "Zs", "Zl", "Zp"})


def needs_glyph(ch: str) -> bool:
    import unicodedata
    return not ch.isspace() and unicodedata.category(ch) not in _INVISIBLE


def uncovered(text: str, overrides: dict[str, str] | None = None) -> set[str]:
    """Characters that no installed face of any role's chain (its face, then its fallbacks)
    can draw: they would print as an empty box (and all share one text mapping in the PDF).
    Private-use and unassigned code points count: no face here draws them."""
    roles = load_roles(overrides)
    fonts = resolve_all(overrides)
    missing = {ch for ch in set(text) if needs_glyph(ch)}
    for name, font in fonts.items():
        missing &= missing_glyphs(font, "".join(missing))
        for family in roles[name].fallback:
            if not missing:
                return missing
            face = resolve_fallback(family)
            if face is not None:
                missing &= missing_glyphs(face, "".join(missing))
    return missing


def describe(chars: set[str] | str) -> str:
    """Characters named exactly: each as itself and its code point (`𪚥 U+2A6A5`), since a
    private-use or unassigned one shows as nothing in a terminal."""
    return ", ".join(f"{ch} U+{ord(ch):04X}" for ch in sorted(set(chars)))


def missing_glyphs(font: FontFile, text: str) -> set[str]:
    """Characters of `text` the face has no glyph for."""
    covered = _face(font.path, font.index).unicodes
    return {ch for ch in set(text) if not ch.isspace() and ord(ch) not in covered}


def font_extension(data: bytes) -> tuple[str, str]:
    """File extension and media type for a font's bytes."""
    return (".otf", "font/otf") if data[:4] == b"OTTO" else (".ttf", "font/ttf")
