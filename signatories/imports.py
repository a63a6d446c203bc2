"""Reading a spreadsheet of signatories and working out, row by row, what importing it would do.

The file is read by django-import-export's formats (tablib, and openpyxl for XLSX); nothing
here writes. services.preview_import stores the plan this makes, and services.import_signatory
writes each row, checking it again against the database as it then stands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import models
from import_export.formats.base_formats import CSV, XLSX

from core.uploads import check_upload

from . import validators
from .models import TYPES_BY_SECTOR, Compact, Organisation, OrganisationType, Sector
from .validators import name_key, names_are_similar

MAX_ROWS = 20_000
MAX_BYTES = 8 * 1024 * 1024
FORMATS = {".csv": CSV, ".xlsx": XLSX}


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    required: bool = False
    hint: str = ""
    aliases: tuple[str, ...] = ()  # other headings that name it, as _simple() makes them


FIELDS = [
    Field(
        "name",
        "Organisation name",
        required=True,
        aliases=("organisation", "nameoforganisation", "organisationsname", "signatory"),
    ),
    Field(
        "organisation_type",
        "Type of organisation",
        required=True,
        hint="for example Charity",
        aliases=("type", "organisationtype"),
    ),
    Field("sector", "Sector", hint="worked out from the type when not given"),
    Field(
        "signed_on",
        "Date signed",
        required=True,
        hint="for example 14/03/2019",
        aliases=("signed", "signedon", "datesignedup", "signingdate", "dateofsigning"),
    ),
    Field("charity_number", "Charity number", aliases=("charityno", "registeredcharitynumber")),
    Field("company_number", "Company number", aliases=("companyno",)),
    Field("address", "Address"),
    Field("postcode", "Postcode"),
    Field("website", "Website", aliases=("web", "url")),
    Field("contact_name", "Contact name", aliases=("contact",)),
    Field(
        "contact_email", "Contact email address", aliases=("email", "emailaddress", "contactemail")
    ),
    Field("contact_role", "Contact role", aliases=("role",)),
]
FIELDS_BY_NAME = {f.name: f for f in FIELDS}
ORGANISATION_FIELDS = (
    "name",
    "sector",
    "organisation_type",
    "charity_number",
    "company_number",
    "address",
    "postcode",
    "website",
)
DATE_FORMATS = ("%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d-%m-%Y", "%d %B %Y", "%d %b %Y", "%d.%m.%Y")


class Action(models.TextChoices):
    """What a row of the preview will do (stored in the plan, shown by its label)."""

    CREATE = "create", "New organisation"
    MATCH = "match", "Matches an existing organisation"
    SKIP = "skip", "Already signed: nothing to do"
    ERROR = "error", "Cannot be imported"


WRITTEN = (Action.CREATE, Action.MATCH)


def read_file(upload) -> tuple[list[str], list[list[str]]]:
    """The headings and the rows of an uploaded CSV or XLSX file, every cell as text."""
    check_upload(upload, extensions=set(FORMATS), kinds="CSV or XLSX", max_bytes=MAX_BYTES)
    suffix = "." + upload.name.lower().rsplit(".", 1)[-1]
    content = upload.read()
    file_format = FORMATS[suffix]()
    try:
        if suffix == ".csv":
            text = content.decode("utf-8-sig")
            dataset = file_format.create_dataset(text)
        else:
            dataset = file_format.create_dataset(content)
    except UnicodeDecodeError as error:
        raise ValidationError("The CSV file must be saved as UTF-8") from error
    except Exception as error:  # tablib and openpyxl raise many kinds for a broken file
        raise ValidationError(f"The file could not be read as {suffix[1:].upper()}") from error
    headers = [_text(h) for h in (dataset.headers or [])]
    if not any(headers):
        raise ValidationError("The file must have a row of column headings first")
    rows = [[_text(cell) for cell in row] for row in dataset]
    rows = [row for row in rows if any(row)]
    if not rows:
        raise ValidationError("The file has no rows under its headings")
    if len(rows) > MAX_ROWS:
        raise ValidationError(f"The file must have at most {MAX_ROWS:,} rows")
    return headers, rows


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _simple(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def guess_mapping(headers: list[str]) -> dict[str, str]:
    """Each field's column, where a heading names it (by its label or its name)."""
    mapping = {}
    for field in FIELDS:
        wanted = {_simple(field.label), _simple(field.name), *field.aliases}
        for header in headers:
            if _simple(header) in wanted and header not in mapping.values():
                mapping[field.name] = header
                break
    return mapping


