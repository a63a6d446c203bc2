"""Adding a contact does not tell a contact which addresses have an account (issue 19)."""

import pytest

from core.models import OutboundEmail
from signatories.tests.factories import (
    OrganisationContactFactory,
    SignatureFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact(client, herefordshire):
    link = OrganisationContactFactory()
    SignatureFactory(organisation=link.organisation, compact=herefordshire, approved=True)
    client.force_login(link.user)
    return link


def test_adding_a_contact_answers_the_same_whether_or_not_they_have_an_account(client, contact):
    UserFactory(email="colleague@example.org")
    url = f"/signatories/{contact.organisation.pk}/contacts/"
    known = client.post(url, {"email": "colleague@example.org"}, follow=True)
    unknown = client.post(url, {"email": "nobody@example.org"}, follow=True)
    assert known.status_code == unknown.status_code == 200
    assert "Nobody has an account" not in unknown.content.decode()
    assert "We have sent an email to nobody@example.org" in unknown.content.decode()
    assert "We have sent an email to colleague@example.org" in known.content.decode()
    told = OutboundEmail.objects.get(recipient="nobody@example.org").body_text
    assert "/account/register/" in told
