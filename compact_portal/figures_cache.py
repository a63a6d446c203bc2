"""The dashboard's figures, kept in the cache until something they count changes.

A Compact's figures are stored under a version number; saving or deleting any row they count
(a case, a consultation, an agreement, a notice, a signature …) bumps that Compact's version,
at once and again when the transaction commits, so the next view works them out afresh.
Changes with no single Compact (an organisation's sector) bump the version every Compact's
key also carries. The entries expire after FIGURES_CACHE_SECONDS anyway, for writes that
bypass signals (bulk updates by hand in a shell), so no figure is ever older than that.
"""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from .page_cache import bump_version

EVERY_COMPACT = "figures-version"

# Which Compact a saved row belongs to, per model that the dashboard counts.
COMPACT_OF = {
    "disputes.Case": lambda row: row.compact_id,
    "consultations.Consultation": lambda row: row.compact_id,
    "funding.FundingAgreement": lambda row: row.compact_id,
    "funding.FundingNotice": lambda row: row.agreement.compact_id,
    "funding.RenewalDecision": lambda row: row.agreement.compact_id,
    "signatories.Signature": lambda row: row.compact_id,
    "signatories.Compact": lambda row: row.pk,
    "compact_portal.CollaborativeProject": lambda row: row.compact_id,
    "compact_portal.Survey": lambda row: row.compact_id,
    "compact_portal.SurveyAnswer": lambda row: row.survey.compact_id,
    "signatories.Organisation": lambda row: None,  # its sector counts in every Compact it signed
}


def _key(compact_id: int | None) -> str:
    return EVERY_COMPACT if compact_id is None else f"{EVERY_COMPACT}:{compact_id}"


def bump(compact_id: int | None) -> None:
    """Mark a Compact's figures (None: every Compact's) as out of date."""
    bump_version(_key(compact_id))


def cached(compact_id: int, parts: tuple, work_out):
    """`work_out()`, or its result from the cache for this Compact's current figures."""
    versions = cache.get_many([_key(None), _key(compact_id)])
    key = ":".join(
        map(
            str,
            [
                "figures",
                compact_id,
                versions.get(_key(None), 0),
                versions.get(_key(compact_id), 0),
                *parts,
            ],
        )
    )
    value = cache.get(key)
    if value is None:
        value = work_out()
        cache.set(key, value, settings.FIGURES_CACHE_SECONDS)
    return value


def _changed(sender, instance, created=False, **kwargs):
    label = sender._meta.label
    if label == "signatories.Organisation" and created:
        return  # a new organisation counts nowhere until a signature of it is approved
    compact_id = COMPACT_OF[label](instance)
    # Now, for reads later in this transaction; and again once it commits, in case another
    # request cached the figures as they were before it.
    bump(compact_id)
    transaction.on_commit(lambda: bump(compact_id))


def connect() -> None:
    """Called from the app's ready(): watch every model the figures count."""
    for label in COMPACT_OF:
        model = apps.get_model(label)
        post_save.connect(_changed, sender=model, dispatch_uid=f"figures-{label}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"figures-{label}-delete")
