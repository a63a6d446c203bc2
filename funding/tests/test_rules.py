"""The funding rules at their boundaries (RULES.md §2 and §8)."""

from datetime import date

import pytest

from funding.rules import notice_verdict, renewal_verdict, term_verdict


class TestTerm:
    def test_the_worked_example_1_april_2026_to_31_march_2029_is_three_years(self):
        verdict = term_verdict(date(2026, 4, 1), date(2029, 3, 31), 3)
        assert (verdict.state, verdict.ok, verdict.due) == ("meets", True, date(2029, 3, 31))

    def test_a_day_short_needs_a_reason(self):
        assert term_verdict(date(2026, 4, 1), date(2029, 3, 30), 3).state == "shorter_no_reason"
        verdict = term_verdict(date(2026, 4, 1), date(2029, 3, 30), 3, reason="Pilot year")
        assert (verdict.state, verdict.ok) == ("shorter_with_reason", True)
        assert term_verdict(date(2026, 4, 1), date(2029, 3, 30), 3, reason="   ").ok is False

    def test_a_term_from_29_february_is_clamped(self):
        # 29 Feb 2028 + 2 years = 28 Feb 2030, so the term must reach 27 Feb 2030.
        assert term_verdict(date(2028, 2, 29), date(2030, 2, 27), 2).state == "meets"
        assert term_verdict(date(2028, 2, 29), date(2030, 2, 26), 2).state == "shorter_no_reason"

    def test_not_set_turns_the_check_off(self):
        verdict = term_verdict(date(2026, 4, 1), date(2026, 4, 30), None)
        assert (verdict.state, verdict.ok, verdict.due) == ("not_set", None, None)

    def test_an_end_before_the_start_is_refused(self):
        with pytest.raises(ValueError, match="end before it starts"):
            term_verdict(date(2026, 4, 1), date(2026, 3, 31), 3)


class TestNotice:
    def test_three_months_exactly_meets(self):
        verdict = notice_verdict(date(2026, 1, 15), date(2026, 4, 15), 3, reasons="Budget")
        assert (verdict.state, verdict.ok, verdict.due) == ("meets", True, date(2026, 4, 15))

    def test_a_day_short_is_short(self):
        verdict = notice_verdict(date(2026, 1, 15), date(2026, 4, 14), 3, reasons="Budget")
        assert (verdict.state, verdict.ok) == ("short", False)

    def test_month_ends_clamp(self):
        # 30 November + 3 months = 28 February (29 in a leap year).
        assert (
            notice_verdict(date(2026, 11, 30), date(2027, 2, 28), 3, reasons="x").state == "meets"
        )
        assert (
            notice_verdict(date(2027, 11, 30), date(2028, 2, 28), 3, reasons="x").state == "short"
        )
        assert (
            notice_verdict(date(2027, 11, 30), date(2028, 2, 29), 3, reasons="x").state == "meets"
        )
        # Chelmsford's six months: 31 August + 6 months = 28 February.
        assert notice_verdict(date(2026, 8, 31), date(2027, 2, 28), 6, reasons="x").state == "meets"
        assert notice_verdict(date(2026, 8, 31), date(2027, 2, 27), 6, reasons="x").state == "short"

    def test_the_order_of_checks(self):
        issued, effective = date(2026, 1, 1), date(2026, 1, 2)
        assert notice_verdict(issued, effective, None, in_writing=False).state == "not_set"
        assert notice_verdict(issued, effective, 3, in_writing=False).state == "not_in_writing"
        assert notice_verdict(issued, effective, 3, reasons=" ").state == "no_reasons"
        assert (
            notice_verdict(issued, date(2026, 4, 1), 3, reasons="x", exceptional=True).state
            == "meets"
        )

    def test_an_exception_counts_only_where_the_compact_allows_it(self):
        short = (date(2026, 1, 1), date(2026, 2, 1), 3)
        allowed = notice_verdict(*short, reasons="Fraud", exceptional=True, exceptions_allowed=True)
        assert (allowed.state, allowed.ok) == ("exception", True)
        refused = notice_verdict(
            *short, reasons="Fraud", exceptional=True, exceptions_allowed=False
        )
        assert (refused.state, refused.ok) == ("short", False)

    def test_an_effective_date_before_the_issue_is_refused(self):
        with pytest.raises(ValueError, match="before it is issued"):
            notice_verdict(date(2026, 2, 1), date(2026, 1, 31), 3, reasons="x")


