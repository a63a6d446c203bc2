"""A consultation's emails are written with the change that causes them, in the same
transaction as the field that records it (`acknowledged_at`, `feedback_notified_at`); the
emails module only renders."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import transaction

from consultations import emails, services
from consultations.models import Consultation, Response
from consultations.tests.factories import ConsultationFactory
from core.models import OutboundEmail
from signatories.tests.factories import (
    OrganisationContactFactory,
    OrganisationFactory,
    on_the_list,
)

pytestmark = pytest.mark.django_db


class RolledBack(Exception):
    pass


@pytest.fixture
def officer(herefordshire):
    council = on_the_list(OrganisationFactory(public=True), herefordshire)
    return OrganisationContactFactory(organisation=council).user


def consultation_of(officer, compact, **fields):
    return ConsultationFactory(
        compact=compact, lead_body=officer.organisation_links.get().organisation, **fields
    )


def recorded(consultation, officer, email="pat@example.org"):
    return services.record_response(
        consultation=consultation,
        by=officer,
        channel="written",
        body="Keep the library open",
        received_on=date(2026, 3, 1),
        email=email,
        name="Pat",
    )


def emails_about(record):
    return OutboundEmail.objects.filter(
        content_type=ContentType.objects.get_for_model(record), object_id=record.pk
    )


def test_acknowledging_a_response_writes_the_email_and_the_date_together(
    officer, herefordshire, django_capture_on_commit_callbacks
):
    response = recorded(consultation_of(officer, herefordshire), officer)
    with pytest.raises(RolledBack), transaction.atomic():
        assert services.acknowledge_response(response, by=officer) is True
        # Not committed yet: the row and the date are both there, in this transaction.
        row = emails_about(response).get()
        assert row.recipient == "pat@example.org" and row.state == "queued"
        assert response.reference in row.subject
        assert Response.objects.get(pk=response.pk).acknowledged_at is not None
        raise RolledBack
    # The rollback took both: nothing says Pat was acknowledged, and nothing was sent.
    assert not emails_about(response).exists()
    assert Response.objects.get(pk=response.pk).acknowledged_at is None

    response = Response.objects.get(pk=response.pk)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.acknowledge_response(response, by=officer) is True
    assert emails_about(response).get().state == "sent"
    assert Response.objects.get(pk=response.pk).acknowledged_at is not None
    # Once: a second click (even with the stale instance) writes no second email.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.acknowledge_response(response, by=officer) is False
    assert emails_about(response).count() == 1
    assert [m.to for m in mail.outbox] == [["pat@example.org"]]


def test_feedback_tells_each_respondent_in_the_same_transaction(
    officer, herefordshire, django_capture_on_commit_callbacks
):
    consultation = consultation_of(officer, herefordshire, status=Consultation.Status.CLOSED)
    pat, nobody = recorded(consultation, officer), recorded(consultation, officer, email="")
    with pytest.raises(RolledBack), transaction.atomic():
        services.publish_feedback(consultation=consultation, by=officer, feedback="Kept open.")
        assert emails_about(pat).get().state == "queued"
        assert Response.objects.get(pk=pat.pk).feedback_notified_at is not None
        raise RolledBack
    assert not emails_about(pat).exists()
    assert Response.objects.get(pk=pat.pk).feedback_notified_at is None

    with django_capture_on_commit_callbacks(execute=True):
        services.publish_feedback(consultation=consultation, by=officer, feedback="Kept open.")
    assert emails_about(pat).get().state == "sent"
    assert not emails_about(nobody).exists()
    assert Response.objects.get(pk=nobody.pk).feedback_notified_at is None
    assert [m.to for m in mail.outbox] == [["pat@example.org"]]


def test_the_emails_module_only_renders(officer, herefordshire):
    """Writing an email records nothing about the response: the services do that."""
    response = recorded(consultation_of(officer, herefordshire), officer)
    emails.acknowledge(response)
    emails.feedback_published(response)
    assert emails_about(response).count() == 2
    response.refresh_from_db()
    assert response.acknowledged_at is None and response.feedback_notified_at is None
