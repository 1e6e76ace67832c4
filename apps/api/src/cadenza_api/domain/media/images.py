"""Cover images: validation and resizing with Pillow, safe against decompression bombs."""

from __future__ import annotations

import io
import warnings

from PIL import Image, UnidentifiedImageError

MAX_PIXELS = 40_000_000
COVER_SIZES = (64, 300, 640)
_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}


class InvalidImage(ValueError):
    """Not an image we accept (unreadable, unsupported format, or too many pixels)."""


def _open(data: bytes) -> Image.Image:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
            if image.width * image.height > MAX_PIXELS:
                raise InvalidImage("The image has too many pixels.")
            image.verify()
            # verify() leaves the image unusable; open it again to decode.
            image = Image.open(io.BytesIO(data))
            image.load()
        except InvalidImage:
            raise
        except (UnidentifiedImageError, Image.DecompressionBombError) as exc:
            raise InvalidImage("The file is not a readable image.") from exc
        except (Image.DecompressionBombWarning, OSError, ValueError, SyntaxError) as exc:
            raise InvalidImage(f"The image cannot be decoded ({exc}).") from exc
    if image.format not in _FORMATS:
        raise InvalidImage(f"Unsupported image format {image.format!r}; use JPEG, PNG or WebP.")
    return image


def image_content_type(data: bytes) -> str:
    """The MIME type of a valid cover image; raises `InvalidImage` otherwise."""
    image = _open(data)
    return _FORMATS[image.format or ""]


def resize_cover(data: bytes, size: int) -> bytes:
    """A square-bounded JPEG no larger than `size`×`size`, aspect ratio kept."""
    image = _open(data).convert("RGB")
    image.thumbnail((size, size), Image.Resampling.LANCZOS)
    output = io.BytesIO()
    image.save(output, format="JPEG", quality=85, optimize=True)
    return output.getvalue()