def check_mapping(headers: list[str], mapping: dict[str, str]) -> list[str]:
    """What is wrong with a mapping of fields onto columns, in words to show."""
    problems = []
    for field in FIELDS:
        column = mapping.get(field.name, "")
        if column and column not in headers:
            problems.append(f"Choose a column of the file for {field.label.lower()}")
        elif field.required and not column:
            problems.append(f"Choose the column that holds the {field.label.lower()}")
    used = [c for c in mapping.values() if c]
    for column in sorted({c for c in used if used.count(c) > 1}):
        problems.append(f"The column ‘{column}’ can be chosen for one field only")
    return problems


def _choice(text: str, choices) -> str | None:
    key = _simple(text)
    for value, label in choices:
        if key in (_simple(value), _simple(label)):
            return value
    return None


def parse_date(text: str) -> date:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValidationError("Enter the date signed as a real date, like 14/03/2019")


def check_row(values: dict[str, str], *, today: date) -> tuple[dict, list[str]]:
    """A row's values cleaned into an organisation's and a signature's, and what is wrong."""
    errors: list[str] = []
    data: dict = {field: values.get(field, "").strip() for field in FIELDS_BY_NAME}

    if not data["name"]:
        errors.append("Enter the organisation’s name")
    kind = _choice(data["organisation_type"], OrganisationType.choices)
    sector = _choice(data["sector"], Sector.choices) if data["sector"] else None
    if not data["organisation_type"]:
        errors.append("Enter the type of organisation, like Charity or Council")
    elif kind is None:
        errors.append(
            f"‘{data['organisation_type']}’ is not a type of organisation the portal knows"
        )
    if data["sector"] and sector is None:
        errors.append(
            f"‘{data['sector']}’ is not a sector: enter public, voluntary and community, or private"
        )
    if kind is not None:
        kind_sector = next(s for s, kinds in TYPES_BY_SECTOR.items() if kind in kinds)
        if sector is not None and sector != kind_sector:
            kind_label, sector_label = OrganisationType(kind).label, Sector(sector).label
            errors.append(f"A {kind_label.lower()} is not in the {sector_label.lower()}")
        sector = kind_sector
    data["organisation_type"], data["sector"] = kind or "", sector or ""

    for field, normalise in (
        ("charity_number", validators.normalise_charity_number),
        ("company_number", validators.normalise_company_number),
        ("postcode", validators.normalise_postcode),
    ):
        try:
            data[field] = normalise(data[field])
        except ValidationError as error:
            errors.extend(error.messages)
    if data["website"]:
        if "://" not in data["website"]:
            data["website"] = "https://" + data["website"]
        try:
            URLValidator(schemes=["http", "https"])(data["website"])
        except ValidationError:
            errors.append("Enter the website as a web address, like www.example.org")
    if data["contact_email"]:
        try:
            validate_email(data["contact_email"])
        except ValidationError:
            errors.append(
                "Enter the contact’s email address in the correct format, like name@example.org"
            )

    if not data["signed_on"]:
        errors.append("Enter the date the organisation signed")
    else:
        try:
            signed_on = parse_date(data["signed_on"])
        except ValidationError as error:
            errors.extend(error.messages)
        else:
            if signed_on > today:
                errors.append("The date signed must be today or in the past")
            data["signed_on"] = signed_on.isoformat()

    if not errors:
        organisation = Organisation(**{f: data[f] for f in ORGANISATION_FIELDS})
        try:
            organisation.full_clean()
        except ValidationError as error:
            errors.extend(
                f"{Organisation._meta.get_field(field).verbose_name.capitalize()}: {message}"
                for field, messages in error.message_dict.items()
                for message in messages
            )
        for field in ("contact_name", "contact_role"):
            limit = 200 if field == "contact_name" else 120
            if len(data[field]) > limit:
                errors.append(f"{FIELDS_BY_NAME[field].label} must be {limit} characters or fewer")
    return data, errors


