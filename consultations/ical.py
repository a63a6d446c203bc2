"""Consultations' opening and closing dates as iCalendar files, one for all and one per Compact."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from core import built_files
from core.site import site_url

from .models import Consultation

# The most consultations one calendar shows (two events each).
CALENDAR_CONSULTATIONS = 250


def file_name(compact_id: int | None = None) -> str:
    """The calendar's name in EXPORTS_ROOT (core/built_files.py): by id, as slugs can change."""
    return "calendar.ics" if compact_id is None else f"calendar-{compact_id}.ics"


def calendar(compact_id: int | None = None) -> bytes:
    """Every published consultation's opening and closing day, or one Compact's."""
    from icalendar import Calendar, Event

    queryset = Consultation.objects.exclude(
        status__in=[Consultation.Status.DRAFT, Consultation.Status.WITHDRAWN]
    ).select_related("lead_body")
    if compact_id is not None:
        queryset = queryset.filter(compact_id=compact_id)
    cal = Calendar()
    cal.add("prodid", "-//Compact Portal//Consultations//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Consultations")
    site = site_url()
    # Bounded: the consultations closing from a year ago on, soonest first, at most
    # CALENDAR_CONSULTATIONS of them (two events each), read in order from the published index.
    # The window moves with the date, so the file is built again each day (built_files.is_stale).
    since = timezone.localdate() - timedelta(days=365)
    shown = queryset.filter(closes_on__gte=since).order_by("closes_on", "-pk")
    for c in shown[:CALENDAR_CONSULTATIONS]:
        for kind, day in (("opens", c.opens_on), ("closes", c.closes_on)):
            event = Event()
            event.add("uid", f"consultation-{c.pk}-{kind}@compact-portal")
            event.add("summary", f"{c.title} {kind} ({c.lead_body.name})")
            event.add("dtstart", day)
            event.add("dtend", day + timedelta(days=1))
            event.add("dtstamp", c.updated_at)
            event.add("url", site + c.get_absolute_url())
            cal.add_component(event)
    return cal.to_ical()


def mark_stale(*compact_ids: int) -> None:
    """Once the transaction commits, mark the all-Compacts calendar and these Compacts' stale."""
    built_files.mark_stale(file_name(), *(file_name(pk) for pk in compact_ids))


def rebuild_stale() -> int:
    """Build again the calendars that are stale: the all-Compacts one, and each Compact's that
    someone has asked for (the others are built on their first request)."""
    built = built_files.rebuild_if_stale(file_name(), lambda: [calendar()])
    for path in built_files.root().glob("calendar-*.ics"):
        compact_id = int(path.stem.removeprefix("calendar-"))
        built += built_files.rebuild_if_stale(path.name, lambda pk=compact_id: [calendar(pk)])
    return built
