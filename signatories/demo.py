"""Demo data for Compacts: organisations of all three sectors, signatures, roles and people."""

from __future__ import annotations

import functools
import random
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accounts.models import User

from . import services
from .models import (
    Commitment,
    Compact,
    CompactOfficer,
    CompactReview,
    DeclaredLink,
    Organisation,
    OrganisationContact,
    ReferenceGroupMember,
    Sector,
    Signature,
)
from .models import OrganisationType as T

DEMO_PASSWORD = "compact-demo-2026"  # noqa: S105  # nosec B105 - the demo's printed password

PLACES = {
    "herefordshire": [
        "Hereford",
        "Leominster",
        "Ledbury",
        "Ross-on-Wye",
        "Bromyard",
        "Kington",
        "Golden Valley",
        "Wye Valley",
    ],
    "hertfordshire": [
        "St Albans",
        "Watford",
        "Stevenage",
        "Hertford",
        "Hitchin",
        "Hemel Hempstead",
        "Bishop's Stortford",
        "Welwyn",
    ],
    "chelmsford": [
        "Chelmsford",
        "Great Baddow",
        "South Woodham Ferrers",
        "Writtle",
        "Broomfield",
        "Springfield",
        "Danbury",
        "Galleywood",
    ],
}
# The real public bodies of each seeded Compact's area, by role (a Compact made for scale
# tests falls back to PUBLIC_BODIES' patterns).
REAL_PUBLIC_BODIES = {
    "herefordshire": [
        "Herefordshire Council",
        "NHS Herefordshire and Worcestershire Integrated Care Board",
        "West Mercia Police",
        "Hereford and Worcester Fire and Rescue Service",
    ],
    "hertfordshire": [
        "Hertfordshire County Council",
        "NHS Hertfordshire and West Essex Integrated Care Board",
        "Hertfordshire Constabulary",
        "Hertfordshire Fire and Rescue Service",
    ],
    "chelmsford": [
        "Chelmsford City Council",
        "NHS Mid and South Essex Integrated Care Board",
        "Essex Police",
        "Essex County Fire and Rescue Service",
    ],
}
PUBLIC_BODIES = [
    ("{area} Council", T.COUNCIL, "GB-LAE", "{code}"),
    ("NHS {area} Integrated Care Board", T.NHS_BODY, "GB-NHS", "Q{n}"),
    ("{area} Constabulary", T.POLICE, "GB-GOR", "PC{n}"),
    ("{area} Fire and Rescue Service", T.FIRE, "GB-GOR", "FR{n}"),
]
VCS_NOUNS = [
    ("Community Larder", T.COMMUNITY_GROUP),
    ("Citizens Advice", T.CHARITY),
    ("Mind", T.CHARITY),
    ("Carers Centre", T.CHARITY),
    ("Youth Trust", T.CHARITY),
    ("Community Transport", T.SOCIAL_ENTERPRISE),
    ("Food Co-operative", T.COOPERATIVE),
    ("Credit Union", T.MUTUAL),
    ("Befriending Scheme", T.COMMUNITY_GROUP),
    ("Arts Collective", T.SOCIAL_ENTERPRISE),
    ("Refugee Welcome", T.CHARITY),
    ("Rural Action", T.CHARITY),
]
PRIVATE_NOUNS = ["Builders Ltd", "Care Homes Ltd", "Printing Ltd", "Bus Company Ltd"]
# How a name is made when the town and the noun are taken: "Ledbury and District Mind"
NAME_FORMS = [
    "{place} {noun}",
    "{place} and District {noun}",
    "{place} Area {noun}",
    "North {place} {noun}",
    "South {place} {noun}",
    "East {place} {noun}",
    "West {place} {noun}",
    "Greater {place} {noun}",
    "{place} Rural {noun}",
    "{place} Town {noun}",
]


