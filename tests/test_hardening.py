"""Hardening: sign-in lockout, a CSP with nothing inline, rate limits, safe uploads, 503 when the
database is down, and no half-saved records when a state change fails."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError

from signatories.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_repeated_wrong_passwords_lock_the_account_for_a_while(client, settings):
    settings.AXES_ENABLED = True
    UserFactory(email="target@example.org")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/account/sign-in/", {"username": "target@example.org", "password": "guess"})
    response = client.post(
        "/account/sign-in/",
        {"username": "target@example.org", "password": "a-long-test-password-42"},
    )
    assert response.status_code == 429
    assert "Too many attempts to sign in" in response.content.decode()


def test_every_page_has_a_csp_without_unsafe_inline(client, compacts):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_templates_have_no_inline_script_or_style():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    offenders = []
    for path in root.glob("**/templates/**/*.html"):
        if "emails" in path.parts or ".venv" in path.parts:
            continue
        text = path.read_text()
        if (
            re.search(r"<script(?![^>]*\bsrc=)", text)
            or re.search(r"\sstyle=\"", text)
            or "<style" in text
        ):
            offenders.append(str(path.relative_to(root)))
    assert offenders == []


def test_public_forms_are_rate_limited(client, settings, compacts):
    from consultations.tests.factories import ConsultationFactory

    settings.PUBLIC_FORM_RATE = "3/m"
    consultation = ConsultationFactory(compact=compacts["herefordshire"])
    statuses = [
        client.post(
            f"/consultations/{consultation.pk}/follow/", {"email": f"f{i}@example.org"}
        ).status_code
        for i in range(5)
    ]
    assert statuses[:3] == [302, 302, 302]
    assert statuses[3:] == [429, 429]


def test_uploads_are_served_as_downloads_that_cannot_run(client, compacts, settings, tmp_path):
    from consultations.models import Document
    from consultations.tests.factories import ConsultationFactory

    settings.MEDIA_ROOT = tmp_path
    consultation = ConsultationFactory(compact=compacts["herefordshire"])
    doc = Document.objects.create(
        consultation=consultation,
        title="Plan",
        file=SimpleUploadedFile("plan.pdf", b"<script>alert(1)</script>"),
        size=25,
    )
    response = client.get(f"/consultations/{consultation.pk}/documents/{doc.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_a_page_answers_503_with_a_friendly_page_when_the_database_is_down(client, monkeypatch):
    from signatories import queries

    def down():
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(queries, "compacts_with_counts", down)
    response = client.get("/")
    assert response.status_code == 503
    assert "Sorry, the service is unavailable" in response.content.decode()
    assert response["Retry-After"] == "60"


def test_an_exception_inside_a_state_change_leaves_no_partial_record(compacts, monkeypatch):
    from signatories import services
    from signatories.models import Organisation, OrganisationContact, Signature
    from signatories.tests.factories import UserFactory as People

    person = People()

    def fails(prefix="CP"):
        # Called after the organisation and its contact are written, before the signature.
        raise RuntimeError("reference service failed")

    monkeypatch.setattr(services, "new_reference", fails)
    with pytest.raises(RuntimeError):
        services.submit_signature(
            by=person,
            compact=compacts["herefordshire"],
            contact_name="Jo",
            contact_role="Chair",
            organisation_data={
                "name": "Half Saved Trust",
                "sector": "voluntary_community",
                "organisation_type": "charity",
                "area": "Hereford",
            },
        )
    assert not Organisation.objects.filter(name="Half Saved Trust").exists()
    assert not OrganisationContact.objects.filter(user=person).exists()
    assert not Signature.objects.exists()


def test_the_reminder_sweep_sends_what_waited_while_redis_was_down(
    compacts, django_capture_on_commit_callbacks
):
    from django.core import mail

    from reminders.models import Reminder
    from reminders.sweep import sweep
    from signatories.tests.factories import SignatureFactory

    SignatureFactory(
        compact=compacts["herefordshire"], approved=True, recommit_due=date(2027, 1, 24)
    )

    def broker_down(pks):
        raise ConnectionError("Redis is not answering")

    sweep(date(2027, 1, 10), dispatch=broker_down)
    assert Reminder.objects.get().status == "pending" and not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends after commit
        sweep(date(2027, 1, 10))  # the hourly catch-up once Redis is back
    assert Reminder.objects.get().status == "sent" and len(mail.outbox) == 1


def test_the_500_page_is_friendly(client, settings):
    from django.template.loader import render_to_string

    assert "Sorry, there is a problem with the service" in render_to_string("500.html")


def test_with_postgresql_stopped_pages_answer_503_and_healthz_names_the_database(tmp_path):
    """A real stopped server, not a simulated error: production settings pointed at a PostgreSQL
    port where nothing listens (what a stopped server looks like: connection refused)."""
    from tests.test_settings import _manage

    production = {
        "PORTAL_ENV": "production",
        "SECRET_KEY": "x9!k2-" + "q7Lm#v" * 10,
        "ALLOWED_HOSTS": "testserver",
        "STATIC_ROOT": str(tmp_path / "static"),  # the manifest is built here, not in the tree
        "CACHE_URL": "redis://127.0.0.1:1/0",
        "CELERY_BROKER_URL": "",
    }
    built = _manage("collectstatic", "--no-input", "-v0", **production)
    assert built.returncode == 0, built.stderr

    script = (
        "from django.test import Client\n"
        "client = Client()\n"
        "for path in ['/', '/signatories/', '/consultations/', '/healthz']:\n"
        "    r = client.get(path)\n"
        "    page = r.content.decode()[:4000].replace('\\n', ' ')\n"
        "    print(path, r.status_code, r.get('Retry-After'), page)\n"
    )
    result = _manage(
        "shell",
        "-c",
        script,
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL="postgres://postgres@127.0.0.1:1/compact_portal",
        **production,
    )
    assert result.returncode == 0, result.stderr
    lines = {line.split(" ", 1)[0]: line for line in result.stdout.splitlines() if line[:1] == "/"}
    for path in ["/", "/signatories/", "/consultations/"]:
        _, status, retry, page = lines[path].split(" ", 3)
        assert (status, retry) == ("503", "60"), lines[path][:300]
        assert "Sorry, the service is unavailable" in page
    _, status, _, body = lines["/healthz"].split(" ", 3)
    assert status == "503" and '"database": "down"' in body
