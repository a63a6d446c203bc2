"""Redis is never load-bearing: with a real Redis frozen mid-flight (SIGSTOP), pages stay quick,
/healthz answers in time naming the cache, signing out is final and the log is not flooded."""

from __future__ import annotations

import logging
import os
import shutil
import signal
import socket
import subprocess
import time

import pytest
from django.core.cache import cache

from conftest import require_service
from signatories.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def own_redis(tmp_path):
    """A Redis of this test's own (never the machine's shared one), to stop and resume."""
    binary = shutil.which("redis-server")
    if binary is None:
        require_service("redis-server", "the binary is not installed")
    port = _free_port()
    process = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if time.monotonic() > deadline:
                process.kill()
                require_service("redis-server", "it did not start")
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0", process
    os.kill(process.pid, signal.SIGCONT)
    process.kill()
    process.wait()


def _point_the_cache_at(url, settings):
    settings.CACHE_URL = url
    settings.CELERY_BROKER_URL = ""
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.FailFastRedisCache",
            "LOCATION": url,
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.1,
                "SOCKET_TIMEOUT": 0.1,
            },
        }
    }
    cache.set("warm", 1)  # a pooled connection exists before the freeze, as in production


@pytest.fixture
def hung(own_redis, settings):
    """The cache points at our Redis, which is then frozen."""
    url, process = own_redis
    _point_the_cache_at(url, settings)
    os.kill(process.pid, signal.SIGSTOP)
    yield process
    os.kill(process.pid, signal.SIGCONT)


def _timed_get(client, path):
    start = time.monotonic()
    response = client.get(path)
    return response, time.monotonic() - start


def test_healthz_answers_within_two_seconds_naming_the_cache(client, hung):
    response, seconds = _timed_get(client, "/healthz")
    assert seconds < 2
    assert response.json()["cache"] == "down" and response.json()["database"] == "ok"


def test_pages_add_at_most_a_fraction_of_a_second(client, hung, compacts):
    for path in ["/", "/signatories/", "/consultations/", "/compacts/"]:
        response, seconds = _timed_get(client, path)
        assert response.status_code == 200, path
        assert seconds < 0.8, f"{path} took {seconds:.2f} s with Redis hung"


def test_signing_out_is_final_though_redis_hangs_and_comes_back(client, own_redis, settings):
    url, process = own_redis
    _point_the_cache_at(url, settings)
    settings.CACHE_RETRY_SECONDS = 0  # Redis is asked again as soon as it is back
    client.force_login(UserFactory())  # signed in while Redis answers
    assert client.get("/account/").status_code == 200
    cookie = client.cookies["sessionid"].value
    os.kill(process.pid, signal.SIGSTOP)
    client.post("/account/sign-out/")
    os.kill(process.pid, signal.SIGCONT)
    client.cookies["sessionid"] = cookie  # the signed-out session's cookie, presented again
    response = client.get("/account/")
    assert response.status_code == 302 and "/sign-in" in response["Location"]


def test_a_hung_cache_is_logged_once_a_minute_not_once_a_call(client, hung, caplog, settings):
    import core.cache

    settings.CACHE_RETRY_SECONDS = 0  # every call tries Redis again, and fails again
    core.cache._logged_at.clear()
    with caplog.at_level(logging.WARNING):
        for _ in range(5):
            cache.get("anything")
    said = [r for r in caplog.records if "cache (Redis) is not answering" in r.getMessage()]
    assert len(said) == 1 and said[0].exc_info is None


def test_an_approval_made_while_redis_hangs_shows_once_it_is_back(
    client, own_redis, settings, herefordshire
):
    """The version's move is lost while Redis hangs: kept pages are not served again until
    everything kept before then has expired."""
    import core.cache
    from signatories import services
    from signatories.tests.factories import CompactOfficerFactory, SignatureFactory

    url, process = own_redis
    _point_the_cache_at(url, settings)
    settings.PAGE_CACHE_SECONDS = 60
    settings.CACHE_RETRY_SECONDS = 0  # Redis is asked again as soon as it is back
    core.cache._failed_at.clear()
    SignatureFactory(compact=herefordshire, approved=True)
    pending = SignatureFactory(compact=herefordshire)
    page = "/compacts/herefordshire/"
    assert "1 organisation on the published list" in client.get(page).content.decode()
    os.kill(process.pid, signal.SIGSTOP)
    start = time.monotonic()
    services.approve_signature(pending, by=CompactOfficerFactory(compact=herefordshire).user)
    assert time.monotonic() - start < 2
    os.kill(process.pid, signal.SIGCONT)
    assert "2 organisations on the published list" in client.get(page).content.decode()
    core.cache._failed_at.clear()
