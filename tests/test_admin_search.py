"""The admin's search asks fields across a foreign key as a subquery on the related ids
(CompactScopedAdmin.get_search_results): it finds what Django's own search found, every word
must match, and an officer still sees only their own Compacts' rows."""

from __future__ import annotations

import pytest

from funding.tests.factories import AgreementFactory
from signatories.tests.factories import (
    CompactOfficerFactory,
    OrganisationFactory,
    SignatureFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def listed(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_searches_across_a_relation_find_by_the_related_name(client, herefordshire, hertfordshire):
    ours = OrganisationFactory(name="Ledbury Larder Trust")
    other = OrganisationFactory(name="Bromyard Youth Club")
    elsewhere = OrganisationFactory(name="Watford Larder Trust")
    SignatureFactory(organisation=ours, compact=herefordshire)
    SignatureFactory(organisation=other, compact=herefordshire)
    SignatureFactory(organisation=elsewhere, compact=hertfordshire)
    client.force_login(CompactOfficerFactory(compact=herefordshire).user)

    page = listed(client, "/admin/signatories/signature/?q=larder")
    assert "Ledbury Larder Trust" in page
    assert "Bromyard Youth Club" not in page
    assert "Watford Larder Trust" not in page  # another Compact's, even when it matches

    page = listed(client, "/admin/signatories/signature/?q=larder+ledbury")  # every word
    assert "Ledbury Larder Trust" in page
    page = listed(client, "/admin/signatories/signature/?q=larder+bromyard")
    assert "Ledbury Larder Trust" not in page and "Bromyard Youth Club" not in page


def test_an_agreement_is_found_by_its_title_funder_or_recipient(client, herefordshire):
    council = OrganisationFactory(public=True, name="Herefordshire Council")
    charity = OrganisationFactory(name="Kington Food Bank")
    AgreementFactory(compact=herefordshire, funder=council, recipient=charity, title="Meals")
    AgreementFactory(compact=herefordshire, title="Riverside Play Scheme")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    for term in ("kington", "meals", "herefordshire+council"):
        page = listed(client, f"/admin/funding/fundingagreement/?q={term}")
        assert "Meals" in page, term
        assert "Riverside Play Scheme" not in page, term
    page = listed(client, "/admin/funding/fundingagreement/?q=riverside")
    assert "Riverside Play Scheme" in page and "Meals" not in page
