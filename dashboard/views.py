"""The dashboard pages, the public summary, metrics.json and the compliance report per body."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_safe

from consultations import queries as consultation_queries
from core import built_files
from core.exports import SafeWriter
from disputes import queries as case_queries
from disputes.models import Case, Stage
from funding import queries as funding_queries
from funding.models import NoticeState, TermState
from signatories import access as signatories_access
from signatories.models import Compact, Organisation, Sector, Signature
from signatories.queries import compact_by_slug

from . import access, pack_files, pack_pdf, queries
from .charts import bars


def _period_or_400(request):
    try:
        return queries.parse_period(request.GET, timezone.localdate()), None
    except ValueError as error:
        return None, str(error)


def _compact_for(request, slug) -> Compact:
    compact = compact_by_slug(slug)
    if compact is None:
        raise Http404("No Compact is called that.")
    if not access.can_view(request.user, compact):
        raise PermissionDenied("The dashboard is for the Compact's reference group and officers.")
    return compact


@login_required
@require_safe
def index(request):
    """The Compacts whose dashboard this person may see."""
    compacts = [c for c in Compact.objects.order_by("name") if access.can_view(request.user, c)]
    if len(compacts) == 1:
        return redirect("dashboard:compact", slug=compacts[0].slug)
    return render(
        request,
        "dashboard/dashboard_index.html",
        {"compacts": compacts, "all": Compact.objects.order_by("name")},
    )


def _charts(compact, figures, period):
    base = {"compact": compact.slug}
    consultations = figures["consultations"]
    consultation_rows = (
        [
            (
                state.label,
                consultations[state],
                "/consultations/?" + urlencode({**base, "compliance": state}),
            )
            for state in consultation_queries.STATES
        ]
        if consultations
        else []
    )
    notices = figures["notices"]
    notice_rows = (
        [(s.label, notices[s], "") for s in funding_queries.NOTICE_STATES] if notices else []
    )
    terms = figures["terms"]
    term_rows = [(s.label, terms[s], "") for s in funding_queries.TERM_STATES] if terms else []
    sectors = figures["signatories"]["by_sector"]
    sector_rows = [
        (label, sectors[key], "/signatories/?" + urlencode({**base, "sector": key}))
        for key, label in Sector.choices
    ]
    return {
        "consultations": bars(consultation_rows),
        "notices": bars(notice_rows),
        "terms": bars(term_rows),
        "sectors": bars(sector_rows),
    }


@login_required
@require_safe
def compact_dashboard(request, slug):
    compact = _compact_for(request, slug)
    period, error = _period_or_400(request)
    if error:
        return render(
            request,
            "dashboard/dashboard_error.html",
            {"error": error, "compact": compact},
            status=400,
        )
    today = timezone.localdate()
    asked = {"fy", "q", "from", "to", *queries.DATE_PARTS}
    query = urlencode({k: v for k, v in request.GET.items() if k in asked})

    def draw():
        history = queries.trend(compact, period, today)
        figures = history[-1][1]
        bodies = Organisation.objects.filter(
            sector=Sector.PUBLIC,
            signatures__compact=compact,
            signatures__state=Signature.State.APPROVED,
        ).order_by("name")[:200]
        return render_to_string(
            "dashboard/dashboard_body.html",
            {
                "compact": compact,
                "period": period,
                "figures": figures,
                "trend": history,
                "pack_year": queries.financial_year(period.start).start.year,
                "pack_label": queries.financial_year(period.start).label,
                "charts": _charts(compact, figures, period),
                "surveys": queries.survey_results(compact, period.start, period.end),
                "bodies": bodies,
                "query": query,
                "json_query": urlencode(
                    {"compact": compact.slug, "from": period.start, "to": period.end}
                ),
            },
            request,
        )

    return render(request, "dashboard/dashboard.html", {"compact": compact, "body": draw()})


@require_safe
def public_summary(request, slug):
    """Numbers only, for everyone: no case details."""
    compact = get_object_or_404(Compact, slug=slug)
    period, error = _period_or_400(request)
    if error:
        return render(
            request,
            "dashboard/dashboard_error.html",
            {"error": error, "compact": compact},
            status=400,
        )
    figures = queries.metrics(compact, period, timezone.localdate())
    return render(
        request,
        "dashboard/dashboard_public.html",
        {
            "compact": compact,
            "period": period,
            "figures": figures,
            "charts": _charts(compact, figures, period),
            # Hertfordshire 3.19: the survey's results go in the public domain (numbers only)
            "surveys": queries.survey_results(compact, period.start, period.end),
        },
    )


@require_safe
def metrics_json(request):
    """The dashboard's figures as JSON, for the same viewers; bad parameters answer 400."""
    slug = request.GET.get("compact")
    if not slug:
        return JsonResponse({"error": "compact is required: the slug of a Compact."}, status=400)
    compact = compact_by_slug(slug)
    if compact is None:
        return JsonResponse({"error": f"compact: no Compact is called {slug!r}."}, status=400)
    unknown = set(request.GET) - {"compact", "from", "to", "fy", "q"}
    if unknown:
        return JsonResponse(
            {"error": f"Unknown parameters: {', '.join(sorted(unknown))}."}, status=400
        )
    period, error = _period_or_400(request)
    if error:
        return JsonResponse({"error": error}, status=400)
    if not request.user.is_authenticated:
        return JsonResponse({"error": "Sign in to see the dashboard's figures."}, status=401)
    if not access.can_view(request.user, compact):
        return JsonResponse(
            {"error": "The figures are for the Compact's reference group and officers."}, status=403
        )
    return JsonResponse(queries.metrics(compact, period, timezone.localdate()))