SURNAMES = [
    "Price",
    "Morgan",
    "Davies",
    "Bevan",
    "Powell",
    "Hughes",
    "Lewis",
    "Watkins",
    "Pritchard",
    "Okafor",
    "Shah",
    "Clarke",
    "Bennett",
    "Harris",
    "Khan",
    "Nowak",
    "Fletcher",
    "Ward",
]
# The demo users of each seeded Compact, one per role (a Compact made for scale tests gets
# the first list's first names with its own surnames).
PEOPLE = {
    "herefordshire": ["Helen Price", "Gwyn Pritchard", "Anna Watkins", "Rhys Bevan"],
    "hertfordshire": ["Nadia Shah", "Colin Fletcher", "Joanne Harris", "Samuel Okafor"],
    "chelmsford": ["Karen Bennett", "Darren Clarke", "Imran Khan", "Louise Ward"],
}


def _people(compact: Compact) -> list[dict]:
    """The named demo users of one Compact, one per role."""
    slug = compact.slug
    names = PEOPLE.get(slug) or [
        f"{first} {SURNAMES[(sum(map(ord, slug)) + i) % len(SURNAMES)]}"
        for i, first in enumerate(["Helen", "Gwyn", "Anna", "Rhys"])
    ]
    return [
        {"email": f"officer@{slug}.demo", "name": names[0], "role": "Compact officer"},
        {
            "email": f"contact@{slug}.demo",
            "name": names[1],
            "role": "Organisation contact (voluntary sector)",
        },
        {"email": f"public@{slug}.demo", "name": names[2], "role": "Public body officer"},
        {"email": f"reference@{slug}.demo", "name": names[3], "role": "Reference group member"},
    ]


def _user(email: str, name: str, *, staff: bool = False, superuser: bool = False) -> User:
    user, created = User.objects.get_or_create(
        email=email,
        defaults={"full_name": name, "is_staff": staff or superuser, "is_superuser": superuser},
    )
    if created:
        user.password = _demo_password_hash()
        user.save(update_fields=["password"])
    return user


@functools.cache
def _demo_password_hash() -> str:
    """Hashed once: hashing for every demo user would take minutes at national scale."""
    return make_password(DEMO_PASSWORD)


SEEDED = ("herefordshire", "hertfordshire", "chelmsford")


def add_compacts(total: int) -> int:
    """Make up to `total` Compacts, copying the seeded three's rules in turn (for scale tests)."""
    existing = Compact.objects.count()
    if existing >= total:
        return 0
    models = list(
        Compact.objects.filter(slug__in=SEEDED).order_by("pk").prefetch_related("commitments")
    )
    fields = [
        f.name
        for f in Compact._meta.concrete_fields
        # its citations name the Compact they were worked out for: not copied
        if f.name not in {"id", "name", "slug", "area", "cited", "contact_address"}
    ]
    new = []
    for number in range(existing + 1, total + 1):
        model = models[number % len(models)]
        compact = Compact(
            name=f"Demo Compact {number:03d}",
            slug=f"demo-{number:03d}",
            area=f"Demo area {number:03d}",
            **{field: getattr(model, field) for field in fields},
        )
        new.append(compact)
    new = Compact.objects.bulk_create(new, batch_size=500)
    commitments = [
        Commitment(
            compact=compact,
            clause=c.clause,
            heading=c.heading,
            text=c.text,
            undertaken_by=c.undertaken_by,
            theme=c.theme,
            position=c.position,
        )
        for i, compact in enumerate(new)
        for c in models[(existing + 1 + i) % len(models)].commitments.all()
    ]
    Commitment.objects.bulk_create(commitments, batch_size=2000)
    return len(new)


