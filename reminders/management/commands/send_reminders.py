"""Run the reminder sweep now, synchronously, and print what it sent or would send."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reminders.sweep import sweep


class Command(BaseCommand):
    help = "Send the deadline reminders due today (the same sweep as the Celery beat task)."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Pretend today is this date (YYYY-MM-DD).")
        parser.add_argument("--dry-run", action="store_true", help="Send and record nothing.")

    def handle(self, *args, today=None, dry_run=False, **options):
        try:
            day = date.fromisoformat(today) if today else timezone.localdate()
        except ValueError:
            raise CommandError(f"--today must be a date as YYYY-MM-DD, not {today!r}.") from None
        lines = sweep(day, dry_run=dry_run)
        verb = "would send" if dry_run else "handled"
        self.stdout.write(f"Reminders for {day:%-d %B %Y}: {len(lines)} {verb}.")
        if not lines:
            return
        header = ("KIND", "ABOUT", "DEADLINE", "RECIPIENT", "STATUS")
        rows = [
            (line.kind, line.about[:60], line.deadline.isoformat(), line.recipient, line.status)
            for line in lines
        ]
        widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
        for row in [header, *rows]:
            self.stdout.write(
                "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True))
            )
