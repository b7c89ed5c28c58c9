"""The EPUB cover's PNG: the pixels drawn are the pixels a decoder reads back."""
from __future__ import annotations

import io
import os
import zlib

from PIL import Image

from edition.render.cover import png


def test_png_holds_the_same_pixels():
    noise = Image.frombytes("RGB", (37, 23), os.urandom(37 * 23 * 3))
    flat = Image.new("RGB", (1200, 40), "#a00000")
    for image in (noise, flat):
        data = png(image)
        back = Image.open(io.BytesIO(data))
        back.load()
        assert (back.mode, back.size, back.tobytes()) == ("RGB", image.size, image.tobytes())
        assert png(image) == data      # the same pixels, the same bytes


def test_png_chunks_carry_their_checksums():
    data = png(Image.new("RGB", (5, 3), "white"))
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, kinds = 8, []
    while pos < len(data):
        size = int.from_bytes(data[pos:pos + 4], "big")
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + size]
        assert int.from_bytes(data[pos + 8 + size:pos + 12 + size], "big") == zlib.crc32(kind + body)
        kinds.append(kind)
        pos += 12 + size
    assert kinds == [b"IHDR", b"IDAT", b"IEND"]
