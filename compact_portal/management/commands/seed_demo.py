"""Load the demo: the three Compacts' organisations, signatures, people and their roles."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from compact_portal import demo as portal_demo
from consultations import demo as consultations_demo
from disputes import demo as disputes_demo
from funding import demo as funding_demo
from signatories import demo as signatories_demo


class Command(BaseCommand):
    help = "Load demo data for every Compact (idempotent). --scale N multiplies the volume."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=int, default=1, help="Multiply the volume by N (bulk inserts)."
        )

    def handle(self, *args, scale: int, **options):
        if scale < 1:
            raise CommandError("--scale must be 1 or more.")
        self.stdout.write(f"Loading demo data at scale {scale}…")
        signatories_demo.seed(scale=scale, stdout=self.stdout)
        funding_demo.seed(scale=scale, stdout=self.stdout)
        consultations_demo.seed(scale=scale, stdout=self.stdout)
        disputes_demo.seed(scale=scale, stdout=self.stdout)
        portal_demo.seed(scale=scale, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Open http://127.0.0.1:8000/"))
