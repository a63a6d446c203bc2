"""Agreements as a 360Giving Data Standard package (grants, with org-id identifiers)."""

from __future__ import annotations

from collections.abc import Iterator

from django.conf import settings

from signatories.models import Organisation

from .models import FundingAgreement

ID_PREFIX = "360G-compactportal"


def organisation(org: Organisation) -> dict:
    """A 360Giving Organization: org-id where known, else the portal's own identifier."""
    data = {"id": org.org_id or f"{ID_PREFIX}-org-{org.pk}", "name": org.name}
    if org.charity_number:
        data["charityNumber"] = org.charity_number
    if org.company_number:
        data["companyNumber"] = org.company_number
    if org.postcode:
        data["postalCode"] = org.postcode
    return data


def grant(agreement: FundingAgreement) -> dict:
    """One agreement as a 360Giving grant."""
    return {
        "id": f"{ID_PREFIX}-{agreement.pk}",
        "title": agreement.title,
        "description": agreement.purpose,
        "currency": agreement.currency,
        "amountAwarded": float(agreement.amount),
        "awardDate": agreement.awarded_on.isoformat(),
        "plannedDates": [
            {
                "startDate": agreement.start_date.isoformat(),
                "endDate": agreement.end_date.isoformat(),
            }
        ],
        "recipientOrganization": [organisation(agreement.recipient)],
        "fundingOrganization": [organisation(agreement.funder)],
        "url": settings.SITE_URL + "/funding/360giving.json",
        "dataSource": settings.SITE_URL,
    }


def grants(queryset) -> Iterator[dict]:
    for agreement in queryset.iterator(chunk_size=2000):
        yield grant(agreement)
