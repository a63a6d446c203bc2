"""Following needs a confirmed address, and every follow email unsubscribes in one click."""

import re

import pytest

from consultations import emails
from consultations.tests.factories import ConsultationFactory
from core.models import OutboundEmail

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultation(herefordshire):
    return ConsultationFactory(compact=herefordshire)


def links_in(email) -> list[str]:
    return [re.sub(r"^https?://[^/]+", "", url) for url in re.findall(r"https?://\S+", email)]


def follow(client, consultation, email="fan@example.org"):
    return client.post(f"/consultations/{consultation.pk}/follow/", {"email": email})


def emails_to(address):
    return OutboundEmail.objects.filter(recipient=address).order_by("pk")


def test_following_sends_only_a_confirmation_and_no_updates_until_confirmed(client, consultation):
    assert follow(client, consultation).status_code == 302
    assert [e.subject for e in emails_to("fan@example.org")] == [
        f"Confirm you want updates on \u201c{consultation.title}\u201d"
    ]
    emails.tell_followers(consultation, "extended")
    assert emails_to("fan@example.org").count() == 1  # still only the confirmation


def test_the_confirmation_link_starts_updates_with_an_unsubscribe_link(client, consultation):
    follow(client, consultation)
    confirm = next(
        u for u in links_in(emails_to("fan@example.org").get().body_text) if "confirm" in u
    )
    page = client.post(confirm)
    assert page.status_code == 200 and "You follow this consultation" in page.content.decode()
    emails.tell_followers(consultation, "extended")
    update = emails_to("fan@example.org").last()
    assert update.subject.endswith("has a later closing date")
    stop = next(u for u in links_in(update.body_text) if "/stop/" in u)
    assert "no longer follow" in client.post(stop).content.decode()
    assert not consultation.followers.exists()
    emails.tell_followers(consultation, "closed")
    assert emails_to("fan@example.org").count() == 2  # nothing after unsubscribing
    assert client.post(stop).status_code == 200  # a second click is harmless


def test_a_forged_or_swapped_link_confirms_nothing(client, consultation):
    follow(client, consultation)
    confirm = next(
        u for u in links_in(emails_to("fan@example.org").get().body_text) if "confirm" in u
    )
    assert client.post(confirm[:-3] + "xx/").status_code == 400
    stop = next(u for u in links_in(emails_to("fan@example.org").get().body_text) if "/stop/" in u)
    token = stop.rstrip("/").rsplit("/", 1)[1]
    # An unsubscribe token is not a confirmation token.
    assert client.post(f"/consultations/follow/confirm/{token}/").status_code == 400
    assert consultation.followers.get().confirmed_at is None


def test_asking_again_after_confirming_sends_nothing_more(client, consultation):
    follow(client, consultation)
    confirm = next(
        u for u in links_in(emails_to("fan@example.org").get().body_text) if "confirm" in u
    )
    client.post(confirm)
    follow(client, consultation)
    assert emails_to("fan@example.org").count() == 1
