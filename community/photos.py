"""Profile photos (SECURITY.md F1-F3): size limit before processing, type checked by content,
decompression bombs refused, and every photo re-encoded so no metadata (GPS!) survives."""

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
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The photo is larger than 5 MB. Please choose a smaller one."))
    head = upload.read(512)
    upload.seek(0)
    if b"<svg" in head.lower() or b"<html" in head.lower() or b"<?xml" in head.lower():
        raise ValidationError(_("Please upload a JPEG, PNG or WebP photo."))
    try:
        with Image.open(upload) as probe:
            if probe.format not in ALLOWED_FORMATS:
                raise ValidationError(_("Please upload a JPEG, PNG or WebP photo."))
            # Checked from the header, before a single pixel is decoded.
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(_("The photo has too many pixels. Please choose another."))
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
            image = ImageOps.exif_transpose(image)
            image = image.convert("RGB")
            image.thumbnail(OUTPUT_SIZE)
            output = io.BytesIO()
            # A new image written without exif= carries no EXIF, so no GPS position.
            image.save(output, format="JPEG", quality=85, optimize=True)
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(_("This file could not be read as a photo.")) from None
    except (OSError, SyntaxError, ValueError):
        raise ValidationError(_("This file could not be read as a photo.")) from None
    return ContentFile(output.getvalue(), name="photo.jpg")
