"""Responding as an organisation: who you are comes from your account, and a second response
from the same organisation offers to update the first (which stays in history)."""

import re
from datetime import date

import pytest
import time_machine

from consultations.models import Response
from consultations.tests.factories import ConsultationFactory
from signatories.tests.factories import (
    OrganisationContactFactory,
    OrganisationFactory,
    SignatureFactory,
    on_the_list,
)

pytestmark = pytest.mark.django_db
OPEN_DAY = date(2026, 2, 1)


@pytest.fixture
def consultation(herefordshire):
    return ConsultationFactory(compact=herefordshire)


@pytest.fixture
def contact(consultation):
    larder = on_the_list(OrganisationFactory(name="Ledbury Larder"), consultation.compact)
    link = OrganisationContactFactory(organisation=larder)
    link.user.full_name = "Priya Shah"
    link.user.save()
    return link


def page_of(client, consultation):
    return client.get(f"/consultations/{consultation.pk}/respond/").content.decode()


def send(client, consultation, **data):
    token = re.search(r'name="token" value="([^"]+)"', page_of(client, consultation)).group(1)
    form = {
        "token": token,
        "respondent_type": "organisation",
        "represents": "Our 40 volunteers",
        "organisation_size": "small",
        "body": "Keep Saturdays open.",
        **data,
    }
    return client.post(f"/consultations/{consultation.pk}/respond/", form)


@time_machine.travel(OPEN_DAY)
def test_a_signed_in_contact_does_not_retype_their_name_and_email(client, consultation, contact):
    client.force_login(contact.user)
    page = page_of(client, consultation)
    assert 'value="Priya Shah"' in page and f'value="{contact.user.email}"' in page
    send(client, consultation, organisation=contact.organisation.pk, name="", email="")
    saved = Response.objects.get()
    assert (saved.name, saved.email) == ("Priya Shah", contact.user.email)
    assert saved.organisation_size == "small"


@time_machine.travel(OPEN_DAY)
def test_an_organisation_response_cannot_borrow_another_address(client, consultation, contact):
    client.force_login(contact.user)
    send(client, consultation, organisation=contact.organisation.pk, email="else@example.org")
    assert Response.objects.get().email == contact.user.email


@time_machine.travel(OPEN_DAY)
def test_the_organisation_size_is_asked(client, consultation, contact):
    client.force_login(contact.user)
    sent = send(client, consultation, organisation=contact.organisation.pk, organisation_size="")
    assert sent.status_code == 400
    assert "Select the size of your organisation" in sent.content.decode()


@time_machine.travel(OPEN_DAY)
def test_a_second_response_from_the_organisation_offers_to_update_the_first(
    client, consultation, contact
):
    client.force_login(contact.user)
    send(client, consultation, organisation=contact.organisation.pk, body="First thoughts")
    first = Response.objects.get()
    page = page_of(client, consultation)
    assert f"Ledbury Larder responded on 1 February 2026 (reference {first.reference})" in page
    again = send(client, consultation, organisation=contact.organisation.pk, body="Second")
    assert again.status_code == 400
    assert "choose whether to update that response or send a separate one" in (
        again.content.decode()
    )
    assert Response.objects.count() == 1


@time_machine.travel(OPEN_DAY)
def test_updating_keeps_one_response_and_the_first_text_in_its_history(
    client, consultation, contact
):
    client.force_login(contact.user)
    send(client, consultation, organisation=contact.organisation.pk, body="First thoughts")
    token = re.search(r'name="token" value="([^"]+)"', page_of(client, consultation)).group(1)
    form = {
        "token": token,
        "respondent_type": "organisation",
        "organisation": contact.organisation.pk,
        "organisation_size": "small",
        "represents": "Our 40 volunteers",
        "body": "Better thoughts",
        "previous": "update",
    }
    url = f"/consultations/{consultation.pk}/respond/"
    assert client.post(url, form).status_code == 302
    assert client.post(url, form).status_code == 302  # a double click changes nothing more
    response = Response.objects.get()
    assert response.body == "Better thoughts"
    texts = list(response.history.order_by("history_id").values_list("body", flat=True))
    assert texts == ["First thoughts", "Better thoughts"]
    assert response.history.order_by("history_id").last().history_change_reason == (
        "Updated online by the organisation"
    )


@time_machine.travel(OPEN_DAY)
def test_a_separate_response_is_a_second_one(client, consultation, contact):
    client.force_login(contact.user)
    send(client, consultation, organisation=contact.organisation.pk, body="First")
    send(
        client,
        consultation,
        organisation=contact.organisation.pk,
        body="From our youth group",
        previous="separate",
    )
    assert Response.objects.count() == 2


@time_machine.travel(OPEN_DAY)
def test_another_organisations_contact_is_not_asked_about_the_first(client, consultation, contact):
    client.force_login(contact.user)
    send(client, consultation, organisation=contact.organisation.pk)
    other = on_the_list(OrganisationFactory(name="Bromyard Hub"), consultation.compact)
    client.force_login(OrganisationContactFactory(organisation=other).user)
    page = page_of(client, consultation)
    assert "Ledbury Larder responded" not in page
    send(client, consultation, organisation=other.pk)
    assert Response.objects.count() == 2


@time_machine.travel(OPEN_DAY)
def test_a_pending_contact_cannot_respond_or_update_for_the_organisation(
    client, consultation, contact
):
    client.force_login(contact.user)
    send(client, consultation, organisation=contact.organisation.pk, body="First")
    pending = SignatureFactory(compact=consultation.compact).organisation
    stranger = OrganisationContactFactory(organisation=pending).user
    client.force_login(stranger)
    sent = send(
        client,
        consultation,
        organisation=contact.organisation.pk,
        body="Hijack",
        previous="update",
    )
    assert sent.status_code == 400
    assert Response.objects.get().body == "First"
