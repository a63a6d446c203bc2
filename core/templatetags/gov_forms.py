"""Filters for drawing Django's form choices as GOV.UK components."""

from __future__ import annotations

from django import template

register = template.Library()

# Django's label for "no choice made"; GOV.UK radios leave an optional question unanswered
# instead of offering it as an option.
BLANK_LABEL = "---------"


@register.filter
def radio_choices(choices) -> list[tuple[int, tuple]]:
    """The choices to draw as radios, numbered from 1, without Django's blank dash choice."""
    kept = [choice for choice in choices if str(choice[1]) != BLANK_LABEL]
    return list(enumerate(kept, start=1))
