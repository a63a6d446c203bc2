"""Accessible server-rendered bar charts: every chart comes with a table and a sentence."""

from __future__ import annotations

from dataclasses import dataclass, replace

LABEL_SPACE = 260  # pixels for the labels on the left
BAR_SPACE = 280  # pixels for the longest bar


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    link: str = ""
    width: int = 0  # pixels, the longest bar being BAR_SPACE
    y: int = 0
    share: int = 0  # per cent of the chart's total, rounded

    @property
    def value_x(self) -> int:
        return LABEL_SPACE + self.width + 8


def share_of(count: int, total: int) -> int:
    """The count as a whole percentage of the total (0 when there is nothing to share)."""
    return round(100 * count / total) if total else 0


def bars(rows: list[tuple[str, int | None, str]], *, row_height: int = 32) -> dict:
    """Lay out horizontal bars; values that are None (rule not set) are left out of the chart."""
    shown = [(label, value, link) for label, value, link in rows if value is not None]
    longest = max((value for _, value, _ in shown), default=0) or 1
    laid_out = [
        Bar(label, value, link, round(BAR_SPACE * value / longest), i * row_height)
        for i, (label, value, link) in enumerate(shown)
    ]
    total = sum(bar.value for bar in laid_out)
    laid_out = [replace(bar, share=share_of(bar.value, total)) for bar in laid_out]
    biggest = max(laid_out, key=lambda bar: bar.value, default=None)
    summary = (
        f"{total} in all; the largest group is \u201c{biggest.label}\u201d with {biggest.value} "
        f"({biggest.share}%)."
        if biggest and total
        else "None in this period."
    )
    return {
        "bars": laid_out,
        "height": max(1, len(laid_out)) * row_height,
        "summary": summary,
        "total": total,
    }
