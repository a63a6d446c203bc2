"""Once published, a consultation's dates run on the Compact's clock: less time to respond
(closing earlier, opening later) needs a stated reason, kept in history with who and when and
shown on the public page; dates that have passed stay as they were."""

from datetime import date

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from consultations import services
from consultations.models import Consultation, Follower
from consultations.tests.factories import ConsultationFactory
from consultations.tests.test_pages import dateparts, form
from signatories.tests.factories import (
    OrganisationContactFactory,
    OrganisationFactory,
    SignatureFactory,
)

pytestmark = pytest.mark.django_db
S = Consultation.Status


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(date(2027, 1, 2)):
        yield


@pytest.fixture
def council(herefordshire):
    council = OrganisationFactory(public=True, name="Herefordshire Council")
    SignatureFactory(organisation=council, compact=herefordshire, approved=True)
    return council


@pytest.fixture
def officer(client, council):
    user = OrganisationContactFactory(organisation=council).user
    client.force_login(user)
    return user


@pytest.fixture
def seeded(herefordshire, council):
    """An open consultation as the seed data leaves it: nobody named as its creator."""
    return ConsultationFactory(
        compact=herefordshire,
        lead_body=council,
        title="Library hours",
        opens_on=date(2026, 10, 1),
        closes_on=date(2027, 1, 15),
        status=S.OPEN,
        created_by=None,
    )


def edit(client, consultation, **overrides):
    data = form(
        consultation.compact,
        consultation.lead_body,
        **dateparts("opens_on", consultation.opens_on),
        **dateparts("closes_on", consultation.closes_on),
    )
    data.update(overrides)
    return client.post(f"/consultations/{consultation.pk}/edit/", data)


def test_editing_a_seeded_consultation_that_names_no_creator_saves(client, officer, seeded):
    response = edit(client, seeded, title="Library opening hours")
    assert response.status_code == 302
    seeded.refresh_from_db()
    assert seeded.title == "Library opening hours"


def test_closing_earlier_without_a_reason_is_refused_on_the_reason_field(client, officer, seeded):
    response = edit(client, seeded, **dateparts("closes_on", date(2027, 1, 8)))
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["date_change_reason"]
    assert "Give the reason for moving the closing date earlier" in response.content.decode()
    seeded.refresh_from_db()
    assert seeded.closes_on == date(2027, 1, 15)


def test_closing_earlier_with_a_reason_is_in_history_and_on_the_public_page(
    client, officer, seeded
):
    response = edit(
        client,
        seeded,
        **dateparts("closes_on", date(2027, 1, 8)),
        date_change_reason="the council sets its budget on 9 January",
    )
    assert response.status_code == 302
    seeded.refresh_from_db()
    assert seeded.closes_on == date(2027, 1, 8)
    latest = seeded.history.order_by("-history_id").first()
    assert latest.history_user == officer
    assert latest.history_date.date() == date(2027, 1, 2)
    assert latest.history_change_reason.startswith(
        "The closing date moved from 15 January 2027 to 8 January 2027: "
        "the council sets its budget on 9 January"
    )
    page = Client().get(seeded.get_absolute_url()).content.decode()
    assert (
        "The closing date was moved from 15 January to 8 January 2027 on 2 January 2027 "
        "because the council sets its budget on 9 January"
    ) in page


def test_opening_later_is_less_time_too_and_needs_a_reason(client, officer, seeded):
    forthcoming = ConsultationFactory(
        compact=seeded.compact,
        lead_body=seeded.lead_body,
        opens_on=date(2027, 1, 10),
        closes_on=date(2027, 4, 30),
        status=S.FORTHCOMING,
    )
    response = edit(client, forthcoming, **dateparts("opens_on", date(2027, 1, 20)))
    assert list(response.context["form"].errors) == ["date_change_reason"]
    response = edit(
        client,
        forthcoming,
        **dateparts("opens_on", date(2027, 1, 20)),
        date_change_reason="The documents are late",
    )
    assert response.status_code == 302
    page = Client().get(forthcoming.get_absolute_url()).content.decode()
    assert "The opening date was moved from 10 January to 20 January 2027" in page


def test_closing_later_by_an_edit_is_shown_and_followers_told(
    client, officer, seeded, django_capture_on_commit_callbacks
):
    services.follow(consultation=seeded, email="fan@example.org")
    Follower.objects.update(confirmed_at=timezone.now())  # the owner clicked the link
    with django_capture_on_commit_callbacks(execute=True):
        response = edit(client, seeded, **dateparts("closes_on", date(2027, 1, 29)))
    assert response.status_code == 302
    page = Client().get(seeded.get_absolute_url()).content.decode()
    assert (
        "The closing date was moved from 15 January to 29 January 2027 on 2 January 2027." in page
    )
    assert [m.to for m in mail.outbox] == [["fan@example.org"]]
    assert "has new dates" in mail.outbox[0].subject


def test_an_opening_date_that_has_passed_stays(client, officer, seeded):
    response = edit(client, seeded, **dateparts("opens_on", date(2026, 11, 1)))
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "opens_on": ["The opening date has passed and can no longer change."]
    }


def test_the_edit_page_says_save_changes_once_published(client, officer, seeded):
    page = client.get(f"/consultations/{seeded.pk}/edit/").content.decode()
    assert "Save changes" in page and "Save draft" not in page
    seeded.status = S.DRAFT
    seeded.save()
    page = client.get(f"/consultations/{seeded.pk}/edit/").content.decode()
    assert "Save draft" in page and "Save changes" not in page
