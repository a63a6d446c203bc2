"""A signed-in person's pages are not kept by any cache: account, organisation, cases,
attachments and response exports answer Cache-Control: no-store; public pages stay cacheable."""

import pytest

from consultations.tests.factories import ConsultationFactory
from signatories.tests.factories import CompactOfficerFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/account/", "/cases/", "/funding/", "/consultations/yours/"])
def test_personal_pages_are_never_stored(client, roles, path):
    client.force_login(roles["contact"])
    response = client.get(path)
    assert "no-store" in response["Cache-Control"], path


def test_a_response_export_is_never_stored(client, herefordshire):
    consultation = ConsultationFactory(compact=herefordshire)
    client.force_login(CompactOfficerFactory(compact=herefordshire).user)
    response = client.get(f"/consultations/{consultation.pk}/responses.csv")
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]


def test_public_pages_for_visitors_are_not_marked_no_store(client, compacts):
    response = client.get("/compacts/")
    assert "no-store" not in response.get("Cache-Control", "")