def _report_rows(body, compact, period):
    """What the body did in this Compact: its reader may be of this Compact only."""
    rows = []
    for c in consultation_queries.for_body(body, period.start, period.end).filter(compact=compact):
        rows.append(
            (
                "Consultation",
                c.title,
                c.compact.name,
                c.closes_on,
                c.compliance,
                c.compact.clause_for("consultation_min_weeks"),
            )
        )
    for n in funding_queries.notices_for_body(body, period.start, period.end).filter(
        agreement__compact=compact
    ):
        rows.append(
            (
                "Notice",
                f"{n.get_kind_display()}: {n.agreement.title}",
                n.agreement.compact.name,
                n.issued_on,
                n.verdict,
                n.agreement.compact.clause_for("funding_end_notice_months"),
            )
        )
    for a in funding_queries.agreements_for_body(body, period.start, period.end).filter(
        compact=compact
    ):
        rows.append(
            (
                "Agreement term",
                a.title,
                a.compact.name,
                a.start_date,
                a.term,
                a.compact.clause_for("min_term_years"),
            )
        )
    return rows


@login_required
@require_safe
def body_report(request, slug, pk):
    """Everything a public body did in the period, with each verdict and its clause."""
    compact = get_object_or_404(Compact, slug=slug)
    body = get_object_or_404(Organisation, pk=pk, sector=Sector.PUBLIC)
    if not signatories_access.approved_in(body, compact):
        # the dashboard lists the bodies on the Compact's published list, and reports on no other
        raise Http404("No such public body on this Compact's list.")
    if not access.may_view_body_report(request.user, compact, body):
        raise PermissionDenied(
            "The report is for the Compact's reference group, officers and the body itself."
        )
    period, error = _period_or_400(request)
    if error:
        return render(
            request,
            "dashboard/dashboard_error.html",
            {"error": error, "compact": compact},
            status=400,
        )
    rows = _report_rows(body, compact, period)
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="compliance-{body.pk}-{period.start}-{period.end}.csv"'
        )
        writer = SafeWriter(response)
        writer.writerow(["what", "title", "compact", "date", "verdict", "clause", "clause link"])
        for kind, title, compact_name, day, state, clause in rows:
            url = getattr(clause, "url", "")
            link = request.build_absolute_uri(url) if url else ""
            writer.writerow([kind, title, compact_name, day.isoformat(), state.label, clause, link])
        return response
    if request.GET.get("format") not in {None, "html"}:
        return HttpResponse("format must be html or csv.", status=400, content_type="text/plain")
    return render(
        request,
        "dashboard/body_report.html",
        {
            "compact": compact,
            "body": body,
            "period": period,
            "rows": rows,
            "query": urlencode(
                {k: v for k, v in request.GET.items() if k in {"fy", "q", "from", "to"}}
            ),
        },
    )


# The annual review pack (issue 25): one financial year of one Compact on one page, as HTML
# and as a PDF drawn from the same template.


def _change(this, previous) -> str:
    """The change from the previous year in words, e.g. "up 2"; blank where a rule is off."""
    if this is None or previous is None:
        return ""
    if this == previous:
        return "no change"
    return f"up {this - previous}" if this > previous else f"down {previous - this}"


def _comparison(figures, before) -> list[dict]:
    """The key figures of this year beside the previous year's, each with its change."""

    def count(f, section, key):
        return None if f[section] is None else f[section][key]

    def not_kept(f, section, kept):
        return (
            None
            if f[section] is None
            else sum(n for state, n in f[section].items() if state not in kept)
        )

    notices_kept = {
        NoticeState.MEETS,
        NoticeState.EXCEPTION,
        NoticeState.NOT_SET,
    }
    rows = [
        (
            "Challenges resolved through the resolution procedure",
            lambda f: f["disputes"]["resolved"],
        ),
        ("Cases opened", lambda f: f["disputes"]["opened"]),
        ("Cases closed", lambda f: f["disputes"]["closed"]),
        (
            "Consultations meeting the minimum period",
            lambda f: count(f, "consultations", consultation_queries.Compliance.MEETS),
        ),
        (
            "Consultations shorter, with no reason given",
            lambda f: count(f, "consultations", consultation_queries.Compliance.SHORTER_NO_REASON),
        ),
        (
            "Funding notices meeting the notice rule",
            lambda f: count(f, "notices", NoticeState.MEETS),
        ),
        ("Funding notices not meeting it", lambda f: not_kept(f, "notices", notices_kept)),
        (
            "Notices offering the chance to redesign the service",
            lambda f: f["redesign"]["offered"],
        ),
        (
            "Agreements starting with the minimum term",
            lambda f: count(f, "terms", TermState.MEETS),
        ),
        ("New collaborative projects between sectors", lambda f: f["projects"]["started"]),
        (
            "Signatories at the end of the year",
            lambda f: sum(f["signatories"]["by_sector"].values()),
        ),
    ]
    return [
        {
            "label": label,
            "this": figure(figures),
            "previous": figure(before),
            "change": _change(figure(figures), figure(before)),
        }
        for label, figure in rows
    ]


