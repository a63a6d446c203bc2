"""When the database is down, answer 503 with a friendly page instead of a 500."""

from __future__ import annotations

import logging

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

log = logging.getLogger(__name__)


class DatabaseDownMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, (OperationalError, InterfaceError)) or (
            isinstance(exception, DatabaseError) and "connection" in str(exception).lower()
        ):
            log.error("Database unavailable: %s", type(exception).__name__)
            page = render_to_string("503.html")
            response = HttpResponse(page, status=503)
            response["Retry-After"] = "60"
            return response
        return None
