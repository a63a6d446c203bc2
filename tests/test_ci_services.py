"""In CI the suite must run on PostgreSQL and real Redis: fail loudly if it does not."""

import os

import pytest
from django.db import connection

from conftest import IN_CI


@pytest.mark.django_db
def test_ci_runs_on_postgresql():
    if not IN_CI:
        pytest.skip(
            "Only CI insists on PostgreSQL; the default is SQLite."
        )  # CI: fails below instead
    assert connection.vendor == "postgresql", (
        f"CI=true but the database is {connection.vendor}: set DATABASE_URL to PostgreSQL"
    )


def test_redis_answers(redis_url):
    import redis

    assert redis.Redis.from_url(redis_url).ping()


def test_ci_flag_is_read_from_the_environment():
    assert IN_CI == (os.environ.get("CI", "").lower() == "true")
