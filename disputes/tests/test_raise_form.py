"""Raising a concern fits the Compact: first the Compact, then its organisations and commitments;
a link (from a funding notice, say) may fill in the Compact, the organisation and the commitment."""

import re

import pytest

from signatories.tests.factories import (
    OrganisationContactFactory,
    OrganisationFactory,
    SignatureFactory,
    on_the_list,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(client, herefordshire, hertfordshire):
    contact = OrganisationContactFactory(organisation__name="Kington Larder")
    on_the_list(contact.organisation, herefordshire)
    client.force_login(contact.user)
    return {
        "here": on_the_list(
            OrganisationFactory(public=True, name="Herefordshire Council"), herefordshire
        ),
        "there": on_the_list(
            OrganisationFactory(public=True, name="Hertfordshire Council"), hertfordshire
        ),
        "pending": SignatureFactory(
            organisation=OrganisationFactory(public=True, name="Pending Council"),
            compact=herefordshire,
        ).organisation,
        "contact": contact,
    }


def options(page: str, name: str) -> dict[str, str]:
    """The options of a select: value -> label ("selected" marks the chosen one)."""
    select = re.search(rf'<select name="{name}".*?</select>', page, re.S).group(0)
    return {
        value: label + (" selected" if "selected" in attrs else "")
        for value, attrs, label in re.findall(r'<option value="([^"]*)"([^>]*)>([^<]*)<', select)
    }


def test_the_compact_is_asked_first(client, world):
    page = client.get("/cases/raise/").content.decode()
    assert "Which Compact is it about?" in page and 'value="herefordshire"' in page
    assert 'name="respondent"' not in page


@pytest.mark.parametrize("by", ["slug", "id"])
def test_after_the_compact_only_its_signatories_and_commitments_are_offered(
    client, world, herefordshire, hertfordshire, by
):
    value = herefordshire.slug if by == "slug" else herefordshire.pk
    page = client.get(f"/cases/raise/?compact={value}").content.decode()
    organisations = options(page, "respondent")
    assert "Herefordshire Council" in organisations.values()
    assert not {"Hertfordshire Council", "Pending Council"} & set(organisations.values())
    commitments = options(page, "commitment")
    ours = {str(pk) for pk in herefordshire.commitments.values_list("pk", flat=True)}
    assert set(commitments) - {""} == ours
    assert not set(commitments) & {str(c.pk) for c in hertfordshire.commitments.all()}


def test_the_organisation_question_is_an_accessible_autocomplete_over_a_plain_select(client, world):
    page = client.get("/cases/raise/?compact=herefordshire").content.decode()
    assert re.search(r'<select name="respondent"[^>]*data-module="autocomplete"', page)
    assert "vendor/accessible-autocomplete/accessible-autocomplete.min.js" in page
    assert "vendor/accessible-autocomplete/accessible-autocomplete.min.css" in page


def test_a_link_fills_in_the_organisation_and_commitment(client, world, herefordshire):
    commitment = herefordshire.commitments.get(clause="FP-5")
    page = client.get(
        f"/cases/raise/?compact=herefordshire&organisation={world['here'].pk}"
        f"&commitment={commitment.pk}"
    ).content.decode()
    assert options(page, "respondent")[str(world["here"].pk)].endswith("selected")
    assert options(page, "commitment")[str(commitment.pk)].endswith("selected")
    assert options(page, "complainant")[str(world["contact"].organisation.pk)].endswith("selected")


def test_a_link_naming_another_compacts_organisation_or_commitment_fills_in_nothing(
    client, world, hertfordshire
):
    theirs = hertfordshire.commitments.first()
    response = client.get(
        f"/cases/raise/?compact=herefordshire&organisation={world['there'].pk}"
        f"&commitment={theirs.pk}"
    )
    page = response.content.decode()
    assert response.status_code == 200
    for name in ("respondent", "commitment"):
        chosen = [
            value for value, label in options(page, name).items() if label.endswith("selected")
        ]
        assert chosen in ([], [""]), (name, chosen)


def test_a_link_naming_no_such_compact_asks_for_the_compact(client, world):
    response = client.get("/cases/raise/?compact=atlantis")
    assert response.status_code == 400 and "Which Compact is it about?" in response.content.decode()


def test_a_commitment_of_another_compact_is_refused_on_submit(client, world, hertfordshire):
    response = client.post(
        "/cases/raise/",
        {
            "compact": world["here"].signatures.get().compact.pk,
            "respondent": world["here"].pk,
            "commitment": hertfordshire.commitments.first().pk,
        },
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
