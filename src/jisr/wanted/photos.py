"""Alert photos: images only, re-encoded without their metadata, size capped.

A photo is decoded with Pillow and written again from its pixels, so what is stored
and served back is a plain JPEG or PNG that we produced: no script, no executable
that happens to carry an image extension, no EXIF location or camera serial.
"""

from __future__ import annotations

import io
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "BMP", "TIFF"}
# Stored photos are at most this many pixels on their longer side (a face, not a poster).
MAX_SIDE = 2000
# Refuse images whose header claims more pixels than this (decompression bombs).
MAX_PIXELS = 50_000_000
CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png"}


def photo_max_bytes() -> int:
    return int(getattr(settings, "JISR_PHOTO_MAX_BYTES", 5 * 1024 * 1024))


def clean_photo(upload: Any) -> ContentFile[bytes]:
    """The uploaded photo re-encoded as JPEG (PNG when it has transparency), or a
    translated ValidationError on ``photo``."""
    limit = photo_max_bytes()
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise ValidationError(
            {"photo": [_("The photo is larger than %(mb)d MB.") % {"mb": limit // (1024 * 1024)}]}
        )
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(
            {"photo": [_("The photo is larger than %(mb)d MB.") % {"mb": limit // (1024 * 1024)}]}
        )
    not_an_image = ValidationError(
        {"photo": [_("The photo must be an image (JPEG, PNG or WebP).")]}
    )
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in ACCEPTED_FORMATS:
                raise not_an_image
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError({"photo": [_("The photo has too many pixels.")]})
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            has_alpha = image.mode in ("RGBA", "LA") or "transparency" in image.info
            out = io.BytesIO()
            if has_alpha:
                image.convert("RGBA").save(out, format="PNG", optimize=True)
                extension = "png"
            else:
                image.convert("RGB").save(out, format="JPEG", quality=88)
                extension = "jpg"
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise not_an_image from None
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")


def photo_content_type(stored: Any) -> str | None:
    """The image type of a stored photo, read from its bytes; None when it is not one of ours."""
    try:
        with stored.open("rb") as handle, Image.open(handle) as image:
            return CONTENT_TYPES.get(image.format or "")
    except (UnidentifiedImageError, OSError, ValueError):
        return None
