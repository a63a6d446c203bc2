"""The dashboard's period is chosen with GOV.UK radios and date inputs, never typed as ISO."""

from datetime import date

import pytest

from dashboard.queries import parse_period
from signatories.tests.factories import CompactOfficerFactory

TODAY = date(2026, 2, 10)


def test_dates_given_as_day_month_and_year_choose_the_period():
    period = parse_period(
        {
            "from-day": "1",
            "from-month": "1",
            "from-year": "2026",
            "to-day": "10",
            "to-month": "1",
            "to-year": "2026",
        },
        TODAY,
    )
    assert (period.start, period.end) == (date(2026, 1, 1), date(2026, 1, 10))


def test_an_empty_form_shows_the_current_financial_year():
    period = parse_period({"fy": "", "q": "", "from-day": "", "to-year": ""}, TODAY)
    assert (period.start, period.end) == (date(2025, 4, 1), date(2026, 3, 31))


def test_a_whole_year_chosen_with_no_quarter_is_the_financial_year():
    period = parse_period({"fy": "2024", "q": ""}, TODAY)
    assert (period.start, period.end) == (date(2024, 4, 1), date(2025, 3, 31))


@pytest.mark.parametrize(
    "params, words",
    [
        ({"from-day": "30", "from-month": "2", "from-year": "2026"}, "real start date"),
        ({"from-day": "1", "from-month": "1", "from-year": "2026"}, "end date"),
    ],
)
def test_a_wrong_date_is_explained_in_words(params, words):
    with pytest.raises(ValueError, match=words) as error:
        parse_period(params, TODAY)
    assert "YYYY" not in str(error.value)


@pytest.mark.django_db
def test_the_period_form_uses_radios_and_date_inputs(client, herefordshire):
    client.force_login(CompactOfficerFactory(compact=herefordshire).user)
    page = client.get("/dashboard/herefordshire/?fy=2025&q=2").content.decode()
    assert 'class="govuk-radios__input"' in page and 'name="q"' in page
    for part in ("from-day", "from-month", "from-year", "to-day", "to-month", "to-year"):
        assert f'name="{part}"' in page
    assert "YYYY" not in page
    assert 'value="2" checked' in page


@pytest.mark.django_db
def test_a_wrong_date_on_the_page_is_shown_in_an_error_summary(client, herefordshire):
    client.force_login(CompactOfficerFactory(compact=herefordshire).user)
    response = client.get(
        "/dashboard/herefordshire/?from-day=31&from-month=2&from-year=2026"
        "&to-day=1&to-month=3&to-year=2026"
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page and "Enter a real start date" in page
