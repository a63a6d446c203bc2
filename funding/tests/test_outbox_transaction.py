"""A notice's email is written with the notice, in the same transaction: there before the
commit, gone with a rollback, sent once the notice commits."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import transaction

from core.models import OutboundEmail
from funding import services
from funding.models import FundingNotice
from funding.tests.factories import AgreementFactory
from signatories.tests.factories import OrganisationContactFactory, on_the_list

pytestmark = pytest.mark.django_db


class RolledBack(Exception):
    pass


def issue(agreement, by):
    return services.issue_notice(
        agreement=agreement,
        by=by,
        kind=FundingNotice.Kind.END,
        issued_on=date(2026, 6, 1),
        effective_on=date(2026, 9, 30),
        reasons="The budget was cut.",
        equality_impact_assessment=FundingNotice.Check.DONE,
        impact_assessment=FundingNotice.Check.DONE,
        improvement_plan=FundingNotice.Check.NOT_RELEVANT,
    )


def test_the_notice_email_is_written_with_the_notice_and_rolled_back_with_it(
    herefordshire, django_capture_on_commit_callbacks
):
    agreement = AgreementFactory(
        compact=herefordshire, start_date=date(2026, 4, 1), end_date=date(2026, 9, 30)
    )
    on_the_list(agreement.funder, herefordshire)
    funder = OrganisationContactFactory(organisation=agreement.funder).user
    OrganisationContactFactory(organisation=agreement.recipient)
    notice_type = ContentType.objects.get_for_model(FundingNotice)
    with pytest.raises(RolledBack), transaction.atomic():
        notice = issue(agreement, funder)
        rows = OutboundEmail.objects.filter(content_type=notice_type, object_id=notice.pk)
        # Not committed yet: the rows are already in the outbox, in this transaction.
        assert rows.exists() and {row.state for row in rows} == {"queued"}
        assert {row.compact_id for row in rows} == {herefordshire.pk}
        raise RolledBack
    assert not FundingNotice.objects.exists()
    assert not OutboundEmail.objects.filter(content_type=notice_type).exists()

    with django_capture_on_commit_callbacks(execute=True):
        notice = issue(agreement, funder)
    rows = OutboundEmail.objects.filter(content_type=notice_type, object_id=notice.pk)
    assert rows.exists() and {row.state for row in rows} == {"sent"}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(row.recipient for row in rows)
