"""On PostgreSQL: two officers press "Move to the next stage" at the same moment; the case moves
once, to the formal stage, and the other is told it has already moved (no skipped panel). The
last two panel members confirming at the same moment confirm the panel once."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client

from core.models import OutboundEmail
from disputes import services
from disputes.models import Case
from disputes.tests.factories import CaseFactory, confirmed_panel, panel_members
from signatories.tests.factories import CompactOfficerFactory


def _together(*targets):
    """Run each target in its own thread and connection, released at the same moment."""
    barrier = threading.Barrier(len(targets))
    results = [None] * len(targets)

    def run(index, target):
        try:
            barrier.wait()
            results[index] = target()
        except BaseException as error:  # noqa: BLE001 - returned to the test
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(targets)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


@pytest.fixture
def case(postgres, herefordshire):
    case = CaseFactory(compact=herefordshire)
    confirmed_panel(case)
    return case


@pytest.fixture
def officers(postgres, herefordshire):
    return [CompactOfficerFactory(compact=herefordshire).user for _ in range(2)]


def test_two_officers_moving_a_case_together_move_it_once(case, officers):
    seen = [Case.objects.get(pk=case.pk) for _ in officers]  # each officer's page
    results = _together(
        *[
            lambda copy=copy, officer=officer: services.move_to_next_stage(
                copy, by=officer, reason="Informal talks failed"
            )
            for copy, officer in zip(seen, officers, strict=True)
        ]
    )
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(refused) == 1, results
    assert "already moved to the formal (panel) stage" in refused[0].messages[0]
    case.refresh_from_db()
    assert case.stage == "formal"


def test_two_clicks_on_the_admin_step_page_together_move_it_once(case, officers):
    clients = []
    for officer in officers:
        client = Client()
        client.force_login(officer)
        clients.append(client)
    move = {"action": "next", "reason": "Informal talks failed", "stage": "informal"}
    url = f"/admin/disputes/case/{case.pk}/step/"
    results = _together(*[lambda client=client: client.post(url, move) for client in clients])
    assert sorted(r.status_code for r in results) == [302, 400], results
    refused = next(r for r in results if r.status_code == 400)
    assert "has already moved to the formal (panel) stage" in refused.content.decode()
    case.refresh_from_db()
    assert case.stage == "formal"


def test_the_last_two_members_confirming_together_confirm_the_panel_once(postgres, herefordshire):
    case = CaseFactory(compact=herefordshire)
    officer = CompactOfficerFactory(compact=herefordshire).user
    members = panel_members(herefordshire)
    services.propose_panel(case, by=officer, members=members)
    seats = {seat.member_id: seat for seat in case.panel.all()}
    services.confirm_no_conflict(seats[members[0].pk], by=members[0].user)
    results = _together(
        *[
            lambda member=member: services.confirm_no_conflict(seats[member.pk], by=member.user)
            for member in members[1:]
        ]
    )
    assert not [r for r in results if isinstance(r, BaseException)], results
    confirmed = OutboundEmail.objects.filter(subject__contains="is confirmed")
    recipients = list(confirmed.values_list("recipient", flat=True))
    assert recipients and len(recipients) == len(set(recipients))
    assert {m.user.email for m in members} <= set(recipients)


def test_two_clicks_on_send_message_together_store_and_tell_it_once(postgres, herefordshire):
    from signatories.tests.factories import OrganisationContactFactory

    case = CaseFactory(compact=herefordshire)
    officer = CompactOfficerFactory(compact=herefordshire).user
    writer = OrganisationContactFactory(organisation=case.complainant).user
    clients = []
    for _ in range(2):
        client = Client()
        client.force_login(writer)
        clients.append(client)
    url = f"/cases/{case.reference}/messages/"
    data = {"to": "officers", "body": "Please call us back."}
    results = _together(*[lambda client=client: client.post(url, data) for client in clients])
    assert [r.status_code for r in results] == [302, 302], results
    assert case.messages.count() == 1
    told = OutboundEmail.objects.filter(subject__contains="new message on case")
    assert list(told.values_list("recipient", flat=True)) == [officer.email]
