"""Everyone in a case is told, once, at every step; nobody outside it is told anything."""

from collections import Counter
from datetime import date, time

import pytest
from django.core.exceptions import ValidationError

from core.models import OutboundEmail
from disputes import services
from disputes.models import SteeringGroup
from disputes.tests.factories import panel_members
from signatories.tests.factories import (
    CompactOfficerFactory,
    OrganisationContactFactory,
    OrganisationFactory,
    UserFactory,
    on_the_list,
)

pytestmark = pytest.mark.django_db


class World:
    """A concern raised in one Compact, with people in and out of it."""

    def __init__(self, compact, other_compact):
        self.compact = compact
        self.complainant = OrganisationContactFactory(
            user__email="raiser@charity.example",
            organisation=on_the_list(OrganisationFactory(), compact),
        )
        self.colleague = OrganisationContactFactory(
            user__email="colleague@charity.example", organisation=self.complainant.organisation
        ).user
        council = on_the_list(OrganisationFactory(public=True), compact)
        self.respondents = [
            OrganisationContactFactory(
                user__email=f"r{n}@council.example", organisation=council
            ).user
            for n in (1, 2)
        ]
        self.pending = OrganisationContactFactory(
            user__email="pending@council.example", user__is_active=False, organisation=council
        ).user
        self.officers = [
            CompactOfficerFactory(compact=compact, user__email=f"o{n}@compact.example").user
            for n in (1, 2)
        ]
        self.elsewhere = CompactOfficerFactory(
            compact=other_compact, user__email="other-officer@elsewhere.example"
        ).user
        self.stranger = UserFactory(email="stranger@example.org")
        self.commitment = compact.commitments.first()

    def raise_it(self, what_happened="Our grant ended with two weeks' notice."):
        return services.raise_concern(
            by=self.complainant.user,
            compact=self.compact,
            complainant=self.complainant.organisation,
            respondent=self.respondents[0].organisation_links.get().organisation,
            commitment=self.commitment,
            what_happened=what_happened,
            outcome_sought="Three months' notice restored.",
            first_raised_on=date(2026, 1, 2),
            first_raised_how="Letter to the director",
            contact_name="Priya Secret",
            contact_email="priya.secret@charity.example",
            contact_phone="07700 900123",
            today=date(2026, 1, 5),
        )

    @property
    def complainant_side(self):
        return {
            "raiser@charity.example",
            "colleague@charity.example",
            "priya.secret@charity.example",
        }

    @property
    def respondent_side(self):
        return {"r1@council.example", "r2@council.example"}

    @property
    def officer_emails(self):
        return {"o1@compact.example", "o2@compact.example"}


@pytest.fixture
def world(herefordshire, hertfordshire):
    return World(herefordshire, hertfordshire)


def sent(subject_part: str) -> Counter:
    """How many emails each address got whose subject contains these words."""
    return Counter(
        OutboundEmail.objects.filter(subject__contains=subject_part).values_list(
            "recipient", flat=True
        )
    )


def bodies_to(address: str) -> str:
    return "\n".join(
        OutboundEmail.objects.filter(recipient=address).values_list("body_text", flat=True)
    )


def once_each(counter: Counter, addresses: set[str]) -> None:
    assert counter == Counter({address: 1 for address in addresses})


def test_logging_a_case_tells_the_respondents_contacts_what_was_raised(world):
    case = world.raise_it()
    once_each(sent("about your organisation"), world.respondent_side)
    body = bodies_to("r1@council.example")
    for expected in (
        case.reference,
        "Our grant ended with two weeks' notice.",
        "Three months' notice restored.",
        world.commitment.heading,
        "Informal, then Formal (panel), then Additional support (mediation)",
        "16 February 2026",  # six weeks from initial contact
    ):
        assert expected in body
    for secret in ("Priya Secret", "priya.secret@charity.example", "07700 900123", "raiser@"):
        assert secret not in body


def test_logging_a_case_acknowledges_it_and_tells_the_officers_and_nobody_else(world):
    case = world.raise_it()
    once_each(sent("We have logged your concern"), {"priya.secret@charity.example"})
    once_each(sent("A new concern has been logged"), world.officer_emails)
    everyone_told = set(OutboundEmail.objects.values_list("recipient", flat=True))
    assert everyone_told == (
        world.respondent_side | world.officer_emails | {"priya.secret@charity.example"}
    )
    assert case.reference in bodies_to("o1@compact.example")


