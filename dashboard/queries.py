"""The reference group's dashboard: periods, and the figures each app computes in SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q

from consultations import queries as consultation_queries
from consultations.queries import consultation_figures
from core.counts import Counted, read_all
from disputes.queries import case_figures
from funding import queries as funding_queries
from funding.models import NoticeState, TermState
from funding.queries import agreement_figures, notice_figures
from partnership.models import CollaborativeProject, Survey
from signatories.queries import monthly_signings, signatory_figures
from signatories.rules import add_months


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    label: str

    def previous(self) -> Period:
        """The period of the same length just before this one."""
        months = _whole_months(self.start, self.end)
        if months:
            start = add_months(self.start, -months)
            return Period(start, self.start - timedelta(days=1), _label(start, months))
        length = self.end - self.start
        end = self.start - timedelta(days=1)
        return Period(end - length, end, f"{(end - length):%-d %b %Y} to {end:%-d %b %Y}")


def _whole_months(start: date, end: date) -> int | None:
    for months in (12, 3, 1):
        if start.day == 1 and add_months(start, months) - timedelta(days=1) == end:
            return months
    return None


def _label(start: date, months: int) -> str:
    if months == 12 and start.month == 4:
        return f"{start.year}–{str(start.year + 1)[2:]}"
    if months == 3:
        return f"{start:%b}–{add_months(start, 2):%b %Y}"
    return f"{start:%B %Y}"


def financial_year(day: date) -> Period:
    """April to March, the year the reference group reports on."""
    year = day.year if day.month >= 4 else day.year - 1
    start = date(year, 4, 1)
    return Period(start, date(year + 1, 3, 31), _label(start, 12))


def quarter(year: int, number: int) -> Period:
    """Financial quarters: Q1 is April to June."""
    start = add_months(date(year, 4, 1), 3 * (number - 1))
    return Period(start, add_months(start, 3) - timedelta(days=1), _label(start, 3))


# The page's date inputs (GOV.UK day, month and year boxes) for the start and the end.
DATE_PARTS = tuple(f"{end}-{part}" for end in ("from", "to") for part in ("day", "month", "year"))


def _date_from_parts(params, prefix: str, name: str) -> date:
    """The date typed into one GOV.UK date input, or ValueError saying what is wrong."""
    parts = [(params.get(f"{prefix}-{part}") or "").strip() for part in ("day", "month", "year")]
    if not all(parts):
        raise ValueError(f"Enter the {name} date as a day, month and year.")
    try:
        day, month, year = (int(part) for part in parts)
        return date(year, month, day)
    except (ValueError, OverflowError):
        raise ValueError(f"Enter a real {name} date.") from None


def _dates(start: date, end: date) -> Period:
    if end < start:
        raise ValueError("The end date must be on or after the start date.")
    if (end - start).days > 366 * 10:
        raise ValueError("A period can be at most ten years long.")
    return Period(start, end, f"{start:%-d %b %Y} to {end:%-d %b %Y}")


def parse_period(params, today: date) -> Period:
    """The period asked for: dates as day, month and year boxes (from-day, from-month,
    from-year, to-…) on the page, ?from=&to= (ISO dates) for machines, or ?fy=2026 and
    ?fy=2026&q=2; nothing (or empty boxes) is the current financial year.

    Raises ValueError with the reason when a parameter is wrong.
    """
    params = {key: value for key, value in params.items() if value != ""}
    raw_from, raw_to = params.get("from"), params.get("to")
    if any(key in params for key in DATE_PARTS):
        start = _date_from_parts(params, "from", "start")
        end = _date_from_parts(params, "to", "end")
        return _dates(start, end)
    if raw_from or raw_to:
        try:
            start, end = date.fromisoformat(raw_from or ""), date.fromisoformat(raw_to or "")
        except ValueError:
            raise ValueError("from and to must both be dates as YYYY-MM-DD.") from None
        return _dates(start, end)
    if "fy" in params:
        try:
            year = int(params["fy"])
        except ValueError:
            raise ValueError("Enter the financial year as a year, like 2026.") from None
        if not 2000 <= year <= 2100:
            raise ValueError("Enter a financial year between 2000 and 2100.")
        if "q" in params:
            if params["q"] not in {"1", "2", "3", "4"}:
                raise ValueError("Choose a quarter: 1, 2, 3 or 4.")
            return quarter(year, int(params["q"]))
        return financial_year(date(year, 4, 1))
    return financial_year(today)


def project_figures(compact, periods) -> Counted:
    """For each (start, end) period, the collaborative projects approved that started in it."""
    first, last = min(s for s, _ in periods), max(e for _, e in periods)
    rows = CollaborativeProject.objects.filter(
        compact=compact,
        state=CollaborativeProject.State.APPROVED,
        started_on__gte=first,
        started_on__lte=last,
    )
    counts = [
        {"started": Count("pk", filter=Q(started_on__gte=start, started_on__lte=end))}
        for start, end in periods
    ]
    return Counted(rows, counts, lambda n: {"started": n["started"]})


def verdicts_by_body(compact, period: Period, body_ids: list[int]) -> dict[str, dict]:
    """For each kind of line in a body's compliance report (dashboard.views._report_rows), each
    body's rows in the Compact and period counted by verdict label: {kind: {body id: {label: n}}}.
    One grouped query per kind, whatever the number of bodies."""
    start, end = period.start, period.end
    kinds = {  # the rows, then the columns of their body and verdict, and the verdicts' labels
        "Consultation": (
            consultation_queries.for_bodies(body_ids, start, end).filter(compact=compact),
            ("lead_body_id", "compliance_state"),
            consultation_queries.Compliance,
        ),
        "Notice": (
            funding_queries.notices_for_bodies(body_ids, start, end).filter(
                agreement__compact=compact
            ),
            ("agreement__funder_id", "state"),
            NoticeState,
        ),
        "Agreement term": (
            funding_queries.agreements_for_bodies(body_ids, start, end).filter(compact=compact),
            ("funder_id", "term_state"),
            TermState,
        ),
    }
    counted: dict[str, dict] = {}
    for kind, (rows, (body, state), states) in kinds.items():
        by_body: dict[int, dict[str, int]] = {}
        grouped = rows.order_by().values_list(body, state).annotate(n=Count("pk"))
        for body_id, value, n in grouped:
            by_body.setdefault(body_id, {})[states(value).label] = n
        counted[kind] = by_body
    return counted


def survey_results(compact, start, end) -> list[dict]:
    """Each survey open in the period, with the distribution of ratings per question."""
    surveys = list(
        Survey.objects.filter(compact=compact, opens_on__lte=end, closes_on__gte=start)
        .prefetch_related("answers")
        .order_by("opens_on")
    )
    results = []
    for survey in surveys:
        answers = list(survey.answers.all())
        questions = []
        for question in survey.questions:
            counts = [sum(1 for a in answers if a.ratings.get(question) == r) for r in range(1, 6)]
            questions.append({"question": question, "distribution": counts})
        results.append({"survey": survey, "responses": len(answers), "questions": questions})
    return results


def metrics(compact, period: Period, today: date) -> dict:
    """Every figure for one Compact and period, in the shape of /dashboard/metrics.json."""
    return work_out(compact, [period], today)[0]


def work_out(compact, periods: list[Period], today: date, *, outcomes: bool = False) -> list[dict]:
    """Every figure for one Compact and each period, from the database: two queries whatever
    the periods or the data (core.counts reads every table's conditional counts in one
    statement; the monthly signings are grouped by month and sector in the other). With
    `outcomes`, the cases' figures carry the annual pack's table of outcomes too."""
    spans = [(p.start, p.end) for p in periods]
    counted = read_all(
        len(spans),
        disputes=case_figures(compact, spans, outcomes=outcomes),
        consultations=consultation_figures(compact, spans, today),
        notices=notice_figures(compact, spans),
        agreements=agreement_figures(compact, spans, today),
        projects=project_figures(compact, spans),
        signatories=signatory_figures(compact, spans),
    )
    monthly = monthly_signings(compact, spans)
    figures = []
    for index, period in enumerate(periods):
        notices = counted["notices"][index]
        agreements = counted["agreements"][index] or {"terms": None, "renewals": None}
        figures.append(
            {
                "compact": compact.slug,
                "from": period.start.isoformat(),
                "to": period.end.isoformat(),
                "disputes": counted["disputes"][index],
                "consultations": counted["consultations"][index],
                "notices": notices["notices"],
                "redesign": notices["redesign"],
                "terms": agreements["terms"],
                "renewals": agreements["renewals"],
                "projects": counted["projects"][index],
                "signatories": {
                    "by_sector": counted["signatories"][index],
                    "monthly": monthly[index],
                },
            }
        )
    return figures


def trend(compact, period: Period, today: date, count: int = 4) -> list[tuple[Period, dict]]:
    """This period and the ones before it, oldest first (the comparison over the last four)."""
    periods = [period]
    for _ in range(count - 1):
        periods.append(periods[-1].previous())
    periods.reverse()
    return list(zip(periods, metrics_of(compact, periods, today), strict=True))


def metrics_of(
    compact, periods: list[Period], today: date, *, outcomes: bool = False
) -> list[dict]:
    """metrics() for several periods, worked out together (see work_out)."""
    return work_out(compact, periods, today, outcomes=outcomes)
