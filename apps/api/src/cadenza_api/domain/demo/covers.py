"""Album covers for the demo catalogue: a diagonal gradient between two palette colours with
a few soft rings, drawn with numpy and Pillow."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

COVER_SIZE = 600


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.removeprefix("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def cover_jpeg(start: str, end: str, *, rings: int = 3, size: int = COVER_SIZE) -> bytes:
    """A square JPEG fading from `start` (top left) to `end` (bottom right), `#rrggbb` colours."""
    axis = np.linspace(0.0, 1.0, size)
    weight = (axis[None, :] + axis[:, None]) / 2
    first, last = np.array(_rgb(start), float), np.array(_rgb(end), float)
    pixels = first * (1 - weight[..., None]) + last * weight[..., None]
    image = Image.fromarray(pixels.round().astype(np.uint8), "RGB")

    overlay = Image.new("L", (size, size), 0)
    draw = ImageDraw.Draw(overlay)
    centre = (size * 0.62, size * 0.4)
    for ring in range(rings):
        radius = size * (0.14 + 0.11 * ring)
        box = (centre[0] - radius, centre[1] - radius, centre[0] + radius, centre[1] + radius)
        draw.ellipse(box, outline=90 - 20 * ring, width=max(2, size // 60))
    overlay = overlay.filter(ImageFilter.GaussianBlur(size / 200))
    image.paste(Image.new("RGB", (size, size), (255, 255, 255)), mask=overlay)

    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=88)
    return buffer.getvalue()
