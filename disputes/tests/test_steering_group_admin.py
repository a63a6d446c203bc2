"""An officer sets who their Compact's "steering group told" stage notifies, for their own
Compact only; a Compact without one shows "not set" and sends nothing (see test_notifications)."""

import pytest

from disputes.models import SteeringGroup
from signatories.tests.factories import CompactOfficerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(client, compacts):
    user = CompactOfficerFactory(compact=compacts["chelmsford"]).user
    client.force_login(user)
    return user


def test_an_officer_sets_their_compacts_steering_group_through_the_service(
    client, officer, compacts
):
    chelmsford = compacts["chelmsford"]
    response = client.post(
        "/admin/disputes/steeringgroup/add/",
        {"compact": chelmsford.pk, "name": "Compact Steering Group", "email": "sg@cvs.example"},
    )
    assert response.status_code == 302
    group = SteeringGroup.objects.get(compact=chelmsford)
    assert group.email == "sg@cvs.example"
    assert group.history.get().history_change_reason == "Steering group's contact set"


def test_an_officer_cannot_set_or_move_another_compacts_steering_group(client, officer, compacts):
    herefordshire = compacts["herefordshire"]
    refused = client.post(
        "/admin/disputes/steeringgroup/add/",
        {"compact": herefordshire.pk, "name": "Not mine", "email": "x@example.org"},
    )
    assert refused.status_code == 200 and "Select a valid choice" in refused.content.decode()
    assert not SteeringGroup.objects.filter(compact=herefordshire).exists()
    mine = SteeringGroup.objects.create(
        compact=compacts["chelmsford"], name="Mine", email="sg@cvs.example"
    )
    client.post(
        f"/admin/disputes/steeringgroup/{mine.pk}/change/",
        {"compact": herefordshire.pk, "name": "Moved", "email": "sg@cvs.example"},
    )
    mine.refresh_from_db()
    assert mine.compact == compacts["chelmsford"]
