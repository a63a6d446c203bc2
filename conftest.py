"""Fixtures shared by every app's tests: people in each role, and the real services CI provides."""

from __future__ import annotations

import os

import pytest

IN_CI = os.environ.get("CI", "").lower() == "true"


def require_service(name: str, problem: str) -> None:
    """A missing service fails the test in CI and skips it on a developer's machine."""
    message = f"{name} is not available: {problem}"
    if IN_CI:
        pytest.fail(message + " (CI=true: tests that need it fail rather than skip)")
    pytest.skip(message)


@pytest.fixture
def redis_url() -> str:
    """The Redis that CI provides, checked to answer."""
    import redis

    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        require_service("Redis", f"{url}: {error}")
    return url


def celery_on(broker_url: str):
    """The project's Celery app publishing to a real broker for the test, then eager again.

    Celery keeps the connection and producer pools it made for the broker it first published
    to (an eager `delay` makes them too, for the default broker): they are dropped both ways,
    as Celery itself does after a fork.
    """
    from contextlib import contextmanager

    from compact_portal.celery import app

    keys = ("broker_url", "task_always_eager", "result_backend")

    def use(conf):
        app.conf.update(conf)
        app._pool = None
        app.amqp._producer_pool = None

    @contextmanager
    def switched():
        saved = {k: app.conf[k] for k in keys}
        use({"broker_url": broker_url, "task_always_eager": False, "result_backend": None})
        try:
            yield app
        finally:
            use(saved)

    return switched()


@pytest.fixture
def compacts(db):
    """The three seeded Compacts, by slug."""
    from signatories.models import Compact

    ensure_seeded()
    return {c.slug: c for c in Compact.objects.all()}


@pytest.fixture
def herefordshire(compacts):
    return compacts["herefordshire"]


@pytest.fixture
def hertfordshire(compacts):
    return compacts["hertfordshire"]


@pytest.fixture
def chelmsford(compacts):
    return compacts["chelmsford"]


@pytest.fixture
def roles(db, herefordshire, hertfordshire):
    """One person in each role, for Herefordshire unless the name says otherwise."""
    from signatories.tests.factories import (
        CompactOfficerFactory,
        OrganisationContactFactory,
        OrganisationFactory,
        ReferenceGroupMemberFactory,
        SignatureFactory,
        UserFactory,
    )

    public_body = OrganisationFactory(public=True, name="Herefordshire Council")
    charity = OrganisationFactory(name="Ledbury Community Larder")
    for organisation in (public_body, charity):  # on Herefordshire's published list
        SignatureFactory(organisation=organisation, compact=herefordshire, approved=True)
    people = {
        "anonymous": None,
        "contact": OrganisationContactFactory(organisation=charity).user,
        "public_body_officer": OrganisationContactFactory(organisation=public_body).user,
        "compact_officer": CompactOfficerFactory(compact=herefordshire).user,
        "other_compact_officer": CompactOfficerFactory(compact=hertfordshire).user,
        "reference_group_member": ReferenceGroupMemberFactory(compact=herefordshire).user,
        "superuser": UserFactory(is_staff=True, is_superuser=True),
    }
    return people


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Hashing with the production cost makes every sign-in slow; tests need no strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def ensure_seeded() -> None:
    """Put back the Compacts the data migrations seed: a transactional test flushes them."""
    import importlib

    from django.apps import apps

    from signatories.models import Compact

    if Compact.objects.exists():
        return
    for name, function in [
        ("signatories.migrations.0002_seed_three_compacts", "seed"),
        ("signatories.migrations.0005_recommit_periods", "set_periods"),
        ("signatories.migrations.0007_feedback_due_weeks_data", "set_weeks"),
        ("signatories.migrations.0010_publish_compact_texts_whole", "publish"),
        ("signatories.migrations.0015_compact_review_due_on", "review_due_a_year_on"),
        ("funding.migrations.0007_compacts_ask_for_checks_before_cuts", "ask_for_checks"),
    ]:
        module = importlib.import_module(name)
        getattr(module, function)(apps, None)


@pytest.fixture
def postgres(transactional_db):
    """Tests of concurrency need a real server that threads share: PostgreSQL."""
    from django.db import connection

    if connection.vendor != "postgresql":
        require_service("PostgreSQL", f"the tests run on {connection.vendor}; set DATABASE_URL")
    ensure_seeded()
    return connection


@pytest.fixture
def drawn_afresh(settings):
    """Public pages drawn on every visit, not served whole from the page cache: for counting
    the queries a page costs to draw."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _exports_root(settings, tmp_path):
    """Each test builds its exports (core/built_files.py) in a directory of its own."""
    settings.EXPORTS_ROOT = tmp_path / "exports"
    settings.EXPORTS_REBUILT_ON_REQUEST = False  # as in production: the beat's sweep rebuilds


@pytest.fixture(autouse=True)
def _fresh_limits(settings):
    """Each test starts with empty rate-limit counters and sign-in failure records."""
    from django.core.cache import cache

    cache.clear()
    settings.AXES_ENABLED = False  # the lockout has its own tests, which turn it on
