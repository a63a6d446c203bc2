"""Who may manage accounts, and what a person's own page says they may do."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts import access
from signatories.tests.factories import CompactOfficerFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_only_a_superuser_manages_accounts(herefordshire):
    assert access.may_manage_accounts(UserFactory(is_staff=True, is_superuser=True))
    assert not access.may_manage_accounts(CompactOfficerFactory(compact=herefordshire).user)
    assert not access.may_manage_accounts(AnonymousUser())


def test_an_officer_is_sent_to_the_admin_from_their_page(client, herefordshire):
    client.force_login(CompactOfficerFactory(compact=herefordshire).user)
    page = client.get("/account/").content.decode()
    assert "Compacts you run" in page and "Herefordshire Compact" in page


def test_an_appointment_without_staff_access_is_not_offered_the_admin(client, herefordshire):
    client.force_login(CompactOfficerFactory(compact=herefordshire, user__is_staff=False).user)
    page = client.get("/account/").content.decode()
    assert "Compacts you run" not in page and "Go to the admin" not in page
