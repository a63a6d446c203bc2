"""What every verdict's states share: each is shown as a GOV.UK tag in the colour of its outcome.

An app defines its states once, as a `VerdictChoices` beside the model that stores them, and
says which colour each state shows in; the rules return those members, and templates show them
with `{% verdict_tag %}`, so labels and colours are never retyped.
"""

from __future__ import annotations

from django.db import models

KEPT = "green"  # the Compact is kept
KEPT_WITH_CARE = "yellow"  # kept, with a reason or an exception on the record
UNDER_WAY = "blue"  # not decided yet
BROKEN = "red"  # the Compact is not kept
NO_CHECK = "grey"  # the Compact does not set the rule, or it does not apply


class VerdictChoices(models.TextChoices):
    """A verdict's states; each subclass says which colour each of its states shows in."""

    @classmethod
    def colours(cls) -> dict[VerdictChoices, str]:
        """The colour of each state; a state not named shows in NO_CHECK's grey."""
        return {}

    @property
    def colour(self) -> str:
        """The GOV.UK tag colour of this state."""
        return type(self).colours().get(self, NO_CHECK)
