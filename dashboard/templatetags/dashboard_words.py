"""Words for the dashboard's figures, which keep the codes metrics.json publishes."""

from __future__ import annotations

from datetime import date

from django import template

from dashboard.charts import share_of
from disputes.models import Stage

register = template.Library()


@register.filter
def stage_label(code: str) -> str:
    """A resolution stage's name for people."""
    return Stage.label_of(code)


QUARTERS = [
    ("", "The whole year"),
    ("1", "April to June"),
    ("2", "July to September"),
    ("3", "October to December"),
    ("4", "January to March"),
]


@register.inclusion_tag("dashboard/period_form.html", takes_context=True)
def period_form(context):
    """The period chooser: a financial year and part of it, or two GOV.UK date inputs."""
    params = context["request"].GET
    ends = [
        (
            end,
            legend,
            [
                (part, label, width, params.get(f"{end}-{part}", ""))
                for part, label, width in (
                    ("day", "Day", 2),
                    ("month", "Month", 2),
                    ("year", "Year", 4),
                )
            ],
        )
        for end, legend in (("from", "From"), ("to", "To"))
    ]
    chosen = params.get("q", "")
    return {
        "fy": params.get("fy", ""),
        "quarters": [(value, label, value == chosen) for value, label in QUARTERS],
        "ends": ends,
    }


@register.filter
def with_share(count, total) -> str:
    """A count with its share of the total, e.g. "3 (25%)"; a dict total is summed."""
    if count is None:
        return ""
    if isinstance(total, dict):
        total = sum(value for value in total.values() if isinstance(value, int))
    return f"{count} ({share_of(count, total or 0)}%)"


@register.filter
def month_label(key: str) -> str:
    """A month of the figures' series ("2026-05") in words: "May 2026"."""
    year, month = (int(part) for part in key.split("-"))
    return f"{date(year, month, 1):%B %Y}"
