"""On real PostgreSQL and Redis: a Celery worker sends the sweep, concurrent sweeps send once.

These fail, not skip, in CI when a service is missing (see conftest.require_service).
"""

import threading
from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import connection

from conftest import celery_on
from core.models import OutboundEmail
from reminders.models import Reminder
from reminders.sweep import deliver_batch, sweep
from signatories.tests.factories import SignatureFactory

TODAY = date(2027, 1, 10)


@pytest.fixture
def due(postgres, herefordshire):
    return [
        SignatureFactory(
            compact=herefordshire, approved=True, recommit_due=TODAY + timedelta(days=14)
        )
        for _ in range(6)
    ]


def _in_threads(target, count=2):
    barrier = threading.Barrier(count)
    errors = []

    def run():
        try:
            barrier.wait()
            target()
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors


def test_two_concurrent_sweeps_send_each_reminder_once(due):
    _in_threads(lambda: sweep(TODAY, dispatch=deliver_batch), count=2)
    assert Reminder.objects.count() == 6
    assert Reminder.objects.filter(status="sent").count() == 6
    assert len(mail.outbox) == 6
    assert len({m.to[0] for m in mail.outbox}) == 6


def test_many_senders_racing_for_one_reminder_send_it_once(due):
    sweep(TODAY, dispatch=lambda pks: None)
    pk = Reminder.objects.first().pk
    _in_threads(lambda: deliver_batch([pk]), count=4)
    assert len(mail.outbox) == 1


def test_batch_senders_racing_over_the_same_reminders_send_each_once(due):
    sweep(TODAY, dispatch=lambda pks: None)
    pks = list(Reminder.objects.values_list("pk", flat=True))
    _in_threads(lambda: deliver_batch(pks), count=4)
    assert len(mail.outbox) == 6
    assert Reminder.objects.filter(status="sent").count() == 6


def test_a_real_celery_worker_sends_the_sweep_from_redis(due, redis_url):
    from celery.contrib.testing.worker import start_worker

    from reminders.tasks import sweep_reminders

    # The outbox's eager sends before this test left pools for the default broker: dropped.
    with celery_on(redis_url) as app:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
            sweep_reminders.delay(TODAY.isoformat())
            for _ in range(300):
                if OutboundEmail.objects.filter(state="sent").count() == 6:
                    break
                threading.Event().wait(0.1)
    assert Reminder.objects.filter(status="sent").count() == 6
    assert OutboundEmail.objects.filter(state="sent").count() == 6
    assert len(mail.outbox) == 6


def test_the_sweep_queries_use_the_deadline_indexes(postgres):
    from funding.models import FundingAgreement
    from signatories.models import Signature

    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
    plans = [
        Signature.objects.filter(state="approved", recommit_due=TODAY).order_by().explain(),
        FundingAgreement.objects.filter(notice_deadline=TODAY).order_by().explain(),
        FundingAgreement.objects.filter(renewal_due=TODAY).order_by().explain(),
        Reminder.objects.filter(status="pending", due_on=TODAY).order_by().explain(),
    ]
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = on")
    for plan, index in zip(
        plans,
        [
            "signature_recommit_due",
            "agreement_notice_deadline",
            "agreement_renewal_due",
            "reminder_status_due",
        ],
        strict=True,
    ):
        assert index in plan, plan
