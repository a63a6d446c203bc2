"""Pages fresh as soon as what they show changes; working with Redis down."""

import json
from datetime import date

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from dashboard import queries as dashboard
from signatories.models import Compact
from signatories.tests.factories import SignatureFactory
from tests.test_settings import _manage

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/compacts/"])
def test_a_new_compact_is_listed_at_once(client, compacts, path):
    assert "Compact of Testshire" not in client.get(path).content.decode()
    Compact.objects.create(name="Compact of Testshire", slug="testshire", area="Testshire")
    assert "Compact of Testshire" in client.get(path).content.decode()


def test_dashboard_figures_change_as_soon_as_a_record_they_count_does(compacts):
    compact = compacts["herefordshire"]
    period = dashboard.financial_year(date(2026, 4, 1))
    today = date(2026, 11, 23)
    before = dashboard.metrics(compact, period, today)["signatories"]["by_sector"]
    signature = SignatureFactory(compact=compact, approved=True, signed_on=date(2026, 5, 1))
    after = dashboard.metrics(compact, period, today)["signatories"]["by_sector"]
    assert sum(after.values()) == sum(before.values()) + 1
    signature.delete()
    assert dashboard.metrics(compact, period, today)["signatories"]["by_sector"] == before


def test_the_dashboard_is_drawn_for_each_viewer_who_may_still_see_it(client, compacts):
    from signatories.models import CompactOfficer
    from signatories.tests.factories import CompactOfficerFactory, ReferenceGroupMemberFactory

    compact = compacts["herefordshire"]
    officer = CompactOfficerFactory(compact=compact, user__is_staff=True).user
    client.force_login(officer)
    url = "/dashboard/herefordshire/?fy=2026"
    assert 'href="/admin/"' in client.get(url).content.decode()

    member = Client()
    member.force_login(ReferenceGroupMemberFactory(compact=compact).user)
    theirs = member.get(url).content.decode()
    assert "Dashboard: Herefordshire Compact" in theirs and 'href="/admin/"' not in theirs

    CompactOfficer.objects.filter(user=officer).delete()
    assert client.get(url).status_code == 403


def _production_caches(cache_url: str) -> dict:
    """CACHES as production mode builds them from CACHE_URL."""
    result = _manage(
        "shell",
        "-c",
        "import json; from django.conf import settings; print(json.dumps(settings.CACHES))",
        PORTAL_ENV="production",
        SECRET_KEY="x9!k2-" + "q7Lm#v" * 10,
        ALLOWED_HOSTS="compact-portal.example.org",
        CACHE_URL=cache_url,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_pages_and_public_forms_work_while_redis_is_stopped(client, settings, compacts):
    # Production's cache settings, pointed where nothing listens: as when Redis is stopped.
    settings.CACHES = _production_caches("redis://127.0.0.1:1/0")
    settings.RATELIMIT_ENABLE = True
    with pytest.raises(Exception, match="Connection"):
        caches["default"].client.get_client().ping()  # it really is unreachable
    assert client.get("/").status_code == 200
    assert client.get(reverse("signatories:signatory_list")).status_code == 200
    assert client.get(reverse("consultations:list")).status_code == 200
    # A rate-limited public form still answers (its counter cannot be kept while Redis is down):
    # the empty form comes back with its errors, not a 429 or a 500.
    response = client.post(reverse("accounts:register"), {})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    # An officer signs in (sessions live in the database) and triages cases in the admin.
    from disputes.tests.factories import CaseFactory
    from signatories.tests.factories import CompactOfficerFactory

    CaseFactory(compact=compacts["herefordshire"], reference="C-WHILE-DOWN")
    client.force_login(CompactOfficerFactory(compact=compacts["herefordshire"]).user)
    for _ in range(2):
        response = client.get("/admin/disputes/case/")
        assert response.status_code == 200 and "C-WHILE-DOWN" in response.content.decode()
