"""The reference group records projects from its dashboard; public-body officers see their
Compact's dashboard; survey invitations reach the signatories and the results are published;
every figure shows its count and its share."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from core.models import OutboundEmail
from partnership import services
from partnership.models import CollaborativeProject, Survey
from signatories.tests.factories import (
    CompactOfficerFactory,
    OrganisationContactFactory,
    OrganisationFactory,
    ReferenceGroupMemberFactory,
    SignatureFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 10)


@pytest.fixture
def listed(herefordshire):
    """A council and a charity on Herefordshire's published list."""
    council = OrganisationFactory(public=True, name="Herefordshire Council")
    charity = OrganisationFactory(name="Ledbury Larder")
    for organisation in (council, charity):
        SignatureFactory(organisation=organisation, compact=herefordshire, approved=True)
    return council, charity


def _project(client, compact, partners):
    return client.post(
        reverse("partnership:project_new"),
        {
            "compact": compact.pk,
            "title": "Warm spaces",
            "description": "Libraries and charities open warm rooms.",
            "partners": [p.pk for p in partners],
            "started_on_0": "1",
            "started_on_1": "10",
            "started_on_2": "2026",
        },
    )


def test_a_reference_group_member_records_a_project_from_the_dashboard(
    client, herefordshire, listed
):
    member = ReferenceGroupMemberFactory(compact=herefordshire)
    client.force_login(member.user)
    dashboard = client.get(reverse("dashboard:compact", args=[herefordshire.slug]))
    assert reverse("partnership:project_new") in dashboard.content.decode()
    assert client.get(reverse("partnership:project_new")).status_code == 200
    response = _project(client, herefordshire, listed)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert CollaborativeProject.objects.get().submitted_by == member.user


def test_a_compact_officer_records_a_project_in_their_compact(client, herefordshire, listed):
    client.force_login(CompactOfficerFactory(compact=herefordshire).user)
    assert _project(client, herefordshire, listed).status_code == 302


def test_a_reference_group_member_cannot_record_for_another_compact(
    client, herefordshire, hertfordshire, listed
):
    client.force_login(ReferenceGroupMemberFactory(compact=herefordshire).user)
    response = _project(client, hertfordshire, listed)
    assert response.status_code == 400
    assert not CollaborativeProject.objects.exists()


def test_someone_with_no_role_may_not_record_a_project(client, compacts):
    client.force_login(UserFactory())
    assert client.get(reverse("partnership:project_new")).status_code == 403


def test_a_public_body_officer_sees_their_compacts_dashboard_only(
    client, herefordshire, hertfordshire, listed
):
    council, charity = listed
    client.force_login(OrganisationContactFactory(organisation=council).user)
    assert client.get(reverse("dashboard:compact", args=[herefordshire.slug])).status_code == 200
    assert client.get(reverse("dashboard:compact", args=[hertfordshire.slug])).status_code == 403


def test_a_charity_contact_still_does_not_see_the_private_dashboard(client, herefordshire, listed):
    council, charity = listed
    client.force_login(OrganisationContactFactory(organisation=charity).user)
    assert client.get(reverse("dashboard:compact", args=[herefordshire.slug])).status_code == 403


@pytest.fixture
def survey(herefordshire):
    return Survey.objects.create(
        compact=herefordshire,
        title="Partnership survey 2026",
        questions=["How well do the sectors work together?"],
        opens_on=date(2026, 11, 1),
        closes_on=date(2026, 12, 31),
    )


def test_survey_invitations_go_to_every_signatorys_contacts_once(
    herefordshire, listed, survey, django_capture_on_commit_callbacks
):
    council, charity = listed
    OrganisationContactFactory(organisation=council, user__email="council@example.org")
    OrganisationContactFactory(organisation=charity, user__email="larder@example.org")
    outsider = OrganisationContactFactory(user__email="outsider@example.org")  # not on the list
    officer = CompactOfficerFactory(compact=herefordshire).user
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.invite_to_survey(survey=survey, by=officer)
    assert sent == 2
    rows = OutboundEmail.objects.filter(recipient__in=["council@example.org", "larder@example.org"])
    assert rows.count() == 2
    assert reverse("partnership:survey_answer", args=[survey.pk]) in rows.first().body_text
    assert not OutboundEmail.objects.filter(recipient=outsider.user.email).exists()
    assert services.invite_to_survey(survey=survey, by=officer) == 0  # not twice


def test_only_an_officer_of_the_compact_sends_invitations(herefordshire, hertfordshire, survey):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.invite_to_survey(
            survey=survey, by=CompactOfficerFactory(compact=hertfordshire).user
        )


def test_a_contacts_home_links_the_open_survey(client, herefordshire, listed, survey):
    council, charity = listed
    client.force_login(OrganisationContactFactory(organisation=charity).user)
    with time_machine.travel(TODAY, tick=False):
        page = client.get("/").content.decode()
    assert reverse("partnership:survey_answer", args=[survey.pk]) in page


@time_machine.travel(TODAY, tick=False)
def test_survey_results_are_on_the_public_summary_with_shares(
    client, herefordshire, listed, survey
):
    council, charity = listed
    for organisation, rating in ((council, 4), (charity, 5)):
        contact = OrganisationContactFactory(organisation=organisation).user
        services.answer_survey(
            survey=survey,
            by=contact,
            organisation=organisation,
            ratings={"How well do the sectors work together?": rating},
        )
    page = client.get(reverse("dashboard:public", args=[herefordshire.slug])).content.decode()
    assert "Partnership survey 2026" in page
    assert "How well do the sectors work together?" in page
    assert "1 (50%)" in page
    assert "Ledbury Larder" not in page  # numbers only


@time_machine.travel(TODAY, tick=False)
def test_each_figure_shows_its_count_and_its_share(client, herefordshire, listed):
    page = client.get(reverse("dashboard:public", args=[herefordshire.slug])).content.decode()
    # two signatories, one public and one voluntary: each half of the list
    assert "1 (50%)" in page
    assert "Share" in page


def test_cases_resolved_show_their_share_of_cases_closed(client, herefordshire):
    from disputes.models import Case
    from disputes.tests.factories import CaseFactory

    with time_machine.travel(TODAY, tick=False):
        for state in (Case.State.RESOLVED, Case.State.WITHDRAWN):
            CaseFactory(compact=herefordshire, state=state, closed_on=date(2026, 10, 1))
        page = client.get(reverse("dashboard:public", args=[herefordshire.slug])).content.decode()
    assert "1 (50%)" in page[page.index("Resolved (share of cases closed)") :][:300]