def _body_lines(compact, period) -> list[dict]:
    """Each public body on the list with its compliance report's verdicts counted (one line):
    the rows _report_rows lists for each body, counted by body and verdict in three grouped
    queries whatever the number of bodies."""
    bodies = list(
        Organisation.objects.filter(
            sector=Sector.PUBLIC,
            signatures__compact=compact,
            signatures__state=Signature.State.APPROVED,
        ).order_by("name")[:200]
    )
    counted = queries.verdicts_by_body(compact, period, [body.pk for body in bodies])
    return [
        {
            "body": body,
            "cells": [
                (
                    sum(counted[kind].get(body.pk, {}).values()),
                    sorted(counted[kind].get(body.pk, {}).items()),
                )
                for kind in ("Consultation", "Notice", "Agreement term")
            ],
        }
        for body in bodies
    ]


def _pack_year(year: int):
    if not 2000 <= year <= 2100:
        raise Http404("No such financial year.")
    return queries.financial_year(date(year, 4, 1))


def _pack(compact, year: int, today: date, *, public: bool) -> dict:
    """Everything the annual pack shows; the public one names no body and no case."""
    period = _pack_year(year)
    before = period.previous()
    previous, figures = queries.metrics_of(compact, [before, period], today, outcomes=True)
    stages = compact.resolution_stages or []
    outcomes = figures["disputes"]["outcomes"]
    ends = [state for state in Case.State if state != Case.State.OPEN]
    return {
        "compact": compact,
        "period": period,
        "before": before,
        "public": public,
        "figures": figures,
        "comparison": _comparison(figures, previous),
        "charts": _charts(compact, figures, period),
        "sector_rows": [
            (
                label,
                figures["signatories"]["by_sector"][key],
                previous["signatories"]["by_sector"][key],
            )
            for key, label in Sector.choices
        ],
        "surveys": queries.survey_results(compact, period.start, period.end),
        "case_ends": [state.label for state in ends],
        "outcomes": [
            (
                Stage.label_of(stage),
                [outcomes[stage][state] for state in ends],
                outcomes[stage]["open"],
            )
            for stage in stages
        ],
        "lessons": list(case_queries.lessons_learnt(compact, period.start, period.end)),
        "cases": []
        if public
        else list(case_queries.cases_closed(compact, period.start, period.end)),
        "bodies": [] if public else _body_lines(compact, period),
        "clauses": {
            parameter: compact.clause_for(parameter)
            for parameter in (
                "consultation_min_weeks",
                "funding_end_notice_months",
                "min_term_years",
                "renewal_notice_months",
                "formal_stage_weeks",
            )
        },
        "drawn_on": today,
    }


def _pack_response(request, compact, year: int, *, public: bool):
    """The pack as a page or a PDF, drawn from the records as they stand; who may see it is
    checked by the caller, on every request."""
    period = _pack_year(year)
    format_ = request.GET.get("format")
    if format_ not in {None, "html", "pdf"}:
        return HttpResponse("format must be html or pdf.", status=400, content_type="text/plain")
    today = timezone.localdate()
    if format_ == "pdf":
        # Drawing the PDF takes seconds: it is a built file, drawn again after any change to
        # what it counts (dashboard.pack_files).
        name = pack_files.file_name(compact.pk, year, public)
        draw = lambda: [pack_pdf.render(_pack(compact, year, today, public=public), request)]  # noqa: E731
        built_files.rebuild_if_stale(name, draw)
        response = built_files.serve(name, draw, content_type="application/pdf")
        shown = f"annual-pack-{compact.slug}-{year}{'-public' if public else ''}.pdf"
        response["Content-Disposition"] = f'attachment; filename="{shown}"'
        return response
    body = render_to_string(
        "dashboard/annual_pack_body.html", _pack(compact, year, today, public=public), request
    )
    return render(
        request,
        "dashboard/annual_pack.html",
        {"compact": compact, "period": period, "public": public, "body": body},
    )


@login_required
@require_safe
def annual_pack(request, slug, year):
    """The annual review pack for the dashboard's viewers: with each case and each body's line."""
    return _pack_response(request, _compact_for(request, slug), year, public=False)


@require_safe
def public_annual_pack(request, slug, year):
    """The annual review pack for everyone: figures, lessons and surveys, naming no body."""
    compact = compact_by_slug(slug)
    if compact is None:
        raise Http404("No Compact is called that.")
    return _pack_response(request, compact, year, public=True)
