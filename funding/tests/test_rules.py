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
