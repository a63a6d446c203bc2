"""The one way the portal cites a Compact: the clause in plain words, linked to its text.

A `Citation` is the plain-words text ("Hertfordshire Compact, section 4 ‘Clear arrangements
for managing changes to programmes and services’, clause 4.4") and the address of that clause
in the Compact's published text. It is a `str`, so wherever a clause was text (a verdict, a
CSV column, a reminder's stored clause, a plain-text email) it still is; in an HTML template
it shows as a link to the clause (Django asks `__html__`), escaped like anything else.
"""

from __future__ import annotations

from django.utils.html import escape, format_html


class Citation(str):
    """A clause in plain words, with the address of its text (blank when it has none)."""

    url: str

    def __new__(cls, text: str, url: str = "") -> Citation:
        citation = super().__new__(cls, text)
        citation.url = url
        return citation

    def __html__(self) -> str:
        if self.url:
            return format_html('<a class="govuk-link" href="{}">{}</a>', self.url, str(self))
        return str(escape(str(self)))
