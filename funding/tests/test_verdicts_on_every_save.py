"""An agreement's and a notice's verdicts and deadlines are worked out on every save, whoever
saves it: the services, the admin, a data import, the re-check after a Compact changes."""

from datetime import date

import pytest

from funding.models import FundingAgreement, FundingNotice, NoticeState, TermState
from signatories.rules import latest_notice_date
from signatories.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def an_agreement(compact, **changes):
    """Saved as a data import would: straight to the model, with no service."""
    return FundingAgreement.objects.create(
        compact=compact,
        funder=OrganisationFactory(public=True),
        recipient=OrganisationFactory(),
        kind=FundingAgreement.Kind.GRANT,
        title="Imported advice grant",
        purpose="Advice",
        amount=1000,
        awarded_on=date(2026, 3, 1),
        start_date=date(2026, 4, 1),
        end_date=date(2027, 3, 31),
        **changes,
    )


def test_a_six_month_agreement_saved_without_a_service_gets_its_notice_deadline(chelmsford):
    agreement = an_agreement(chelmsford)
    agreement.refresh_from_db()
    assert agreement.notice_deadline == latest_notice_date(date(2027, 3, 31), 6)
    assert agreement.term_state == TermState.SHORTER_NO_REASON


def test_a_reason_saved_on_the_model_changes_the_term_verdict(chelmsford):
    agreement = an_agreement(chelmsford)
    agreement.short_term_reason = "A one-year pilot."
    agreement.save(update_fields=["short_term_reason"])
    agreement.refresh_from_db()
    assert agreement.term_state == TermState.SHORTER_WITH_REASON


def test_a_renewal_date_saved_on_the_model_gets_its_due_date(herefordshire):
    agreement = an_agreement(herefordshire, renewal_date=date(2027, 4, 1))
    agreement.refresh_from_db()
    assert agreement.renewal_due == latest_notice_date(date(2027, 4, 1), 3)


def test_a_notice_saved_without_a_service_gets_its_verdict(chelmsford):
    notice = FundingNotice.objects.create(
        agreement=an_agreement(chelmsford),
        kind=FundingNotice.Kind.END,
        issued_on=date(2026, 12, 1),
        effective_on=date(2027, 3, 31),
        reasons="The budget was cut.",
        equality_impact_assessment=FundingNotice.Check.DONE,
        impact_assessment=FundingNotice.Check.DONE,
        improvement_plan=FundingNotice.Check.NOT_RELEVANT,
    )
    notice.refresh_from_db()
    assert notice.state == NoticeState.SHORT  # four months' notice of the six Chelmsford asks
    assert notice.due == date(2027, 6, 1)


def test_a_compacts_new_notice_period_reaches_its_agreements_and_notices(
    chelmsford, django_capture_on_commit_callbacks
):
    agreement = an_agreement(chelmsford)
    notice = FundingNotice.objects.create(
        agreement=agreement,
        kind=FundingNotice.Kind.END,
        issued_on=date(2026, 12, 1),
        effective_on=date(2027, 3, 31),
        reasons="The budget was cut.",
        equality_impact_assessment=FundingNotice.Check.DONE,
        impact_assessment=FundingNotice.Check.DONE,
        improvement_plan=FundingNotice.Check.NOT_RELEVANT,
    )
    with django_capture_on_commit_callbacks(execute=True):
        chelmsford.funding_end_notice_months = 3
        chelmsford.save()
    agreement.refresh_from_db()
    notice.refresh_from_db()
    assert agreement.notice_deadline == latest_notice_date(date(2027, 3, 31), 3)
    assert notice.state == NoticeState.MEETS
