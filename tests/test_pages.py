"""The site-wide layout: GOV.UK components, the service name and no crown."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_layout_has_a_skip_link_header_phase_banner_and_footer(client, compacts):
    page = client.get("/").content.decode()
    assert 'class="govuk-skip-link"' in page
    assert "Compact Portal" in page
    assert "govuk-phase-banner" in page
    assert "govuk-footer" in page
    assert "govuk-frontend.min.css" in page
    assert "govuk-logo" not in page and "crown" not in page.lower()
    assert page.count("<h1") == 1


def test_the_home_page_lists_the_compacts(client, compacts):
    page = client.get("/").content.decode()
    for compact in compacts.values():
        assert compact.name in page


def test_static_css_does_not_load_the_gds_transport_font():
    from pathlib import Path

    css = (
        Path(__file__).resolve().parent.parent / "static/govuk/govuk-frontend.min.css"
    ).read_text()
    assert "GDS Transport" not in css
    assert "@font-face" not in css
