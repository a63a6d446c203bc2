"""Formats of the numbers organisations are registered under, and spotting a duplicate."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from django.core.exceptions import ValidationError

CHARITY_NUMBER = re.compile(r"^[0-9]{6,7}$")
COMPANY_NUMBER = re.compile(r"^([0-9]{8}|[A-Z]{2}[0-9]{6})$")
POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")
OTHER_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,39}$")
# Words that do not tell one organisation from another.
NOISE_WORDS = {
    "the",
    "ltd",
    "limited",
    "cic",
    "plc",
    "llp",
    "cio",
    "charity",
    "trust",
    "and",
    "of",
    "&",
}
SIMILAR_NAME_RATIO = 0.88


def normalise_charity_number(value: str) -> str:
    """A charity number in England and Wales: 6 or 7 digits."""
    value = re.sub(r"\s", "", value or "")
    if value and not CHARITY_NUMBER.match(value):
        raise ValidationError(
            "Enter a charity number in the correct format, like 1012345 (6 or 7 digits)"
        )
    return value


def normalise_company_number(value: str) -> str:
    """A Companies House number: 8 digits, or 2 letters and 6 digits. Short numbers are padded."""
    value = re.sub(r"\s", "", value or "").upper()
    if value.isdigit() and len(value) < 8:
        value = value.zfill(8)
    if value and not COMPANY_NUMBER.match(value):
        raise ValidationError(
            "Enter a company number in the correct format, like 01234567 or SC123456"
        )
    return value


def normalise_postcode(value: str) -> str:
    """A UK postcode in capitals with one space, like HR1 2AB."""
    compact = re.sub(r"\s", "", value or "").upper()
    if not compact:
        return ""
    match = POSTCODE.match(compact)
    if not match:
        raise ValidationError("Enter a real postcode, like HR1 2AB")
    return f"{match.group(1)} {match.group(2)}"


def normalise_other_id(value: str) -> str:
    """Another register's identifier: letters, digits and hyphens."""
    value = (value or "").strip()
    if value and not OTHER_ID.match(value):
        raise ValidationError("Enter the identifier using only letters, numbers and hyphens")
    return value


def name_key(name: str) -> str:
    """A name reduced to the words that identify it, for spotting near-duplicates."""
    words = re.findall(r"[a-z0-9]+", name.lower())
    return " ".join(w for w in words if w not in NOISE_WORDS)


def names_are_similar(a: str, b: str) -> bool:
    """Whether two organisation names are probably the same organisation."""
    key_a, key_b = name_key(a), name_key(b)
    if not key_a or not key_b:
        return False
    return key_a == key_b or SequenceMatcher(None, key_a, key_b).ratio() >= SIMILAR_NAME_RATIO