def test_a_reply_in_writing_reaches_everyone_in_the_case_but_its_writer(world):
    case = world.raise_it()
    OutboundEmail.objects.all().delete()
    services.send_message(
        case, by=world.respondents[0], to="everyone", body="We will meet you next week."
    )
    once_each(
        sent("A new message"),
        world.complainant_side | {"r2@council.example"} | world.officer_emails,
    )


def test_each_member_is_invited_once_and_the_parties_see_who_is_proposed(world):
    case = world.raise_it()
    OutboundEmail.objects.all().delete()
    members = panel_members(world.compact)
    services.propose_panel(case, by=world.officers[0], members=members)
    once_each(sent("You are invited to sit on the panel"), {m.user.email for m in members})
    once_each(sent("A panel has been proposed"), world.complainant_side | world.respondent_side)
    assert members[0].name in bodies_to("r1@council.example")
    assert "o1@compact.example" not in set(
        OutboundEmail.objects.values_list("recipient", flat=True)
    )


def test_the_panel_is_confirmed_to_everyone_once_when_the_last_member_confirms(world):
    case = world.raise_it()
    members = panel_members(world.compact)
    services.propose_panel(case, by=world.officers[0], members=members)
    seats = {seat.member_id: seat for seat in case.panel.all()}
    for member in members[:2]:
        services.confirm_no_conflict(seats[member.pk], by=member.user)
    assert not sent("is confirmed")
    services.confirm_no_conflict(seats[members[2].pk], by=members[2].user)
    with pytest.raises(ValidationError):
        services.confirm_no_conflict(seats[members[2].pk], by=members[2].user)
    once_each(
        sent("is confirmed"),
        world.complainant_side
        | world.respondent_side
        | world.officer_emails
        | {m.user.email for m in members},
    )


def test_a_declared_conflict_tells_the_officers_and_the_member_cannot_be_proposed_again(world):
    case = world.raise_it()
    members = panel_members(world.compact)
    services.propose_panel(case, by=world.officers[0], members=members)
    seat = case.panel.get(member=members[0])
    services.declare_conflict(seat, by=members[0].user, conflict="I am a trustee of the charity")
    once_each(sent("declared a conflict"), world.officer_emails)
    assert "I am a trustee of the charity" in bodies_to("o2@compact.example")
    with pytest.raises(ValidationError, match="formal stage only with a confirmed panel"):
        services.move_to_next_stage(case, by=world.officers[0], reason="Talks failed")
    replacement = panel_members(world.compact)[0]  # public sector, like the one it replaces
    with pytest.raises(ValidationError, match="declared a link"):
        services.propose_panel(
            case, by=world.officers[0], members=[members[0], members[1], replacement]
        )
    OutboundEmail.objects.all().delete()
    services.propose_panel(case, by=world.officers[0], members=[replacement, *members[1:]])
    once_each(sent("You are invited"), {replacement.user.email})


def test_an_arranged_meeting_is_sent_with_its_calendar_link(world, client):
    case = world.raise_it()
    members = panel_members(world.compact)
    services.propose_panel(case, by=world.officers[0], members=members)
    for seat in case.panel.all():  # the panel hears of meetings once it has confirmed
        services.confirm_no_conflict(seat, by=seat.member.user)
    OutboundEmail.objects.all().delete()
    meeting = services.record_meeting(
        case,
        by=world.officers[0],
        held_on=date(2026, 2, 3),
        starts_at=time(10, 30),
        place="Plough Lane, Hereford",
        attendees="Both parties and the panel",
    )
    once_each(
        sent("A panel meeting is arranged"),
        world.complainant_side
        | world.respondent_side
        | {"o2@compact.example"}
        | {m.user.email for m in members},
    )
    body = bodies_to("r2@council.example")
    assert "Tuesday 3 February 2026, 10:30 a.m." in body and "Plough Lane, Hereford" in body
    assert meeting.get_calendar_url() in body
    client.force_login(world.respondents[1])
    calendar = client.get(meeting.get_calendar_url())
    assert calendar["Content-Type"].startswith("text/calendar")
    assert b"LOCATION:Plough Lane\\, Hereford" in calendar.content
    assert b"DTSTART;TZID=Europe/London:20260203T103000" in calendar.content
    client.force_login(world.stranger)
    assert client.get(meeting.get_calendar_url()).status_code == 404


