"""An email's extra headers (List-Unsubscribe and the like) are stored on its outbox row and
sent with it; they cannot break a header line or change who receives the message."""

from __future__ import annotations

import pytest
from django.core import mail

from core import outbox
from core.emails import send
from core.models import OutboundEmail

pytestmark = pytest.mark.django_db
TEMPLATE = "consultations/emails/follower_update"  # any .txt template the portal has


def queue(headers):
    context = {"consultation": {"title": "Library hours"}, "event": "is now open", "link": "/x"}
    return send(TEMPLATE, "Library hours", ["a@example.org"], context, headers=headers)


def test_the_row_keeps_the_headers_and_the_sent_message_carries_them():
    (pk,) = queue({"List-Unsubscribe": "<https://example.org/stop/t/>", "X-Kind": "update"})
    row = OutboundEmail.objects.get(pk=pk)
    assert row.headers == {"List-Unsubscribe": "<https://example.org/stop/t/>", "X-Kind": "update"}
    assert outbox.deliver([pk]) == [pk]
    sent = mail.outbox[-1].message()
    assert sent["List-Unsubscribe"] == "<https://example.org/stop/t/>"
    assert sent["X-Kind"] == "update"
    assert sent["Message-ID"] == row.message_id


def test_a_header_value_with_a_line_break_stays_one_line():
    (pk,) = queue({"X-Kind": "update\r\nBcc: victim@example.org"})
    assert OutboundEmail.objects.get(pk=pk).headers == {"X-Kind": "update Bcc: victim@example.org"}
    outbox.deliver([pk])
    assert mail.outbox[-1].recipients() == ["a@example.org"]


@pytest.mark.parametrize("name", ["Bcc", "To", "message-id", "From", "X-Two: words", ""])
def test_headers_the_outbox_sets_or_that_change_the_recipients_are_refused(name):
    with pytest.raises(ValueError, match="cannot carry the header"):
        queue({name: "x"})
    assert not OutboundEmail.objects.exists()


def test_an_email_without_extra_headers_has_none():
    (pk,) = queue(None)
    assert OutboundEmail.objects.get(pk=pk).headers == {}
