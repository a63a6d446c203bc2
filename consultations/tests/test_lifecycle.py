"""From draft to feedback: each transition one service, in history; opening and closing by date."""

from datetime import date

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from consultations import services
from consultations.models import Consultation, Follower
from consultations.tests.factories import ConsultationFactory
from signatories.tests.factories import (
    OrganisationContactFactory,
    OrganisationFactory,
    UserFactory,
    on_the_list,
)

pytestmark = pytest.mark.django_db
S = Consultation.Status


@pytest.fixture
def officer(herefordshire):
    council = on_the_list(OrganisationFactory(public=True), herefordshire)
    return OrganisationContactFactory(organisation=council).user


def draft(officer, compact, **overrides):
    data = dict(
        compact=compact,
        lead_body=officer.organisation_links.get().organisation,
        title="Parks strategy",
        summary="s",
        body="b",
        level="consulting",
        audience="All",
        opens_on=date(2026, 1, 5),
        closes_on=date(2026, 3, 30),
        contact_email="parks@example.org",
    )
    data.update(overrides)
    return services.create_draft(by=officer, **data)


def reason_of(consultation):
    return (
        consultation.history.order_by("-history_date", "-history_id").first().history_change_reason
    )


@time_machine.travel(date(2026, 1, 1))
def test_published_before_it_opens_it_is_forthcoming_then_opens_and_closes_by_date(
    officer, herefordshire
):
    consultation = draft(officer, herefordshire)
    assert consultation.compliance_state == "meets"
    consultation = services.publish(
        consultation=consultation, by=officer, commitments_confirmed=True
    )
    assert consultation.status == S.FORTHCOMING
    assert services.open_due(date(2026, 1, 4)) == 0
    assert services.open_due(date(2026, 1, 5)) == 1
    consultation.refresh_from_db()
    assert consultation.status == S.OPEN
    assert services.close_due(date(2026, 3, 30)) == 0  # open until the end of the closing day
    assert services.close_due(date(2026, 3, 31)) == 1
    consultation.refresh_from_db()
    assert consultation.status == S.CLOSED
    assert reason_of(consultation) == "Closed at the end of its closing date"
    assert consultation.feedback_due == date(2026, 6, 22)


@time_machine.travel(date(2026, 1, 1))
def test_a_shorter_period_cannot_be_published_without_a_reason(officer, herefordshire):
    consultation = draft(officer, herefordshire, closes_on=date(2026, 3, 29))
    with pytest.raises(ValidationError, match="give the reason"):
        services.publish(consultation=consultation, by=officer, commitments_confirmed=True)
    consultation = services.update(
        consultation=consultation,
        by=officer,
        shorter_reason_kind="legal",
        shorter_reason="Statutory deadline",
    )
    consultation = services.publish(
        consultation=consultation, by=officer, commitments_confirmed=True
    )
    assert consultation.compliance_state == "shorter_with_reason"


@time_machine.travel(date(2026, 1, 1))
def test_publishing_needs_the_commitments_confirmed(officer, herefordshire):
    consultation = draft(officer, herefordshire)
    with pytest.raises(ValidationError, match="consultation commitments"):
        services.publish(consultation=consultation, by=officer, commitments_confirmed=False)


@time_machine.travel(date(2026, 1, 10))
def test_dates_edited_after_publication_are_flagged_never_hidden(officer, herefordshire, client):
    consultation = services.publish(
        consultation=draft(officer, herefordshire), by=officer, commitments_confirmed=True
    )
    consultation = services.update(
        consultation=consultation,
        by=officer,
        closes_on=date(2026, 2, 28),
        date_change_reason="The budget is set earlier",
    )
    assert consultation.compliance_state == "shorter_no_reason"
    assert "no reason" in reason_of(consultation)
    page = client.get("/consultations/?compliance=shorter_no_reason").content.decode()
    assert consultation.title in page
    assert (
        "No reason has been given" in client.get(consultation.get_absolute_url()).content.decode()
    )


@time_machine.travel(date(2026, 2, 1))
def test_extending_rechecks_the_verdict_and_tells_followers(
    officer, herefordshire, django_capture_on_commit_callbacks
):
    consultation = ConsultationFactory(
        compact=herefordshire,
        lead_body=officer.organisation_links.get().organisation,
        closes_on=date(2026, 3, 1),
        shorter_reason="",
        status=S.OPEN,
    )
    assert consultation.compliance_state == "shorter_no_reason"
    services.follow(consultation=consultation, email="Fan@Example.org")
    Follower.objects.update(confirmed_at=timezone.now())  # the owner clicked the link
    with django_capture_on_commit_callbacks(execute=True):
        consultation = services.extend(
            consultation=consultation,
            by=officer,
            closes_on=date(2026, 3, 30),
            reason="More time asked for",
        )
    assert consultation.compliance_state == "meets"
    assert consultation.extensions.get().old_closes_on == date(2026, 3, 1)
    assert (
        mail.outbox[0].to == ["fan@example.org"] and "later closing date" in mail.outbox[0].subject
    )


def test_feedback_is_published_after_closing_and_each_respondent_told_once(
    officer, herefordshire, django_capture_on_commit_callbacks
):
    consultation = ConsultationFactory(
        compact=herefordshire,
        lead_body=officer.organisation_links.get().organisation,
        status=S.CLOSED,
    )
    for email in ("a@example.org", "b@example.org", ""):
        services.record_response(
            consultation=consultation,
            by=officer,
            channel="written",
            body="x",
            received_on=date(2026, 3, 1),
            email=email,
            name="N",
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_feedback(
            consultation=consultation, by=officer, feedback="We decided to keep Saturdays."
        )
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
    with django_capture_on_commit_callbacks(execute=True):
        assert services.tell_respondents(consultation) == 0  # a second run tells nobody again
    assert len(mail.outbox) == 2
    with pytest.raises(ValidationError):
        services.publish_feedback(consultation=consultation, by=officer, feedback="Again")


def test_only_the_lead_bodys_officers_run_it(herefordshire):
    consultation = ConsultationFactory(compact=herefordshire)
    with pytest.raises(PermissionDenied):
        services.extend(
            consultation=consultation, by=UserFactory(), closes_on=date(2026, 4, 30), reason="x"
        )
    with pytest.raises(PermissionDenied):
        services.publish_feedback(
            consultation=consultation, by=OrganisationContactFactory().user, feedback="x"
        )


def test_a_withdrawn_consultation_is_finished(officer, herefordshire):
    consultation = ConsultationFactory(
        compact=herefordshire, lead_body=officer.organisation_links.get().organisation
    )
    services.withdraw(consultation=consultation, by=officer, reason="Proposal dropped")
    with pytest.raises(ValidationError):
        services.update(consultation=consultation, by=officer, title="New")


def test_changing_the_compacts_minimum_rechecks_its_consultations(
    herefordshire, django_capture_on_commit_callbacks
):
    consultation = ConsultationFactory(
        compact=herefordshire, opens_on=date(2026, 1, 5), closes_on=date(2026, 3, 1)
    )
    assert consultation.compliance_state == "shorter_no_reason"
    herefordshire.consultation_min_weeks = 7
    herefordshire.feedback_due_weeks = 6
    with django_capture_on_commit_callbacks(execute=True):
        herefordshire.save()
    consultation.refresh_from_db()
    assert consultation.compliance_state == "meets"
    assert consultation.feedback_due == date(2026, 4, 12)
