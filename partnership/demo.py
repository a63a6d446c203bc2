"""Demo collaborative projects and a partnership survey for each Compact."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from signatories.models import Compact, Organisation, Sector, Signature

from .models import CollaborativeProject, Survey, SurveyAnswer

QUESTIONS = [
    "How well do the public and voluntary sectors work together?",
    "How well are you consulted on decisions that affect you?",
    "How fair are funding decisions?",
]


@transaction.atomic
def seed(*, scale: int = 1, stdout=None, progress=None) -> None:
    today = timezone.localdate()
    compacts = list(Compact.objects.order_by("pk"))
    for number, compact in enumerate(compacts, start=1):
        if progress:
            progress("Projects and surveys", number, len(compacts))
        if compact.projects.exists():
            continue
        signed = Organisation.objects.filter(
            signatures__compact=compact, signatures__state=Signature.State.APPROVED
        )
        public = list(signed.filter(sector=Sector.PUBLIC)[:3])
        vcs = list(signed.filter(sector=Sector.VOLUNTARY_COMMUNITY)[:12])
        if not public or len(vcs) < 6:
            continue
        for i in range(4 * scale):
            project = CollaborativeProject.objects.create(
                compact=compact,
                title=f"Community food hub {i + 1}",
                description="Council premises, charity volunteers.",
                started_on=today - timedelta(days=40 * i),
                state=(
                    CollaborativeProject.State.APPROVED
                    if i % 4
                    else CollaborativeProject.State.PENDING
                ),
            )
            project.partners.set([public[i % len(public)], vcs[i % len(vcs)]])
        survey = Survey.objects.create(
            compact=compact,
            title=f"{compact.name} partnership survey {today.year}",
            questions=QUESTIONS,
            opens_on=today - timedelta(days=30),
            closes_on=today + timedelta(days=30),
        )
        SurveyAnswer.objects.bulk_create(
            [
                SurveyAnswer(
                    survey=survey,
                    organisation=org,
                    ratings={q: 1 + (i + j) % 5 for j, q in enumerate(QUESTIONS)},
                )
                for i, org in enumerate(vcs[1:])
            ]
        )
    if stdout:
        stdout.write("Projects and partnership surveys loaded.")
