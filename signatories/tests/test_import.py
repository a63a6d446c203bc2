"""Importing a Compact's existing signatories from a spreadsheet, as an officer does it in the
admin: upload, match the columns, preview row by row, confirm; then the claim link."""

from __future__ import annotations

import csv
import io
import os
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from core.models import OutboundEmail
from signatories.models import (
    ContactInvitation,
    Organisation,
    OrganisationContact,
    SignatoryImport,
    Signature,
)
from signatories.tests.factories import (
    OrganisationFactory,
    SignatureFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

UPLOAD = reverse("admin:signatories_signatoryimport_add")
HEADINGS = ["Name of organisation", "Kind", "Signed", "Charity no.", "Email", "Contact"]


def _csv(rows, headings=HEADINGS) -> SimpleUploadedFile:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headings)
    writer.writerows(rows)
    return SimpleUploadedFile("signatories.csv", out.getvalue().encode(), "text/csv")


MAPPING = {
    "name": "Name of organisation",
    "organisation_type": "Kind",
    "signed_on": "Signed",
    "charity_number": "Charity no.",
    "contact_email": "Email",
    "contact_name": "Contact",
}


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _upload(client, compact, upload):
    return client.post(UPLOAD, {"compact": compact.pk, "file": upload})


def _preview(client, record, mapping=MAPPING):
    url = reverse("admin:signatories_signatoryimport_preview", args=[record.pk])
    return client.post(url, {"map": "1", **mapping}, follow=True)


@pytest.fixture
def _confirm(django_capture_on_commit_callbacks):
    """Confirm an import; its task runs once the confirmation commits (Celery runs in-process)."""

    def confirm(client, record):
        url = reverse("admin:signatories_signatoryimport_preview", args=[record.pk])
        with django_capture_on_commit_callbacks(execute=True):
            answer = client.post(url, {"confirm": "1"})
        return client.get(answer["Location"]) if answer.status_code == 302 else answer

    return confirm


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def officer(roles):
    return roles["compact_officer"]


@pytest.fixture
def existing(herefordshire):
    """Already registered: one by charity number (signed another Compact), one on the list."""
    by_number = OrganisationFactory(name="Bromyard Food Bank", charity_number="1098765")
    on_list = OrganisationFactory(name="Ross Community Transport", charity_number="1011111")
    SignatureFactory(organisation=on_list, compact=herefordshire, approved=True)
    return by_number, on_list


def test_the_preview_says_what_each_row_will_do_and_writes_nothing(
    officer, herefordshire, existing
):
    client = _client(officer)
    organisations, signatures = Organisation.objects.count(), Signature.objects.count()
    response = _upload(
        client,
        herefordshire,
        _csv(
            [
                [
                    "Leominster Men's Shed",
                    "Charity",
                    "14/03/2019",
                    "1123456",
                    "ann@shed.org",
                    "Ann",
                ],
                ["Bromyard Foodbank Ltd", "Charity", "2018-01-05", "1098765", "", ""],
                ["Ross Community Transport", "Charity", "01/02/2017", "", "", ""],
                ["", "Charity", "01/02/2017", "", "", ""],
                ["Kington Youth Club", "Dragon", "31/02/2017", "12", "not-an-email", ""],
                ["Leominster Mens Shed", "Community group", "01/01/2020", "", "", ""],
                ["<script>alert(1)</script>", "Charity", "01/01/2020", "", "", ""],
            ]
        ),
    )
    record = SignatoryImport.objects.get()
    assert response.status_code == 302
    # Guessed from the headings: all but the type, whose heading says nothing the portal knows.
    assert record.mapping == {k: v for k, v in MAPPING.items() if k != "organisation_type"}

    page = _text(_preview(client, record))
    record.refresh_from_db()
    actions = [(e["row"], e["action"]) for e in record.plan]
    assert actions == [
        (2, "create"),
        (3, "match"),
        (4, "skip"),
        (5, "error"),
        (6, "error"),
        (7, "error"),
        (8, "create"),
    ]
    assert "There is a problem with 3 rows" in page
    assert "Row 5: Enter the organisation’s name" in page
    assert "Row 6: ‘Dragon’ is not a type of organisation the portal knows" in page
    assert "Row 6: Enter a charity number in the correct format" in page
    assert "Row 6: Enter the contact’s email address in the correct format" in page
    assert "Row 6: Enter the date signed as a real date" in page
    assert "Row 7: Row 7 lists the organisation in row 2 again (a very similar name)" in page
    assert "This charity number is already registered to Bromyard Food Bank." in page
    assert "Ross Community Transport has already signed" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
    assert "Import 3 rows" in page
    # Nothing is written before the officer confirms.
    assert (Organisation.objects.count(), Signature.objects.count()) == (organisations, signatures)
    assert not OutboundEmail.objects.exists()


