"""An Atom feed of new and updated consultations, filterable by Compact."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html

from signatories.queries import compact_by_slug

from .models import Consultation


class ConsultationFeed(Feed):
    feed_type = Atom1Feed
    link = "/consultations/"
    subtitle = "New and updated consultations on the Compact Portal."

    def get_object(self, request):
        slug = request.GET.get("compact")
        if not slug:
            return None
        compact = compact_by_slug(slug)
        if compact is None:
            raise Http404("No such Compact.")
        return compact

    def title(self, compact):
        return f"Consultations – {compact.name}" if compact else "Consultations – Compact Portal"

    def items(self, compact):
        queryset = Consultation.objects.exclude(status=Consultation.Status.DRAFT).select_related(
            "lead_body"
        )
        if compact:
            queryset = queryset.filter(compact=compact)
        return queryset.order_by("-updated_at")[:50]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Atom writes the description as summary type="html": what people typed is escaped here,
        # or a feed reader renders it as markup
        return format_html(
            "{} (Status: {}; closes {}; lead body {})",
            item.summary,
            item.get_status_display(),
            f"{item.closes_on:%-d %B %Y}",
            item.lead_body.name,
        )

    def item_pubdate(self, item):
        return item.published_at or item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.lead_body.name
