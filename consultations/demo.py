"""Demo consultations in every state and compliance state, with responses of every kind."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from signatories.demo import PLACES
from signatories.models import Compact, Organisation, Sector, Signature
from signatories.services import new_reference

from .models import Consultation, Follower, Response

S = Consultation.Status
L = Consultation.Level
RT = Response.RespondentType
CH = Response.Channel
TOPICS = [
    "Library opening hours",
    "Adult social care charging",
    "Community grants scheme",
    "Local transport plan",
    "Youth services review",
    "Parks and open spaces strategy",
    "Homelessness strategy",
    "Voluntary sector infrastructure support",
    "Health and wellbeing strategy",
    "Domestic abuse support services",
    "Mental health day services",
    "Leisure centre contracts",
]


def _topic(number: int, i: int) -> str:
    """Each Compact starts the topics at a different place, so their lists differ."""
    return TOPICS[(i + 3 * number) % len(TOPICS)]


def _title(compact, number: int, i: int, copy: int) -> str:
    """A title drawn from the Compact's area: "Homelessness strategy for Herefordshire";
    the copies a larger scale makes are about one of its towns."""
    places = PLACES.get(compact.slug) or [compact.area.split(" (")[0]]
    where = compact.area.split(" (")[0] if not copy else places[(copy - 1) % len(places)]
    round_ = (copy - 1) // len(places) if copy else -1
    title = f"{_topic(number, i)} for {where}"
    return title if round_ < 1 else f"{title}, round {round_ + 1}"

# (status, level, opens (days from today), length in days or None for the Compact's minimum,
#  reason kind, reason)
VARIANTS = [
    (S.DRAFT, L.CONSULTING, 14, None, "", ""),
    (S.FORTHCOMING, L.CONSULTING, 1, None, "", ""),
    (S.OPEN, L.CONSULTING, -77, None, "", ""),  # closes in 7 days
    (
        S.OPEN,
        L.CONSULTING,
        -10,
        42,
        Consultation.ReasonKind.LEGAL,
        "The government's statutory deadline for the plan is in the spring.",
    ),
    (S.OPEN, L.INFORMING, -3, 28, "", ""),
    (S.CLOSED, L.CONSULTING, -154, None, "", ""),  # feedback due in 2 weeks
    (S.CLOSED, L.CONSULTING, -169, None, "", ""),  # feedback due yesterday
    (S.FEEDBACK_PUBLISHED, L.CONSULTING, -300, None, "", ""),
    (
        S.CLOSED,
        L.CONSULTING,
        -120,
        30,
        "",
        "",
    ),  # shorter, no reason: dates edited after publication
    (S.WITHDRAWN, L.PARTNERSHIP, -40, 84, "", ""),
]


def _responses(consultation, organisations, today, rng_index):
    received = min(today, consultation.closes_on)
    base = dict(
        consultation=consultation,
        received_on=received,
        body="We broadly support the proposals, "
        "but ask that the timetable allows smaller groups to take part.",
    )
    rows = [
        Response(
            **base,
            respondent_type=RT.ORGANISATION,
            organisation=organisations[rng_index % len(organisations)],
            name="Chief officer",
            email=f"respondent{rng_index}a@example.org",
            represents="Our members and service users",
            capacity="Chief officer",
            organisation_size=Response.OrganisationSize.LARGE,
        ),
        Response(
            **base,
            respondent_type=RT.INDIVIDUAL,
            name="A resident",
            email=f"respondent{rng_index}b@example.org",
            represents="Myself",
            capacity="Resident",
        ),
        Response(**base, respondent_type=RT.ANONYMOUS),
        Response(
            **base,
            respondent_type=RT.INDIVIDUAL,
            channel=CH.WRITTEN,
            name="Letter writer",
            represents="Myself",
        ),
        Response(
            **base,
            respondent_type=RT.ORGANISATION,
            channel=CH.MEETING,
            name="Tenants' forum",
            represents="Tenants' forum members",
            organisation=organisations[(rng_index + 1) % len(organisations)],
            organisation_size=Response.OrganisationSize.MICRO,
        ),
        Response(**base, respondent_type=RT.ANONYMOUS, channel=CH.SURVEY),
        Response(
            **base,
            respondent_type=RT.INDIVIDUAL,
            channel=CH.PETITION,
            name="Save our library campaign",
            represents="Petition signatories",
            petition_signatures=1200 + rng_index,
        ),
    ]
    for row in rows:
        row.reference = new_reference("R")
    return rows


@transaction.atomic
def seed(*, scale: int = 1, stdout=None, progress=None) -> int:
    """Consultations of every state for each Compact (idempotent)."""
    today = timezone.localdate()
    made = 0
    compacts = list(Compact.objects.order_by("pk"))
    for number, compact in enumerate(compacts, start=1):
        if progress:
            progress("Consultations and responses", number, len(compacts))
        if Consultation.objects.filter(compact=compact).exists():
            continue
        signed = Organisation.objects.filter(
            signatures__compact=compact, signatures__state=Signature.State.APPROVED
        ).order_by("pk")
        leads = list(signed.filter(sector=Sector.PUBLIC)[:3])
        respondents = list(signed.filter(sector=Sector.VOLUNTARY_COMMUNITY)[:20])
        if not leads or not respondents:
            continue
        minimum = 7 * (compact.consultation_min_weeks or 12)
        consultations = []
        for copy in range(scale):
            for i, (status, level, opens, length, kind, reason) in enumerate(VARIANTS):
                opens_on = today + timedelta(days=opens)
                c = Consultation(
                    compact=compact,
                    lead_body=leads[copy % len(leads)],
                    title=_title(compact, number, i, copy),
                    summary=f"Tell us what you think about our {_topic(number, i).lower()}.",
                    body="We want to hear from residents, community groups and charities first.",
                    level=level,
                    audience="Residents, voluntary and community organisations",
                    opens_on=opens_on,
                    closes_on=opens_on + timedelta(days=length or minimum),
                    shorter_reason_kind=kind,
                    shorter_reason=reason,
                    contact_email=f"consultations@{compact.slug}.example.org",
                    status=status,
                    commitments_confirmed=status != S.DRAFT,
                    published_at=None if status == S.DRAFT else timezone.now(),
                    questions=["What do you think of the proposal?", "What would you change?"],
                    glossary="Compact: the agreement between the public and voluntary sectors",
                )
                c.refresh_verdicts()  # bulk_create does not call save()
                if status == S.FEEDBACK_PUBLISHED:
                    c.feedback = (
                        "We decided to go ahead with changes. Responses led us to keep Saturday "
                        "opening. We did not act on the request to delay, because of the budget."
                    )
                    c.feedback_published_on = c.closes_on + timedelta(days=30)
                if status == S.WITHDRAWN:
                    c.ended_early_on = opens_on + timedelta(days=20)
                    c.ended_early_reason = (
                        "The partnership board paused the strategy while funding is reviewed."
                    )
                consultations.append(c)
        consultations = Consultation.objects.bulk_create(consultations, batch_size=1000)
        made += len(consultations)
        responses, followers = [], []
        for index, c in enumerate(consultations):
            if c.invites_responses and c.status in {S.OPEN, S.CLOSED, S.FEEDBACK_PUBLISHED}:
                responses.extend(_responses(c, respondents, today, index))
            if c.status == S.FORTHCOMING:
                followers.append(
                    Follower(
                        consultation=c,
                        email=f"follower{index}@example.org",
                        confirmed_at=timezone.now(),
                    )
                )
        Response.objects.bulk_create(responses, batch_size=2000)
        Follower.objects.bulk_create(followers, ignore_conflicts=True)
    if stdout:
        stdout.write(f"Consultations: {made} in every state, with responses of every kind.")
    return made
