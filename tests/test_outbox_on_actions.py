"""The two failures issue 20 reported, through a real action: issuing a notice on an agreement
whose title holds a line break, while the mail server refuses connections. The notice is
issued, nothing raises, and the email goes once the server is back, about the notice."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone

from core import outbox
from core.models import OutboundEmail
from funding import services
from funding.models import FundingNotice
from funding.tests.factories import AgreementFactory
from signatories.tests.factories import OrganisationContactFactory, on_the_list

pytestmark = pytest.mark.django_db


def test_a_notice_is_issued_with_the_mail_server_down_and_a_line_break_in_the_title(
    herefordshire, monkeypatch, django_capture_on_commit_callbacks
):
    agreement = AgreementFactory(
        compact=herefordshire,
        title="Advice grant\r\nBcc: everyone@example.org",
        start_date=date(2026, 4, 1),
        end_date=date(2026, 9, 30),
    )
    on_the_list(agreement.funder, herefordshire)
    funder = OrganisationContactFactory(organisation=agreement.funder).user
    contact = OrganisationContactFactory(organisation=agreement.recipient).user

    def refused(self):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(EmailBackend, "open", refused)
    with django_capture_on_commit_callbacks(execute=True):
        notice = services.issue_notice(
            agreement=agreement,
            by=funder,
            kind=FundingNotice.Kind.END,
            issued_on=date(2026, 6, 1),
            effective_on=date(2026, 9, 30),
            reasons="The budget was cut.",
            equality_impact_assessment=FundingNotice.Check.DONE,
            impact_assessment=FundingNotice.Check.DONE,
            improvement_plan=FundingNotice.Check.DONE,
        )
    assert FundingNotice.objects.filter(pk=notice.pk).exists()
    email = OutboundEmail.objects.get()
    assert email.about == notice and email.compact_id == herefordshire.pk
    assert email.state == "queued" and "mail server down" in email.last_error
    assert email.subject.startswith("Notice about Advice grant Bcc: everyone@example.org")
    monkeypatch.undo()
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        outbox.sweep()
    assert [m.to for m in mail.outbox] == [[contact.email]]
    header = mail.outbox[0].message()["Subject"]
    assert "\n" not in header and mail.outbox[0].message()["Bcc"] is None
    assert list(outbox.about(notice).values_list("state", flat=True)) == ["sent"]
