"""Every page a person can open, public and signed in, keeps to the GOV.UK patterns: no empty
choice drawn as dashes, every date asked for as the day, month and year boxes, no unstyled
select, no form inside another. The pages are found from the URL configuration, so a new page
is walked too."""

from __future__ import annotations

import re
from datetime import date

import pytest
import time_machine
from django.urls import URLPattern, URLResolver, get_resolver

from consultations.models import Consultation
from consultations.tests.factories import ConsultationFactory
from disputes.tests.factories import CaseFactory
from funding.models import FundingNotice
from funding.tests.factories import AgreementFactory
from partnership.models import Survey
from signatories.tests.factories import (
    CompactOfficerFactory,
    OrganisationContactFactory,
    OrganisationFactory,
    ReferenceGroupMemberFactory,
    SignatureFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 2, 10)
# Machine outputs, downloads, one-time links and the admin (Django's own) are not forms.
SKIPPED = re.compile(
    r"^/admin/|^/healthz|\.(csv|json|atom|ics)$|/confirm/|/follow/|/documents/\d+/$"
    r"|/attachments/|/sign-out/|/password/reset/.+/"
)


def _paths(resolver=None, prefix=""):
    """Every URL pattern as (path template, converters), admin included (filtered later)."""
    for entry in (resolver or get_resolver()).url_patterns:
        route = str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _paths(entry, prefix + route)
        elif isinstance(entry, URLPattern):
            yield "/" + prefix + route


def _fill(template: str, ids: dict) -> str | None:
    """The path with each converter filled from the objects made for the walk, or None."""

    def value(match):
        name = match.group(2)
        section = template.split("/")[1]
        key = {
            ("consultations", "pk"): "consultation",
            ("funding", "pk"): "notice" if "/notices/<int:pk>" in template else "agreement",
            ("signatories", "pk"): "organisation",
            ("surveys", "pk"): "survey",
            ("dashboard", "pk"): "body",
            ("cases", "reference"): "case",
            ("dashboard", "slug"): "slug",
            ("compacts", "slug"): "slug",
        }.get((section, name))
        if key is None:
            raise LookupError
        return str(ids[key])

    try:
        return re.sub(r"<(?:(\w+):)?(\w+)>", value, template)
    except LookupError:
        return None


@pytest.fixture
def world(herefordshire):
    council = OrganisationFactory(public=True, name="Herefordshire Council")
    charity = OrganisationFactory(name="Ledbury Larder")
    for organisation in (council, charity):
        SignatureFactory(organisation=organisation, compact=herefordshire, approved=True)
    consultation = ConsultationFactory(compact=herefordshire, lead_body=council)
    ConsultationFactory(
        compact=herefordshire,
        lead_body=council,
        status=Consultation.Status.CLOSED,
        opens_on=date(2025, 9, 1),
        closes_on=date(2025, 12, 1),
    )
    agreement = AgreementFactory(compact=herefordshire, funder=council, recipient=charity)
    notice = FundingNotice.objects.create(
        agreement=agreement,
        kind=FundingNotice.Kind.END,
        issued_on=date(2026, 2, 1),
        effective_on=date(2026, 6, 1),
        reasons="Budget.",
    )
    case = CaseFactory(compact=herefordshire, complainant=charity, respondent=council)
    survey = Survey.objects.create(
        compact=herefordshire,
        title="Partnership survey",
        questions=["How well?"],
        opens_on=date(2026, 1, 1),
        closes_on=date(2026, 12, 31),
    )
    people = {
        "anonymous": None,
        "contact": OrganisationContactFactory(organisation=charity).user,
        "public_body_officer": OrganisationContactFactory(organisation=council).user,
        "compact_officer": CompactOfficerFactory(compact=herefordshire).user,
        "reference_group_member": ReferenceGroupMemberFactory(compact=herefordshire).user,
        "new_account": UserFactory(),
    }
    ids = {
        "consultation": consultation.pk,
        "agreement": agreement.pk,
        "notice": notice.pk,
        "organisation": charity.pk,
        "survey": survey.pk,
        "body": council.pk,
        "case": case.reference,
        "slug": herefordshire.slug,
    }
    return people, ids


def _pages(client, world):
    """(who, path, html) for every page that opens to someone."""
    people, ids = world
    paths = sorted({p for t in _paths() if (p := _fill(t, ids)) and not SKIPPED.search(p)})
    assert len(paths) > 30, paths
    for who, user in people.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        for path in paths:
            with time_machine.travel(TODAY, tick=False):
                response = client.get(path)
            if response.status_code == 200 and "html" in response.get("Content-Type", ""):
                yield who, path, response.content.decode()


DATE_NAME = re.compile(r"(_on|_date|date|^from$|^to$|_from|_to|due)$")


def _problems(html: str) -> list[str]:
    found = []
    for at in [m.start() for m in re.finditer("---------", html)]:
        context = html[max(0, at - 160) : at + 12].replace("\n", " ")
        found.append(f"an empty choice drawn as dashes: …{context}")
    for tag in re.findall(r"<input\b[^>]*>", html):
        kind = re.search(r'type="(\w+)"', tag)
        name = re.search(r'name="([^"]+)"', tag)
        if kind and kind.group(1) == "date":
            found.append(f"a browser date box: {tag}")
        elif name and DATE_NAME.search(name.group(1)) and "govuk-date-input__input" not in tag:
            if not kind or kind.group(1) in {"text", "search"}:
                found.append(f"a date typed into one box: {tag}")
    if re.search(r"YYYY-MM-DD", html):
        found.append("a date asked for as YYYY-MM-DD")
    for tag in re.findall(r"<select\b[^>]*>", html):
        if "govuk-select" not in tag and "autocomplete" not in tag:
            found.append(f"an unstyled select: {tag}")
    depth = 0
    for tag in re.finditer(r"<(/?)form\b[^>]*>", html):
        depth += -1 if tag.group(1) else 1
        if depth > 1:
            found.append(f"a form inside another form (browsers drop it): {tag.group(0)}")
    return found


def test_no_page_shows_dashes_a_typed_date_an_unstyled_select_or_a_nested_form(client, world):
    failures = []
    seen = 0
    for who, path, html in _pages(client, world):
        seen += 1
        failures += [f"{who} {path}: {problem}" for problem in _problems(html)]
    assert seen > 60
    assert not failures, "\n".join(sorted(set(failures)))
