"""A reference-group member who is deactivated loses the panels they sat on at once."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.models import OutboundEmail
from disputes import access, services
from disputes.tests.factories import CaseFactory
from signatories.tests.factories import (
    CompactOfficerFactory,
    OrganisationContactFactory,
    OrganisationFactory,
    ReferenceGroupMemberFactory,
)

pytestmark = pytest.mark.django_db
SECRET_NOTE = "Panel thinks the council erred"


@pytest.fixture
def case(herefordshire, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = CaseFactory(compact=herefordshire)
    officer = CompactOfficerFactory(compact=herefordshire).user
    members = [
        ReferenceGroupMemberFactory(
            compact=herefordshire, organisation=OrganisationFactory(public=True)
        ),
        ReferenceGroupMemberFactory(compact=herefordshire, organisation=OrganisationFactory()),
        ReferenceGroupMemberFactory(
            compact=herefordshire, organisation=OrganisationFactory(private=True)
        ),
    ]
    services.propose_panel(case, by=officer, members=members)
    for seat in case.panel.all():  # a member sees the case once they have confirmed
        services.confirm_no_conflict(seat, by=seat.member.user)
    services.record_meeting(
        case, by=officer, held_on=date(2026, 1, 20), attendees="All", notes=SECRET_NOTE
    )
    letter = SimpleUploadedFile("letter.pdf", b"%PDF-1.4 letter", content_type="application/pdf")
    case.letter = services.send_message(
        case, by=officer, to="complainant", body="Our letter", attachment=letter
    )
    case.member = members[0]
    return case


def test_a_member_on_the_panel_opens_the_case_and_its_attachments(client, case):
    client.force_login(case.member.user)
    page = client.get(case.get_absolute_url())
    assert page.status_code == 200 and SECRET_NOTE in page.content.decode()
    attachment = f"{case.get_absolute_url()}attachments/{case.letter.pk}/"
    assert client.get(attachment).status_code == 200


def test_a_deactivated_member_no_longer_opens_the_case_or_its_attachments(client, case):
    case.member.active = False
    case.member.save()
    client.force_login(case.member.user)
    page = client.get(case.get_absolute_url())
    assert page.status_code == 404 and SECRET_NOTE not in page.content.decode()
    attachment = f"{case.get_absolute_url()}attachments/{case.letter.pk}/"
    assert client.get(attachment).status_code == 404
    assert client.post(case.get_absolute_url() + "messages/", {"body": "Hi"}).status_code == 404


def test_a_deactivated_member_no_longer_sees_the_case_in_their_list(client, case):
    case.member.active = False
    case.member.save()
    assert case not in access.visible_to(case.member.user)
    client.force_login(case.member.user)
    assert case.reference not in client.get("/cases/").content.decode()


def test_a_deactivated_member_is_not_emailed_the_cases_letters(
    case, django_capture_on_commit_callbacks
):
    case.member.active = False
    case.member.save()
    writer = OrganisationContactFactory(organisation=case.complainant).user
    OutboundEmail.objects.all().delete()  # the panel's invitations, sent while it was active
    with django_capture_on_commit_callbacks(execute=True):
        services.send_message(case, by=writer, to="officers", body="To the officers and panel")
    recipients = set(OutboundEmail.objects.values_list("recipient", flat=True))
    assert recipients and case.member.user.email not in recipients
