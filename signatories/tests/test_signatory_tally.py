"""The published-list count each Compact keeps (signatories.tallies): exact on every path, at
once, in the transaction of the change it counts, and the same on every page that shows it."""

import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from signatories import services, tallies
from signatories.models import SignatoryTally, Signature
from signatories.tests.factories import OrganisationContactFactory, SignatureFactory

pytestmark = pytest.mark.django_db


def shown(client, compact) -> dict[str, int]:
    """The count each page shows for the Compact, drawn now."""
    home = client.get("/").content.decode()
    listing = client.get("/compacts/").content.decode()
    hub = client.get(compact.get_absolute_url()).content.decode()
    row = re.search(
        rf'href="{compact.get_absolute_url()}">{compact.name}</a></td>.*?numeric">(\d+)<',
        home,
        re.S,
    )
    item = re.search(rf"{compact.area} · (\d+) signator", listing)
    return {
        "home": int(row.group(1)),
        "compacts": int(item.group(1)),
        "hub": int(re.search(r"(\d+) organisations? on the published list", hub).group(1)),
        "tally": SignatoryTally.objects.get(compact=compact).signatories,
        "actual": Signature.objects.filter(compact=compact, state="approved").count(),
    }


def same(counts: dict[str, int]) -> int:
    assert len(set(counts.values())) == 1, counts
    return counts["actual"]


def test_every_page_counts_a_sign_up_at_once_and_every_change_after(client, herefordshire, roles):
    before = same(shown(client, herefordshire))
    pending = SignatureFactory(compact=herefordshire)
    assert same(shown(client, herefordshire)) == before  # pending: not on the list

    services.approve_signature(pending, by=roles["compact_officer"])
    assert same(shown(client, herefordshire)) == before + 1

    contact = OrganisationContactFactory(organisation=pending.organisation).user
    services.withdraw_signature(pending, by=contact)
    assert same(shown(client, herefordshire)) == before

    listed = SignatureFactory(compact=herefordshire, approved=True)
    assert same(shown(client, herefordshire)) == before + 1
    listed.delete()
    assert same(shown(client, herefordshire)) == before


def test_the_admin_action_counts_too(client, herefordshire, roles):
    before = same(shown(client, herefordshire))
    pending = SignatureFactory(compact=herefordshire)
    officer = client.__class__()
    officer.force_login(roles["compact_officer"])
    response = officer.post(
        "/admin/signatories/signature/",
        {"action": "approve", "_selected_action": [pending.pk]},
    )
    assert response.status_code == 302
    assert Signature.objects.get(pk=pending.pk).state == Signature.State.APPROVED
    assert same(shown(client, herefordshire)) == before + 1


def test_a_change_rolled_back_leaves_the_count_as_it_was(herefordshire, roles):
    pending = SignatureFactory(compact=herefordshire)
    before = SignatoryTally.objects.get(compact=herefordshire).signatories
    with pytest.raises(RuntimeError), transaction.atomic():
        services.approve_signature(pending, by=roles["compact_officer"])
        assert SignatoryTally.objects.get(compact=herefordshire).signatories == before + 1
        raise RuntimeError("the request failed after the approval")
    assert SignatoryTally.objects.get(compact=herefordshire).signatories == before


def test_recount_all_after_a_bulk_load(herefordshire, hertfordshire):
    Signature.objects.bulk_create(  # no signal: the demo's bulk load
        SignatureFactory.build(compact=compact, approved=True, organisation=org)
        for compact, org in (
            (herefordshire, SignatureFactory(compact=hertfordshire).organisation),
            (hertfordshire, SignatureFactory(compact=herefordshire).organisation),
        )
    )
    tallies.recount_all()
    for compact in (herefordshire, hertfordshire):
        assert SignatoryTally.objects.get(compact=compact).signatories == (
            Signature.objects.filter(compact=compact, state="approved").count()
        )


def test_the_compacts_pages_do_not_count_signatures(client, herefordshire, hertfordshire):
    """One query for every Compact and its count, however many signatures there are."""

    def queries(path):
        with CaptureQueriesContext(connection) as captured:
            client.get(path)
        return [q["sql"] for q in captured.captured_queries]

    first = {path: queries(path) for path in ("/", "/compacts/")}
    for _ in range(3):
        SignatureFactory(compact=herefordshire, approved=True)
        SignatureFactory(compact=hertfordshire, approved=True)
    for path, before in first.items():
        after = queries(path)
        assert len(after) == len(before)
        assert not any("signatories_signature" in sql for sql in after), after
