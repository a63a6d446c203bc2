"""Name, per seeded Compact, the clause of each check before a cut it asks for (RULES.md §4).

Compact.clauses is keyed by rule name; a check a Compact names a clause for is one it asks
for (a Compact naming none has the check off). The values are the clauses of its commitments
(signatories 0002), so a concern about a notice can name the commitment:

- Herefordshire (000): an Equality Impact Assessment (FP-9) and the impact on beneficiaries,
  service users and volunteers (FP-3); its notice commitment is FP-5.
- Hertfordshire (001): the impact (4.2) and an improvement plan first (4.1); notice 4.4.
- Chelmsford (003): the impact on all stakeholders (§4.2) and an action plan (§4.1); notice §4.4.

Existing notices are judged again, so none keeps a headline its checks do not earn.
"""

from django.db import migrations

CHECKS = {
    "herefordshire": {
        "equality_impact_assessment": "FP-9",
        "impact_assessment": "FP-3",
        "funding_end_notice_commitment": "FP-5",
    },
    "hertfordshire": {
        "impact_assessment": "4.2",
        "improvement_plan": "4.1",
        "funding_end_notice_commitment": "4.4",
    },
    "chelmsford": {
        "impact_assessment": "§4.2",
        "improvement_plan": "§4.1",
        "funding_end_notice_commitment": "§4.4",
    },
}


# The kinds of cut each check comes before, as funding.rules.CHECKS_BEFORE had it here.
BEFORE = {
    "end": ("equality_impact_assessment", "impact_assessment", "improvement_plan"),
    "reduce": ("equality_impact_assessment", "impact_assessment"),
}
KEPT_OR_OFF = ("meets", "exception", "not_set")


def ask_for_checks(apps, schema_editor):
    """Add the checks' clauses to the three seeded Compacts, then re-judge their notices."""
    Compact = apps.get_model("signatories", "Compact")
    FundingNotice = apps.get_model("funding", "FundingNotice")
    for compact in Compact.objects.filter(slug__in=CHECKS):
        compact.clauses = {**compact.clauses, **CHECKS[compact.slug]}
        compact.save(update_fields=["clauses"])
        asked = [name for name in CHECKS[compact.slug] if name != "funding_end_notice_commitment"]
        notices = FundingNotice.objects.filter(
            agreement__compact=compact, state__in=KEPT_OR_OFF, kind__in=BEFORE
        )
        for notice in notices:
            if any(
                name in BEFORE[notice.kind]
                and getattr(notice, name) not in ("done", "not_relevant")
                for name in asked
            ):
                FundingNotice.objects.filter(pk=notice.pk).update(state="checks_missing")


def forget_checks(apps, schema_editor):
    Compact = apps.get_model("signatories", "Compact")
    for compact in Compact.objects.filter(slug__in=CHECKS):
        compact.clauses = {
            k: v for k, v in compact.clauses.items() if k not in CHECKS[compact.slug]
        }
        compact.save(update_fields=["clauses"])


class Migration(migrations.Migration):
    dependencies = [
        ("funding", "0006_notice_checks_replies_award_reasons"),
        ("signatories", "0008_history_change_reason_kept_whole"),
    ]

    operations = [migrations.RunPython(ask_for_checks, forget_checks)]
