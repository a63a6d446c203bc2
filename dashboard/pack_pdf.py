"""The annual review pack as a PDF, drawn by WeasyPrint from the page's own template."""

from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string

STYLESHEET = Path(__file__).parent / "static" / "dashboard" / "annual_pack_print.css"


def render(context: dict, request) -> bytes:
    """The pack's PDF: the same body as the HTML page, in a print document."""
    # Imported here: WeasyPrint loads Pango when imported, which the rest of the portal
    # (and every management command) should not pay for.
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    html = render_to_string("dashboard/annual_pack_pdf.html", context, request)
    # Nothing in the pack is fetched: links stay links, and no address in it (typed by anyone)
    # makes the server open a file or a URL while drawing.
    fetcher = URLFetcher(allowed_protocols=["data"])
    stylesheet = CSS(string=STYLESHEET.read_text(encoding="utf-8"), url_fetcher=fetcher)
    return HTML(
        string=html, base_url=request.build_absolute_uri("/"), url_fetcher=fetcher
    ).write_pdf(stylesheets=[stylesheet])
