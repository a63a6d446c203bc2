"""The vocabulary every app uses to declare its deadline reminders.

Each app lists its sources in `<app>/reminders.py` with `@reminder_source`; the sweep in
`reminders.sweep` finds them all. A source is asked, for one `today` and its
offsets, which reminders fall due; it queries by exact deadline dates so the cost grows
with what is due, not with what is stored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db import models


@dataclass(frozen=True)
class DueReminder:
    """One reminder to send: about which object, which deadline, how far ahead, to whom."""

    kind: str
    obj: models.Model
    deadline: date
    offset_days: int  # days before the deadline; negative once it has passed
    recipient: str
    about: str  # what the deadline is, in plain words
    clause: str = ""
    link: str = ""
    duty: bool = True  # about a Compact duty: cannot be turned off
    compact_id: int | None = None  # whose officers see it in the admin


@dataclass(frozen=True)
class Source:
    kind: str
    label: str
    default_offsets: tuple[int, ...]
    find: Callable[[date, int], Iterable[DueReminder]] = field(compare=False)
    duty: bool = True

    def offsets(self) -> tuple[int, ...]:
        """Days before the deadline to remind on (settings.REMINDER_OFFSETS overrides)."""
        return tuple(getattr(settings, "REMINDER_OFFSETS", {}).get(self.kind, self.default_offsets))

    def due(self, today: date) -> Iterable[DueReminder]:
        """Every reminder of this kind due on `today`, for each offset."""
        for offset in self.offsets():
            yield from self.find(today + timedelta(days=offset), offset)


REGISTRY: dict[str, Source] = {}


def reminder_source(kind: str, *, label: str, offsets: tuple[int, ...], duty: bool = True):
    """Register a function `find(deadline, offset)` that yields the reminders for that deadline."""

    def register(find):
        REGISTRY[kind] = Source(kind, label, tuple(offsets), find, duty)
        return find

    return register


def weeks(n: int) -> int:
    """An offset of n weeks, in days."""
    return 7 * n
