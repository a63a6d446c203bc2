"""Checks of the services the portal depends on, for /healthz and the error pages."""

from __future__ import annotations

import redis
from django.conf import settings
from django.db import connection
from kombu import Connection
from redis.backoff import NoBackoff
from redis.retry import Retry


def database_status() -> str:
    """ "ok" when the database answers a query, else "down"."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any failure means the database is down for us
        return "down"
    return "ok"


PING_SECONDS = 0.5  # each check gives up by then, so /healthz answers within 2 s


def _redis_answers(url: str) -> bool:
    """Whether the Redis at `url` answers a PING in time (a hung one does not)."""
    try:
        return bool(
            redis.Redis.from_url(
                url,
                socket_connect_timeout=PING_SECONDS,
                socket_timeout=PING_SECONDS,
                retry=Retry(NoBackoff(), 0),
            ).ping()
        )
    except Exception:  # noqa: BLE001 - any failure means it is down for us
        return False


def broker_status() -> str:
    """ "eager" when no broker is configured, "ok" when it accepts a connection, else "down"."""
    url = settings.CELERY_BROKER_URL
    if not url:
        return "eager"
    if url.startswith(("redis://", "rediss://")):
        return "ok" if _redis_answers(url) else "down"
    try:
        with Connection(url, connect_timeout=PING_SECONDS) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=PING_SECONDS)
    except Exception:  # noqa: BLE001 - any failure means the broker is down for us
        return "down"
    return "ok"


def cache_status() -> str:
    """ "local" with no Redis configured, "ok" when Redis answers, else "down" (pages go on)."""
    if not settings.CACHE_URL:
        return "local"
    return "ok" if _redis_answers(settings.CACHE_URL) else "down"
