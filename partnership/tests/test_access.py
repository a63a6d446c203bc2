"""Who may record a project, decide it, answer a survey and see its results."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from partnership import access, services
from partnership.models import CollaborativeProject, Survey
from signatories.models import Signature
from signatories.tests.factories import (
    CompactOfficerFactory,
    OrganisationContactFactory,
    OrganisationFactory,
    ReferenceGroupMemberFactory,
    SignatureFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(herefordshire):
    return Survey.objects.create(
        compact=herefordshire,
        title="Partnership survey",
        questions=["How well do we work together?"],
        opens_on=date(2026, 1, 1),
        closes_on=date(2026, 12, 31),
    )


@pytest.fixture
def signatory(herefordshire):
    """The contact of an organisation on Herefordshire's published list."""
    link = OrganisationContactFactory()
    SignatureFactory(organisation=link.organisation, compact=herefordshire, approved=True)
    return link


def test_a_contact_may_record_projects_and_others_may_not(signatory, herefordshire):
    officer = CompactOfficerFactory(compact=herefordshire).user
    assert access.may_record_projects(signatory.user)
    assert not access.may_record_projects(officer)
    assert not access.may_record_projects(AnonymousUser())


def test_a_project_names_the_recorders_own_organisation(signatory):
    others = [OrganisationFactory(), OrganisationFactory(public=True)]
    assert access.may_record_project_with(signatory.user, [signatory.organisation, *others])
    assert not access.may_record_project_with(signatory.user, others)


def test_an_officer_of_the_compact_decides_a_project(herefordshire, hertfordshire, signatory):
    project = CollaborativeProject.objects.create(
        compact=herefordshire, title="Food hub", description="-", started_on=date(2026, 1, 1)
    )
    assert access.may_decide(CompactOfficerFactory(compact=herefordshire).user, project)
    assert not access.may_decide(CompactOfficerFactory(compact=hertfordshire).user, project)
    assert not access.may_decide(signatory.user, project)


def test_a_signatory_answers_for_their_organisation(signatory, survey):
    assert access.may_answer(signatory.user, survey, signatory.organisation)
    assert list(access.organisations_answering(signatory.user, survey)) == [signatory.organisation]


def test_a_contact_of_another_organisation_does_not_answer_for_it(signatory, survey):
    stranger = OrganisationContactFactory().user
    assert not access.may_answer(stranger, survey, signatory.organisation)


def test_an_organisation_off_the_published_list_does_not_answer(survey, herefordshire):
    rejected = OrganisationContactFactory()
    SignatureFactory(
        organisation=rejected.organisation, compact=herefordshire, state=Signature.State.REJECTED
    )
    assert not access.may_answer(rejected.user, survey, rejected.organisation)


def test_the_survey_service_refuses_an_organisation_off_the_published_list(survey, herefordshire):
    pending = OrganisationContactFactory()
    SignatureFactory(organisation=pending.organisation, compact=herefordshire)
    with pytest.raises(PermissionDenied):
        services.answer_survey(
            survey=survey,
            by=pending.user,
            organisation=pending.organisation,
            ratings={"How well do we work together?": 4},
            today=date(2026, 6, 1),
        )


def test_the_survey_page_refuses_a_rejected_sign_up(client, survey, herefordshire):
    rejected = OrganisationContactFactory()
    SignatureFactory(
        organisation=rejected.organisation, compact=herefordshire, state=Signature.State.REJECTED
    )
    client.force_login(rejected.user)
    assert client.get(f"/surveys/{survey.pk}/").status_code == 403


def test_officers_and_the_reference_group_see_results(herefordshire, hertfordshire, signatory):
    # Results are shown on the Compact's dashboard, whose viewers decide who sees them.
    from dashboard.access import can_view as may_see_results

    assert may_see_results(CompactOfficerFactory(compact=herefordshire).user, herefordshire)
    member = ReferenceGroupMemberFactory(compact=herefordshire).user
    assert may_see_results(member, herefordshire)
    assert not may_see_results(member, hertfordshire)
    assert not may_see_results(CompactOfficerFactory(compact=hertfordshire).user, herefordshire)
    assert not may_see_results(signatory.user, herefordshire)
    assert not may_see_results(AnonymousUser(), herefordshire)


def test_partners_are_chosen_from_the_published_lists_of_the_contacts_compacts(
    signatory, herefordshire, hertfordshire
):
    listed = SignatureFactory(compact=herefordshire, approved=True).organisation
    waiting = SignatureFactory(compact=herefordshire).organisation
    elsewhere = SignatureFactory(compact=hertfordshire, approved=True).organisation
    choices = set(access.partner_choices(signatory.user))
    assert listed in choices and signatory.organisation in choices
    assert waiting not in choices and elsewhere not in choices
