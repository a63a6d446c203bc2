"""Redis as the portal uses it: a help for speed that it can always do without.

A hung or stopped Redis must never slow a page by more than a fraction of a second: calls have
short timeouts (settings), and after a failure the cache is skipped for CACHE_RETRY_SECONDS, so
a page that would make ten calls waits on at most one. Failures are logged once a minute, not
once a call.
"""

from __future__ import annotations

import logging
import threading
import time

from django.conf import settings
from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis.backoff import NoBackoff
from redis.retry import Retry

log = logging.getLogger("core.cache")
LOG_EVERY_SECONDS = 60

_lock = threading.Lock()
_skip_until: dict[str, float] = {}  # per Redis location, for every thread of the process
_logged_at: dict[str, float] = {}
_failed_at: dict[str, float] = {}


def failed_within(seconds: float) -> bool:
    """Whether a call to Redis failed in this process in the last `seconds`."""
    now = time.monotonic()
    return any(now - at < seconds for at in _failed_at.values())


class _FailureLog:
    """Stands in for django-redis's logger: a failure opens the breaker and is logged rarely."""

    def __init__(self, location: str):
        self.location = location

    def exception(self, message: str, *args, **kwargs) -> None:
        now = time.monotonic()
        with _lock:
            _skip_until[self.location] = now + settings.CACHE_RETRY_SECONDS
            _failed_at[self.location] = now
            if now - _logged_at.get(self.location, -LOG_EVERY_SECONDS) < LOG_EVERY_SECONDS:
                return
            _logged_at[self.location] = now
        log.warning(
            "The cache (Redis) is not answering; pages go on without it and try it again in "
            "%s s. (Said at most once a minute.)",
            settings.CACHE_RETRY_SECONDS,
        )


class FailFastRedisCache(RedisCache):
    """django-redis that skips Redis for a few seconds after a failure, instead of waiting."""

    def __init__(self, server, params):
        # redis-py retries a timed-out call three times by default: one try is enough here.
        options = dict(params.get("OPTIONS", {}))
        pool = dict(options.get("CONNECTION_POOL_KWARGS", {}))
        pool.setdefault("retry", Retry(NoBackoff(), 0))
        params = {**params, "OPTIONS": {**options, "CONNECTION_POOL_KWARGS": pool}}
        super().__init__(server, params)
        self._ignore_exceptions = True
        self._log_ignored_exceptions = True
        self.logger = _FailureLog(str(server))
        self._location = str(server)

    @property
    def client(self):
        if time.monotonic() < _skip_until.get(self._location, 0):
            raise ConnectionInterrupted(connection=None)  # answered as a miss by django-redis
        return super().client
