"""What people typed is shown as text wherever it becomes part of a form: a consultation's or a
survey's questions become labels, organisations' names become choices. A payload such as a
<meta refresh> must reach the page escaped (the GOV.UK template pack printed labels |safe)."""

from datetime import date

import pytest
import time_machine

from consultations.tests.factories import ConsultationFactory
from partnership.models import Survey
from signatories.tests.factories import OrganisationContactFactory, SignatureFactory

pytestmark = pytest.mark.django_db
PAYLOAD = '<meta http-equiv="refresh" content="1;url=https://example.org">'
ESCAPED = "&lt;meta http-equiv=&quot;refresh&quot;"


def _shown_safely(page: str) -> bool:
    return PAYLOAD not in page and "<meta http-equiv" not in page and ESCAPED in page


@time_machine.travel(date(2026, 2, 1))
def test_a_consultations_questions_are_labels_shown_as_text(client, herefordshire):
    consultation = ConsultationFactory(compact=herefordshire, questions=[PAYLOAD, "Fine?"])
    page = client.get(f"/consultations/{consultation.pk}/respond/").content.decode()
    assert _shown_safely(page)


@time_machine.travel(date(2026, 2, 1))
def test_a_surveys_questions_are_legends_shown_as_text(client, herefordshire):
    link = OrganisationContactFactory(organisation__name="Ledbury <b>Larder</b>")
    SignatureFactory(organisation=link.organisation, compact=herefordshire, approved=True)
    survey = Survey.objects.create(
        compact=herefordshire,
        title="Partnership survey",
        questions=[PAYLOAD],
        opens_on=date(2026, 1, 1),
        closes_on=date(2026, 12, 31),
    )
    client.force_login(link.user)
    page = client.get(f"/surveys/{survey.pk}/").content.decode()
    assert _shown_safely(page)
    assert "Ledbury <b>Larder</b>" not in page


def test_the_atom_feed_gives_a_summary_as_text_not_as_markup(client, herefordshire):
    """Atom's summary is type="html": a reader decodes the XML once and renders what is left, so
    a typed summary must be escaped twice over or its <img onerror> runs in the reader."""
    import feedparser

    ConsultationFactory(
        compact=herefordshire,
        summary=f"{PAYLOAD}<img src=x onerror=alert(1)>",
        lead_body__name="Ledbury <b>Council</b>",
    )
    raw = client.get("/consultations/feed.atom").content.decode()
    entry = feedparser.parse(raw, sanitize_html=False).entries[0]
    assert "<img" not in entry.summary and "<meta" not in entry.summary  # what a reader renders
    assert "&lt;img src=x onerror=alert(1)&gt;" in entry.summary  # shown as the text typed
    assert "<b>" not in entry.summary and "&lt;b&gt;Council&lt;/b&gt;" in entry.summary