def test_confirming_imports_the_good_rows_through_the_services(
    officer, herefordshire, existing, _confirm
):
    by_number, _on_list = existing
    client = _client(officer)
    _upload(
        client,
        herefordshire,
        _csv(
            [
                [
                    "Leominster Men's Shed",
                    "Charity",
                    "14/03/2019",
                    "1123456",
                    "ann@shed.org",
                    "Ann",
                ],
                ["Bromyard Foodbank", "Charity", "05/01/2018", "1098765", "bo@food.org", "Bo"],
                ["Ross Community Transport", "Charity", "01/02/2017", "", "", ""],
                ["Broken row", "Charity", "tomorrow", "", "", ""],
            ]
        ),
    )
    record = SignatoryImport.objects.get()
    _preview(client, record)
    page = _text(_confirm(client, record))

    record.refresh_from_db()
    assert record.state == SignatoryImport.State.IMPORTED
    assert (record.created_count, record.matched_count, record.skipped_count) == (1, 1, 2)
    assert "Import finished: 1 new organisation and 1 existing organisation" in page

    shed = Organisation.objects.get(name="Leominster Men's Shed")
    signature = shed.signatures.get()
    assert signature.state == Signature.State.APPROVED
    assert str(signature.signed_on) == "2019-03-14"
    assert shed.history.get().history_change_reason.startswith(f"Imported by {officer}")
    assert signature.history.get().history_change_reason == (
        f"Imported by {officer} from signatories.csv"
    )
    assert signature.history.get().history_user == officer
    matched = by_number.signatures.get(compact=herefordshire)
    assert matched.state == Signature.State.APPROVED
    assert Organisation.objects.filter(name__startswith="Bromyard").count() == 1
    # The contacts are invited to claim their organisations, nobody is made a contact yet.
    invited = sorted(OutboundEmail.objects.values_list("recipient", "subject"))
    assert invited == [
        ("ann@shed.org", "You are invited to act for Leominster Men's Shed on the Compact Portal"),
        ("bo@food.org", "You are invited to act for Bromyard Food Bank on the Compact Portal"),
    ]
    assert not OrganisationContact.objects.filter(organisation=shed).exists()
    # Confirming again imports nothing twice.
    _confirm(client, record)
    assert Organisation.objects.filter(name="Leominster Men's Shed").count() == 1
    assert Signature.objects.filter(organisation=shed).count() == 1


def test_an_xlsx_file_is_read_too(officer, herefordshire, _confirm):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Organisation name", "Type of organisation", "Date signed"])
    import datetime

    sheet.append(["Hay Bluff Walkers", "Community group", datetime.datetime(2016, 6, 1)])
    data = io.BytesIO()
    book.save(data)
    upload = SimpleUploadedFile("list.xlsx", data.getvalue())
    client = _client(officer)
    _upload(client, herefordshire, upload)
    record = SignatoryImport.objects.get()
    assert record.mapping == {
        "name": "Organisation name",
        "organisation_type": "Type of organisation",
        "signed_on": "Date signed",
    }
    _preview(client, record, record.mapping)
    _confirm(client, record)
    signature = Signature.objects.get(organisation__name="Hay Bluff Walkers")
    assert str(signature.signed_on) == "2016-06-01"
    assert signature.organisation.sector == "voluntary_community"


def test_a_file_that_cannot_be_read_is_refused_with_the_reason(officer, herefordshire):
    client = _client(officer)
    response = _upload(client, herefordshire, SimpleUploadedFile("list.pdf", b"%PDF-1.4"))
    assert "There is a problem" in _text(response)
    assert "The file must be a CSV or XLSX file" in _text(response)
    response = _upload(client, herefordshire, SimpleUploadedFile("list.xlsx", b"not a workbook"))
    assert "The file could not be read as XLSX" in _text(response)
    assert not SignatoryImport.objects.exists()


def test_columns_must_be_matched_before_a_preview(officer, herefordshire):
    client = _client(officer)
    _upload(client, herefordshire, _csv([["A", "Charity", "01/01/2020", "", "", ""]]))
    record = SignatoryImport.objects.get()
    page = _text(_preview(client, record, {"name": "Kind", "organisation_type": "Kind"}))
    assert "Choose the column that holds the date signed" in page
    assert "The column ‘Kind’ can be chosen for one field only" in page
    record.refresh_from_db()
    assert record.state == SignatoryImport.State.UPLOADED