class TestRenewal:
    renewal = date(2027, 2, 28)

    def test_due_is_the_last_day_to_notify(self):
        assert renewal_verdict(None, self.renewal, 3, date(2026, 1, 1)).due == date(2026, 11, 30)

    def test_in_time_and_late(self):
        assert (
            renewal_verdict(date(2026, 11, 30), self.renewal, 3, date(2027, 1, 1)).state
            == "in_time"
        )
        late = renewal_verdict(date(2026, 12, 1), self.renewal, 3, date(2027, 1, 1))
        assert (late.state, late.ok) == ("late", False)

    def test_pending_until_the_due_date_then_overdue(self):
        pending = renewal_verdict(None, self.renewal, 3, date(2026, 11, 30))
        assert (pending.state, pending.ok) == ("pending", None)
        overdue = renewal_verdict(None, self.renewal, 3, date(2026, 12, 1))
        assert (overdue.state, overdue.ok) == ("overdue", False)

    def test_not_set(self):
        assert renewal_verdict(None, self.renewal, None, date(2030, 1, 1)).state == "not_set"


class TestChecksBeforeACut:
    """RULES.md §4: the assessments a Compact asks for before a reduction or an ending."""

    ASKED = ["equality_impact_assessment", "impact_assessment", "improvement_plan"]

    @staticmethod
    def answers(**given):
        from types import SimpleNamespace

        base = dict.fromkeys(TestChecksBeforeACut.ASKED, "done")
        return SimpleNamespace(**{**base, **given})

    def test_an_ending_without_the_equality_impact_assessment_has_it_unmet(self):
        from funding.rules import unmet_checks

        answers = self.answers(equality_impact_assessment="not_done")
        assert unmet_checks("end", self.ASKED, answers) == ["equality_impact_assessment"]

    def test_a_check_the_compact_does_not_ask_for_is_never_unmet(self):
        from funding.rules import unmet_checks

        answers = self.answers(equality_impact_assessment="not_done")
        assert unmet_checks("end", ["impact_assessment"], answers) == []

    def test_not_relevant_meets_a_check_and_no_answer_does_not(self):
        from funding.rules import unmet_checks

        assert unmet_checks("end", self.ASKED, self.answers(improvement_plan="not_relevant")) == []
        assert unmet_checks("end", self.ASKED, self.answers(improvement_plan="")) == [
            "improvement_plan"
        ]

    def test_an_improvement_plan_comes_only_before_an_ending(self):
        from funding.rules import unmet_checks

        answers = self.answers(improvement_plan="not_done")
        assert unmet_checks("reduce", self.ASKED, answers) == []
        assert unmet_checks("change", self.ASKED, self.answers(impact_assessment="not_done")) == []

    def test_a_notice_meeting_the_period_with_a_check_unmet_is_not_headlined_as_meeting(self):
        from funding.rules import headline_verdict

        kept = notice_verdict(date(2026, 1, 1), date(2026, 6, 1), 3, reasons="Budget")
        assert kept.state == "meets"
        verdict = headline_verdict(kept, ["equality_impact_assessment"])
        assert (verdict.state, verdict.ok, verdict.due) == ("checks_missing", False, kept.due)
        assert headline_verdict(kept, []) == kept

    def test_a_broken_period_stays_the_headline_and_an_unset_one_yields_to_the_checks(self):
        from funding.rules import headline_verdict

        short = notice_verdict(date(2026, 1, 1), date(2026, 2, 1), 3, reasons="Budget")
        assert headline_verdict(short, ["impact_assessment"]).state == "short"
        off = notice_verdict(date(2026, 1, 1), date(2026, 2, 1), None)
        assert headline_verdict(off, ["impact_assessment"]).state == "checks_missing"
        assert headline_verdict(off, []).state == "not_set"

    def test_every_part_of_the_notice_rule_it_fails_is_named_not_only_the_first(self):
        from funding.rules import notice_period_breaches

        found = notice_period_breaches(
            date(2026, 11, 30), date(2027, 2, 27), 3, in_writing=False, reasons=" "
        )
        assert [state for state, _ in found] == ["not_in_writing", "no_reasons", "short"]
        assert "28 February 2027" in found[2][1]
        assert notice_period_breaches(date(2026, 11, 30), date(2027, 2, 28), 3, reasons="x") == []
        assert notice_period_breaches(date(2026, 1, 1), date(2026, 1, 2), None) == []
