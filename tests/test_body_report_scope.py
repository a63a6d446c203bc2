"""A public body's compliance report sits on one Compact's dashboard: it is about what the body
did in that Compact, for a body on that Compact's published list. Another Compact's reference
group and officers do not read the body's agreements and notices elsewhere through it, and a body
whose sign-up was never approved has no report (issue 19: only approved signatures count)."""

from datetime import date

import pytest
import time_machine

from consultations.tests.factories import ConsultationFactory
from funding.models import FundingNotice
from funding.tests.factories import AgreementFactory
from signatories.tests.factories import (
    CompactOfficerFactory,
    OrganisationFactory,
    ReferenceGroupMemberFactory,
    SignatureFactory,
)

pytestmark = pytest.mark.django_db
FY = "fy=2026"


def _notice(agreement):
    return FundingNotice.objects.create(
        agreement=agreement,
        kind="end",
        issued_on=date(2026, 6, 1),
        effective_on=date(2026, 12, 1),
        in_writing=True,
        reasons="x",
        equality_impact_assessment="done",
        impact_assessment="done",
        improvement_plan="done",
    )


@pytest.fixture
def constabulary(herefordshire, hertfordshire):
    """A body on both Compacts' lists, with an agreement, a notice and a consultation in each."""
    body = OrganisationFactory(public=True, name="Two Counties Constabulary")
    for compact in (herefordshire, hertfordshire):
        SignatureFactory(organisation=body, compact=compact, approved=True)
        recipient = OrganisationFactory(name=f"{compact.name} charity")
        SignatureFactory(organisation=recipient, compact=compact, approved=True)
        agreement = AgreementFactory(
            compact=compact,
            funder=body,
            recipient=recipient,
            title=f"Secret grant in {compact.name}",
            start_date=date(2026, 5, 1),
        )
        _notice(agreement)
        ConsultationFactory(
            compact=compact,
            lead_body=body,
            title=f"Consultation in {compact.name}",
            opens_on=date(2026, 4, 6),
            closes_on=date(2026, 6, 29),
        )
    return body


@time_machine.travel(date(2026, 11, 23))
@pytest.mark.parametrize("viewer", ["officer", "reference"])
def test_a_body_report_shows_only_what_the_body_did_in_that_compact(
    client, herefordshire, hertfordshire, constabulary, viewer
):
    if viewer == "officer":
        user = CompactOfficerFactory(compact=herefordshire).user
    else:
        user = ReferenceGroupMemberFactory(compact=herefordshire).user
    client.force_login(user)
    url = f"/dashboard/herefordshire/bodies/{constabulary.pk}/?{FY}"
    page = client.get(url).content.decode()
    assert "Secret grant in Herefordshire Compact" in page
    assert "Consultation in Herefordshire Compact" in page
    assert "Hertfordshire" not in page.split("<main", 1)[1]  # nothing from the other Compact
    export = client.get(url + "&format=csv").content.decode()
    assert "Secret grant in Herefordshire Compact" in export and "Hertfordshire" not in export


@time_machine.travel(date(2026, 11, 23))
def test_a_body_not_on_the_compacts_list_has_no_report_there(client, herefordshire, hertfordshire):
    elsewhere = OrganisationFactory(public=True, name="Elsewhere Council")
    SignatureFactory(organisation=elsewhere, compact=hertfordshire, approved=True)
    AgreementFactory(compact=hertfordshire, funder=elsewhere, title="Their grant")
    waiting = OrganisationFactory(public=True, name="Waiting Council")
    SignatureFactory(organisation=waiting, compact=herefordshire)  # pending, never approved
    client.force_login(ReferenceGroupMemberFactory(compact=herefordshire).user)
    for body in (elsewhere, waiting):
        for suffix in ("", "&format=csv"):
            response = client.get(f"/dashboard/herefordshire/bodies/{body.pk}/?{FY}{suffix}")
            assert response.status_code == 404
