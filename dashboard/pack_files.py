"""The annual review pack's PDF as a built file (core.built_files), not a cache.

Drawing the PDF takes WeasyPrint one to three seconds, hundreds of times the trivial view, so
each pack (a Compact, a year, public or full) is written to a file the first time it is asked
for and served from disk after that. It is built on request, never ahead by the beat: most of
the 300 × years × 2 possible packs are never asked for.

A change to any record the pack counts marks that Compact's pack files stale once it commits
(`compact_changed`), and a stale file is built again before it is served, so a pack never shows
a figure older than the record it counts; a file built on an earlier day is stale too (the pack
says the day it was drawn). The records are the dashboard's: every model in COMPACT_OF, and
whatever core.page_cache.changed is told of (the public pages' models and the bulk writes).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from core import built_files, page_cache
from core.signals import on_change

# Which Compact a row belongs to, for the models the pack counts that no public page shows
# (those are followed through page_cache.changed).
COMPACT_OF = {
    "funding.FundingAgreement": lambda row: [row.compact_id],
    "funding.FundingNotice": lambda row: [row.agreement.compact_id],
    "funding.RenewalDecision": lambda row: [row.agreement.compact_id],
    "partnership.CollaborativeProject": lambda row: [row.compact_id],
    "partnership.Survey": lambda row: [row.compact_id],
    "partnership.SurveyAnswer": lambda row: [row.survey.compact_id],
}


def file_name(compact_id: int, year: int, public: bool) -> str:
    return f"annual-pack-{int(compact_id)}-{int(year)}-{'public' if public else 'full'}.pdf"


def compact_changed(compact_ids: Iterable[int | None]) -> None:
    """Once the transaction commits, mark every pack file of these Compacts stale (after, not
    before: a build that claimed the mark earlier would read what was there before)."""
    ids = {int(pk) for pk in compact_ids if pk is not None}

    def mark() -> None:
        folder = built_files.root()
        for pk in ids:
            for path in folder.glob(f"annual-pack-{pk}-*.pdf"):
                built_files.mark_stale_now(path.name)

    if ids:
        transaction.on_commit(mark)


def _row_changed(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        compact_changed(COMPACT_OF[sender._meta.label](instance))


def connect() -> None:
    """Called from the app's ready()."""
    on_change(COMPACT_OF, _row_changed, "annual-pack")
    page_cache.also_tell(compact_changed)
