"""A case's email is written with the step that causes it, in the same transaction: there
before the commit, gone with a rollback, sent once the step commits."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import transaction

from core.models import OutboundEmail
from disputes import services
from disputes.models import Case
from signatories.tests.factories import OrganisationContactFactory, OrganisationFactory, on_the_list

pytestmark = pytest.mark.django_db


class RolledBack(Exception):
    pass


def raise_concern(compact, contact, respondent):
    return services.raise_concern(
        by=contact.user,
        compact=compact,
        complainant=contact.organisation,
        respondent=respondent,
        commitment=compact.commitments.get(clause="FP-5"),
        what_happened="Grant ended",
        outcome_sought="Talk",
        first_raised_on=date(2026, 1, 2),
        first_raised_how="Letter",
        contact_name="Jo",
        contact_email="jo@example.org",
        today=date(2026, 1, 5),
    )


def test_the_acknowledgement_is_written_with_the_case_and_rolled_back_with_it(
    herefordshire, django_capture_on_commit_callbacks
):
    contact = OrganisationContactFactory(
        organisation=on_the_list(OrganisationFactory(), herefordshire)
    )
    respondent = on_the_list(OrganisationFactory(public=True), herefordshire)
    case_type = ContentType.objects.get_for_model(Case)
    with pytest.raises(RolledBack), transaction.atomic():
        case = raise_concern(herefordshire, contact, respondent)
        # Not committed yet: the row is already in the outbox, in this transaction.
        row = OutboundEmail.objects.get(content_type=case_type, object_id=case.pk)
        assert row.recipient == "jo@example.org" and row.state == "queued"
        assert case.reference in row.subject and row.compact_id == herefordshire.pk
        raise RolledBack
    assert not Case.objects.exists()
    assert not OutboundEmail.objects.filter(content_type=case_type).exists()

    with django_capture_on_commit_callbacks(execute=True):
        case = raise_concern(herefordshire, contact, respondent)
    assert OutboundEmail.objects.get(content_type=case_type, object_id=case.pk).state == "sent"
    assert [m.to for m in mail.outbox] == [["jo@example.org"]]