def test_moving_to_mediation_names_the_mediator_to_both_parties(compacts):
    world = World(compacts["chelmsford"], compacts["herefordshire"])
    case = world.raise_it()
    OutboundEmail.objects.all().delete()
    services.move_to_next_stage(
        case,
        by=world.officers[0],
        reason="Talks failed",
        mediator_name="Sam Mediator",
        mediator_organisation="Essex Compact mediation panel",
        referred_to_mediator_on=date(2026, 1, 10),
        today=date(2026, 1, 12),
    )
    once_each(
        sent("has moved to the mediation stage"),
        world.complainant_side | world.respondent_side | {"o2@compact.example"},
    )
    assert "Sam Mediator, Essex Compact mediation panel" in bodies_to("r1@council.example")


def test_the_steering_group_is_told_when_set_and_nobody_when_not(compacts):
    chelmsford = compacts["chelmsford"]
    world = World(chelmsford, compacts["herefordshire"])
    # Two concerns (the same one twice at once is a double click: one case).
    first, second = world.raise_it(), world.raise_it("Our second grant ended without notice.")
    for case in (first, second):
        services.move_to_next_stage(
            case,
            by=world.officers[0],
            reason="Talks failed",
            mediator_name="Sam Mediator",
            referred_to_mediator_on=date(2026, 1, 10),
            today=date(2026, 1, 12),
        )
        case.refresh_from_db()
    services.move_to_next_stage(first, by=world.officers[0], reason="Mediation ended")
    assert not sent("A concern under the Chelmsford")  # not set: the notice is off
    SteeringGroup.objects.create(
        compact=chelmsford, name="Chelmsford Compact Steering Group", email="steering@cvs.example"
    )
    services.move_to_next_stage(second, by=world.officers[0], reason="Mediation ended")
    once_each(sent("A concern under the Chelmsford"), {"steering@cvs.example"})
    body = bodies_to("steering@cvs.example")
    assert second.reference in body and "Priya Secret" not in body


@pytest.mark.parametrize(
    "end, subject",
    [
        (
            lambda case, w: services.resolve(case, by=w.officers[0], outcome="Notice restored"),
            "resolved",
        ),
        (
            lambda case, w: services.close_unresolved(
                case, by=w.officers[0], referred_to="Essex Compact mediation panel"
            ),
            "closed unresolved",
        ),
        (lambda case, w: services.withdraw(case, by=w.respondents[0], reason="Court"), "withdrawn"),
    ],
)
def test_the_end_of_a_case_is_told_once_to_everyone_in_it(world, end, subject):
    case = world.raise_it()
    OutboundEmail.objects.all().delete()
    end(case, world)
    told = sent(f"has been {subject}")
    everyone = world.complainant_side | world.respondent_side | world.officer_emails
    actor = {"resolved": "o1@compact.example", "closed unresolved": "o1@compact.example"}.get(
        subject, "r1@council.example"
    )
    once_each(told, everyone - {actor})
    body = bodies_to("colleague@charity.example")
    if subject == "resolved":
        assert "Notice restored" in body
    else:
        assert "other routes, including legal ones" in body


def test_the_meeting_email_carries_the_meeting_as_an_ics_attachment(
    world, django_capture_on_commit_callbacks
):
    from django.core import mail

    case = world.raise_it()
    members = panel_members(world.compact)
    services.propose_panel(case, by=world.officers[0], members=members)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.record_meeting(
            case,
            by=world.officers[0],
            held_on=date(2026, 2, 3),
            starts_at=time(10, 30),
            place="Plough Lane, Hereford",
            attendees="Both parties and the panel",
        )
    to_the_council = [m for m in mail.outbox if m.to == ["r1@council.example"]]
    assert len(to_the_council) == 1
    ((name, content, kind),) = to_the_council[0].attachments
    assert name.endswith(".ics") and kind.startswith("text/calendar")
    assert "DTSTART;TZID=Europe/London:20260203T103000" in content
    assert "LOCATION:Plough Lane\\, Hereford" in content