def test_nobody_else_reaches_the_import(roles, herefordshire):
    officer = roles["compact_officer"]
    _upload(_client(officer), herefordshire, _csv([["A", "Charity", "01/01/2020", "", "", ""]]))
    record = SignatoryImport.objects.get()
    urls = [
        UPLOAD,
        reverse("admin:signatories_signatoryimport_preview", args=[record.pk]),
        reverse("admin:signatories_signatoryimport_progress", args=[record.pk]),
    ]
    for url in urls:
        for method in ("get", "post"):
            answer = getattr(Client(), method)(url)
            assert answer.status_code == 302 and answer["Location"].startswith("/admin/login/")
            answer = getattr(_client(roles["contact"]), method)(url)
            assert answer.status_code == 302 and answer["Location"].startswith("/admin/login/")
    other = _client(roles["other_compact_officer"])
    for url in urls[1:]:
        assert other.get(url).status_code == 404
        assert other.post(url, {"map": "1", **MAPPING}).status_code == 404
        assert other.post(url, {"confirm": "1"}).status_code == 404
    # An officer of another Compact cannot upload into this one: it is not theirs to choose.
    response = _upload(other, herefordshire, _csv([["B", "Charity", "01/01/2020", "", "", ""]]))
    assert "Select a valid choice" in _text(response)
    assert SignatoryImport.objects.count() == 1
    record.refresh_from_db()
    assert record.state == SignatoryImport.State.UPLOADED


