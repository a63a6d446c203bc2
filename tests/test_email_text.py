"""An email's plain text shows what people typed as typed; its HTML part escapes it."""

import pytest

from core.emails import send
from core.models import OutboundEmail

pytestmark = pytest.mark.django_db


def test_plain_text_is_not_html_escaped_and_html_is(herefordshire):
    from signatories.tests.factories import SignatureFactory

    signature = SignatureFactory(
        compact=herefordshire, organisation__name="Smith & Sons <Trust> 'Ledbury'"
    )
    send(
        "signatories/emails/signature_received",
        "We have your sign-up",
        ["someone@example.org"],
        {"signature": signature},
    )
    email = OutboundEmail.objects.get()
    assert "Smith & Sons <Trust> 'Ledbury'" in email.body_text
    assert "&amp;" not in email.body_text and "&lt;" not in email.body_text
    assert "Smith &amp; Sons &lt;Trust&gt;" in email.body_html
