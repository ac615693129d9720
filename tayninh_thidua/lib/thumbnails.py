"""Right-sized copies of uploaded pictures, made with Pillow on first request and kept in MEDIA.

`thumbnail_url(image_field_file, "320x320")` returns the URL of a copy that fits the box, creating
it once under `thumbs/<box>/`. Public templates use it through the `thumbnail` filter (portal tags).
"""

from __future__ import annotations

import io
import logging
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps

logger = logging.getLogger(__name__)

SIZES = {"160x160", "320x320", "480x360", "800x600", "1200x900"}


def thumbnail_name(name: str, box: str) -> str:
    path = PurePosixPath(name)
    suffix = path.suffix.lower() if path.suffix.lower() in {".jpg", ".jpeg", ".png", ".webp"} else ".jpg"
    return f"thumbs/{box}/{path.parent}/{path.stem}{suffix}"


def thumbnail_url(image, box: str = "320x320") -> str:
    if not image:
        return ""
    if box not in SIZES:
        raise ValueError(f"unknown thumbnail size {box}")
    target = thumbnail_name(image.name, box)
    if not default_storage.exists(target):
        try:
            _render(image, box, target)
        except (OSError, ValueError):
            logger.warning("thumbnail: cannot render %s", image.name)
            return image.url
    return default_storage.url(target)


def _render(image, box: str, target: str) -> None:
    width, height = (int(part) for part in box.split("x"))
    with image.storage.open(image.name, "rb") as handle:
        picture = ImageOps.exif_transpose(Image.open(handle))
        picture.thumbnail((width, height))
        fmt = {".png": "PNG", ".webp": "WEBP"}.get(PurePosixPath(target).suffix, "JPEG")
        if fmt == "JPEG" and picture.mode not in ("RGB", "L"):
            picture = picture.convert("RGB")
        buffer = io.BytesIO()
        picture.save(buffer, format=fmt, **({"quality": 82, "optimize": True} if fmt == "JPEG" else {}))
    default_storage.save(target, ContentFile(buffer.getvalue()))
