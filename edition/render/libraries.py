"""WeasyPrint's import without its compiler probes: a tenth to a sixth of a one-page PDF build.

When WeasyPrint is imported (`weasyprint.text.ffi`) it opens Pango, HarfBuzz, fontconfig
and GObject through cffi, trying several names for each library (`libgobject-2.0-0`,
`gobject-2.0-0`, `gobject-2.0`, …, the Windows and macOS names among them) until one
opens. For a name it cannot open directly cffi asks `ctypes.util.find_library`, which on
Linux runs `/sbin/ldconfig -p` and, when the name is not in its cache, `gcc` and then `ld`
to look for it: about twenty lookups, sixteen of them probing with the compiler and the
linker, 0.3 s of processes before anything is laid out (measured here on Debian 12).

`import_weasyprint()` imports it with `find_library` answered from one reading of the
ldconfig cache (the first thing `find_library` looks at, and the list the dynamic loader
itself searches); a name not in it is taken as not found, without the compiler probes.
The names WeasyPrint tries before the one the cache has are other spellings of the same
library (`libpango-1.0-0`, Windows and macOS names), which those probes do not find on
Linux either: on Debian 12 every lookup of the import gets the answer `find_library`
gives, and the same library files are opened. Where there is no ldconfig cache, or the
import fails this way, WeasyPrint is imported as it always is.

WeasyPrint's PDF writer also imports, when it is itself imported, fontTools' subsetter and
its variable-font instancer (`weasyprint/pdf/fonts.py`): about 80 ms of the import, for a
fallback (subsetting with fontTools where HarfBuzz cannot) and for variable faces, neither
of which a build with HarfBuzz and this paper's static faces uses. While WeasyPrint is
imported, `import_weasyprint` has those two modules stand in for themselves (`_Later`),
each importing the real module when first used; once WeasyPrint is imported, any other
import of them gets the real module, as always.
"""
from __future__ import annotations

import contextlib
import functools
import importlib
import io
import os
import re
import subprocess
import sys
import types


@functools.cache
def _ldconfig() -> bytes | None:
    """`ldconfig -p`, as `ctypes.util` runs it, once."""
    try:
        return subprocess.run(["/sbin/ldconfig", "-p"], stdin=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, env={"LC_ALL": "C", "LANG": "C"}, check=False).stdout or None
    except OSError:
        return None


def _abi_type() -> str:
    """The ldconfig ABI tag of this interpreter, as `ctypes.util._findSoname_ldconfig` has it."""
    import struct
    machine = os.uname().machine + ("-32" if struct.calcsize("l") == 4 else "-64")
    return {"x86_64-64": "libc6,x86-64", "ppc64-64": "libc6,64bit", "sparc64-64": "libc6,64bit",
            "s390x-64": "libc6,64bit", "ia64-64": "libc6,IA-64"}.get(machine, "libc6")


def _find_in_cache(name: str) -> str | None:
    """`ctypes.util.find_library(name)` from the ldconfig cache alone (its first step)."""
    regex = os.fsencode(r"\s+(lib%s\.[^\s]+)\s+\(%s" % (re.escape(name), _abi_type()))
    found = re.search(regex, _ldconfig() or b"")
    return os.fsdecode(found.group(1)) if found else None


# Modules WeasyPrint imports but a build seldom uses (see above), and the names it imports
# from them (`from fontTools.varLib.instancer import instantiateVariableFont`).
LATER = {"fontTools.subset": (), "fontTools.varLib.instancer": ("instantiateVariableFont",)}


class _Later(types.ModuleType):
    """A module's stand-in: the real module is imported when an attribute is first asked
    for, and a function named in LATER when it is first called."""

    def __init__(self, name: str, functions: tuple[str, ...]):
        super().__init__(name)
        for function in functions:
            setattr(self, function, functools.partial(self._call, function))

    def _real(self):
        if sys.modules.get(self.__name__) is self:     # asked for while WeasyPrint is imported
            del sys.modules[self.__name__]
        return importlib.import_module(self.__name__)

    def _call(self, function: str, *args, **kwargs):
        return getattr(self._real(), function)(*args, **kwargs)

    def __getattr__(self, attribute: str):
        if attribute.startswith("__"):
            raise AttributeError(attribute)
        return getattr(self._real(), attribute)


@contextlib.contextmanager
def _imported_later():
    """LATER's modules stand in for themselves (`_Later`) for the length of the block."""
    placed = {name: _Later(name, functions) for name, functions in LATER.items() if name not in sys.modules}
    sys.modules.update(placed)
    try:
        yield
    finally:
        for name, stand_in in placed.items():
            if sys.modules.get(name) is stand_in:
                del sys.modules[name]


def import_weasyprint() -> None:
    """Import WeasyPrint (see above); a no-op once it is imported."""
    if "weasyprint.text.ffi" in sys.modules:
        return
    with _imported_later():
        if not sys.platform.startswith("linux") or _ldconfig() is None:
            import weasyprint.text.ffi  # noqa: F401
            return
        import ctypes.util
        original = ctypes.util.find_library
        ctypes.util.find_library = _find_in_cache
        try:
            # WeasyPrint prints a notice when a library is missing: this attempt's is not the user's
            with contextlib.redirect_stdout(io.StringIO()):
                import weasyprint.text.ffi  # noqa: F401
        except OSError:
            pass            # imported again below, the usual way, which says what is missing
        finally:
            ctypes.util.find_library = original
        import weasyprint.text.ffi  # noqa: F401,F811