class _SeenInFile:
    """The organisations earlier rows of the file describe, to catch one listed twice."""

    def __init__(self):
        self.numbers: dict[tuple[str, str], int] = {}
        self.keys: dict[str, int] = {}
        self.by_first_word: dict[str, list[tuple[str, int]]] = {}

    def earlier(self, data: dict) -> tuple[int, str] | None:
        for field, why in (
            ("charity_number", "charity number"),
            ("company_number", "company number"),
        ):
            if data[field] and (field, data[field]) in self.numbers:
                return self.numbers[(field, data[field])], f"the same {why}"
        key = name_key(data["name"])
        if key in self.keys:
            return self.keys[key], "the same name"
        for name, row in self.by_first_word.get(key.split(" ")[0], []):
            if names_are_similar(name, data["name"]):
                return row, "a very similar name"
        return None

    def add(self, data: dict, row: int) -> None:
        for field in ("charity_number", "company_number"):
            if data[field]:
                self.numbers.setdefault((field, data[field]), row)
        key = name_key(data["name"])
        self.keys.setdefault(key, row)
        self.by_first_word.setdefault(key.split(" ")[0], []).append((data["name"], row))


class _KnownToTheDatabase:
    """What find_duplicate could match, loaded once: registered numbers, and the names of the
    organisations that signed the Compact. A row that can match none of them needs no queries;
    one that might is asked find_duplicate itself, so the sign-up's rules decide."""

    def __init__(self, compact: Compact):
        self.charity_numbers = set(
            Organisation.objects.exclude(charity_number="").values_list("charity_number", flat=True)
        )
        self.company_numbers = set(
            Organisation.objects.exclude(company_number="").values_list("company_number", flat=True)
        )
        signed = Organisation.objects.filter(signatures__compact=compact).distinct()
        self.names = [name.lower() for name in signed.values_list("name", flat=True)]

    def might_hold(self, data: dict) -> bool:
        if data["charity_number"] and data["charity_number"] in self.charity_numbers:
            return True
        if data["company_number"] and data["company_number"] in self.company_numbers:
            return True
        first_word = name_key(data["name"]).split(" ")[0]
        return any(first_word in name for name in self.names)


def plan_rows(
    headers: list[str],
    rows: list[list[str]],
    mapping: dict[str, str],
    *,
    compact: Compact,
    today: date,
) -> list[dict]:
    """What importing each row would do: create, match an existing organisation, skip (it has
    signed already) or nothing, with the reason. Row numbers are the spreadsheet's (headings
    are row 1)."""
    from .services import find_duplicate, live_signature

    index = {header: i for i, header in enumerate(headers)}
    seen = _SeenInFile()
    known = _KnownToTheDatabase(compact)
    plan = []
    for number, row in enumerate(rows, start=2):
        values = {
            field: row[index[column]] if index[column] < len(row) else ""
            for field, column in mapping.items()
            if column
        }
        data, errors = check_row(values, today=today)
        entry = {"row": number, "name": data["name"], "data": data}
        if not errors:
            earlier = seen.earlier(data)
            if earlier is not None:
                errors.append(
                    f"Row {number} lists the organisation in row {earlier[0]} again ({earlier[1]})"
                )
        if errors:
            plan.append(
                {**entry, "action": Action.ERROR, "detail": "; ".join(errors), "errors": errors}
            )
            continue
        seen.add(data, number)
        duplicate = (
            find_duplicate(data={f: data[f] for f in ORGANISATION_FIELDS}, compact=compact)
            if known.might_hold(data)
            else None
        )
        if duplicate is None:
            plan.append({**entry, "action": Action.CREATE, "detail": "Will be added and published"})
            continue
        existing = duplicate.existing
        live = live_signature(existing, compact)
        if live is not None:
            detail = (
                f"{existing.name} has already signed ({live.get_state_display().lower()}, "
                f"reference {live.reference})"
            )
            plan.append({**entry, "action": Action.SKIP, "detail": detail, "existing": existing.pk})
        else:
            detail = f"{duplicate.messages[0]} The signature will be added to {existing.name}."
            plan.append(
                {**entry, "action": Action.MATCH, "detail": detail, "existing": existing.pk}
            )
    return plan


def counts(plan: list[dict]) -> dict[str, int]:
    """How many rows of a plan do each thing, by action."""
    result = {action.value: 0 for action in Action}
    for entry in plan:
        result[entry["action"]] += 1
    return result


def shown(entry: dict) -> dict:
    """A plan's row as the preview shows it: its action by label."""
    return {**entry, "label": Action(entry["action"]).label}
