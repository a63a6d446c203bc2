"""The officers' case pages in the admin: labels, never codes, and only their own cases."""

from datetime import date

import pytest

from disputes import services
from disputes.tests.factories import CaseFactory
from signatories.tests.factories import (
    CompactOfficerFactory,
    OrganisationFactory,
    ReferenceGroupMemberFactory,
)

pytestmark = pytest.mark.django_db


def test_the_case_list_shows_stages_in_words(client, compacts):
    chelmsford = compacts["chelmsford"]
    CaseFactory(compact=chelmsford, stage="steering_group")
    client.force_login(CompactOfficerFactory(compact=chelmsford).user)
    html = client.get("/admin/disputes/case/").content.decode()
    assert '<td class="field-stage">Steering group told</td>' in html
    assert ">steering_group<" not in html


def test_the_stage_filter_names_each_stage_in_words(client, compacts):
    client.force_login(CompactOfficerFactory(compact=compacts["chelmsford"]).user)
    html = client.get("/admin/disputes/case/").content.decode()
    assert "Steering group told</a>" in html and "Mediation</a>" in html


def test_the_case_page_shows_the_stage_and_the_writers_in_words(client, herefordshire):
    case = CaseFactory(compact=herefordshire, stage="formal")
    officer = CompactOfficerFactory(compact=herefordshire).user
    services.send_message(case, by=officer, to="respondent", body="Please reply")
    client.force_login(officer)
    html = client.get(f"/admin/disputes/case/{case.pk}/change/").content.decode()
    assert "Formal (panel)" in html and "A Compact officer" in html
    assert "The other organisation" in html


def test_the_officer_reads_the_panel_and_its_meetings_on_the_case_page(client, herefordshire):
    case = CaseFactory(compact=herefordshire)
    officer = CompactOfficerFactory(compact=herefordshire).user
    members = [
        ReferenceGroupMemberFactory(
            compact=herefordshire, organisation=OrganisationFactory(public=True), name="Ann Panel"
        ),
        ReferenceGroupMemberFactory(compact=herefordshire, organisation=OrganisationFactory()),
        ReferenceGroupMemberFactory(
            compact=herefordshire, organisation=OrganisationFactory(private=True)
        ),
    ]
    services.propose_panel(case, by=officer, members=members)
    services.record_meeting(
        case, by=officer, held_on=date(2026, 1, 20), attendees="All", notes="Both sides heard"
    )
    client.force_login(officer)
    html = client.get(f"/admin/disputes/case/{case.pk}/change/").content.decode()
    assert "Ann Panel" in html and "Both sides heard" in html
