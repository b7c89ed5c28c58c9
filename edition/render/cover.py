"""A raster cover for the EPUB: masthead, date and the lead headlines, drawn with Pillow."""
from __future__ import annotations

import io
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from .fonts import FontFile


def _font(face: FontFile | None, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    if face is None:
        return ImageFont.load_default(size)
    return ImageFont.truetype(str(face.path), size, index=face.index)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    lines, current = [], ""
    for ch in text:
        if draw.textlength(current + ch, font=font) > width and current:
            lines.append(current)
            current = ch
        else:
            current += ch
    return lines + ([current] if current else [])


def render_cover(context: dict[str, Any], fonts: dict[str, FontFile], size: tuple[int, int] = (1200, 1600),
                 accent: str = "#a00000") -> bytes:
    """PNG bytes of the cover; deterministic for the same issue and fonts."""
    w, h = size
    img = Image.new("RGB", size, "#fbfaf6")
    draw = ImageDraw.Draw(img)
    head, body = fonts.get("headline"), fonts.get("body")
    edition = context["edition"]
    margin = w // 12
    draw.rectangle([0, 0, w, h // 4], fill=accent)
    title_font = _font(head, w // 6)
    title = edition["title"] or "Edition"
    tw = draw.textlength(title, font=title_font)
    draw.text(((w - tw) / 2, h // 16), title, font=title_font, fill="white")
    info_font = _font(body, w // 28)
    info = edition["date_cn"] or ""
    if edition.get("publisher"):
        info = f"{info}  {edition['publisher']}".strip()
    iw = draw.textlength(info, font=info_font)
    draw.text(((w - iw) / 2, h // 4 - w // 14), info, font=info_font, fill="white")
    y = h // 4 + h // 20
    head_font = _font(head, w // 18)
    for page in context["pages"][:1]:
        for a in page["articles"][:5]:
            for line in _wrap(draw, a["headline"].replace("\n", " "), head_font, w - 2 * margin)[:2]:
                if y > h - h // 10:
                    break
                draw.text((margin, y), line, font=head_font, fill="#1a1a1a")
                y += int(w / 18 * 1.45)
            y += w // 40
            draw.line([margin, y, w - margin, y], fill="#c8c0b0", width=2)
            y += w // 30
    foot_font = _font(body, w // 36)
    pages = f"共{len(context['pages'])}版 · {context['article_count']}篇"
    fw = draw.textlength(pages, font=foot_font)
    draw.text(((w - fw) / 2, h - h // 16), pages, font=foot_font, fill="#555")
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=True)
    return buf.getvalue()
