"""The three Compacts ship as data with every parameter of RULES.md §1."""

import pytest

EXPECTED = {
    "herefordshire": {
        "consultation_min_weeks": 12,
        "funding_end_notice_months": 3,
        "renewal_notice_months": 3,
        "min_term_years": 3,
        "formal_stage_weeks": 6,
        "informing_notice_weeks": 4,
        "meeting_notice_weeks": 4,
        "act_notice_weeks_min": 1,
        "act_notice_weeks_ideal": 4,
        "resolution_stages": ["informal", "formal", "additional"],
        "exceptional_circumstances_allowed": False,
    },
    "hertfordshire": {
        "consultation_min_weeks": 12,
        "funding_end_notice_months": 3,
        "renewal_notice_months": None,
        "min_term_years": 2,
        "formal_stage_weeks": None,
        "informing_notice_weeks": None,
        "meeting_notice_weeks": None,
        "act_notice_weeks_min": None,
        "act_notice_weeks_ideal": None,
        "resolution_stages": ["informal", "formal", "mediation"],
        "exceptional_circumstances_allowed": True,
    },
    "chelmsford": {
        "consultation_min_weeks": 12,
        "funding_end_notice_months": 6,
        "renewal_notice_months": None,
        "min_term_years": 3,
        "formal_stage_weeks": None,
        "informing_notice_weeks": None,
        "meeting_notice_weeks": None,
        "act_notice_weeks_min": None,
        "act_notice_weeks_ideal": None,
        "resolution_stages": ["informal", "mediation", "steering_group"],
        "exceptional_circumstances_allowed": False,
    },
}


@pytest.mark.parametrize("slug", EXPECTED)
def test_each_compact_carries_the_parameters_of_rules_section_1(compacts, slug):
    compact = compacts[slug]
    for field, value in EXPECTED[slug].items():
        assert getattr(compact, field) == value, field


@pytest.mark.parametrize(
    ("slug", "clause", "words"),
    [
        ("herefordshire", "10.2.1", "twelve weeks"),
        ("herefordshire", "FP-5", "three months notice in writing"),
        ("herefordshire", "RP-2", "six weeks"),
        ("hertfordshire", "2.4", "12-week"),
        ("hertfordshire", "4.4", "exceptional circumstances"),
        ("hertfordshire", "3.4", "multi-year"),
        ("chelmsford", "§4.4", "six months"),
        ("chelmsford", "§2.2", "12 weeks"),
        ("chelmsford", "GW-2", "independent mediator"),
    ],
)
def test_commitments_are_seeded_with_their_clauses(compacts, slug, clause, words):
    commitment = compacts[slug].commitments.get(clause=clause)
    assert words in commitment.text


@pytest.mark.parametrize("slug", EXPECTED)
def test_every_compact_has_commitments_on_consultation_funding_notice_and_resolution(
    compacts, slug
):
    themes = set(compacts[slug].commitments.values_list("theme", flat=True))
    assert {"consultation", "funding", "changes", "resolution"} <= themes


def test_a_clause_is_cited_in_plain_words_and_linked_to_its_text(hertfordshire):
    citation = hertfordshire.clause_for("funding_end_notice_months")
    assert citation == (
        "Hertfordshire Compact, section 4 ‘Clear arrangements for managing changes to "
        "programmes and services’, clause 4.4"
    )
    assert citation.url == "/compacts/hertfordshire/text/#clause-4-4"


def test_the_compact_page_shows_parameters_and_not_set(client, hertfordshire):
    response = client.get(hertfordshire.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "12 weeks" in page
    assert "3 months" in page
    assert "Not set" in page  # renewal and formal stage are off for Hertfordshire
    text = client.get(hertfordshire.text_url()).content.decode()
    assert "Give a minimum of three months&#x27; notice in writing" in text


def test_the_list_of_compacts_names_all_three(client, compacts):
    page = client.get("/compacts/").content.decode()
    for compact in compacts.values():
        assert compact.name in page
