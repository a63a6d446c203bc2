"""What the portal accepts as an upload: documents of known types, under a size limit."""

from __future__ import annotations

from django.core.exceptions import ValidationError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


def check_upload(
    upload, *, extensions: set[str], kinds: str, max_bytes: int = MAX_UPLOAD_BYTES
) -> None:
    """Refuse a file of another type, or one over the limit, with words a person can act on."""
    if not upload.name.lower().endswith(tuple(extensions)):
        raise ValidationError(f"The file must be a {kinds} file")
    if upload.size > max_bytes:
        raise ValidationError(f"The file must be smaller than {max_bytes // (1024 * 1024)} MB")
