"""After-care: feedback due and overdue wherever the consultation is shown, reminders to its
owner, and withdrawing or closing early from the site with a reason the public page shows."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from consultations import services
from consultations.models import Consultation
from consultations.tests.factories import ConsultationFactory
from reminders.sweep import collect
from signatories.tests.factories import OrganisationContactFactory

pytestmark = pytest.mark.django_db
S = Consultation.Status
# Closes 30 March 2026; Herefordshire wants feedback 12 weeks later: due 22 June 2026.
DUE = date(2026, 6, 22)
DAY_AFTER = date(2026, 6, 23)


@pytest.fixture
def council(roles):
    return roles["public_body_officer"].organisation_links.get().organisation


@pytest.fixture
def closed(herefordshire, council):
    return ConsultationFactory(
        compact=herefordshire, lead_body=council, status=S.CLOSED, title="Bus routes"
    )


@time_machine.travel(DUE)
def test_on_the_due_day_feedback_is_due_not_overdue(client, closed):
    page = client.get(closed.get_absolute_url()).content.decode()
    assert "Feedback is due by 22 June 2026" in page
    assert "Overdue" not in page and "Feedback overdue" not in page


@time_machine.travel(DAY_AFTER)
def test_from_the_day_after_the_public_page_flags_feedback_overdue(client, closed):
    page = client.get(closed.get_absolute_url()).content.decode()
    assert "Feedback overdue" in page
    assert "was due by 22 June 2026 and has not been published" in page
    listed = client.get("/consultations/?status=closed").content.decode()
    assert "Due by 22 Jun 2026" in listed and "Overdue" in listed


@time_machine.travel(DAY_AFTER)
def test_your_consultations_has_a_feedback_column_with_the_overdue_tag(client, closed, roles):
    client.force_login(roles["public_body_officer"])
    page = client.get("/consultations/yours/").content.decode()
    assert ">Feedback</th>" in page
    assert "Due by 22 Jun 2026" in page and "Overdue" in page


@time_machine.travel(DAY_AFTER)
def test_published_feedback_is_never_overdue(client, closed, roles):
    services.publish_feedback(consultation=closed, by=roles["public_body_officer"], feedback="Kept")
    page = client.get(closed.get_absolute_url()).content.decode()
    assert "Feedback overdue" not in page
    client.force_login(roles["public_body_officer"])
    assert "Overdue" not in client.get("/consultations/yours/").content.decode()


@time_machine.travel(DAY_AFTER)
def test_the_admin_list_shows_feedback_due_and_overdue(client, closed, roles):
    client.force_login(roles["compact_officer"])
    page = client.get("/admin/consultations/consultation/").content.decode()
    assert "Feedback due" in page
    assert "Due by 22 Jun 2026" in page and "Overdue" in page


@time_machine.travel(DAY_AFTER)
def test_the_dashboard_counts_overdue_feedback(client, closed, roles):
    client.force_login(roles["compact_officer"])
    page = client.get("/dashboard/herefordshire/?fy=2025").content.decode()
    assert "1 has feedback overdue" in page


def test_the_owner_is_reminded_before_feedback_is_due_and_after(closed, roles):
    owner = roles["public_body_officer"].email
    before = [(d.kind, d.recipient) for d in collect(date(2026, 6, 8))]
    after = [(d.kind, d.recipient) for d in collect(DAY_AFTER)]
    assert ("consultations.feedback", owner) in before
    assert ("consultations.feedback", owner) in after


def test_an_informing_consultation_is_never_reminded_of_feedback(herefordshire, council):
    ConsultationFactory(
        compact=herefordshire, lead_body=council, status=S.CLOSED, level="informing"
    )
    assert not [d for d in collect(DAY_AFTER) if d.kind == "consultations.feedback"]


@pytest.fixture
def open_one(herefordshire, council):
    return ConsultationFactory(compact=herefordshire, lead_body=council, title="Bus routes")


@time_machine.travel(date(2026, 2, 1))
def test_the_lead_body_withdraws_from_the_site_and_the_page_shows_why(client, open_one, roles):
    client.force_login(roles["public_body_officer"])
    assert "Withdraw it" in client.get(open_one.get_absolute_url()).content.decode()
    refused = client.post(f"/consultations/{open_one.pk}/withdraw/", {"reason": "  "})
    assert refused.status_code == 400 and "Give the reason" in refused.content.decode()
    client.post(f"/consultations/{open_one.pk}/withdraw/", {"reason": "The <b>budget</b> moved"})
    open_one.refresh_from_db()
    assert open_one.status == S.WITHDRAWN
    latest = open_one.history.order_by("-history_id").first()
    assert latest.history_change_reason == "Withdrawn: The <b>budget</b> moved"
    client.logout()
    page = client.get(open_one.get_absolute_url()).content.decode()
    assert "was withdrawn on 1 February 2026" in page
    assert "The &lt;b&gt;budget&lt;/b&gt; moved" in page  # escaped, never markup
    again = client.post(f"/consultations/{open_one.pk}/withdraw/", {"reason": "twice"})
    assert again.status_code == 302  # a stranger is sent to sign in, nothing changes
    assert open_one.history.count() == 2


@time_machine.travel(date(2026, 2, 1))
def test_a_second_withdrawal_a_double_click_changes_nothing(client, open_one, roles):
    client.force_login(roles["public_body_officer"])
    client.post(f"/consultations/{open_one.pk}/withdraw/", {"reason": "Budget moved"})
    second = client.post(f"/consultations/{open_one.pk}/withdraw/", {"reason": "Budget moved"})
    assert second.status_code == 400 and "already finished" in second.content.decode()
    assert open_one.history.filter(history_change_reason__startswith="Withdrawn").count() == 1


@time_machine.travel(date(2026, 2, 1))
def test_closing_early_stops_responses_today_and_the_page_says_why(client, open_one, roles):
    client.force_login(roles["public_body_officer"])
    client.post(f"/consultations/{open_one.pk}/close-early/", {"reason": "Enough heard"})
    open_one.refresh_from_db()
    assert open_one.status == S.CLOSED and open_one.closes_on == date(2026, 2, 1)
    assert open_one.feedback_due == date(2026, 4, 26)  # the clock runs from the real close
    # Cut below 12 weeks with no reason given at the start: flagged, not hidden.
    assert open_one.compliance_state == Consultation.Compliance.SHORTER_NO_REASON
    client.logout()
    page = client.get(open_one.get_absolute_url()).content.decode()
    assert "was closed early on 1 February 2026. The reason: Enough heard" in page
    assert "The closing date was moved from" in page
    assert client.get(f"/consultations/{open_one.pk}/respond/").status_code == 200
    assert (
        "Responses can no longer be sent"
        in client.get(f"/consultations/{open_one.pk}/respond/").content.decode()
    )


@time_machine.travel(date(2026, 2, 1))
def test_nobody_but_the_lead_body_and_its_officers_ends_a_consultation(open_one, roles):
    contact, other = roles["contact"], roles["other_compact_officer"]
    for person in (contact, other):
        for end in (services.withdraw, services.close_early):
            with pytest.raises(PermissionDenied):
                end(consultation=open_one, by=person, reason="Mine now")
    open_one.refresh_from_db()
    assert open_one.status == S.OPEN


@time_machine.travel(date(2026, 2, 1))
def test_a_pending_contact_of_the_lead_body_cannot_close_it(client, open_one, council):
    from signatories.tests.factories import SignatureFactory

    pending_body = SignatureFactory(compact=open_one.compact).organisation
    person = OrganisationContactFactory(organisation=pending_body).user
    client.force_login(person)
    assert (
        client.post(f"/consultations/{open_one.pk}/close-early/", {"reason": "x"}).status_code
        == 403
    )


@time_machine.travel(date(2026, 2, 1))
def test_only_an_open_consultation_closes_early(herefordshire, council, roles):
    forthcoming = ConsultationFactory(
        compact=herefordshire,
        lead_body=council,
        status=S.FORTHCOMING,
        opens_on=date(2026, 3, 1),
        closes_on=date(2026, 6, 1),
    )
    with pytest.raises(ValidationError, match="Only an open consultation"):
        services.close_early(consultation=forthcoming, by=roles["public_body_officer"], reason="No")


@time_machine.travel(date(2026, 2, 1))
def test_followers_hear_of_a_withdrawal(open_one, roles, django_capture_on_commit_callbacks):
    from django.core import mail

    open_one.followers.create(email="f@example.org", confirmed_at="2026-01-01T00:00Z")
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw(consultation=open_one, by=roles["public_body_officer"], reason="Gone")
    assert [m.subject for m in mail.outbox] == ["\u201cBus routes\u201d has been withdrawn"]


@time_machine.travel(date(2026, 2, 1))
def test_closing_early_twice_a_double_click_closes_once(client, open_one, roles):
    client.force_login(roles["public_body_officer"])
    url = f"/consultations/{open_one.pk}/close-early/"
    assert client.post(url, {"reason": "Enough heard"}).status_code == 302
    second = client.post(url, {"reason": "Enough heard"})
    assert second.status_code == 400 and "Only an open consultation" in second.content.decode()
    assert open_one.date_changes.count() == 1
    assert open_one.history.filter(history_change_reason__startswith="Closed early").count() == 1
