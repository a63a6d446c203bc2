"""Links in emails go to SITE_URL when it is set, else to the host the request came to."""

from __future__ import annotations

import pytest
from django.test import RequestFactory, override_settings

from core.emails import absolute
from core.site import RequestSiteMiddleware, site_url

pytestmark = pytest.mark.django_db


def _during_a_request_to(host: str):
    seen = {}

    def view(request):
        seen["link"] = absolute("/cases/C-1/")
        seen["site"] = site_url()
        return None

    request = RequestFactory().get("/", HTTP_HOST=host, secure=True)
    RequestSiteMiddleware(view)(request)
    return seen


@override_settings(
    SITE_URL="http://127.0.0.1:8000", SITE_URL_SET=False, ALLOWED_HOSTS=["portal.example.gov.uk"]
)
def test_unset_site_url_links_to_the_requests_host():
    seen = _during_a_request_to("portal.example.gov.uk")
    assert seen["link"] == "https://portal.example.gov.uk/cases/C-1/"
    # after the request, a task with no request falls back to SITE_URL
    assert absolute("/x/") == "http://127.0.0.1:8000/x/"


@override_settings(
    SITE_URL="https://compact.example.org", SITE_URL_SET=True, ALLOWED_HOSTS=["other.example"]
)
def test_a_set_site_url_wins_over_the_host():
    assert _during_a_request_to("other.example")["link"] == "https://compact.example.org/cases/C-1/"


@override_settings(SITE_URL="http://127.0.0.1:8000", SITE_URL_SET=False, ALLOWED_HOSTS=["ok"])
def test_a_host_not_allowed_is_never_used():
    assert _during_a_request_to("evil.example")["link"] == "http://127.0.0.1:8000/cases/C-1/"


@override_settings(SITE_URL_SET=False, ALLOWED_HOSTS=["portal.example.gov.uk"])
def test_an_email_sent_from_a_page_links_to_that_host(client):
    """End to end: the email written while answering a request links to that request's host."""
    from core.models import OutboundEmail
    from signatories.tests.factories import UserFactory

    UserFactory(email="jo@example.org")
    response = client.post(
        "/account/password/reset/", {"email": "jo@example.org"}, HTTP_HOST="portal.example.gov.uk"
    )
    assert response.status_code == 302
    email = OutboundEmail.objects.get(recipient="jo@example.org")
    assert "http://portal.example.gov.uk/account/password/reset/" in email.body_text
    assert "127.0.0.1:8000" not in email.body_text
