from dataclasses import dataclass, field
from datetime import date

import pytest

from disputes.rules import formal_stage_verdict, panel_problems


def test_six_weeks_is_42_days_and_met_on_the_target_day():
    verdict = formal_stage_verdict(date(2026, 1, 5), date(2026, 2, 16), 6, date(2026, 3, 1))
    assert (verdict.state, verdict.ok, verdict.due) == ("met", True, date(2026, 2, 16))
    assert (
        formal_stage_verdict(date(2026, 1, 5), date(2026, 2, 17), 6, date(2026, 3, 1)).state
        == "missed"
    )


def test_running_until_the_target_then_overdue():
    assert formal_stage_verdict(date(2026, 1, 5), None, 6, date(2026, 2, 16)).state == "running"
    overdue = formal_stage_verdict(date(2026, 1, 5), None, 6, date(2026, 2, 17))
    assert (overdue.state, overdue.ok) == ("overdue", False)


def test_not_set_where_the_compact_sets_no_target():
    assert formal_stage_verdict(date(2026, 1, 5), None, None, date(2030, 1, 1)).state == "not_set"


def test_leaving_before_the_initial_contact_is_impossible():
    with pytest.raises(ValueError):
        formal_stage_verdict(date(2026, 1, 5), date(2026, 1, 4), 6, date(2026, 1, 5))


@dataclass
class Member:
    org_id: int
    sector: str
    linked_org_ids: list = field(default_factory=list)


def test_a_good_panel_has_no_problems():
    members = [Member(10, "public"), Member(11, "voluntary_community"), Member(12, "private")]
    assert panel_problems(members, [1, 2]) == []


def test_each_problem_is_found_once_in_order():
    members = [Member(1, "public"), Member(1, "public", [2]), Member(13, "public", [2])]
    assert panel_problems(members, [1, 2], size=4) == [
        "member_from_party",
        "declared_link",
        "single_sector",
        "wrong_size",
    ]


def test_the_verdict_is_a_state_shown_in_its_colour():
    from disputes.models import FormalTarget

    verdict = formal_stage_verdict(date(2026, 1, 5), None, 6, date(2026, 2, 17))
    assert verdict.state is FormalTarget.OVERDUE
    assert (verdict.state.label, verdict.state.colour) == ("Overdue", "red")
    assert FormalTarget.NOT_SET.colour == "grey"
