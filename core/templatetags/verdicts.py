"""A verdict as a GOV.UK tag, with the clause it comes from."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

register = template.Library()

# state: (words people read, tag colour)
VERDICT_TAGS = {
    "meets": ("Meets the Compact", "green"),
    "met": ("Target met", "green"),
    "in_time": ("In time", "green"),
    "shorter_with_reason": ("Shorter, with reason", "yellow"),
    "exception": ("Exceptional circumstances", "yellow"),
    "pending": ("Not yet decided", "blue"),
    "running": ("Running", "blue"),
    "shorter_no_reason": ("Shorter, no reason", "red"),
    "short": ("Notice too short", "red"),
    "not_in_writing": ("Not in writing", "red"),
    "no_reasons": ("No reasons given", "red"),
    "late": ("Late", "red"),
    "overdue": ("Overdue", "red"),
    "missed": ("Target missed", "red"),
    "not_set": ("Not set by this Compact", "grey"),
    "not_applicable": ("Not applicable", "grey"),
}


def verdict_label(state: str) -> str:
    """The plain words for a verdict's state."""
    return VERDICT_TAGS.get(state, (state.replace("_", " ").capitalize(), "grey"))[0]


@register.simple_tag
def verdict_tag(state, clause: str = ""):
    """A GOV.UK tag with the state's label in its colour, then the clause in small print.

    `state` is a member of a VerdictChoices (what the rules return and the models give).
    """
    if hasattr(state, "colour"):
        words, colour = state.label, state.colour
    else:
        words, colour = VERDICT_TAGS.get(state, (verdict_label(state), "grey"))
    tag = format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, words)
    if clause:
        return format_html('{} <span class="govuk-body-s">({})</span>', tag, clause)
    return tag
