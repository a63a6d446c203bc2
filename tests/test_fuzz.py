"""Hostile and random input to public forms and JSON endpoints: never a 500, never half-saved."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

HOSTILE = st.one_of(
    st.text(max_size=50),
    st.text(
        alphabet=st.characters(min_codepoint=0, max_codepoint=0x1F), max_size=20
    ),  # control characters
    st.just("<script>alert('x')</script>"),
    st.just("A" * 30000),
    st.just("2026-02-30"),
    st.just("99999999999999999999999"),
    st.just("-1"),
    st.just("'; DROP TABLE signatories_organisation; --"),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
)
FUZZ = settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def clean_text(value: str) -> str:
    # The test client cannot put a NUL byte in a form; real browsers cannot either.
    return value.replace("\x00", "")


@FUZZ
@given(
    data=st.dictionaries(
        st.sampled_from(["q", "compact", "sector", "type", "area", "sort", "page"]),
        HOSTILE,
        max_size=5,
    )
)
def test_the_published_list_and_exports_never_fail(client, compacts, data):
    query = {k: clean_text(v) for k, v in data.items()}
    for url in ("/signatories/", "/signatories.csv", "/signatories.json", "/consultations/"):
        response = client.get(url, query)
        assert response.status_code in {200, 400}, (url, query)


@FUZZ
@given(
    data=st.dictionaries(
        st.sampled_from(
            ["compact", "from", "to", "fy", "q", "issued", "start", "end", "opens", "closes"]
        ),
        HOSTILE,
        max_size=5,
    )
)
def test_json_endpoints_answer_400_with_a_reason_never_500(client, compacts, data):
    from signatories.tests.factories import CompactOfficerFactory

    client.force_login(CompactOfficerFactory(compact=compacts["herefordshire"]).user)
    query = {k: clean_text(v) for k, v in data.items()}
    for url in ("/dashboard/metrics.json", "/funding/check.json", "/consultations/check.json"):
        response = client.get(url, {"compact": "herefordshire", **query})
        assert response.status_code in {200, 400}, (url, query)
        if response.status_code == 400:
            assert response.json()["error"]


@FUZZ
@given(
    data=st.fixed_dictionaries(
        {"full_name": HOSTILE, "email": HOSTILE, "password1": HOSTILE, "password2": HOSTILE}
    )
)
def test_registration_with_hostile_values(client, data):
    from accounts.models import User

    before = User.objects.count()
    response = client.post("/account/register/", {k: clean_text(v) for k, v in data.items()})
    assert response.status_code in {200, 429}
    assert User.objects.count() - before in {0, 1}


@FUZZ
@given(
    data=st.fixed_dictionaries(
        {
            "respondent_type": st.one_of(
                HOSTILE, st.sampled_from(["anonymous", "individual", "organisation"])
            ),
            "name": HOSTILE,
            "email": HOSTILE,
            "represents": HOSTILE,
            "body": HOSTILE,
            "token": HOSTILE,
            "answer_0": HOSTILE,
        }
    )
)
def test_responding_with_hostile_values(client, compacts, data):
    from django.core.cache import cache
    from django.utils import timezone

    from consultations.models import Response
    from consultations.tests.factories import ConsultationFactory

    cache.clear()
    today = timezone.localdate()
    consultation = ConsultationFactory(
        compact=compacts["herefordshire"],
        opens_on=today,
        closes_on=today.replace(year=today.year + 1),
    )
    response = client.post(
        f"/consultations/{consultation.pk}/respond/", {k: clean_text(v) for k, v in data.items()}
    )
    assert response.status_code in {302, 400}
    saved = Response.objects.filter(consultation=consultation)
    assert saved.count() == (1 if response.status_code == 302 else 0)


@FUZZ
@given(
    data=st.fixed_dictionaries(
        {
            "name": HOSTILE,
            "sector": HOSTILE,
            "organisation_type": HOSTILE,
            "postcode": HOSTILE,
            "website": HOSTILE,
            "area": HOSTILE,
            "charity_number": HOSTILE,
            "company_number": HOSTILE,
            "other_id_scheme": HOSTILE,
            "other_id": HOSTILE,
        }
    )
)
def test_organisation_details_with_hostile_values(client, data):
    from signatories.models import Organisation
    from signatories.tests.factories import UserFactory

    client.force_login(UserFactory())
    before = Organisation.objects.count()
    response = client.post(
        "/sign-up/organisation/details/", {k: clean_text(v) for k, v in data.items()}
    )
    assert response.status_code in {200, 302}
    assert Organisation.objects.count() == before  # nothing is saved before "check your answers"


@FUZZ
@given(
    data=st.fixed_dictionaries(
        {
            "title": HOSTILE,
            "amount": HOSTILE,
            "start_date_0": HOSTILE,
            "start_date_1": HOSTILE,
            "start_date_2": HOSTILE,
            "end_date_0": HOSTILE,
            "end_date_1": HOSTILE,
            "end_date_2": HOSTILE,
            "kind": HOSTILE,
            "purpose": HOSTILE,
        }
    )
)
def test_agreements_with_hostile_values(client, compacts, data):
    from funding.models import FundingAgreement
    from signatories.tests.factories import (
        OrganisationContactFactory,
        OrganisationFactory,
        on_the_list,
    )

    council = on_the_list(OrganisationFactory(public=True), compacts["herefordshire"])
    officer = OrganisationContactFactory(organisation=council).user
    client.force_login(officer)
    response = client.post("/funding/new/", {k: clean_text(v) for k, v in data.items()})
    assert response.status_code in {200, 400}
    assert not FundingAgreement.objects.exists()


@pytest.mark.parametrize(
    "url, status",
    [
        ("/consultations/?compact=%00", 400),
        ("/consultations/feed.atom?compact=%00", 404),
        ("/consultations/calendar.ics?compact=%00", 400),
        ("/consultations/check.json?compact=%00&opens=2026-01-05", 400),
        ("/funding/check.json?compact=%00&issued=2026-01-05", 400),
        ("/dashboard/metrics.json?compact=%00", 400),
        ("/signatories/?compact=%00", 400),
    ],
)
def test_a_nul_in_a_compact_parameter_is_refused_not_a_server_error(client, compacts, url, status):
    """PostgreSQL refuses text with NUL in it: looking a Compact up with one used to answer 500."""
    assert client.get(url).status_code == status
