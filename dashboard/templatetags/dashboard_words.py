"""Words for the dashboard's figures, which keep the codes metrics.json publishes."""

from __future__ import annotations

from django import template

from disputes.models import Stage

register = template.Library()


@register.filter
def stage_label(code: str) -> str:
    """A resolution stage's name for people."""
    return Stage.label_of(code)
