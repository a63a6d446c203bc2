"""The published-list counts kept per Compact (models.SignatoryTally), exact and never stale.

A signature saved or deleted anywhere (services, the admin, imports, a task) sends a signal;
`signature_changed` counts that Compact's approved signatures again in the same transaction, so
the count commits or rolls back with the change it counts. The tally row is locked first: a
second change to the same Compact waits for the first to commit, and its COUNT (a new statement
under READ COMMITTED) then sees the first's row. Bulk writes that send no signal (the demo's
bulk_create) call `recount_all` after them.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count

from .models import Compact, SignatoryTally, Signature


def recount(compact_id: int) -> int:
    """Count the Compact's approved signatures again and keep the number; the number."""
    with transaction.atomic():
        tally, _ = SignatoryTally.objects.select_for_update().get_or_create(compact_id=compact_id)
        count = Signature.objects.filter(
            compact_id=compact_id, state=Signature.State.APPROVED
        ).count()
        if tally.signatories != count:
            tally.signatories = count
            tally.save(update_fields=["signatories"])
        return count


def recount_all() -> None:
    """Every Compact's count again, from one grouped query (after a bulk load)."""
    counts = dict(
        Signature.objects.filter(state=Signature.State.APPROVED)
        .order_by()
        .values_list("compact")
        .annotate(n=Count("pk"))
    )
    with transaction.atomic():
        SignatoryTally.objects.all().delete()
        SignatoryTally.objects.bulk_create(
            SignatoryTally(compact_id=pk, signatories=counts.get(pk, 0))
            for pk in Compact.objects.values_list("pk", flat=True)
        )


def signature_changed(instance: Signature, **kwargs) -> None:
    """post_save / post_delete of a Signature: its Compact's count, again."""
    if kwargs.get("raw"):
        return  # loaddata: the fixture's own rows, no count yet
    recount(instance.compact_id)
