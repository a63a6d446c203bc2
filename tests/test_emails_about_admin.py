"""A case, a consultation, a response and a funding notice each list, on their admin page, the
emails about them with their state (issue 20, point 6): their Compact's officers see them;
officers of another Compact and people who run none do not reach the page at all."""

from __future__ import annotations

from datetime import date

import pytest

from consultations.tests.factories import ConsultationFactory
from core import outbox
from core.emails import send
from disputes.tests.factories import CaseFactory
from funding import services as funding_services
from funding.models import FundingNotice
from funding.tests.factories import AgreementFactory
from signatories.tests.factories import OrganisationContactFactory, on_the_list

pytestmark = pytest.mark.django_db
TEMPLATE = "consultations/emails/follower_update"


def email_about(record, to, compact):
    (pk,) = send(
        TEMPLATE,
        f"About {to}",
        [to],
        {"consultation": {"title": "T"}, "event": "is now open", "link": "/x"},
        about=record,
        compact_id=compact.pk,
    )
    return pk


def case(compact):
    return CaseFactory(compact=compact)


def consultation(compact):
    return ConsultationFactory(compact=compact)


def response(compact):
    from consultations.models import Response

    return Response.objects.create(
        consultation=ConsultationFactory(compact=compact),
        reference=f"R-{compact.pk}-{Response.objects.count()}",
        channel="written",
        body="x",
        received_on=date(2026, 3, 1),
    )


def notice(compact):
    agreement = AgreementFactory(
        compact=compact, start_date=date(2026, 4, 1), end_date=date(2026, 9, 30)
    )
    on_the_list(agreement.funder, compact)
    return funding_services.issue_notice(
        agreement=agreement,
        by=OrganisationContactFactory(organisation=agreement.funder).user,
        kind=FundingNotice.Kind.END,
        issued_on=date(2026, 6, 1),
        effective_on=date(2026, 9, 30),
        reasons="The budget was cut.",
        equality_impact_assessment=FundingNotice.Check.DONE,
        impact_assessment=FundingNotice.Check.DONE,
        improvement_plan=FundingNotice.Check.NOT_RELEVANT,
    )


@pytest.mark.parametrize(
    "make, url",
    [
        (case, "/admin/disputes/case/{}/change/"),
        (consultation, "/admin/consultations/consultation/{}/change/"),
        (response, "/admin/consultations/response/{}/change/"),
        (notice, "/admin/funding/fundingnotice/{}/change/"),
    ],
    ids=["case", "consultation", "response", "notice"],
)
def test_a_records_admin_page_lists_the_emails_about_it_to_its_officers_only(
    client, roles, herefordshire, make, url
):
    record, other = make(herefordshire), make(herefordshire)
    sent = email_about(record, "told@example.org", herefordshire)
    email_about(record, "waiting@example.org", herefordshire)
    email_about(other, "about-another@example.org", herefordshire)
    outbox.deliver([sent])
    page_url = url.format(record.pk)

    client.force_login(roles["compact_officer"])
    page = client.get(page_url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Emails about this" in html
    assert "told@example.org" in html and "Sent" in html
    assert "waiting@example.org" in html and "Queued" in html
    assert "about-another@example.org" not in html  # only the emails about this record

    for role in ("other_compact_officer", "contact"):
        client.force_login(roles[role])
        refused = client.get(page_url)
        assert refused.status_code in (302, 403, 404), (role, refused.status_code)
        assert "told@example.org" not in refused.content.decode()


def test_the_list_of_emails_does_not_stop_an_officer_saving_the_consultation(client, herefordshire):
    """The inline is read-only: the form a browser sends back with it still saves."""
    import re

    from signatories.tests.factories import CompactOfficerFactory, OrganisationFactory

    council = on_the_list(OrganisationFactory(public=True), herefordshire)
    record = ConsultationFactory(compact=herefordshire, lead_body=council, title="Library")
    ids = [email_about(record, f"{n}@example.org", herefordshire) for n in ("one", "two")]
    client.force_login(CompactOfficerFactory(compact=herefordshire).user)
    url = f"/admin/consultations/consultation/{record.pk}/change/"
    page = client.get(url)
    form = page.context["adminform"].form
    data = {
        name: ("on" if value is True else value)
        for name, value in (
            (name, form[name].value()) for name in form.fields if form[name].value() is not None
        )
        if value is not False
    }
    prefix = "core-outboundemail-content_type-object_id"
    html = page.content.decode()
    assert re.search(rf'name="{prefix}-INITIAL_FORMS" value="2"', html)
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": "2",
            f"{prefix}-INITIAL_FORMS": "2",
            f"{prefix}-0-id": str(ids[1]),
            f"{prefix}-1-id": str(ids[0]),
            "title": "Library hours",
            "_save": "Save",
        }
    )
    for name in ("opens_on", "closes_on"):
        data[name] = f"{getattr(record, name):%Y-%m-%d}"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    record.refresh_from_db()
    assert record.title == "Library hours"
    from core.models import OutboundEmail

    assert OutboundEmail.objects.filter(pk__in=ids).count() == 2
