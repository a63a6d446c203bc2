"""A signature's email is written with the decision that causes it, in the same transaction:
there before the commit, gone with a rollback, sent once the change commits."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import transaction

from core.models import OutboundEmail
from signatories import services
from signatories.models import Signature
from signatories.tests.factories import CompactOfficerFactory, SignatureFactory

pytestmark = pytest.mark.django_db


class RolledBack(Exception):
    pass


def emails_about(record):
    return OutboundEmail.objects.filter(
        content_type=ContentType.objects.get_for_model(record), object_id=record.pk
    )


def test_the_approval_email_is_written_with_the_approval_and_rolled_back_with_it(
    herefordshire, django_capture_on_commit_callbacks
):
    officer = CompactOfficerFactory(compact=herefordshire).user
    pending = SignatureFactory(compact=herefordshire)
    with pytest.raises(RolledBack), transaction.atomic():
        services.approve_signature(pending, by=officer)
        # Not committed yet: the row is already in the outbox, in this transaction.
        row = emails_about(pending).get()
        assert row.recipient == pending.contact_email and row.state == "queued"
        assert "is on the Herefordshire Compact list" in row.subject
        raise RolledBack
    assert not emails_about(pending).exists()  # the rollback took the email with it
    pending.refresh_from_db()
    assert pending.state == Signature.State.PENDING

    with django_capture_on_commit_callbacks(execute=True):
        services.approve_signature(pending, by=officer)
    assert emails_about(pending).get().state == "sent"
    assert [m.to for m in mail.outbox] == [[pending.contact_email]]
