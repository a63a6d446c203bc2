"""The recipient's side of a notice: its contacts see it, reply in writing (the funder is told)
and raise a concern from it; everyone else is kept out."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import PermissionDenied

from core import outbox
from core.models import OutboundEmail
from funding import services
from funding.models import FundingNotice, NoticeReply
from funding.tests.factories import AgreementFactory
from signatories.models import Commitment
from signatories.tests.factories import (
    CompactOfficerFactory,
    OrganisationContactFactory,
    OrganisationFactory,
    SignatureFactory,
    UserFactory,
    on_the_list,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def council(herefordshire):
    council = on_the_list(OrganisationFactory(public=True, name="County Council"), herefordshire)
    OrganisationContactFactory(organisation=council, user=UserFactory(email="funder@example.org"))
    return council


@pytest.fixture
def charity(herefordshire):
    return on_the_list(OrganisationFactory(name="Advice Charity"), herefordshire)


@pytest.fixture
def contact(charity):
    return OrganisationContactFactory(
        organisation=charity, user=UserFactory(email="charity@example.org")
    ).user


@pytest.fixture
def notice(herefordshire, council, charity):
    agreement = AgreementFactory(
        compact=herefordshire,
        funder=council,
        recipient=charity,
        start_date=date(2026, 4, 1),
        end_date=date(2026, 9, 30),
    )
    return services.issue_notice(
        agreement=agreement,
        by=council.contacts.get().user,
        confirmed_breaches=["equality_impact_assessment"],
        kind=FundingNotice.Kind.END,
        issued_on=date(2026, 6, 1),
        effective_on=date(2026, 9, 30),
        reasons="The budget was cut.",
        equality_impact_assessment=FundingNotice.Check.NOT_DONE,
        impact_assessment=FundingNotice.Check.DONE,
        improvement_plan=FundingNotice.Check.NOT_RELEVANT,
    )


def reply_url(notice):
    return f"/funding/notices/{notice.pk}/reply/"


def test_the_recipient_sees_a_reply_option_on_the_notice_and_the_agreement(client, contact, notice):
    client.force_login(contact)
    assert "Reply to this notice" in client.get(notice.get_absolute_url()).content.decode()
    agreement_page = client.get(notice.agreement.get_absolute_url()).content.decode()
    assert reply_url(notice) in agreement_page
    agreement = notice.agreement
    assert (
        f"/cases/raise/?compact={agreement.compact_id}&amp;organisation={agreement.funder_id}"
        in agreement_page
    )
    assert notice.agreement.title in client.get("/funding/").content.decode()


def test_a_reply_is_recorded_in_history_and_the_funder_is_told(client, contact, notice):
    client.force_login(contact)
    response = client.post(reply_url(notice), {"text": "We were not consulted."}, follow=True)
    reply = NoticeReply.objects.get()
    assert (reply.notice, reply.organisation, reply.written_by) == (
        notice,
        notice.agreement.recipient,
        contact,
    )
    assert reply.history.get().history_change_reason == "Replied"
    email = OutboundEmail.objects.get(recipient="funder@example.org")
    assert "We were not consulted." in email.body_text
    page = response.content.decode()
    assert "An email about it is on its way to funder@example.org" in page
    assert "We were not consulted." in page


def test_the_funder_and_the_compact_officer_read_the_reply(
    client, contact, notice, council, herefordshire
):
    services.reply_to_notice(notice=notice, by=contact, text="Please reconsider.")
    for reader in (council.contacts.get().user, CompactOfficerFactory(compact=herefordshire).user):
        client.force_login(reader)
        page = client.get(notice.get_absolute_url()).content.decode()
        assert "Please reconsider." in page
        assert "Reply to this notice" not in page


def test_no_email_is_claimed_when_the_funder_has_no_contacts(client, contact, notice, council):
    council.contacts.all().delete()
    client.force_login(contact)
    page = client.post(reply_url(notice), {"text": "Hello"}, follow=True).content.decode()
    assert NoticeReply.objects.exists()
    reply = NoticeReply.objects.get()
    assert not outbox.about(reply).exists()
    assert "Nobody was emailed: County Council has no contacts on the portal" in page


def test_a_double_click_sends_one_reply(client, contact, notice):
    client.force_login(contact)
    client.post(reply_url(notice), {"text": "Hello"})
    response = client.post(reply_url(notice), {"text": "Hello"})
    assert response.status_code == 400
    assert NoticeReply.objects.count() == 1


def test_a_reply_is_shown_as_typed_never_as_markup(client, contact, notice):
    services.reply_to_notice(notice=notice, by=contact, text="<script>alert(1)</script>")
    client.force_login(contact)
    page = client.get(notice.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_an_empty_reply_is_refused_clearly(client, contact, notice):
    client.force_login(contact)
    response = client.post(reply_url(notice), {"text": ""})
    assert response.status_code == 400
    assert "Enter your reply" in response.content.decode()
    assert not NoticeReply.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("stranger", 404),
        ("other_compact_officer", 404),
        ("funder", 403),
        ("compact_officer", 403),
        ("pending_contact", 403),
    ],
)
def test_who_may_not_reply(client, notice, herefordshire, hertfordshire, charity, who, status):
    if who == "pending_contact":
        # A charity whose sign-up is waiting: approval gates power.
        waiting = OrganisationFactory(name="Waiting Group")
        SignatureFactory(organisation=waiting, compact=herefordshire)
        notice.agreement.recipient = waiting
        notice.agreement.save()
        user = OrganisationContactFactory(organisation=waiting).user
    else:
        user = {
            "anonymous": None,
            "stranger": UserFactory(),
            "other_compact_officer": CompactOfficerFactory(compact=hertfordshire).user,
            "funder": notice.agreement.funder.contacts.get().user if who == "funder" else None,
            "compact_officer": CompactOfficerFactory(compact=herefordshire).user,
        }[who]
    if user is not None:
        client.force_login(user)
    for method in (client.get, client.post):
        response = method(reply_url(notice), {"text": "Hello"})
        assert response.status_code == status, (who, method)
    assert not NoticeReply.objects.exists()
    if user is not None:
        with pytest.raises(PermissionDenied):
            services.reply_to_notice(notice=notice, by=user, text="Hello")
    if status == 403:
        page = client.get(notice.get_absolute_url()).content.decode()
        assert "Reply to this notice" not in page
        assert "Raise a concern" not in page


def test_a_concern_raised_from_the_notice_names_the_compact_commitment_and_respondent(
    client, contact, notice, herefordshire, council
):
    client.force_login(contact)
    page = client.get(notice.get_absolute_url()).content.decode()
    start = page.index('href="/cases/raise/?') + len('href="')
    link = page[start : page.index('"', start)].replace("&amp;", "&")
    query = parse_qs(urlsplit(link).query)
    equality = Commitment.objects.get(compact=herefordshire, clause="FP-9")
    assert query == {
        "compact": [str(herefordshire.pk)],
        "organisation": [str(council.pk)],
        "commitment": [str(equality.pk)],
    }
    assert client.get(link).status_code == 200


def test_a_concern_about_a_notice_meeting_its_checks_names_the_notice_commitment(
    contact, notice, herefordshire
):
    notice.equality_impact_assessment = FundingNotice.Check.DONE
    notice.save()
    commitment = notice.concern_commitment()
    assert (commitment.compact, commitment.clause) == (herefordshire, "FP-5")
