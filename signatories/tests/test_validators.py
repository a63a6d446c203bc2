import pytest
from django.core.exceptions import ValidationError

from signatories import validators


@pytest.mark.parametrize("value", ["1012345", "123456", " 1 012 345 "])
def test_charity_numbers_of_six_or_seven_digits_are_accepted(value):
    assert validators.normalise_charity_number(value) == value.replace(" ", "")


@pytest.mark.parametrize("value", ["12345", "12345678", "CH12345", "10123A5"])
def test_malformed_charity_numbers_are_refused(value):
    with pytest.raises(ValidationError, match="charity number in the correct format"):
        validators.normalise_charity_number(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1234567", "01234567"), ("sc123456", "SC123456"), ("01234567", "01234567")],
)
def test_company_numbers_are_padded_and_capitalised(value, expected):
    assert validators.normalise_company_number(value) == expected


@pytest.mark.parametrize("value", ["123456789", "S1234567", "SC12345"])
def test_malformed_company_numbers_are_refused(value):
    with pytest.raises(ValidationError):
        validators.normalise_company_number(value)


def test_postcodes_are_normalised():
    assert validators.normalise_postcode("hr12ab") == "HR1 2AB"
    assert validators.normalise_postcode("CM1 1AA") == "CM1 1AA"
    with pytest.raises(ValidationError, match="real postcode"):
        validators.normalise_postcode("NOT A CODE")


@pytest.mark.parametrize(
    ("a", "b", "similar"),
    [
        ("Ledbury Community Larder", "The Ledbury Community Larder Ltd", True),
        ("Ledbury Community Larder", "Ledbury Comunity Larder", True),
        ("Ledbury Community Larder", "Hereford Community Larder", False),
        ("Age UK Hereford", "Mind Hereford", False),
    ],
)
def test_very_similar_names_are_spotted(a, b, similar):
    assert validators.names_are_similar(a, b) is similar
