"""Keep signatures' re-commit dates true when a Compact's parameters change."""

from __future__ import annotations


def refresh_after_compact_change(sender, instance, created, raw=False, update_fields=None, **kw):
    """A Compact's re-commit period may have changed: work its dates out again.

    In the same transaction as the change (not on commit, as consultations and funding do), so
    that no reminder sweep or lapse reads a date the new period no longer gives.
    """
    if raw or created:
        return
    if update_fields is not None and "recommit_within_weeks" not in update_fields:
        return
    from .services import refresh_recommit_dates

    refresh_recommit_dates(instance)


def refresh_citations(sender, instance, raw=False, **kw):
    """A Compact's rules cite its commitments: keep their plain words and anchors true."""
    if raw:
        return
    from .models import Compact

    compact = instance if isinstance(instance, Compact) else None
    if compact is None:
        compact = Compact.objects.filter(pk=instance.compact_id).first()
    if compact is not None:
        compact.refresh_citations()


def organisation_saved(sender, instance, raw=False, **kw):
    """An organisation's sector or type changed: its signatures' copies follow, in the same
    transaction (Signature.organisation_sector / organisation_type serve the published list)."""
    if raw:
        return
    from django.db.models import Q

    from .models import Signature

    Signature.objects.filter(organisation=instance).filter(
        ~Q(organisation_sector=instance.sector) | ~Q(organisation_type=instance.organisation_type)
    ).update(organisation_sector=instance.sector, organisation_type=instance.organisation_type)


def copy_organisation_fields() -> None:
    """Every signature's copy of its organisation's sector and type (after a bulk load)."""
    from django.db.models import OuterRef, Subquery

    from .models import Organisation, Signature

    organisation = Organisation.objects.filter(pk=OuterRef("organisation_id"))
    Signature.objects.update(
        organisation_sector=Subquery(organisation.values("sector")[:1]),
        organisation_type=Subquery(organisation.values("organisation_type")[:1]),
    )
