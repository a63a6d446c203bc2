"""Odd values in every admin list's filters: an empty list or Django's own message, never a 500.

Every model registered in the admin is tried (a new admin is covered without an entry),
with each parameter its filters and date hierarchy read, by a superuser and an officer.
"""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

ODD_VALUES = [
    "\x00",
    "99999999999999999999999",
    "-99999999999999999999999",
    "not-a-number",
    "2026-02-30",
]
EXTRA_PARAMETERS = ["q", "o", "p"]  # search, ordering, page: every changelist reads them


def registered_labels() -> list[str]:
    return sorted(model._meta.label_lower for model in admin.site._registry)


def _parameters(response, model_admin) -> list[str]:
    """The query parameters this changelist's filters and date hierarchy read."""
    changelist = response.context["cl"]
    names = [name for spec in changelist.filter_specs for name in spec.expected_parameters()]
    if model_admin.date_hierarchy:
        names += [f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day")]
    return [*dict.fromkeys(names), *EXTRA_PARAMETERS]


def _answers_cleanly(response) -> bool:
    if response.status_code == 200:
        return True
    # Django's answer to a lookup it cannot make: back to the list with ?e=1.
    return response.status_code == 302 and response["Location"].endswith("?e=1")


@pytest.fixture
def rows(herefordshire):
    """A few rows, so that filters have something to filter."""
    from consultations.tests.factories import ConsultationFactory
    from disputes.tests.factories import CaseFactory
    from funding.tests.factories import AgreementFactory
    from signatories.tests.factories import SignatureFactory

    SignatureFactory(compact=herefordshire)
    ConsultationFactory(compact=herefordshire)
    AgreementFactory(compact=herefordshire)
    CaseFactory(compact=herefordshire)


# People, groups, opt-outs and the sign-in logs: an officer is refused the whole list.
SUPERUSERS_ONLY = {
    "accounts.user",
    "auth.group",
    "axes.accessattempt",
    "axes.accessfailurelog",
    "axes.accesslog",
    "reminders.reminderoptout",
}


@pytest.mark.parametrize("label", registered_labels())
@pytest.mark.parametrize("role", ["superuser", "compact_officer"])
def test_odd_filter_values_never_give_a_500(roles, rows, drawn_afresh, role, label):
    model = next(m for m in admin.site._registry if m._meta.label_lower == label)
    model_admin = admin.site._registry[model]
    client = Client(raise_request_exception=False)
    client.force_login(roles[role])
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    first = client.get(url)
    if role == "compact_officer" and label in SUPERUSERS_ONLY:
        assert first.status_code == 403  # refused whole: no filter to try
        return
    assert first.status_code == 200
    wrong = []
    for name in _parameters(first, model_admin):
        for value in ODD_VALUES:
            response = client.get(url, {name: value})
            if not _answers_cleanly(response):
                wrong.append(f"?{name}={value!r}: {response.status_code}")
    assert wrong == []


@pytest.mark.parametrize("value", ["\x00", "Ledbury\x00"])
def test_a_nul_byte_in_a_filter_is_an_invalid_lookup(client, roles, drawn_afresh, value):
    # PostgreSQL refuses NUL in text (a 500 there); SQLite would quietly answer an empty list.
    client.force_login(roles["compact_officer"])
    for parameter in ("stage", "q", "state__exact"):
        response = client.get("/admin/disputes/case/", {parameter: value})
        assert response.status_code == 302
        assert response["Location"].endswith("?e=1")
