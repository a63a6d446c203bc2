"""Follow links act only on a POST (mail scanners open links), and every follow email carries
a one-click unsubscribe (RFC 8058) that a mail provider can POST without a CSRF token."""

import re

import pytest
from django.core import mail
from django.test import Client

from consultations import emails
from consultations.tests.factories import ConsultationFactory
from core.models import OutboundEmail

pytestmark = pytest.mark.django_db

SITE = "https://compact.example.org"


@pytest.fixture(autouse=True)
def https_site(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def consultation(herefordshire):
    return ConsultationFactory(compact=herefordshire)


def path_of(url: str) -> str:
    return url.removeprefix(SITE)


def confirmation(client, consultation, email="fan@example.org") -> OutboundEmail:
    client.post(f"/consultations/{consultation.pk}/follow/", {"email": email})
    return OutboundEmail.objects.filter(recipient=email).latest("pk")


def link(row: OutboundEmail, part: str) -> str:
    return path_of(next(u for u in re.findall(r"https://\S+", row.body_text) if part in u))


def confirmed_follower(client, consultation):
    row = confirmation(client, consultation)
    client.post(link(row, "/confirm/"))
    follower = consultation.followers.get()
    assert follower.confirmed_at is not None
    return follower


def one_click_headers(row: OutboundEmail) -> tuple[str, str]:
    return row.headers["List-Unsubscribe"], row.headers["List-Unsubscribe-Post"]


def test_opening_the_confirmation_link_confirms_nothing_until_the_button_is_pressed(
    client, consultation
):
    url = link(confirmation(client, consultation), "/confirm/")
    page = client.get(url)
    assert page.status_code == 200
    assert f'action="{url}"' in page.content.decode() and 'method="post"' in page.content.decode()
    client.head(url)
    assert consultation.followers.get().confirmed_at is None
    assert client.post(url).status_code == 200
    assert consultation.followers.get().confirmed_at is not None


def test_opening_the_unsubscribe_link_unsubscribes_nobody_until_the_button_is_pressed(
    client, consultation
):
    confirmed_follower(client, consultation)
    emails.tell_followers(consultation, "extended")
    url = link(OutboundEmail.objects.latest("pk"), "/stop/")
    page = client.get(url)
    assert page.status_code == 200 and f'action="{url}"' in page.content.decode()
    assert consultation.followers.exists()
    assert "no longer follow" in client.post(url).content.decode()
    assert not consultation.followers.exists()


def test_every_follow_email_carries_a_one_click_unsubscribe_header(
    client, consultation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        confirmed_follower(client, consultation)
        emails.tell_followers(consultation, "closed")
    rows = OutboundEmail.objects.filter(recipient="fan@example.org").order_by("pk")
    assert len(rows) == 2
    for row in rows:
        target, post = one_click_headers(row)
        assert re.fullmatch(
            r"<https://compact\.example\.org/consultations/follow/stop/\S+/>", target
        )
        assert post == "List-Unsubscribe=One-Click"
    # the messages the mail server got carry them too
    sent = [m for m in mail.outbox if m.to == ["fan@example.org"]]
    assert len(sent) == 2
    for message in sent:
        headers = message.message()
        assert headers["List-Unsubscribe"].startswith("<https://compact.example.org/")
        assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert row.headers["List-Unsubscribe"] == f"<{SITE}{link(row, '/stop/')}>"


def test_a_mail_providers_one_click_post_unsubscribes_without_a_csrf_token(consultation):
    confirmed_follower(Client(), consultation)
    emails.tell_followers(consultation, "extended")
    target, _ = one_click_headers(OutboundEmail.objects.latest("pk"))
    provider = Client(enforce_csrf_checks=True)
    response = provider.post(
        path_of(target.strip("<>")),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not consultation.followers.exists()


def test_the_confirm_button_still_needs_its_csrf_token(consultation):
    url = link(confirmation(Client(), consultation), "/confirm/")
    stranger = Client(enforce_csrf_checks=True)
    assert stranger.post(url).status_code == 403
    assert consultation.followers.get().confirmed_at is None


def test_a_forged_one_click_post_changes_nothing(client, consultation):
    confirmed_follower(client, consultation)
    provider = Client(enforce_csrf_checks=True)
    assert provider.post("/consultations/follow/stop/forged/").status_code == 400
    assert consultation.followers.exists()


def test_without_https_the_one_click_promise_is_not_made(client, consultation, settings):
    settings.SITE_URL = "http://compact.example.org"
    client.post(f"/consultations/{consultation.pk}/follow/", {"email": "dev@example.org"})
    row = OutboundEmail.objects.get(recipient="dev@example.org")
    assert row.headers["List-Unsubscribe"].startswith("<http://compact.example.org/")
    assert "List-Unsubscribe-Post" not in row.headers  # RFC 8058 needs an https URI
