"""The public face: the service status page, the feedback link, error pages as in production."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent


def test_service_status_is_a_page_in_words_and_the_json_stays_at_healthz(client, settings):
    settings.CELERY_BROKER_URL = ""
    page = client.get(reverse("status")).content.decode()
    assert "<h1" in page and "Service status" in page
    assert "govuk-summary-list" in page
    assert "Database" in page and "Working" in page
    assert '"database"' not in page  # not the JSON
    assert client.get("/healthz").json()["database"] == "ok"


def test_service_status_says_when_the_broker_is_down(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get(reverse("status"))
    assert response.status_code == 503
    assert "Not working" in response.content.decode()


def test_the_footer_links_the_status_page_not_the_json(client, compacts):
    page = client.get("/").content.decode()
    assert f'href="{reverse("status")}"' in page
    assert 'href="/healthz"' not in page


def test_the_beta_banner_has_a_feedback_link(client, compacts):
    page = client.get("/").content.decode()
    banner = page[page.index("govuk-phase-banner") :][:800]
    assert f'href="{reverse("feedback")}"' in banner


def test_the_feedback_page_gives_each_compacts_address(client, herefordshire):
    herefordshire.contact_email = "compact@example.org"
    herefordshire.save()
    page = client.get(reverse("feedback")).content.decode()
    assert "mailto:compact@example.org" in page


def test_a_missing_page_is_the_styled_404_not_a_list_of_urls(client, compacts):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page and "govuk-header" in page
    assert "URLconf" not in page


def test_the_demo_runs_without_debug_pages_unless_asked():
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "PORTAL_ENV"}}
    script = "from django.conf import settings; print(settings.DEBUG)"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip().splitlines()[-1] == "False", result.stderr


def test_the_reference_group_page_picks_an_organisation_by_name_not_number(client, herefordshire):
    from signatories.tests.factories import (
        OrganisationFactory,
        ReferenceGroupMemberFactory,
        SignatureFactory,
    )

    listed = OrganisationFactory(name="Bromyard Carers")
    SignatureFactory(organisation=listed, compact=herefordshire, approved=True)
    member = ReferenceGroupMemberFactory(compact=herefordshire)
    client.force_login(member.user)
    page = client.get(reverse("signatories:reference_group")).content.decode()
    assert "number from" not in page.lower() and "/signatories/NUMBER/" not in page
    assert f'<option value="{listed.pk}">Bromyard Carers</option>' in page
    assert 'data-module="app-autocomplete"' in page
    assert "vendor/accessible-autocomplete/accessible-autocomplete.min.js" in page
    response = client.post(
        reverse("signatories:reference_group"),
        {"organisation": listed.pk, "description": "Trustee"},
    )
    assert response.status_code == 302
    assert member.declared_links.get().organisation == listed


def test_a_pending_sign_up_is_not_offered_on_the_reference_group_picker(client, herefordshire):
    from signatories.tests.factories import (
        OrganisationFactory,
        ReferenceGroupMemberFactory,
        SignatureFactory,
    )

    waiting = OrganisationFactory(name="Not Yet Approved Group")
    SignatureFactory(organisation=waiting, compact=herefordshire)
    client.force_login(ReferenceGroupMemberFactory(compact=herefordshire).user)
    assert (
        "Not Yet Approved Group"
        not in client.get(reverse("signatories:reference_group")).content.decode()
    )
