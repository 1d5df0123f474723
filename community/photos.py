"""Profile photos and group covers (SECURITY.md F1-F3): size limit before processing, type
checked by content, decompression bombs refused, and every image re-encoded so no metadata (GPS!)
survives."""

import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 40-megapixel photo is fine; a 1 GB "PNG bomb" is not
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
OUTPUT_SIZE = (800, 800)


def process_photo(upload) -> ContentFile:
    """Return a clean JPEG of at most 800×800 pixels, or raise ValidationError with a reason a
    member understands."""
    return _reencode(upload, PHOTO_ERRORS, _fit_photo)


def _fit_photo(image):
    image.thumbnail(OUTPUT_SIZE)
    return image


PHOTO_ERRORS = {
    "too_large": _("The photo is larger than 5 MB. Please choose a smaller one."),
    "wrong_type": _("Please upload a JPEG, PNG or WebP photo."),
    "too_many_pixels": _("The photo has too many pixels. Please choose another."),
    "unreadable": _("This file could not be read as a photo."),
}

COVER_SIZE = (1200, 400)  # a wide banner, 3:1
COVER_ERRORS = {
    "too_large": _("The image is larger than 5 MB. Please choose a smaller one."),
    "wrong_type": _("Please upload a JPEG, PNG or WebP image."),
    "too_many_pixels": _("The image has too many pixels. Please choose another."),
    "unreadable": _("This file could not be read as an image."),
}


def process_cover(upload) -> ContentFile:
    """A group's cover: the same checks as a profile photo, cut to a 3:1 banner of at most
    1200×400 pixels (from the middle), re-encoded as JPEG without metadata."""
    return _reencode(upload, COVER_ERRORS, _banner)


def _banner(image):
    width, height = image.size
    ratio = COVER_SIZE[0] / COVER_SIZE[1]
    if width / height > ratio:  # too wide: trim the sides
        new_width = round(height * ratio)
        left = (width - new_width) // 2
        image = image.crop((left, 0, left + new_width, height))
    else:  # too tall: trim top and bottom
        new_height = round(width / ratio)
        top = (height - new_height) // 2
        image = image.crop((0, top, width, top + new_height))
    image.thumbnail(COVER_SIZE)
    return image


def _reencode(upload, errors, resize) -> ContentFile:
    """The checks every uploaded image passes (F1-F3), then `resize(image)` and a fresh JPEG."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(errors["too_large"])
    head = upload.read(512)
    upload.seek(0)
    if b"<svg" in head.lower() or b"<html" in head.lower() or b"<?xml" in head.lower():
        raise ValidationError(errors["wrong_type"])
    try:
        with Image.open(upload) as probe:
            if probe.format not in ALLOWED_FORMATS:
                raise ValidationError(errors["wrong_type"])
            # Checked from the header, before a single pixel is decoded.
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(errors["too_many_pixels"])
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
            image = ImageOps.exif_transpose(image)
            image = image.convert("RGB")
            image = resize(image)
            output = io.BytesIO()
            # A new image written without exif= carries no EXIF, so no GPS position.
            image.save(output, format="JPEG", quality=85, optimize=True)
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(errors["unreadable"]) from None
    except (OSError, SyntaxError, ValueError):
        raise ValidationError(errors["unreadable"]) from None
    return ContentFile(output.getvalue(), name="photo.jpg")