def _organisations(
    compact: Compact, index: int, rng: random.Random, count: int
) -> list[Organisation]:
    """`count` organisations across the three sectors, named for the Compact's places."""
    places = PLACES.get(compact.slug, [compact.area])
    orgs = []
    for i, (pattern, kind, scheme, ident) in enumerate(PUBLIC_BODIES):
        orgs.append(
            Organisation(
                name=REAL_PUBLIC_BODIES[compact.slug][i]
                if compact.slug in REAL_PUBLIC_BODIES
                else pattern.format(area=compact.area.split(" (")[0]),
                sector=Sector.PUBLIC,
                organisation_type=kind,
                area=compact.area,
                other_id_scheme=scheme,
                other_id=ident.format(code=f"{compact.slug[:3].upper()}", n=f"{index}{i:02d}"),
                postcode=f"HR{index}{i} 1AA",
                publish_funding=kind == T.COUNCIL,
            )
        )
    for place in places:
        orgs.append(
            Organisation(
                name=f"{place} Town Council",
                sector=Sector.PUBLIC,
                organisation_type=T.PARISH_COUNCIL,
                area=place,
            )
        )
    seen: set[str] = set()
    n = 0
    while len(orgs) < count:
        place = places[(n // len(VCS_NOUNS)) % len(places)]
        if n % 10 == 9:
            noun, kind, sector = (
                PRIVATE_NOUNS[(n // 10) % len(PRIVATE_NOUNS)],
                T.BUSINESS,
                Sector.PRIVATE,
            )
        else:
            (noun, kind), sector = VCS_NOUNS[n % len(VCS_NOUNS)], Sector.VOLUNTARY_COMMUNITY
        form = 0
        name = NAME_FORMS[0].format(place=place, noun=noun)
        while name in seen:
            form += 1
            name = NAME_FORMS[form % len(NAME_FORMS)].format(place=place, noun=noun)
            if form >= len(NAME_FORMS):  # the national scale's thousands: numbered at last
                name = f"{name} ({form // len(NAME_FORMS) + 1})"
        seen.add(name)
        orgs.append(
            Organisation(
                name=name,
                sector=sector,
                organisation_type=kind,
                area=place,
                charity_number=f"{1000000 + (index * 20000 + n) % 9000000}"
                if kind == T.CHARITY
                else "",
                company_number=f"{(index * 20000 + n) % 10**8:08d}" if kind == T.BUSINESS else "",
                website=f"https://example.org/{compact.slug}/{n}",
            )
        )
        n += 1
    for org in orgs:
        org.org_id = org.derive_org_id()
    return orgs


@transaction.atomic
def seed(*, scale: int = 1, stdout=None, per_compact: int = 200, progress=None) -> list[dict]:
    """Load demo organisations, signatures and users for every Compact. Idempotent."""
    rng = random.Random(2026)  # noqa: S311  # nosec B311 - demo data, repeatable on purpose
    people = []
    admin = _user("admin@compact-portal.demo", "Portal Administrator", superuser=True)
    people.append({"email": admin.email, "role": "Administrator (all Compacts)"})
    today = timezone.localdate()
    compacts = list(Compact.objects.order_by("pk"))
    for index, compact in enumerate(compacts, start=1):
        if progress:
            progress("Organisations and signatures", index, len(compacts))
        if not Organisation.objects.filter(signatures__compact=compact).exists():
            orgs = Organisation.objects.bulk_create(
                _organisations(compact, index, rng, per_compact * scale), batch_size=2000
            )
            signatures = []
            for i, org in enumerate(orgs):
                state = Signature.State.PENDING if i % 7 == 6 else Signature.State.APPROVED
                signed = today - timedelta(days=rng.randrange(30, 900))
                signatures.append(
                    Signature(
                        organisation=org,
                        compact=compact,
                        state=state,
                        reference=f"S-{compact.slug[:3].upper()}-{index}{i:06d}",
                        contact_name=f"Contact at {org.name}",
                        contact_email=f"org{org.pk}@example.org",
                        contact_role="Chief officer",
                        submitted_at=timezone.now() - (today - signed),
                        decided_at=timezone.now() if state == Signature.State.APPROVED else None,
                        signed_on=signed if state == Signature.State.APPROVED else None,
                    )
                )
            Signature.objects.bulk_create(signatures, batch_size=2000)
        orgs = list(Organisation.objects.filter(signatures__compact=compact).order_by("pk"))
        by_sector = {s: [o for o in orgs if o.sector == s] for s in Sector.values}
        for person in _people(compact) if compact.slug in SEEDED else []:
            user = _user(person["email"], person["name"], staff=person["role"] == "Compact officer")
            people.append({"email": user.email, "role": f"{person['role']}, {compact.name}"})
            if person["role"] == "Compact officer":
                CompactOfficer.objects.get_or_create(user=user, compact=compact)
            elif person["role"].startswith("Organisation contact"):
                OrganisationContact.objects.get_or_create(
                    user=user,
                    organisation=by_sector[Sector.VOLUNTARY_COMMUNITY][0],
                    defaults={"role": "Chief officer"},
                )
            elif person["role"] == "Public body officer":
                OrganisationContact.objects.get_or_create(
                    user=user,
                    organisation=by_sector[Sector.PUBLIC][0],
                    defaults={"role": "Partnerships officer"},
                )
            else:
                ReferenceGroupMember.objects.get_or_create(
                    compact=compact,
                    user=user,
                    defaults={
                        "name": user.full_name,
                        "organisation": by_sector[Sector.VOLUNTARY_COMMUNITY][1],
                        "role": "Chair",
                    },
                )
        _reference_group(compact, by_sector, today)
        _review(compact, admin, today)
        _next_review(compact, today)
    from .signals import copy_organisation_fields
    from .tallies import recount_all

    copy_organisation_fields()  # the signatures were bulk-created: no save copied them
    recount_all()  # nor did a signal count them
    if stdout:
        stdout.write(f"Demo users (password for all: {DEMO_PASSWORD}):")
        for person in people:
            stdout.write(f"  {person['email']:<40} {person['role']}")
    return people


def _reference_group(
    compact: Compact, by_sector: dict[str, list[Organisation]], today: date
) -> None:
    """At least eight members across three sectors, one with a declared link."""
    if compact.reference_group.count() >= 9:
        return
    seats = (
        by_sector[Sector.PUBLIC][:3]
        + by_sector[Sector.VOLUNTARY_COMMUNITY][2:7]
        + by_sector[Sector.PRIVATE][:1]
    )
    first_names = ["Alex", "Sam", "Priya", "Tom", "Aisha", "Gareth", "Mei", "Owen", "Ruth"]
    roles = ["Vice-chair", "Member", "Member", "Secretary", "Member", "Member", "Member"]
    start = sum(map(ord, compact.slug))  # each Compact's group has its own surnames
    for i, org in enumerate(seats):
        name = f"{first_names[i % 9]} {SURNAMES[(start + i) % len(SURNAMES)]}"
        member, _ = ReferenceGroupMember.objects.get_or_create(
            compact=compact,
            organisation=org,
            defaults={"name": name, "role": roles[i % len(roles)]},
        )
        if i == 4:
            DeclaredLink.objects.get_or_create(
                member=member,
                organisation=by_sector[Sector.VOLUNTARY_COMMUNITY][0],
                defaults={"description": "Trustee", "declared_on": today - timedelta(days=200)},
            )


def _next_review(compact: Compact, today: date) -> None:
    """The next annual review two weeks away, so its officers are reminded of it."""
    if compact.review_due_on is None or compact.review_due_on < today:
        compact.review_due_on = today + timedelta(weeks=2)
        compact.save(update_fields=["review_due_on"])


def _review(compact: Compact, by: User, today: date) -> None:
    """A review whose re-commit date is two weeks away: most have re-committed, a few not yet."""
    if not compact.recommit_within_weeks or compact.reviews.exists():
        return
    reviewed_on = today + timedelta(days=14) - timedelta(weeks=compact.recommit_within_weeks)
    CompactReview.objects.create(
        compact=compact,
        reviewed_on=reviewed_on,
        summary="Annual review: commitments on consultation feedback made clearer.",
        recorded_by=by,
    )
    published = Signature.objects.filter(compact=compact, state=Signature.State.APPROVED).order_by(
        "pk"
    )
    waiting = list(published.values_list("pk", flat=True)[:3])
    published.exclude(pk__in=waiting).update(recommitted_on=reviewed_on + timedelta(days=7))
    services.refresh_recommit_dates(compact)
