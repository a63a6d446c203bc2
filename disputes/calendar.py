"""A panel meeting as an iCalendar (RFC 5545) entry, for the page's link and the email."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone
from icalendar import Calendar, Event

LONDON = ZoneInfo("Europe/London")


def meeting_ics(meeting) -> bytes:
    """The meeting as iCalendar (RFC 5545): a whole day, or an hour from its start time."""
    case = meeting.case
    calendar = Calendar()
    calendar.add("prodid", "-//Compact Portal//Panel meetings//EN")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", f"case-{case.reference}-meeting-{meeting.pk}@compact-portal")
    event.add("summary", f"Panel meeting, case {case.reference} ({case.compact.name})")
    event.add("dtstamp", timezone.now())
    if meeting.starts_at:
        start = datetime.combine(meeting.held_on, meeting.starts_at, LONDON)
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(hours=1))
    else:
        event.add("dtstart", meeting.held_on)
        event.add("dtend", meeting.held_on + timedelta(days=1))
    if meeting.place:
        event.add("location", meeting.place)
    calendar.add_component(event)
    calendar.add_missing_timezones()  # a VTIMEZONE for Europe/London, as RFC 5545 asks
    return calendar.to_ical()


def file_name(meeting) -> str:
    return f"case-{meeting.case.reference}-meeting-{meeting.pk}.ics"
