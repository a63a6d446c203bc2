"""On PostgreSQL: two officers press "Move to the next stage" at the same moment; the case moves
once, to the formal stage, and the other is told it has already moved (no skipped panel)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client

from disputes import services
from disputes.models import Case
from disputes.tests.factories import CaseFactory
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
    return CaseFactory(compact=herefordshire)


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
