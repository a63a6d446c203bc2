"""Serving uploaded files safely: always as a download, never rendered in the portal's origin."""

from __future__ import annotations

from django.http import FileResponse


def safe_download(field_file, filename: str) -> FileResponse:
    """An attachment with a neutral type, no sniffing and a sandboxing policy."""
    response = FileResponse(
        field_file.open("rb"),
        as_attachment=True,
        filename=filename,
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
