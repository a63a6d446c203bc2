"""At most one repeat per crash, shown with real processes: a Celery worker on Redis sends 30
emails from the outbox on PostgreSQL to a local SMTP server that accepts slowly; the server
kills the worker with SIGKILL in the middle of the batch, just after accepting a message the
worker never heard back about. A new worker finishes the batch. Every email arrives, and the
one that was in flight arrives twice with the same Message-ID: nothing else is repeated.

Needs PostgreSQL (DATABASE_URL) and Redis (OUTBOX_TEST_REDIS_URL, its own database number);
fails in CI without them, skips on a bare machine (conftest.require_service).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from email import message_from_bytes
from pathlib import Path

import pytest

from conftest import celery_on, require_service
from core import outbox
from core.models import OutboundEmail

pytestmark = pytest.mark.services
REDIS_URL = os.environ.get("OUTBOX_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")
EMAILS = 30
KILL_AT = 11  # the worker dies while the server accepts the 11th message
ROOT = Path(__file__).resolve().parent.parent


class SlowSink:
    """An SMTP server that takes its time over each message and records what it accepted."""

    def __init__(self):
        self.received: list[tuple[str, str]] = []  # (recipient, Message-ID)
        self.lock = threading.Lock()
        self.victim: int | None = None

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(0.05)
        message_id = message_from_bytes(envelope.original_content or envelope.content)["Message-ID"]
        with self.lock:
            self.received.extend((to, message_id) for to in envelope.rcpt_tos)
            count = len(self.received)
        if count == KILL_AT and self.victim:
            os.kill(self.victim, signal.SIGKILL)  # accepted here; the worker never hears so
            await asyncio.sleep(0.2)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def redis_db():
    import redis

    try:
        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
        client.flushdb()
    except redis.RedisError as error:
        require_service("Redis", f"{REDIS_URL}: {error}")
    yield REDIS_URL
    client.flushdb()


def database_url(connection) -> str:
    d = connection.settings_dict
    auth = d["USER"] + (f":{d['PASSWORD']}" if d["PASSWORD"] else "")
    return f"postgres://{auth}@{d['HOST'] or '127.0.0.1'}:{d['PORT'] or 5432}/{d['NAME']}"


def start_worker(name: str, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "compact_portal",
            "worker",
            "--pool=solo",
            "--loglevel=warning",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            f"{name}@%h",
        ],
        cwd=ROOT,
        env=env,
    )


def stop(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        worker.terminate()
        try:
            worker.wait(20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(5)


def wait_for(condition, seconds: float, every: float = 0.2, then=None) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        if then:
            then()
        time.sleep(every)
    return condition()


def test_a_worker_killed_mid_batch_repeats_at_most_the_message_in_flight(
    postgres, redis_db, settings
):
    from aiosmtpd.controller import Controller

    from core.tasks import sweep_outbox

    sink = SlowSink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    env = {
        **os.environ,
        "DATABASE_URL": database_url(postgres),
        "CELERY_BROKER_URL": redis_db,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "EMAIL_USE_TLS": "false",
        "OUTBOX_CLAIM_TIMEOUT": "3",
        "OUTBOX_RETRY_SECONDS": "1",
    }
    settings.OUTBOX_RETRY_SECONDS = 1
    workers = []
    with celery_on(redis_db), contextlib.ExitStack() as cleanup:
        cleanup.callback(controller.stop)
        cleanup.callback(lambda: [stop(worker) for worker in workers])
        workers.append(start_worker("outbox-victim", env))
        sink.victim = workers[0].pid
        # Written here, queued to Redis on commit (one task: the whole batch).
        outbox.enqueue(
            outbox.Draft(to=f"person{i:02}@example.org", subject=f"Email {i}", text="Hello")
            for i in range(EMAILS)
        )
        workers[0].wait(120)
        assert workers[0].returncode == -signal.SIGKILL, "the worker was not killed mid-batch"
        states = Counter(OutboundEmail.objects.values_list("state", flat=True))
        assert states["sent"] == KILL_AT - 1 and states["sending"] == 1, states

        workers.append(start_worker("outbox-heir", env))
        all_sent = wait_for(
            lambda: OutboundEmail.objects.filter(state="sent").count() == EMAILS,
            120,
            every=1,
            then=lambda: sweep_outbox.delay(),  # what beat does every minute
        )
        assert all_sent, Counter(OutboundEmail.objects.values_list("state", flat=True))

    rows = {row.recipient: row.message_id for row in OutboundEmail.objects.all()}
    arrived = Counter(to for to, _ in sink.received)
    assert set(arrived) == set(rows)  # every email arrived
    repeated = [to for to, times in arrived.items() if times > 1]
    assert len(repeated) <= 1 and all(arrived[to] == 2 for to in repeated)
    assert repeated == ["person10@example.org"]  # the one in flight when the worker died
    for to, message_id in sink.received:  # each copy carries the row's own Message-ID
        assert message_id == rows[to]
