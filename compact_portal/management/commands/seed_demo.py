"""Load the demo: organisations, signatures, people, consultations, funding and cases."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from consultations import demo as consultations_demo
from core import built_files, page_cache
from disputes import demo as disputes_demo
from funding import demo as funding_demo
from partnership import demo as partnership_demo
from signatories import demo as signatories_demo
from signatories.models import Compact

# Every Local Compact in England at once: about 300 Compacts, 150,000 organisations,
# 60,000 consultations, 300,000 funding agreements and 15,000 cases.
NATIONAL = {
    "compacts": 300,
    "organisations": 500,
    "agreements": 1000,
    "consultations": 20,
    "cases": 5,
}


class Command(BaseCommand):
    help = (
        "Load demo data for every Compact (idempotent). --scale N multiplies the volume; "
        "--compacts N adds Compacts up to N; --national loads national scale."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=int, default=1, help="Multiply the volume by N (bulk inserts)."
        )
        parser.add_argument(
            "--compacts", type=int, default=0, help="Add demo Compacts until there are N."
        )
        parser.add_argument(
            "--national", action="store_true", help="Every Compact in England: see NATIONAL."
        )

    def progress(self, label: str, done: int, total: int) -> None:
        if total < 10 or done == total or done % max(1, total // 20) == 0:
            width = 30
            filled = int(width * done / total)
            self.stdout.write(
                f"  {label:<32} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}"
            )

    def handle(self, *args, scale: int, compacts: int, national: bool, **options):
        if scale < 1:
            raise CommandError("--scale must be 1 or more.")
        started = time.monotonic()
        volumes = {
            "organisations": 200 * scale,
            "agreements": 24 * scale,
            "consultations": scale,
            "cases": scale,
        }
        if national:
            compacts = max(compacts, NATIONAL["compacts"])
            volumes = {k: v for k, v in NATIONAL.items() if k != "compacts"}
        self.stdout.write(
            f"Loading demo data ({'national scale' if national else f'scale {scale}'})…"
        )
        if compacts:
            added = signatories_demo.add_compacts(compacts)
            self.stdout.write(f"  {added} demo Compacts added.")
        signatories_demo.seed(
            stdout=self.stdout, per_compact=volumes["organisations"], progress=self.progress
        )
        funding_demo.seed(
            stdout=self.stdout, per_compact=volumes["agreements"], progress=self.progress
        )
        consultations_demo.seed(
            scale=volumes["consultations"], stdout=self.stdout, progress=self.progress
        )
        disputes_demo.seed(scale=volumes["cases"], stdout=self.stdout, progress=self.progress)
        partnership_demo.seed(scale=1, stdout=self.stdout, progress=self.progress)
        built_files.mark_every_file_stale()  # bulk-loaded rows fire no signals
        page_cache.changed(Compact.objects.values_list("pk", flat=True))
        seconds = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(f"Demo data loaded in {seconds:.0f} s. Open http://127.0.0.1:8000/")
        )
