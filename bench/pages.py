"""The pages the benchmark drives, each with many distinct URLs, and the roles that see them.

Run inside `manage.py shell` (bench.py does): prints one JSON object, {"pages": [...],
"users": {role: email}}. Each page is {"label", "role", "urls"}: up to URLS_PER_PAGE distinct
addresses (searches from words in real names, every filter, pages up to the last one offered,
ids across the whole country), drawn with a fixed seed so two runs ask the same things.
The role is "" for an anonymous visitor, or one of USERS.
"""

from __future__ import annotations

import json
import random
from urllib.parse import urlencode

from django.db.models import Max, Min
from django.urls import reverse

from consultations.models import Consultation
from core.paging import MAX_ROWS
from disputes.models import Case
from funding.models import FundingAgreement
from signatories.models import Compact, Organisation, OrganisationType, Sector, Signature

URLS_PER_PAGE = 1500
USERS = {
    "public body": "public@herefordshire.demo",  # a council's contact: funds agreements
    "voluntary": "contact@herefordshire.demo",  # a charity's contact: receives them
    "reference": "reference@herefordshire.demo",  # a reference group member: the dashboard
    "officer": "officer@herefordshire.demo",  # a Compact officer: the admin for one Compact
    "superuser": "admin@compact-portal.demo",  # every Compact
}
rng = random.Random(24)


def ids_between(queryset, n: int) -> list[int]:
    """n ids spread over the whole table (random in the id range, existing ones kept)."""
    bounds = queryset.aggregate(low=Min("pk"), high=Max("pk"))
    wanted = {rng.randint(bounds["low"], bounds["high"]) for _ in range(n * 3)}
    return list(queryset.filter(pk__in=wanted).values_list("pk", flat=True)[:n])


def varied(make, n: int = URLS_PER_PAGE) -> list[str]:
    """n distinct URLs from make() (fewer if it cannot make that many)."""
    urls: list[str] = []
    seen: set[str] = set()
    for _ in range(n * 20):
        url = make()
        if url not in seen:
            seen.add(url)
            urls.append(url)
        if len(urls) >= n:
            break
    return urls


def query(path: str, **params) -> str:
    params = {k: v for k, v in params.items() if v not in (None, "")}
    return f"{path}?{urlencode(params)}" if params else path


slugs = list(Compact.objects.order_by("pk").values_list("slug", flat=True))
words = sorted(
    {
        word
        for name in Organisation.objects.order_by("?").values_list("name", flat=True)[:3000]
        for word in name.split()
        if len(word) >= 4 and word.isalpha()
    }
)
fragments = [word[: rng.randint(3, len(word))] for word in words]
periods = [
    {},
    *({"fy": year} for year in (2024, 2025, 2026)),
    *({"fy": year, "q": q} for year in (2025, 2026) for q in (1, 2, 3, 4)),
]
max_page = lambda per_page: MAX_ROWS // per_page  # noqa: E731 - the last page offered


def published_list() -> str:
    """As people use it: browsing pages, one Compact's list, a name search, or a sector or type;
    with any sort. (Every filter at once would mostly find nothing, which costs little.)"""
    sort = rng.choice(["", "name", "-name", "signed", "-signed", "compact"])
    shape = rng.choice(["browse", "compact", "search", "search", "sector", "type", "mixed"])
    params = {
        "browse": {"page": rng.choice([1, 2, 3, rng.randint(1, max_page(50)), max_page(50)])},
        "compact": {"compact": rng.choice(slugs), "page": rng.choice([1, 1, 2, 9])},
        "search": {"q": rng.choice(fragments), "page": rng.choice([1, 1, 2, 5])},
        "sector": {"sector": rng.choice(Sector.values), "page": rng.randint(1, max_page(50))},
        "type": {"type": rng.choice(OrganisationType.values), "page": rng.randint(1, 10)},
        "mixed": {"compact": rng.choice(slugs), "sector": rng.choice(Sector.values)},
    }[shape]
    return query("/signatories/", sort=sort, **params)


def consultations_list() -> str:
    """Browsing pages, one Compact's, one status or compliance verdict, or those awaiting
    feedback."""
    shape = rng.choice(["browse", "compact", "status", "compliance", "feedback", "mixed"])
    published = [s for s in Consultation.Status.values if s != "draft"]
    params = {
        "browse": {"page": rng.choice([1, 2, rng.randint(1, max_page(25)), max_page(25)])},
        "compact": {"compact": rng.choice(slugs), "page": rng.choice([1, 1, 2, 5])},
        "status": {"status": rng.choice(published), "page": rng.randint(1, max_page(25))},
        "compliance": {
            "compliance": rng.choice(Consultation.Compliance.values),
            "page": rng.randint(1, 20),
        },
        "feedback": {"awaiting_feedback": "true", "page": rng.randint(1, max_page(25))},
        "mixed": {"compact": rng.choice(slugs), "status": rng.choice(published)},
    }[shape]
    return query("/consultations/", **params)


def export(path: str) -> callable:
    return lambda: query(
        path,
        compact=rng.choice(slugs),
        sector=rng.choice(["", *Sector.values]),
        q=rng.choice(["", "", *fragments]),
    )


def dashboard(slug_choices) -> callable:
    return lambda: query(f"/dashboard/{rng.choice(slug_choices)}/", **rng.choice(periods))


def metrics(slug_choices) -> callable:
    return lambda: query(
        "/dashboard/metrics.json", compact=rng.choice(slug_choices), **rng.choice(periods)
    )


