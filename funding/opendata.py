"""Agreements as a 360Giving Data Standard package (grants, with org-id identifiers)."""

from __future__ import annotations

import json
from collections.abc import Iterator

from django.conf import settings

from signatories.models import Organisation

from . import queries
from .models import FundingAgreement

ID_PREFIX = "360G-compactportal"
FILE = "360giving.json"  # its name in EXPORTS_ROOT (core/built_files.py)


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
    """Each agreement of the queryset as a 360Giving grant, read in chunks."""
    for agreement in queryset.iterator(chunk_size=2000):
        yield grant(agreement)


def package() -> Iterator[str]:
    """Every published agreement as one 360Giving package, piece by piece."""
    yield '{"grants": ['
    first = True
    for item in grants(queries.open_data_agreements().order_by("pk")):
        yield ("" if first else ",") + "\n" + json.dumps(item)
        first = False
    yield "\n]}\n"
