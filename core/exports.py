"""CSV for spreadsheets: a cell a person typed never runs as a formula when the file is opened.

A spreadsheet treats a cell starting with =, +, -, @ (or a tab or carriage return before one) as
a formula: `=HYPERLINK(...)` in an organisation's name would become a live link, and worse. Such
a text cell is written with a leading apostrophe, which spreadsheets show as plain text (the
OWASP advice for CSV injection). Numbers and dates are written as they are.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """The value, with a text that a spreadsheet would run as a formula made plain text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class Echo:
    """A file-like object whose write gives back what it was given, for streaming CSV lines."""

    def write(self, value):
        return value


class SafeWriter:
    """csv.writer whose every row has its text cells made safe for spreadsheets."""

    def __init__(self, stream):
        self._writer = csv.writer(stream)

    def writerow(self, row: Iterable):
        return self._writer.writerow([safe_cell(value) for value in row])
