"""What a Compact's page shows from the apps above signatories (its consultations, its lessons,
its public summary): they register a panel here, as imports may not flow down to them.

A panel is a function of the Compact returning {"title", "template", and the template's
context} or None; dashboard.hub registers the portal's panels when the apps are ready.
"""

from __future__ import annotations

from collections.abc import Callable

PANELS: list[Callable] = []


def register(panel: Callable) -> Callable:
    if panel not in PANELS:
        PANELS.append(panel)
    return panel


def panels_for(compact) -> list[dict]:
    return [shown for panel in PANELS if (shown := panel(compact)) is not None]
