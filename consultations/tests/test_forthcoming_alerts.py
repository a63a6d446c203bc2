"""Signatories hear of forthcoming consultations by email if they ask (Hertfordshire 2.4),
through the outbox, with a one-click unsubscribe that acts only on a button."""

import re
from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from consultations import services
from consultations.models import Consultation, ForthcomingAlert
from consultations.tests.factories import ConsultationFactory
from core.models import OutboundEmail
from signatories.tests.factories import OrganisationContactFactory, SignatureFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 1, 2)


@pytest.fixture
def charity_signature(roles, herefordshire):
    return (
        roles["contact"].organisation_links.get().organisation.signatures.get(compact=herefordshire)
    )


def opt_in(client, person, *signatures):
    client.force_login(person)
    return client.post("/consultations/alerts/", {"signatures": [s.pk for s in signatures]})


def publish_forthcoming(compact, council, officer, title="Library hours"):
    draft = ConsultationFactory(
        compact=compact,
        lead_body=council,
        status=Consultation.Status.DRAFT,
        title=title,
        opens_on=date(2026, 2, 1),
        closes_on=date(2026, 5, 1),
    )
    return services.publish(consultation=draft, by=officer, commitments_confirmed=True)


@pytest.fixture
def council(roles):
    return roles["public_body_officer"].organisation_links.get().organisation


@time_machine.travel(TODAY)
def test_a_signatory_opts_in_and_hears_of_the_next_forthcoming_consultation(
    client, roles, herefordshire, council, charity_signature
):
    contact = roles["contact"]
    client.force_login(contact)
    page = client.get("/consultations/alerts/").content.decode()
    assert "(as Ledbury Community Larder)" in page
    assert page.count("(as ") == 1  # only the Compact whose list it is on
    assert opt_in(client, contact, charity_signature).status_code == 302
    publish_forthcoming(herefordshire, council, roles["public_body_officer"])
    email = OutboundEmail.objects.get(recipient=contact.email)
    assert email.subject == "Forthcoming consultation: \u201cLibrary hours\u201d"
    assert "opens on 1 February 2026" in email.body_text
    assert "/consultations/alerts/stop/" in email.body_text


@time_machine.travel(TODAY)
def test_nobody_hears_of_a_consultation_published_already_open_or_in_another_compact(
    client, roles, herefordshire, hertfordshire, council, charity_signature
):
    opt_in(client, roles["contact"], charity_signature)
    other_council = SignatureFactory(
        compact=hertfordshire, approved=True, organisation__public=True
    )
    other_officer = OrganisationContactFactory(organisation=other_council.organisation).user
    publish_forthcoming(hertfordshire, other_council.organisation, other_officer)
    already_open = ConsultationFactory(
        compact=herefordshire,
        lead_body=council,
        status=Consultation.Status.DRAFT,
        opens_on=TODAY,
        closes_on=date(2026, 5, 1),
    )
    already_open = services.publish(
        consultation=already_open, by=roles["public_body_officer"], commitments_confirmed=True
    )
    assert already_open.status == Consultation.Status.OPEN
    assert not OutboundEmail.objects.filter(recipient=roles["contact"].email).exists()


@time_machine.travel(TODAY)
def test_the_unsubscribe_link_asks_first_and_stops_on_the_button(
    client, roles, herefordshire, council, charity_signature
):
    opt_in(client, roles["contact"], charity_signature)
    publish_forthcoming(herefordshire, council, roles["public_body_officer"])
    body = OutboundEmail.objects.get(recipient=roles["contact"].email).body_text
    link = re.search(r"http\S+/consultations/alerts/stop/\S+/", body).group(0)
    path = link.split("127.0.0.1:8000", 1)[-1]
    client.logout()
    page = client.get(path).content.decode()  # what a mail scanner does
    assert "Stop these emails" in page
    assert ForthcomingAlert.objects.count() == 1
    stopped = client.post(path).content.decode()
    assert "You will not hear of forthcoming consultations" in stopped
    assert not ForthcomingAlert.objects.exists()
    assert client.post(path).status_code == 200  # a second click is fine
    publish_forthcoming(herefordshire, council, roles["public_body_officer"], title="Parks")
    assert OutboundEmail.objects.filter(recipient=roles["contact"].email).count() == 1


@time_machine.travel(TODAY)
def test_each_alert_carries_a_one_click_unsubscribe_a_provider_can_post_without_a_token(
    roles, herefordshire, council, charity_signature, settings
):
    from django.test import Client

    settings.SITE_URL = "https://compact-portal.example.org"
    opt_in(Client(), roles["contact"], charity_signature)
    publish_forthcoming(herefordshire, council, roles["public_body_officer"])
    headers = OutboundEmail.objects.get(recipient=roles["contact"].email).headers
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = headers["List-Unsubscribe"].strip("<>")
    assert link.startswith("https://compact-portal.example.org/consultations/alerts/stop/")
    provider = Client(enforce_csrf_checks=True)
    path = link.removeprefix("https://compact-portal.example.org")
    assert provider.post(path, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert not ForthcomingAlert.objects.exists()


def test_a_forged_unsubscribe_link_stops_nothing(client, roles, charity_signature):
    opt_in(client, roles["contact"], charity_signature)
    client.logout()
    assert client.post("/consultations/alerts/stop/forged/").status_code == 400
    assert ForthcomingAlert.objects.count() == 1


def test_unticking_the_compact_stops_the_alerts(client, roles, charity_signature):
    opt_in(client, roles["contact"], charity_signature)
    opt_in(client, roles["contact"])
    assert not ForthcomingAlert.objects.exists()


def test_a_pending_contact_or_a_stranger_cannot_opt_in(client, herefordshire, roles):
    pending = SignatureFactory(compact=herefordshire).organisation
    person = OrganisationContactFactory(organisation=pending).user
    client.force_login(person)
    assert client.get("/consultations/alerts/").status_code == 403
    client.logout()
    assert client.get("/consultations/alerts/").status_code == 302


def test_nobody_opts_in_for_another_organisations_signature(client, roles, charity_signature):
    council_signature = (
        roles["public_body_officer"].organisation_links.get().organisation.signatures.get()
    )
    sent = opt_in(client, roles["contact"], council_signature)
    assert sent.status_code == 400
    with pytest.raises(PermissionDenied):
        services.set_forthcoming_alerts(by=roles["contact"], signatures=[council_signature])
    assert not ForthcomingAlert.objects.exists()


def test_the_list_of_consultations_offers_the_alerts_to_signatories_only(client, roles):
    assert "/consultations/alerts/" not in client.get("/consultations/").content.decode()
    client.force_login(roles["contact"])
    assert "/consultations/alerts/" in client.get("/consultations/").content.decode()
    client.force_login(roles["other_compact_officer"])
    assert "/consultations/alerts/" not in client.get("/consultations/").content.decode()


@time_machine.travel(TODAY)
def test_a_contact_removed_from_the_organisation_hears_no_more(
    client, roles, herefordshire, council, charity_signature
):
    opt_in(client, roles["contact"], charity_signature)
    roles["contact"].organisation_links.all().delete()
    publish_forthcoming(herefordshire, council, roles["public_body_officer"])
    assert not OutboundEmail.objects.filter(recipient=roles["contact"].email).exists()
