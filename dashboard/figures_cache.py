"""The dashboard's figures, kept in the cache until something they count changes.

A Compact's figures are stored under a version number; saving or deleting any row they count
(a case, a consultation, an agreement, a notice, a signature …) bumps that Compact's version,
at once and again when the transaction commits, so the next view works them out afresh.
Changes with no single Compact (an organisation's sector) bump the version every Compact's
key also carries. The entries expire after FIGURES_CACHE_SECONDS anyway, for writes that
bypass signals (bulk updates by hand in a shell), so no figure is ever older than that.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache

from core.versions import bump_now_and_on_commit, on_change

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
    "partnership.CollaborativeProject": lambda row: row.compact_id,
    "partnership.Survey": lambda row: row.compact_id,
    "partnership.SurveyAnswer": lambda row: row.survey.compact_id,
    "signatories.Organisation": lambda row: None,  # its sector counts in every Compact it signed
}


def _key(compact_id: int | None) -> str:
    return EVERY_COMPACT if compact_id is None else f"{EVERY_COMPACT}:{compact_id}"


def versions(compact_id: int) -> str:
    """The version of this Compact's figures: it moves on whenever one of them may change."""
    found = cache.get_many([_key(None), _key(compact_id)])
    return f"{found.get(_key(None), 0)}.{found.get(_key(compact_id), 0)}"


def cached(compact_id: int, parts: tuple, work_out):
    """`work_out()`, or its result from the cache for this Compact's current figures."""
    key = ":".join(map(str, ["figures", compact_id, versions(compact_id), *parts]))
    value = cache.get(key)
    if value is None:
        value = work_out()
        cache.set(key, value, settings.FIGURES_CACHE_SECONDS)
    return value


def _changed(sender, instance, created=False, **kwargs):
    label = sender._meta.label
    if label == "signatories.Organisation" and created:
        return  # a new organisation counts nowhere until a signature of it is approved
    bump_now_and_on_commit(_key(COMPACT_OF[label](instance)))


def connect() -> None:
    """Called from the app's ready(): watch every model the figures count."""
    on_change(COMPACT_OF, _changed, "figures")
