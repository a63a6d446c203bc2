"""Widgets for choosing a Compact on the public filters."""

from __future__ import annotations

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html

from .queries import compact_options


class CompactPicker(forms.Select):
    """A select of every Compact by slug (queries.compact_options: one query for the names
    and slugs, not a model instance each); the field's queryset still checks a submitted slug.
    """

    def __init__(self, attrs=None, empty_label: str = "All Compacts"):
        super().__init__(attrs)
        self.empty_label = empty_label

    def render(self, name, value, attrs=None, renderer=None):
        selected = value if isinstance(value, str) else None
        return format_html(
            '<select name="{}"{}><option value="">{}</option>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            self.empty_label,
            compact_options(selected),
        )