def test_a_failed_import_writes_nothing_and_says_so(officer, herefordshire, monkeypatch, _confirm):
    from signatories import services

    client = _client(officer)
    names = ["Hay Walkers", "Kington Larder", "Ledbury Choir"]
    rows = [[name, "Charity", "01/01/2020", "", "", ""] for name in names]
    _upload(client, herefordshire, _csv(rows))
    record = SignatoryImport.objects.get()
    _preview(client, record)
    real = services.import_signatory
    calls = []

    def third_breaks(**kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("The database went away")
        return real(**kwargs)

    monkeypatch.setattr(services, "import_signatory", third_breaks)
    _confirm(client, record)  # the task's error is logged: robust=True (see confirm_import)
    record.refresh_from_db()
    assert record.state == SignatoryImport.State.FAILED
    assert len(calls) == 3
    assert not Organisation.objects.filter(name__in=names).exists()
    page = _text(
        client.get(reverse("admin:signatories_signatoryimport_progress", args=[record.pk]))
    )
    assert "The import stopped, and nothing was written" in page


def test_the_progress_page_counts_the_rows_gone_through(
    officer, herefordshire, monkeypatch, _confirm
):
    from signatories import services, tasks

    monkeypatch.setattr(tasks.run_signatory_import, "delay", lambda pk: None)  # broker queue
    client = _client(officer)
    rows = [[f"Walkers of {w}", "Charity", "01/01/2020", "", "", ""] for w in ("Hay", "Kington")]
    _upload(client, herefordshire, _csv(rows))
    record = SignatoryImport.objects.get()
    _preview(client, record)
    page = _text(_confirm(client, record))
    assert "Importing: 0 of 2 rows gone through" in page
    services.set_import_progress(record.pk, 1)
    url = reverse("admin:signatories_signatoryimport_progress", args=[record.pk])
    assert "Importing: 1 of 2 rows gone through" in _text(client.get(url))
    tasks.run_signatory_import(record.pk)
    assert "Import finished: 2 new organisations" in _text(client.get(url))


# Claiming an imported organisation


def _invitation_link(email: str) -> str:
    body = OutboundEmail.objects.get(recipient=email.lower()).body_text
    return re.search(r"http://[^\s]+/invitations/[^\s]+/", body).group(0).split("8000", 1)[-1]


def test_the_invited_contact_claims_the_organisation_once(officer, herefordshire, _confirm):
    """An imported contact is invited the way any contact is: the link works once, and only
    for someone signed in as the address it was sent to."""
    client = _client(officer)
    _upload(
        client,
        herefordshire,
        _csv([["Leominster Men's Shed", "Charity", "14/03/2019", "", "Ann@Shed.org", "Ann"]]),
    )
    record = SignatoryImport.objects.get()
    _preview(client, record)
    _confirm(client, record)
    link = _invitation_link("Ann@Shed.org")
    shed = Organisation.objects.get(name="Leominster Men's Shed")
    invitation = ContactInvitation.objects.get(organisation=shed)
    assert invitation.history.get().history_change_reason == f"Invited after an import by {officer}"

    # Opening it changes nothing; someone signed in with another address cannot accept it.
    assert Client().get(link).status_code == 200
    stranger = _client(UserFactory(email="eve@example.org"))
    assert stranger.post(link).status_code == 403
    assert not OrganisationContact.objects.filter(organisation=shed).exists()
    # A link with its token changed does not work.
    assert _client(officer).post(link[:-3] + "xx/").status_code in (400, 404)

    ann = UserFactory(email="ann@shed.org")
    assert _client(ann).post(link).status_code == 302
    contact = OrganisationContact.objects.get(organisation=shed)
    assert contact.user == ann
    invitation.refresh_from_db()
    assert invitation.accepted_by == ann
    # Used once: a second go changes nothing.
    assert _client(ann).post(link).status_code != 302
    assert OrganisationContact.objects.filter(organisation=shed).count() == 1


# A whole Compact's list: 10,000 rows with mistakes and duplicates


def _word(i: int) -> str:
    """A made-up word for each number, different for each: Kabelo, Tumira…"""
    consonants, vowels = "bdfgklmnprstvz", "aeiou"
    word = ""
    for _ in range(4):
        i, c = divmod(i, len(consonants))
        i, v = divmod(i, len(vowels))
        word += consonants[c] + vowels[v]
    return word.capitalize()


def _ten_thousand(herefordshire):
    """10,000 rows: a known organisation's number, one signed already, a row repeating the one
    before every hundred, bad dates and missing names; and what each row should do."""
    known = OrganisationFactory(name="Already Registered Trust", charity_number="1300001")
    listed = OrganisationFactory(name="Already Listed Trust", charity_number="1300002")
    SignatureFactory(organisation=listed, compact=herefordshire, approved=True)
    rows, expected = [], {}
    for i in range(10_000):
        number, name, signed = str(1200000 + i), f"{_word(i)} Community Project", "01/04/2015"
        if i == 10:
            number, name = "1300001", "Registered Already"  # same number as a known one
        elif i == 11:
            number, name = "1300002", "Listed Already"  # signed this Compact already
        elif i % 100 == 99:
            number = str(1200000 + i - 1)  # the row before, again
        elif i % 50 == 7:
            signed = "31/13/2015"
        elif i % 70 == 3:
            name = ""
        wrong = i % 100 == 99 or i % 50 == 7 or i % 70 == 3
        action = "match" if i == 10 else "skip" if i == 11 else "error" if wrong else "create"
        expected[i + 2] = action
        rows.append([name, "Charity", signed, number, f"contact{i}@example.org", ""])
    return known, listed, rows, expected


def test_ten_thousand_rows_with_mistakes_and_duplicates_preview_correctly(officer, herefordshire):
    _known, _listed, rows, expected = _ten_thousand(herefordshire)
    organisations, signatures = Organisation.objects.count(), Signature.objects.count()
    client = _client(officer)
    _upload(client, herefordshire, _csv(rows))
    record = SignatoryImport.objects.get()
    page = _text(_preview(client, record))
    record.refresh_from_db()
    assert {e["row"]: e["action"] for e in record.plan} == expected
    errors = sum(1 for a in expected.values() if a == "error")
    assert f"There is a problem with {errors} rows" in page
    assert "Row 101: Row 101 lists the organisation in row 100 again (the same charity number)" in (
        page
    )
    assert "Row 9: Enter the date signed as a real date" in page
    assert "Row 5: Enter the organisation’s name" in page
    creates = sum(1 for a in expected.values() if a == "create")
    assert f"Import {creates + 1} rows" in page
    # Nothing is written before the officer confirms.
    assert (Organisation.objects.count(), Signature.objects.count()) == (organisations, signatures)
    assert not OutboundEmail.objects.exists()


@pytest.mark.skipif(
    os.environ.get("CI") != "true" and not os.environ.get("RUN_SLOW_TESTS"),
    reason="writes 10,000 rows through the services (minutes): runs in CI or with RUN_SLOW_TESTS=1",
)
def test_ten_thousand_rows_import_the_good_rows_exactly_once(officer, herefordshire, _confirm):
    known, listed, rows, expected = _ten_thousand(herefordshire)
    organisations = Organisation.objects.count()
    client = _client(officer)
    _upload(client, herefordshire, _csv(rows))
    record = SignatoryImport.objects.get()
    _preview(client, record)
    creates = sum(1 for a in expected.values() if a == "create")
    _confirm(client, record)
    record.refresh_from_db()
    assert (record.created_count, record.matched_count) == (creates, 1)
    assert Organisation.objects.count() == organisations + creates
    imported = Signature.history.filter(
        compact=herefordshire, history_change_reason__startswith=f"Imported by {officer}"
    )
    assert imported.count() == creates + 1
    assert known.signatures.get(compact=herefordshire).state == Signature.State.APPROVED
    assert listed.signatures.count() == 1
    invited = OutboundEmail.objects.filter(subject__startswith="You are invited to act for ")
    assert invited.count() == creates + 1
    # The task run again (a redelivered message) writes nothing twice.
    from signatories.tasks import run_signatory_import

    assert run_signatory_import(record.pk) == "not waiting"
    assert Organisation.objects.count() == organisations + creates
