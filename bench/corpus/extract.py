"""Six PDF-to-text extractors, each with the damage it does to a newspaper page.

Every extractor takes a PDF path and returns the text of all its pages joined with form
feeds (`\f`), as a user who ran that tool over a print PDF would have it.
"""
from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Callable


def _pdftotext(pdf: Path, *extra: str) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", *extra, str(pdf), "-"],
                         check=True, capture_output=True).stdout.decode("utf-8")
    pages = out.split("\f")
    if pages and not pages[-1].strip():   # pdftotext ends every page, the last one too, with \f
        pages = pages[:-1]
    return "\f".join(pages)


def pdftotext_default(pdf: Path) -> str:
    """poppler's reading-order mode: columns found, blank lines between blocks."""
    return _pdftotext(pdf)


def pdftotext_raw(pdf: Path) -> str:
    """poppler's -raw: content-stream order, one printed line a line, no blank lines."""
    return _pdftotext(pdf, "-raw")


def pymupdf_text(pdf: Path) -> str:
    """PyMuPDF `get_text("text")`: drawing order, one printed line a line."""
    import pymupdf
    with pymupdf.open(pdf) as doc:
        return "\f".join(page.get_text("text") for page in doc)


def pymupdf_blocks(pdf: Path) -> str:
    """PyMuPDF blocks, each written as one paragraph (its lines joined) with blank lines between."""
    import pymupdf
    pages = []
    with pymupdf.open(pdf) as doc:
        for page in doc:
            blocks = [b[4] for b in page.get_text("blocks") if b[6] == 0]
            pages.append("\n\n".join("".join(b.splitlines()) for b in blocks) + "\n")
    return "\f".join(pages)


def pdfminer_text(pdf: Path) -> str:
    """pdfminer.six `extract_text` with its default layout analysis."""
    from pdfminer.high_level import extract_text
    text = extract_text(str(pdf))
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages = pages[:-1]
    return "\f".join(pages)


def pypdf_text(pdf: Path) -> str:
    """pypdf `extract_text`: content-stream order, its own spacing guesses."""
    from pypdf import PdfReader
    reader = PdfReader(str(pdf))
    return "\f".join(page.extract_text() or "" for page in reader.pages)


EXTRACTORS: dict[str, Callable[[Path], str]] = {
    "pdftotext": pdftotext_default,
    "pdftotext-raw": pdftotext_raw,
    "pymupdf-text": pymupdf_text,
    "pymupdf-blocks": pymupdf_blocks,
    "pdfminer": pdfminer_text,
    "pypdf": pypdf_text,
}
