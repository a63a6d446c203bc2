"""Who made a change and why, for the object's history (django-simple-history)."""

from __future__ import annotations


def record_change(obj, *, by, reason: str) -> None:
    """Name who makes the next save of `obj` and why; anonymous and system changes name nobody."""
    obj._history_user = by if by is not None and by.is_authenticated else None
    obj._change_reason = reason
