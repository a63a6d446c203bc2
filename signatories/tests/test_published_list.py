"""The published list, its filters, and the CSV and JSON exports with the same filters."""

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from signatories.models import Signature
from signatories.tests.factories import OrganisationFactory, SignatureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed(herefordshire, hertfordshire):
    council = OrganisationFactory(public=True, name="Herefordshire Council", area="Herefordshire")
    larder = OrganisationFactory(
        name="Ledbury Community Larder",
        area="Ledbury",
        organisation_type="community_group",
        charity_number="",
    )
    builder = OrganisationFactory(private=True, name="Watford Builders Ltd", area="Watford")
    return {
        "council": SignatureFactory(organisation=council, compact=herefordshire, approved=True),
        "larder": SignatureFactory(organisation=larder, compact=herefordshire, approved=True),
        "builder": SignatureFactory(organisation=builder, compact=hertfordshire, approved=True),
        "pending": SignatureFactory(
            organisation=OrganisationFactory(name="Pending Trust"), compact=herefordshire
        ),
    }


def names(response):
    page = response.content.decode()
    return {
        n
        for n in [
            "Herefordshire Council",
            "Ledbury Community Larder",
            "Watford Builders Ltd",
            "Pending Trust",
        ]
        if n in page
    }


def test_only_published_signatures_are_listed(client, listed):
    assert names(client.get("/signatories/")) == {
        "Herefordshire Council",
        "Ledbury Community Larder",
        "Watford Builders Ltd",
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=larder", {"Ledbury Community Larder"}),
        ("compact=hertfordshire", {"Watford Builders Ltd"}),
        ("sector=public", {"Herefordshire Council"}),
        ("type=community_group", {"Ledbury Community Larder"}),
        ("area=watford", {"Watford Builders Ltd"}),
        ("compact=herefordshire&sector=voluntary_community", {"Ledbury Community Larder"}),
    ],
)
def test_filters(client, listed, query, expected):
    assert names(client.get(f"/signatories/?{query}")) == expected


def test_sorting_by_signing_date(client, listed):
    from datetime import date

    Signature.objects.filter(pk=listed["builder"].pk).update(signed_on=date(2020, 1, 1))
    page = client.get("/signatories/?sort=signed").content.decode()
    assert page.index("Watford Builders Ltd") < page.index("Herefordshire Council")
    page = client.get("/signatories/?sort=-signed").content.decode()
    assert page.index("Watford Builders Ltd") > page.index("Herefordshire Council")


def test_a_bad_filter_on_the_page_shows_the_error_summary(client, listed):
    response = client.get("/signatories/?sector=martian")
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()


def test_an_empty_result_says_so_helpfully(client, listed):
    assert (
        "No organisations match these filters" in client.get("/signatories/?q=zzz").content.decode()
    )


def read_csv(response):
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_the_csv_gives_the_same_list_with_org_ids(client, listed):
    rows = read_csv(client.get("/signatories.csv"))
    assert {r["organisation"] for r in rows} == {
        "Herefordshire Council",
        "Ledbury Community Larder",
        "Watford Builders Ltd",
    }
    council = next(r for r in rows if r["organisation"] == "Herefordshire Council")
    assert council["org_id"] == "GB-LAE-HEF"
    assert council["sector"] == "public"
    assert council["compact"] == "herefordshire"
    assert council["signed_on"] == listed["council"].signed_on.isoformat()


def test_the_csv_and_json_take_the_same_filters(client, listed):
    rows = read_csv(client.get("/signatories.csv?compact=hertfordshire"))
    assert [r["organisation"] for r in rows] == ["Watford Builders Ltd"]
    response = client.get("/signatories.json?sector=voluntary_community")
    data = json.loads(b"".join(response.streaming_content))
    assert [r["organisation"] for r in data["signatories"]] == ["Ledbury Community Larder"]
    assert data["meta"] == {"sector": "voluntary_community"}
    assert data["signatories"][0]["url"].endswith(listed["larder"].organisation.get_absolute_url())


@pytest.mark.parametrize("url", ["/signatories.csv", "/signatories.json"])
@pytest.mark.parametrize(
    "query", ["sector=martian", "compact=nowhere", "type=spaceship", "sort=colour"]
)
def test_invalid_filter_values_answer_400_with_a_reason(client, listed, url, query):
    response = client.get(f"{url}?{query}")
    assert response.status_code == 400
    assert query.split("=")[0] in response.content.decode()


