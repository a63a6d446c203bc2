"""A Compact's page is its hub: its text, document, contact, reference group, signatories,
consultations, public summary, lessons learnt and sign-up, each a link that works."""

from __future__ import annotations

import re

import pytest

from consultations.models import Consultation
from consultations.tests.factories import ConsultationFactory
from disputes.models import Case
from disputes.tests.factories import CaseFactory
from signatories.tests.factories import (
    OrganisationFactory,
    ReferenceGroupMemberFactory,
    SignatureFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _links(page: str) -> set[str]:
    return set(re.findall(r'href="([^"#][^"]*)"', page))


def test_the_hub_links_to_every_place_of_its_compact(client, hertfordshire):
    page = client.get(hertfordshire.get_absolute_url()).content.decode()
    links = _links(page)
    assert "/compacts/hertfordshire/text/" in links
    assert "https://www.hertfordshire.gov.uk" in links  # its document, where one is published
    assert "mailto:corporate.policyteam@hertfordshire.gov.uk" in links
    assert "SG1 2FQ" in page  # its postal contact
    assert "/signatories/?compact=hertfordshire" in links
    assert "/consultations/?compact=hertfordshire" in links
    assert "/dashboard/hertfordshire/summary/" in links
    assert "/cases/lessons/" in links
    assert "/sign-up/" in links
    for anchor in ("#rules", "#reference-group", "#consultations", "#lessons", "#sign-up"):
        assert f'href="{anchor}"' in page and f'id="{anchor[1:]}"' in page


@pytest.mark.parametrize("slug", ["herefordshire", "hertfordshire", "chelmsford"])
def test_every_link_on_the_hub_answers(client, compacts, slug):
    page = client.get(compacts[slug].get_absolute_url()).content.decode()
    for link in _links(page):
        if link.startswith("/") and not link.startswith("/static/"):
            response = client.get(link.replace("&amp;", "&"))
            assert response.status_code in (200, 302), link  # 302: sign in first


def test_every_compact_shows_a_contact(client, compacts):
    for compact in compacts.values():
        page = client.get(compact.get_absolute_url()).content.decode()
        assert "mailto:" in page and "Not published" not in page, compact.slug


def test_the_reference_group_is_published_without_personal_contact_details(client, herefordshire):
    council = OrganisationFactory(public=True, name="Herefordshire Council")
    user = UserFactory(email="rhys.private@example.org")
    ReferenceGroupMemberFactory(
        compact=herefordshire, user=user, name="Rhys Bevan", organisation=council, role="Chair"
    )
    ReferenceGroupMemberFactory(compact=herefordshire, name="Gone Member", active=False)
    page = client.get(herefordshire.get_absolute_url()).content.decode()
    assert "Rhys Bevan" in page and "Herefordshire Council" in page and "Chair" in page
    assert "Public sector" in page
    assert "rhys.private@example.org" not in page
    assert "Gone Member" not in page


def test_the_hub_lists_open_and_forthcoming_consultations_only(client, herefordshire):
    council = OrganisationFactory(public=True)
    ConsultationFactory(compact=herefordshire, lead_body=council, title="Open one")
    ConsultationFactory(
        compact=herefordshire,
        lead_body=council,
        title="Forthcoming one",
        status=Consultation.Status.FORTHCOMING,
    )
    ConsultationFactory(
        compact=herefordshire,
        lead_body=council,
        title="Draft one",
        status=Consultation.Status.DRAFT,
    )
    page = client.get(herefordshire.get_absolute_url()).content.decode()
    assert "Open one" in page and "Forthcoming one" in page
    assert "Draft one" not in page


def test_the_hub_shows_its_published_lessons_only(client, herefordshire):
    CaseFactory(
        compact=herefordshire,
        state=Case.State.RESOLVED,
        lesson_learnt="Write to the group <b>first</b>",
    )
    CaseFactory(compact=herefordshire, state=Case.State.OPEN, lesson_learnt="Not yet public")
    page = client.get(herefordshire.get_absolute_url()).content.decode()
    assert "Write to the group &lt;b&gt;first&lt;/b&gt;" in page
    assert "Not yet public" not in page


def test_the_hub_counts_its_published_signatories(client, chelmsford):
    SignatureFactory(compact=chelmsford, approved=True)
    SignatureFactory(compact=chelmsford)  # waiting: not counted
    page = client.get(chelmsford.get_absolute_url()).content.decode()
    assert "1 organisation on the published list" in page


def test_no_raw_source_reference_on_the_hub_or_the_reference_group_page(client, herefordshire):
    member = ReferenceGroupMemberFactory(compact=herefordshire)
    for path in (herefordshire.get_absolute_url(), herefordshire.text_url()):
        page = client.get(path).content.decode()
        assert not re.search(r"\b00[0-4] \d", page), path
    client.force_login(member.user)
    page = client.get("/reference-group/").content.decode()
    assert "004 11.2.6" not in page
    assert "clause 11.2.6</a>" in page
    assert 'href="/compacts/herefordshire/text/#clause-11-2-6"' in page


def test_the_hub_and_text_refuse_writes(client, herefordshire):
    assert client.post(herefordshire.get_absolute_url()).status_code == 405
    assert client.post(herefordshire.text_url()).status_code == 405


@pytest.mark.parametrize(
    ("slug", "stages"),
    [
        ("herefordshire", "Informal → Formal (panel) → Additional support (mediation)"),
        ("chelmsford", "Informal → Mediation → Steering group told"),
    ],
)
def test_the_procedure_reads_as_its_stages_names_not_their_codes(client, compacts, slug, stages):
    compact = compacts[slug]
    page = client.get(compact.get_absolute_url()).content.decode()
    assert stages in page
    assert "steering group →" not in page and "→ steering group" not in page
