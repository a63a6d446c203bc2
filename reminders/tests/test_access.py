"""Which reminders an officer sees in the admin: their Compacts'."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType

from reminders import access
from reminders.models import Reminder, ReminderOptOut
from signatories.models import Compact
from signatories.tests.factories import (
    CompactOfficerFactory,
    OrganisationContactFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def reminder(compact, **fields):
    return Reminder.objects.create(
        kind="signatories.recommit",
        content_type=ContentType.objects.get_for_model(Compact),
        object_id=compact.pk if compact else 0,
        object_label="A signature",
        compact=compact,
        deadline=date(2026, 6, 1),
        offset_days=14,
        due_on=date(2026, 5, 18),
        recipient="someone@example.org",
        about="Re-commit",
        **fields,
    )


def test_an_officer_sees_their_compacts_reminders(herefordshire, hertfordshire):
    ours, theirs = reminder(herefordshire), reminder(hertfordshire)
    officer = CompactOfficerFactory(compact=herefordshire).user
    assert list(access.visible_to(officer)) == [ours]
    assert theirs not in access.visible_to(officer)


def test_a_contact_and_a_visitor_see_no_reminders(herefordshire):
    reminder(herefordshire)
    assert not access.visible_to(OrganisationContactFactory().user).exists()
    assert not access.visible_to(AnonymousUser()).exists()
    assert not access.may_view_log(AnonymousUser())


def test_a_superuser_also_sees_reminders_about_no_compact(herefordshire):
    loose = reminder(None)
    officer = CompactOfficerFactory(compact=herefordshire).user
    assert loose in access.visible_to(UserFactory(is_staff=True, is_superuser=True))
    assert loose not in access.visible_to(officer)


def test_only_a_superuser_sees_opt_outs(herefordshire):
    ReminderOptOut.objects.create(email="someone@example.org", kind="signatories.recommit")
    officer = CompactOfficerFactory(compact=herefordshire).user
    assert not access.may_view_opt_outs(officer)
    assert access.may_view_opt_outs(UserFactory(is_staff=True, is_superuser=True))


def test_the_reminder_log_shows_kinds_and_statuses_by_their_labels(client, herefordshire):
    reminder(herefordshire, status=Reminder.Status.GAVE_UP)
    client.force_login(CompactOfficerFactory(compact=herefordshire).user)
    page = client.get("/admin/reminders/reminder/").content.decode()
    assert "Re-commit after a review" in page and "Failed (gave up)" in page
    rows = page.split("<tbody>")[1].split("</tbody>")[0]
    assert "signatories.recommit" not in rows and "gave_up" not in rows
