"""Responses as CSV for the lead body and officers: anonymous responses stay anonymous."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from core.exports import Echo, SafeWriter

from .models import Response

HEADER = [
    "consultation",
    "reference",
    "received_on",
    "channel",
    "respondent_type",
    "organisation",
    "name",
    "email",
    "represents",
    "capacity",
    "petition_signatures",
    "response",
]


def response_csv_lines(responses, questions: Iterable[str] = ()) -> Iterator[str]:
    """The header, then a line per response, streamed; names and emails of anonymous ones blank."""
    questions = list(questions)
    writer = SafeWriter(Echo())
    yield writer.writerow([*HEADER, *questions])
    rows = responses.select_related("consultation", "organisation").order_by("consultation", "pk")
    for r in rows.iterator(chunk_size=1000):
        anonymous = r.respondent_type == Response.RespondentType.ANONYMOUS
        yield writer.writerow(
            [
                r.consultation.title,
                r.reference,
                r.received_on.isoformat(),
                r.channel,
                r.respondent_type,
                r.organisation.name if r.organisation else "",
                "" if anonymous else r.name,
                "" if anonymous else r.email,
                r.represents,
                r.capacity,
                r.petition_signatures or "",
                r.body,
                *[r.answers.get(q, "") for q in questions],
            ]
        )