def admin_list(model, params) -> callable:
    """A changelist with random filters and search; deep pages only of the unfiltered list (a
    page past a filtered list's end is a redirect, which would flatter the numbers)."""
    path = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")

    def make():
        chosen = {k: rng.choice(v) for k, v in params.items() if k != "p"}
        narrowed = any(chosen.values())
        chosen["p"] = rng.choice(["", 1] if narrowed else params["p"])
        return query(path, **chosen)

    return make


signed = Signature.objects.filter(state=Signature.State.APPROVED)
organisations = ids_between(Organisation.objects.filter(signatures__in=signed), URLS_PER_PAGE)
consultations = ids_between(Consultation.objects.exclude(status="draft"), URLS_PER_PAGE)
herefordshire = Compact.objects.get(slug="herefordshire")
officer_pages = [1, 2, 3, 10, max_page(100), ""]
admin_pages = [1, 2, 3, 50, max_page(100) - 1, ""]  # the admin counts pages from 0 (p=)
compact_ids = list(Compact.objects.values_list("pk", flat=True))


def admin_pages_for(who: str, compact_choices) -> list[tuple[str, str, callable]]:
    compact = ["", *compact_choices]
    return [
        (
            f"admin consultations ({who})",
            who,
            admin_list(
                Consultation,
                {
                    "compact__id__exact": compact,
                    "status__exact": ["", *Consultation.Status.values],
                    "q": ["", "", *fragments],
                    "p": admin_pages,
                },
            ),
        ),
        (
            f"admin signatures ({who})",
            who,
            admin_list(
                Signature,
                {
                    "compact__id__exact": compact,
                    "state__exact": ["", *Signature.State.values],
                    "q": ["", "", *fragments],
                    "p": admin_pages,
                },
            ),
        ),
        (
            f"admin organisations ({who})",
            who,
            admin_list(
                Organisation,
                {
                    "sector__exact": ["", *Sector.values],
                    "q": ["", "", *fragments],
                    "p": admin_pages,
                },
            ),
        ),
        (
            f"admin funding agreements ({who})",
            who,
            admin_list(
                FundingAgreement,
                {"compact__id__exact": compact, "q": ["", "", *fragments], "p": admin_pages},
            ),
        ),
        (
            f"admin cases ({who})",
            who,
            admin_list(
                Case,
                {
                    "compact__id__exact": compact,
                    "state__exact": ["", *Case.State.values],
                    "q": ["", "", *fragments],
                    "p": admin_pages,
                },
            ),
        ),
    ]


PAGES = [
    ("trivial view (accessibility statement)", "", lambda: "/accessibility"),
    ("home page", "", lambda: "/"),
    ("Compacts", "", lambda: "/compacts/"),
    ("a Compact", "", lambda: f"/compacts/{rng.choice(slugs)}/"),
    ("published list (search, filters, sort, pages)", "", published_list),
    ("a signatory's page", "", lambda: f"/signatories/{rng.choice(organisations)}/"),
    ("consultations list (filters, pages)", "", consultations_list),
    ("a consultation's page", "", lambda: f"/consultations/{rng.choice(consultations)}/"),
    ("signatories.csv (filtered, streamed)", "", export("/signatories.csv")),
    ("signatories.json (filtered, streamed)", "", export("/signatories.json")),
    ("feed.atom", "", lambda: query("/consultations/feed.atom", compact=rng.choice(["", *slugs]))),
    (
        "calendar.ics",
        "",
        lambda: query("/consultations/calendar.ics", compact=rng.choice(["", *slugs])),
    ),
    (
        "a Compact's public summary",
        "",
        lambda: query(f"/dashboard/{rng.choice(slugs)}/summary/", **rng.choice(periods)),
    ),
    ("lessons from closed cases", "", lambda: query("/cases/lessons/", page=rng.randint(1, 5))),
    (
        "funding list (public body)",
        "public body",
        lambda: query("/funding/", page=rng.choice(officer_pages)),
    ),
    ("renewals waiting (public body)", "public body", lambda: "/funding/renewals/"),
    (
        "consultations you run (public body)",
        "public body",
        lambda: query("/consultations/yours/", page=rng.randint(1, 3)),
    ),
    ("funding list (voluntary)", "voluntary", lambda: query("/funding/", page=rng.randint(1, 2))),
    ("dashboard (reference group)", "reference", dashboard(["herefordshire"])),
    ("metrics.json (reference group)", "reference", metrics(["herefordshire"])),
    (
        "funding list (Compact officer)",
        "officer",
        lambda: query("/funding/", page=rng.choice(officer_pages)),
    ),
    ("renewals waiting (Compact officer)", "officer", lambda: "/funding/renewals/"),
    ("cases (Compact officer)", "officer", lambda: query("/cases/", page=rng.randint(1, 3))),
    ("dashboard (Compact officer)", "officer", dashboard(["herefordshire"])),
    (
        "funding list (superuser)",
        "superuser",
        lambda: query("/funding/", page=rng.choice(officer_pages)),
    ),
    ("renewals waiting (superuser)", "superuser", lambda: "/funding/renewals/"),
    (
        "consultations you run (superuser)",
        "superuser",
        lambda: query("/consultations/yours/", page=rng.choice([1, 2, 3, 10, 40])),
    ),
    ("cases (superuser)", "superuser", lambda: query("/cases/", page=rng.choice([1, 2, 3, 10]))),
    ("dashboard, any Compact and period (superuser)", "superuser", dashboard(slugs)),
    ("metrics.json, any Compact and period (superuser)", "superuser", metrics(slugs)),
    *admin_pages_for("officer", [herefordshire.pk]),
    *admin_pages_for("superuser", compact_ids),
]

print(
    json.dumps(
        {
            "pages": [
                {"label": label, "role": role, "urls": varied(make)} for label, role, make in PAGES
            ],
            "users": USERS,
        }
    )
)