def test_contact_people_are_never_published(client, listed):
    page = (
        client.get("/signatories/").content.decode()
        + client.get(listed["larder"].organisation.get_absolute_url()).content.decode()
    )
    rows = b"".join(client.get("/signatories.json").streaming_content).decode()
    for text in (page, rows):
        assert listed["larder"].contact_email not in text
        assert listed["larder"].contact_name not in text


def count_queries(client, url):
    client.get(url)  # once first (what a process does once is not counted)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_list_page_does_not_grow_with_the_number_of_rows(client, herefordshire, drawn_afresh):
    for _ in range(3):
        SignatureFactory(compact=herefordshire, approved=True)
    few = count_queries(client, "/signatories/")
    for _ in range(30):
        SignatureFactory(compact=herefordshire, approved=True)
    assert count_queries(client, "/signatories/") == few


def test_the_organisation_page_does_not_grow_with_its_signatures(client, compacts, drawn_afresh):
    organisation = OrganisationFactory()
    SignatureFactory(organisation=organisation, compact=compacts["herefordshire"], approved=True)
    one = count_queries(client, organisation.get_absolute_url())
    for slug in ("hertfordshire", "chelmsford"):
        SignatureFactory(organisation=organisation, compact=compacts[slug], approved=True)
    assert count_queries(client, organisation.get_absolute_url()) == one


def test_the_list_is_paginated(client, herefordshire):
    for _ in range(55):
        SignatureFactory(compact=herefordshire, approved=True)
    page = client.get("/signatories/").content.decode()
    assert "Page 1 of 2" in page
    assert "page=2" in page


@pytest.mark.parametrize("sort", ["name", "-name", "signed", "-signed", "compact", "-compact"])
def test_every_sort_shows_each_signature_once_across_its_pages(
    client, herefordshire, monkeypatch, sort
):
    """Rows alike in what they are sorted by (one name, one day, one Compact) keep one order from
    page to page: the sort ends with the signature's id."""
    from signatories import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    for _ in range(5):
        SignatureFactory(
            organisation=OrganisationFactory(name="Same Name Trust"),
            compact=herefordshire,
            approved=True,
        ).organisation.signatures.update(signed_on="2026-01-05")
    seen = []
    for page in (1, 2, 3):
        response = client.get("/signatories/", {"sort": sort, "page": page})
        seen += [signature.pk for signature in response.context["page"].object_list]
    assert len(seen) == 5 and len(set(seen)) == 5


def test_a_search_pages_through_a_shorter_list_and_says_there_are_more(
    client, herefordshire, monkeypatch
):
    from signatories import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    monkeypatch.setattr(views, "SEARCH_MAX_ROWS", 4)
    for i in range(7):
        SignatureFactory(
            organisation=OrganisationFactory(name=f"Larder {i}"),
            compact=herefordshire,
            approved=True,
        )
    searched = client.get("/signatories/", {"q": "larder"})
    assert searched.context["page"].paginator.num_pages == 2
    assert "More than 4 signatures" in searched.content.decode()
    browsed = client.get("/signatories/")  # no search: the longer bound
    assert browsed.context["page"].paginator.count == 7


@pytest.mark.parametrize("sort", ["signed", "-signed", "compact", "name"])
def test_a_sector_or_type_filter_follows_a_change_to_the_organisation(
    client, herefordshire, sort
):
    """Sorted by date signed the filter reads the signature's copy of the organisation's sector
    and type: a change to the organisation (admin, change request) reaches it at once."""
    organisation = OrganisationFactory(name="Moving Trust", sector="voluntary_community")
    SignatureFactory(organisation=organisation, compact=herefordshire, approved=True)

    def listed(**query):
        response = client.get("/signatories/", {"sort": sort, **query})
        return "Moving Trust" in response.content.decode()

    assert listed(sector="voluntary_community") and not listed(sector="private")
    organisation.sector = "private"
    organisation.organisation_type = "business"
    organisation.save()
    assert listed(sector="private") and not listed(sector="voluntary_community")
    assert listed(type="business") and not listed(type="charity")
