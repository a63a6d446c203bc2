"""A verdict as a GOV.UK tag, with the clause it comes from."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def verdict_tag(state, clause: str = ""):
    """A GOV.UK tag with the state's label in its colour, then the clause in small print.

    `state` is a member of a VerdictChoices (what the rules return and the models give), never
    a stored code: the label and the colour come from the one place the state is defined.
    """
    tag = format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>', state.colour, state.label
    )
    if clause:
        return format_html('{} <span class="govuk-body-s">({})</span>', tag, clause)
    return tag
