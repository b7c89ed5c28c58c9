"""Raw input bytes to text: encoding detection, line ends, control characters, pages.

We decode by evidence, not by guessing: a byte-order mark, then strict UTF-8, then
UTF-16 without a BOM (recognised by its NUL pattern), then strict GB18030 (which
covers GBK and GB2312). Anything else is an error that reports the byte offset.
"""
from __future__ import annotations

import codecs
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

# Magic numbers of files people pass by mistake instead of extracted text.
BINARY_SIGNATURES = {
    b"%PDF": "a PDF file",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (DOCX/EPUB/ODT?)",
    b"II*\x00": "a TIFF image",
    b"MM\x00*": "a TIFF image",
    b"\xd0\xcf\x11\xe0": "an MS Office file",
    b"\x7fELF": "a program",
}

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# C0/C1 controls other than tab, newline and form feed, and the noncharacters U+FFFE and
# U+FFFF, cannot appear in XML or print.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class DecodedText:
    text: str
    encoding: str
    removed_controls: int = 0


def detect_binary(raw: bytes) -> str | None:
    """Name the kind of binary file `raw` is, or None when it may be text."""
    for magic, what in BINARY_SIGNATURES.items():
        if raw.startswith(magic):
            return what
    return None


def _utf16_without_bom(raw: bytes) -> str | None:
    sample = raw[:4000]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0) / len(sample[0::2])
    odd_nuls = sample[1::2].count(0) / len(sample[1::2])
    # ASCII-heavy UTF-16 has NULs in one lane; CJK-heavy UTF-16 has none, so it falls to the
    # other decoders and fails there, which is reported.
    if odd_nuls > 0.3 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.3 and odd_nuls < 0.05:
        return "utf-16-be"
    return None


def decode_bytes(raw: bytes, name: str = "input") -> DecodedText:
    """Decode one input file's bytes; raise InputError with a clear reason when impossible."""
    what = detect_binary(raw)
    if what:
        raise InputError(f"{name}: this is {what}, not text; extract its text first "
                         "(for a PDF: pdftotext -layout FILE.pdf FILE.txt)")
    encoding = next((enc for bom, enc in BOMS if raw.startswith(bom)), None)
    if encoding:
        body = raw[len(next(b for b, e in BOMS if e == encoding)):]
        try:
            text = body.decode(encoding)
        except UnicodeDecodeError as e:
            raise InputError(f"{name}: invalid {encoding} at byte {e.start + len(raw) - len(body)}") from None
    else:
        encoding, text = _decode_without_bom(raw, name)
    text, removed = normalize_text(text)
    return DecodedText(text=text, encoding=encoding, removed_controls=removed)


def normalize_text(text: str) -> tuple[str, int]:
    """Line ends to \\n, tabs to spaces, control characters removed (and counted)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    return CONTROL_CHARS.subn("", text.replace("\t", " "))


def _decode_without_bom(raw: bytes, name: str) -> tuple[str, str]:
    try:
        return "utf-8", raw.decode("utf-8")
    except UnicodeDecodeError as e:
        utf8_error = e.start
    utf16 = _utf16_without_bom(raw)
    if utf16:
        try:
            return utf16, raw.decode(utf16)
        except UnicodeDecodeError:
            pass
    if raw.count(0) > len(raw) // 100 + 1:
        raise InputError(f"{name}: binary data (NUL bytes), not text; extract its text first")
    try:
        return "gb18030", raw.decode("gb18030")
    except UnicodeDecodeError:
        raise InputError(f"{name}: cannot decode: byte {utf8_error} (0x{raw[utf8_error]:02x}) "
                         "is not UTF-8, and the file is not UTF-16 or GB18030 either; "
                         "convert it to UTF-8") from None


# Inputs larger than this are refused before reading: a page of text is tens of KB and a
# whole archive issue a few MB, so anything near this is a wrong file (or /dev/zero).
MAX_INPUT_BYTES = 64 * 1024 * 1024


def read_limited(path: Path, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of a regular file no larger than `limit`; InputError otherwise.

    FIFOs, devices and sockets are refused before they are opened (reading a FIFO blocks,
    /dev/zero never ends), and the read itself stops at `limit` in case the file grows."""
    try:
        st = path.stat()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror})") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"{path}: is a directory; give the page text files inside it")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"{path}: not a regular file (a pipe, device or socket); save the text to a file first")
    if st.st_size > limit:
        raise InputError(f"{path}: {st.st_size / 2**20:.0f} MB is more than the {limit // 2**20} MB an input may have")
    try:
        with path.open("rb") as f:
            raw = f.read(limit + 1)
    except PermissionError:
        raise InputError(f"{path}: permission denied; check the file's read permission") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror})") from None
    if len(raw) > limit:
        raise InputError(f"{path}: more than the {limit // 2**20} MB an input may have")
    return raw


def read_input(path: Path) -> DecodedText:
    """Read and decode one input file, turning OS problems into InputError."""
    decoded = decode_bytes(read_limited(path), str(path))
    if not decoded.text.strip():
        raise InputError(f"{path}: no text found (the file is empty or whitespace only)")
    return decoded


def split_pages(text: str) -> list[str]:
    """Form feeds separate pages; a trailing form feed does not make an empty page."""
    pages = text.split("\f")
    return [p for p in pages if p.strip()] or [text]
