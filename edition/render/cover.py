"""A raster cover for the EPUB: masthead, date and the lead headlines, drawn with Pillow
and written as PNG by `png` here."""
from __future__ import annotations

import struct
import zlib
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from .fonts import FontFile
from .headline import break_lines


def _font(face: FontFile | None, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    if face is None:
        return ImageFont.load_default(size)
    return ImageFont.truetype(str(face.path), size, index=face.index)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    """Headline lines broken at phrase edges and balanced, as in the print PDF."""
    return break_lines(text, lambda line: draw.textlength(line, font=font), width)


def render_cover(context: dict[str, Any], fonts: dict[str, FontFile], size: tuple[int, int] = (1200, 1600),
                 accent: str = "#a00000") -> bytes:
    """PNG bytes of the cover; deterministic for the same issue and fonts."""
    w, h = size
    img = Image.new("RGB", size, "#fbfaf6")
    draw = ImageDraw.Draw(img)
    head, body = fonts.get("headline"), fonts.get("body")
    edition = context["edition"]
    margin = w // 12
    band = int(h * 0.3)
    draw.rectangle([0, 0, w, band], fill=accent)
    title_font = _font(head, w // 6)
    title = edition["title"] or "Edition"
    left, top, right, bottom = draw.textbbox((0, 0), title, font=title_font)
    draw.text(((w - (right - left)) / 2 - left, band * 0.12 - top), title, font=title_font, fill="white")
    info_font = _font(body, w // 28)
    info = " · ".join(x for x in (edition["date_cn"], edition.get("publisher")) if x)
    iw = draw.textlength(info, font=info_font)
    draw.text(((w - iw) / 2, band - 2.2 * (w // 28)), info, font=info_font, fill="white")
    y = band + h // 20
    limit = h - h // 8
    head_font = _font(head, w // 18)
    line_height = int(w / 18 * 1.45)
    leads = [a for p in context["pages"][:1] for a in p["articles"] if not a["inferred"]][:5]
    for a in leads:
        lines = _wrap(draw, a["headline"], head_font, w - 2 * margin)
        if len(lines) > 2:
            continue
        if y + line_height * len(lines) > limit:
            break
        for line in lines:
            draw.text((margin, y), line, font=head_font, fill="#1a1a1a")
            y += line_height
        y += w // 40
        draw.line([margin, y, w - margin, y], fill="#c8c0b0", width=2)
        y += w // 30
    foot_font = _font(body, w // 36)
    pages = f"共{len(context['pages'])}版 · {context['article_count']}篇"
    fw = draw.textlength(pages, font=foot_font)
    draw.text(((w - fw) / 2, h - h // 16), pages, font=foot_font, fill="#555")
    return png(img)


def png(image: Image.Image, level: int = 3) -> bytes:
    """An RGB image as PNG: every row unfiltered, the whole deflated at `level`.

    Pillow's own PNG writer would first load its BMP, GIF, JPEG and PPM plugins and the
    logging module, which costs more than the encoding; and for a cover (flat colour but for
    its text) filtering the rows gains nothing that deflate does not find: this takes as
    long as Pillow's fastest setting and gives a smaller file (122 KB against 131-134 KB
    for a seed's cover). The same pixels give the same bytes."""
    if image.mode != "RGB":
        image = image.convert("RGB")
    width, height = image.size
    stride = 3 * width
    deflate = zlib.compressobj(level)
    parts = []
    # Each row is its filter type (0) and its pixels, read 64 rows at a time: no copy of
    # the whole image is made (Pillow's tobytes would hold two).
    for top in range(0, height, 64):
        pixels = memoryview(image.crop((0, top, width, min(top + 64, height))).tobytes())
        parts += [deflate.compress(b"\0" + pixels[y:y + stride]) for y in range(0, len(pixels), stride)]
    idat = b"".join(parts) + deflate.flush()

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)   # 8 bits, truecolour, no interlace
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
