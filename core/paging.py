"""Pages of a long list that cost the same on page 1 as on the last page.

A national list (the published list, the consultations) holds tens of thousands of rows; a
count of every matching row on each request, and an OFFSET of 100,000 to reach the last page,
cost in proportion to the data. BoundedPaginator counts at most `max_rows` + 1 rows (a LIMIT
inside the count) and offers only the pages within `max_rows`, so the dearest request is an
OFFSET of `max_rows`: a search or a filter narrows a longer list, and the exports give all of it.

With `ids_first=True` a page past the first is read in two steps inside one query: the ids of
the page's rows (`SELECT id ... ORDER BY ... LIMIT 25 OFFSET 1975`, which an index that matches
the filter and order answers from the index alone), then the page's rows by those ids, with
their joins. The OFFSET then walks narrow index entries, not 2,000 whole rows joined to their
Compact and organisation, so the last page costs little more than the first.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

MAX_ROWS = 2000


class BoundedPaginator(Paginator):
    """A Paginator over at most `max_rows` rows; `truncated` says whether more matched."""

    def __init__(
        self, object_list, per_page, *, max_rows: int = MAX_ROWS, ids_first: bool = False, **kwargs
    ):
        self.max_rows = max_rows
        self.ids_first = ids_first
        super().__init__(object_list, per_page, **kwargs)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = self.object_list
        if not (self.ids_first and bottom and isinstance(rows, QuerySet) and rows.ordered):
            return super().page(number)
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        # the page's ids in the list's order (no select_related: values() drops it), then
        # their rows, sorted again in the same order (at most per_page of them)
        ids = rows.values("pk")[bottom:top]
        return self._get_page(rows.filter(pk__in=ids), number, self)

    @cached_property
    def _bounded_count(self) -> int:
        """Matching rows, counted no further than max_rows + 1 (one query, bounded)."""
        if isinstance(self.object_list, list | tuple):
            return len(self.object_list[: self.max_rows + 1])
        # The order does not change how many rows there are: no sort inside the count.
        return self.object_list.order_by()[: self.max_rows + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._bounded_count, self.max_rows)

    @property
    def truncated(self) -> bool:
        """Whether more rows matched than the pages offer."""
        return self._bounded_count > self.max_rows
