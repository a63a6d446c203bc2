"""The summary of a consultation's responses for the lead body (004 10.2.8).

Each response counts once, whoever sent it: per question, responses are grouped by who
responded (organisations by sector and size, smallest first, individuals, anonymous
respondents, petitions with their signatures), so a small group's view stands beside a large
one's rather than under it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from core.exports import Echo, SafeWriter
from signatories.models import Sector

from .models import Consultation, Response

Kind = Response.RespondentType
Size = Response.OrganisationSize
GENERAL = "General comments"


@dataclass
class Group:
    """The responses of one kind of respondent to one question."""

    label: str
    responses: int = 0
    signatures: int = 0
    texts: list[tuple[str, str]] = field(default_factory=list)  # (reference, text)


@dataclass
class QuestionSummary:
    question: str
    groups: list[Group]

    @property
    def responses(self) -> int:
        return sum(g.responses for g in self.groups)


@dataclass
class Summary:
    total: int
    kinds: list[tuple[str, int, int]]  # (label, responses, petition signatures)
    channels: list[tuple[str, int]]
    capacities: list[tuple[str, int]]
    questions: list[QuestionSummary]


def _kinds_in_order() -> list[tuple[tuple, str]]:
    """Every group's key and label, in the order shown: organisations smallest first."""
    order = []
    sizes = [*Size, None]
    for sector in Sector:
        for size in sizes:
            size_words = size.label.split(":")[0].lower() if size else "size not given"
            order.append(((Kind.ORGANISATION, sector.value, size), f"{sector.label}: {size_words}"))
    order.append(((Kind.ORGANISATION, None, None), "Organisation (sector not recorded)"))
    order.append(((Kind.INDIVIDUAL,), "Individuals"))
    order.append(((Kind.ANONYMOUS,), "Anonymous"))
    order.append((("petition",), "Petitions"))
    return order


def kind_of(response: Response) -> tuple:
    """The group a response counts in."""
    if response.channel == Response.Channel.PETITION:
        return ("petition",)
    if response.respondent_type == Kind.ORGANISATION:
        sector = response.organisation.sector if response.organisation else None
        size = Size(response.organisation_size) if response.organisation_size else None
        return (Kind.ORGANISATION, sector, size if sector else None)
    return (response.respondent_type,)


def summarise(consultation: Consultation) -> Summary:
    """Counts by kind, channel and capacity, and each question's answers grouped by kind."""
    order = _kinds_in_order()
    labels = dict(order)
    responses = list(
        consultation.responses.select_related("organisation").order_by("received_on", "pk")
    )
    questions = [*consultation.questions, GENERAL]
    per_question = {q: {} for q in questions}
    kinds: dict[tuple, list[int]] = {}
    channels, capacities = Counter(), Counter()
    for r in responses:
        key = kind_of(r)
        signatures = r.petition_signatures or 0
        counts = kinds.setdefault(key, [0, 0])
        counts[0] += 1
        counts[1] += signatures
        channels[r.get_channel_display()] += 1
        capacities[r.capacity.strip() or "Not stated"] += 1
        answers = {**r.answers, GENERAL: r.body}
        for q in questions:
            text = (answers.get(q) or "").strip()
            if not text:
                continue
            group = per_question[q].setdefault(key, Group(labels[key]))
            group.responses += 1
            group.signatures += signatures
            group.texts.append((r.reference, text))
    keys = [k for k, _ in order]
    return Summary(
        total=len(responses),
        kinds=[(labels[k], *kinds[k]) for k in keys if k in kinds],
        channels=sorted(channels.items()),
        capacities=sorted(capacities.items(), key=lambda item: (-item[1], item[0])),
        questions=[
            QuestionSummary(q, [per_question[q][k] for k in keys if k in per_question[q]])
            for q in questions
        ],
    )


def summary_csv_lines(summary: Summary) -> Iterator[str]:
    """The summary as spreadsheet-safe CSV: the counts, then every answer under its group."""
    writer = SafeWriter(Echo())
    yield writer.writerow(
        ["section", "question", "group", "responses", "signatures", "reference", "text"]
    )
    for label, count, signatures in summary.kinds:
        yield writer.writerow(["who responded", "", label, count, signatures or "", "", ""])
    for label, count in summary.channels:
        yield writer.writerow(["channel", "", label, count, "", "", ""])
    for label, count in summary.capacities:
        yield writer.writerow(["capacity", "", label, count, "", "", ""])
    for question in summary.questions:
        for group in question.groups:
            for reference, text in group.texts:
                yield writer.writerow(
                    [
                        "answer",
                        question.question,
                        group.label,
                        group.responses,
                        group.signatures or "",
                        reference,
                        text,
                    ]
                )
