"""Counts for several periods over several tables, read in one statement.

The dashboard shows a Compact's figures for four periods side by side; each app says what it
counts (`Counted`: the rows, and for each period named conditional aggregates such as
`Count("pk", filter=Q(...))`) and how to read one period's numbers into its figures. `read_all`
asks for every app's counts at once: one SELECT whose columns are scalar subqueries, one per
table, each a JSON object of that table's aggregates for every period. The number of queries
is one whatever the periods, the Compact or the data; each table is read once, on its index.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import Aggregate, BooleanField, F, Func, QuerySet, Subquery, Value
from django.db.models.functions import JSONObject

# PostgreSQL's JSONB_BUILD_OBJECT takes at most 100 arguments: 50 keys and their values.
PAIRS = 50


@dataclass(frozen=True)
class Counted:
    """What one table counts: its rows, per period the named aggregates, and how to read them."""

    rows: QuerySet
    per_period: list[dict[str, Aggregate]]
    read: Callable[[dict[str, int]], Any]


def _chunked(named: dict[str, Aggregate]) -> JSONObject:
    """One JSON object of every aggregate, nested in parts of at most PAIRS keys."""
    items = list(named.items())
    parts = [dict(items[i : i + PAIRS]) for i in range(0, len(items), PAIRS)] or [{}]
    if len(parts) > PAIRS:
        raise ValueError(f"At most {PAIRS * PAIRS} counts over one table in one statement.")
    return JSONObject(**{str(n): JSONObject(**part) for n, part in enumerate(parts)})


def _subquery(counted: Counted) -> QuerySet:
    """The table's aggregates over its rows as one JSON value (a single row: no GROUP BY)."""
    named = {
        f"{index}:{name}": aggregate
        for index, aggregates in enumerate(counted.per_period)
        for name, aggregate in aggregates.items()
    }
    return (
        counted.rows.order_by()
        .annotate(_all=Value(1))  # grouped by a constant: Django leaves GROUP BY out
        .values("_all")
        .annotate(_counts=_chunked(named))
        .values("_counts")
    )


def _per_period(value, periods: int) -> list[dict[str, int]]:
    if isinstance(value, str | bytes):
        value = json.loads(value)  # SQLite answers JSON as text
    found: list[dict[str, int]] = [{} for _ in range(periods)]
    for part in (value or {}).values():
        for key, n in part.items():
            index, name = key.split(":", 1)
            found[int(index)][name] = n
    return found


def read_all(periods: int, using: str = "default", **tables: Counted | None) -> dict[str, list]:
    """Each table's figures for each of the `periods` (None for a table not asked: a rule the
    Compact does not set), in one query."""
    asked = {name: counted for name, counted in tables.items() if counted is not None}
    result: dict[str, list] = {name: [None] * periods for name in tables}
    if asked:
        selects, params = [], []
        for counted in asked.values():
            sql, sql_params = _subquery(counted).query.get_compiler(using=using).as_sql()
            selects.append(f"({sql})")
            params.extend(sql_params)
        with connections[using].cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(selects), params)
            row = cursor.fetchone()
        for (name, counted), value in zip(asked.items(), row, strict=True):
            result[name] = [counted.read(counts) for counts in _per_period(value, periods)]
    return result


class AmongIds(Func):
    """`column` is one of the ids `queryset` gives (a single-column queryset of ids).

    On PostgreSQL this is `column = ANY(ARRAY(subquery))`: the ids are found first (an InitPlan)
    and the column's index is probed with them. Written as a join or `IN (subquery)`, a range on
    another column that covers most of a national table (notices issued in the last four years)
    makes the planner hash the few ids and scan the whole table in parallel: the notices of one
    Compact's 1,000 agreements cost 50–90 ms that way at national scale, and 1.2 ms this way.
    Elsewhere (SQLite) it is `column IN (subquery)`.
    """

    output_field = BooleanField()

    def __init__(self, column: str, queryset: QuerySet):
        super().__init__(F(column), Subquery(queryset))

    def as_sql(self, compiler, connection, template="%(column)s IN %(ids)s", **extra):
        column, ids = self.get_source_expressions()
        column_sql, column_params = compiler.compile(column)
        ids_sql, ids_params = compiler.compile(ids)
        return template % {"column": column_sql, "ids": ids_sql}, (*column_params, *ids_params)

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="%(column)s = ANY(ARRAY%(ids)s)")
