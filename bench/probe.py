"""Each page drawn afresh in one process, one request at a time: queries, rows and statuses.

Run inside `manage.py shell` with PAGE_CACHE_SECONDS=0 (bench.py sets it); reads bench/pages.py's JSON on stdin, prints JSON: per page label, over up to
SAMPLE of its URLs, the most queries one draw made, the median and largest number of table
rows it showed (HTML <tr> in the body, or lines of a CSV, or events of a calendar, or entries of
a feed), the median draw in ms, and every status seen. Caches are cleared before each draw.
"""

from __future__ import annotations

import json
import statistics
import sys
import time

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User

SAMPLE = 30
asked = json.loads(sys.stdin.read())
clients = {"": Client()}
for role, email in asked["users"].items():
    clients[role] = Client()
    clients[role].force_login(User.objects.get(email=email))


def rows_in(body: bytes, content_type: str) -> int:
    if "html" in content_type:
        rows = body.count(b"<tr") - body.count(b"<thead")
        items = body.count(b'govuk-heading-s govuk-!-margin-bottom-1"><a')  # a list of cards
        return max(rows, items, 0)
    if "csv" in content_type:
        return max(body.count(b"\n") - 1, 0)
    if "calendar" in content_type:
        return body.count(b"BEGIN:VEVENT")
    if "atom" in content_type or "xml" in content_type:
        return body.count(b"<entry")
    if "json" in content_type:
        return body.count(b'"name"') or body.count(b"{")
    return 0


result = {}
for page in asked["pages"]:
    client = clients[page["role"]]
    urls = page["urls"][:: max(1, len(page["urls"]) // SAMPLE)][:SAMPLE]
    queries, rows, times, statuses = [], [], [], {}
    for url in urls:
        cache.clear()
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, HTTP_HOST="127.0.0.1")
            body = b"".join(response.streaming_content) if response.streaming else response.content
        times.append((time.perf_counter() - started) * 1000)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        queries.append(len(captured))
        rows.append(rows_in(body, response.get("Content-Type", "")))
    result[page["label"]] = {
        "queries": max(queries),
        "rows": int(statistics.median(rows)),
        "max_rows": max(rows),
        "ms": statistics.median(times),
        "statuses": statuses,
    }
print(json.dumps(result))
