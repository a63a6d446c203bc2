"""The header offers each person the sections that open to them, asked of each app's access."""

import pytest

from signatories.tests.factories import (
    CompactOfficerFactory,
    ReferenceGroupMemberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _nav(client, user):
    client.force_login(user)
    return {item["label"] for item in client.get("/").context["nav_items"]}


def test_a_compact_officer_is_offered_the_admin_and_the_dashboard(client, herefordshire):
    assert {"Admin", "Dashboard"} <= _nav(client, CompactOfficerFactory(compact=herefordshire).user)


def test_staff_who_run_no_compact_are_not_offered_an_empty_admin(client, compacts):
    assert "Admin" not in _nav(client, UserFactory(is_staff=True))


def test_a_reference_group_member_is_offered_the_dashboard_not_the_admin(client, herefordshire):
    nav = _nav(client, ReferenceGroupMemberFactory(compact=herefordshire).user)
    assert "Dashboard" in nav and "Admin" not in nav


def test_a_contact_is_offered_neither(client, roles):
    nav = _nav(client, roles["contact"])
    assert "Dashboard" not in nav and "Admin" not in nav
