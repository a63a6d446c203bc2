"""Officers see what was sent about their Compacts, read-only, and can retry what failed; any
record's admin can list the emails about it with their state."""

from __future__ import annotations

import smtplib

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from core import outbox
from core.admin import EmailsAboutInline
from core.emails import send
from core.models import OutboundEmail

pytestmark = pytest.mark.django_db
LIST = "/admin/core/outboundemail/"
TEMPLATE = "consultations/emails/follower_update"


def queue(to, compact=None, about=None):
    (pk,) = send(
        TEMPLATE,
        f"About {to}",
        [to],
        {"consultation": {"title": "T"}, "event": "is now open", "link": "/x"},
        about=about,
        compact_id=compact.pk if compact else None,
    )
    return OutboundEmail.objects.get(pk=pk)


@pytest.fixture
def emails(herefordshire, hertfordshire):
    return {
        "mine": queue("mine@example.org", herefordshire),
        "theirs": queue("theirs@example.org", hertfordshire),
        "nobodys": queue("nobodys@example.org"),
    }


@pytest.mark.parametrize(
    "role, seen",
    [
        ("superuser", {"mine", "theirs", "nobodys"}),
        ("compact_officer", {"mine"}),
        ("other_compact_officer", {"theirs"}),
    ],
)
def test_each_sees_the_emails_of_their_compacts(client, roles, emails, role, seen):
    client.force_login(roles[role])
    page = client.get(LIST).content.decode()
    assert {name for name in emails if f"{name}@example.org" in page} == seen
    for name, row in emails.items():
        status = client.get(f"{LIST}{row.pk}/change/").status_code
        assert (status == 200) == (name in seen), (name, status)


def test_people_who_run_no_compact_see_none(client, roles, emails):
    client.force_login(roles["contact"])
    assert client.get(LIST).status_code in (302, 403)


def test_it_is_read_only(client, roles, emails):
    client.force_login(roles["superuser"])
    row = emails["mine"]
    assert client.get(f"{LIST}add/").status_code == 403
    client.post(f"{LIST}{row.pk}/change/", {"recipient": "changed@example.org"})
    client.post(f"{LIST}{row.pk}/delete/", {"post": "yes"})
    row.refresh_from_db()
    assert row.recipient == "mine@example.org"


def test_an_officer_retries_a_failed_email_of_their_compact_only(
    client, roles, emails, monkeypatch, django_capture_on_commit_callbacks
):
    def rejected(self, messages):
        raise smtplib.SMTPResponseException(554, b"Rejected for now")

    monkeypatch.setattr(EmailBackend, "send_messages", rejected)
    outbox.deliver([row.pk for row in emails.values()])
    assert OutboundEmail.objects.filter(state="failed").count() == 3
    monkeypatch.undo()
    client.force_login(roles["compact_officer"])
    assert "Rejected for now" in client.get(f"{LIST}{emails['mine'].pk}/change/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            LIST,
            {
                "action": "retry",
                ACTION_CHECKBOX_NAME: [emails["mine"].pk, emails["theirs"].pk],
                "index": 0,
            },
        )
    assert [m.to for m in mail.outbox] == [["mine@example.org"]]
    states = {name: OutboundEmail.objects.get(pk=row.pk).state for name, row in emails.items()}
    assert states == {"mine": "sent", "theirs": "failed", "nobodys": "failed"}


def test_a_records_admin_lists_the_emails_about_it(client, roles, herefordshire, monkeypatch):
    """The inline any admin adds to its `inlines`; here on the Compact's own admin."""
    from signatories.models import Compact

    about = queue("about@example.org", herefordshire, about=herefordshire)
    queue("other@example.org", herefordshire)
    outbox.deliver([about.pk])
    model_admin = admin.site._registry[Compact]
    monkeypatch.setattr(model_admin, "inlines", [*model_admin.inlines, EmailsAboutInline])
    client.force_login(roles["superuser"])
    page = client.get(f"/admin/signatories/compact/{herefordshire.pk}/change/").content.decode()
    assert "Emails about this" in page
    assert "about@example.org" in page and "Sent" in page
    assert "other@example.org" not in page


def test_the_reminder_log_lists_each_reminders_email(client, roles, herefordshire):
    from datetime import date

    from django.contrib.contenttypes.models import ContentType

    from reminders.models import Reminder
    from reminders.sweep import deliver_batch

    reminder = Reminder.objects.create(
        kind="signatories.recommit",
        content_type=ContentType.objects.get_for_model(herefordshire),
        object_id=herefordshire.pk,
        object_label="Herefordshire",
        compact=herefordshire,
        deadline=date(2027, 1, 24),
        offset_days=14,
        due_on=date(2027, 1, 10),
        recipient="reminded@example.org",
        about="Re-commit",
    )
    deliver_batch([reminder.pk])
    client.force_login(roles["compact_officer"])
    page = client.get(f"/admin/reminders/reminder/{reminder.pk}/change/").content.decode()
    assert "Emails about this" in page and "reminded@example.org" in page and "Queued" in page
