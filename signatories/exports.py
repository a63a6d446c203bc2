"""The published list as CSV and JSON, streamed row by row so memory stays flat."""

from __future__ import annotations

import json
from collections.abc import Iterator

from django.conf import settings
from django.urls import reverse

from core.exports import Echo, SafeWriter

COLUMNS = [
    ("organisation", "organisation__name"),
    ("org_id", "organisation__org_id"),
    ("sector", "organisation__sector"),
    ("organisation_type", "organisation__organisation_type"),
    ("area", "organisation__area"),
    ("compact", "compact__slug"),
    ("compact_name", "compact__name"),
    ("signed_on", "signed_on"),
    ("organisation_id", "organisation_id"),
]


def _rows(queryset) -> Iterator[dict]:
    paths = [path for _, path in COLUMNS]
    names = [name for name, _ in COLUMNS]
    # An organisation's address, reversed once with a stand-in id rather than once per row.
    stand_in = "9876543210"
    before, after = reverse("signatories:organisation_detail", args=[stand_in]).split(stand_in)
    before = settings.SITE_URL + before
    for values in queryset.values_list(*paths).iterator(chunk_size=2000):
        row = dict(zip(names, values, strict=True))
        row["signed_on"] = row["signed_on"].isoformat() if row["signed_on"] else None
        row["url"] = f"{before}{row.pop('organisation_id')}{after}"
        yield row


def _in_chunks(pieces: Iterator[str], size: int = 250) -> Iterator[str]:
    """Pieces joined a few hundred at a time: one write to the client per chunk, not per row."""
    chunk: list[str] = []
    for piece in pieces:
        chunk.append(piece)
        if len(chunk) >= size:
            yield "".join(chunk)
            chunk = []
    if chunk:
        yield "".join(chunk)


def csv_lines(queryset) -> Iterator[str]:
    """The header, then one CSV line per signature, sent in chunks of lines."""
    writer = SafeWriter(Echo())
    header = [name for name, _ in COLUMNS if name != "organisation_id"] + ["url"]

    def lines():
        yield writer.writerow(header)
        for row in _rows(queryset):
            yield writer.writerow([row[name] for name in header])

    return _in_chunks(lines())


def json_chunks(queryset, meta: dict) -> Iterator[str]:
    """A JSON object {"meta": ..., "signatories": [...]}, written in chunks of rows."""

    def pieces():
        yield '{"meta": ' + json.dumps(meta) + ', "signatories": ['
        first = True
        for row in _rows(queryset):
            yield ("" if first else ",") + "\n" + json.dumps(row)
            first = False
        yield "\n]}\n"

    return _in_chunks(pieces())
