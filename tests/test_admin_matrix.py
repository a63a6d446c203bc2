"""Every admin URL × every role, tried from outside: no page or POST reaches another Compact.

For each model registered in the admin (a new admin without a row to try fails): its
changelist, add, change, delete, history list, history version, each action and the
"view on site" shortcut, for a stranger, a signed-in member of the public, an officer of
the row's Compact, an officer of another Compact and a superuser. Refused POSTs write
nothing, and nobody reverts a row to an old version (a revert would write behind the
services).
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.forms import MultiWidget
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "non_staff", "officer", "other_officer", "superuser"]
LOGIN = "/admin/login/"
SECRET = "Priya Secret"  # only the Herefordshire world carries this


def _world_rows(herefordshire, hertfordshire):
    """One row of every admin model, in Herefordshire where it belongs to a Compact.

    Each entry is (row, text that names it on a page).
    """
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.auth.models import Group

    from consultations.models import Response
    from consultations.tests.factories import ConsultationFactory
    from core.models import OutboundEmail
    from disputes.models import SteeringGroup
    from disputes.tests.factories import CaseFactory
    from funding.models import FundingNotice, RenewalDecision
    from funding.tests.factories import AgreementFactory
    from partnership.models import CollaborativeProject, Survey
    from reminders.models import Reminder, ReminderOptOut
    from signatories.models import (
        Commitment,
        CompactReview,
        OrganisationChangeRequest,
        SignatoryImport,
    )
    from signatories.tests.factories import (
        CompactOfficerFactory,
        OrganisationFactory,
        ReferenceGroupMemberFactory,
        SignatureFactory,
        UserFactory,
    )

    today = timezone.localdate()
    herefordshire.save()  # the seeded Compacts start with no version kept
    council = OrganisationFactory(public=True, name="Secret Council of Leominster")
    charity = OrganisationFactory(name="Secret Larder of Ledbury")
    signature = SignatureFactory(
        organisation=charity, compact=herefordshire, approved=True, contact_name=SECRET
    )
    SignatureFactory(organisation=council, compact=herefordshire, approved=True)
    consultation = ConsultationFactory(
        compact=herefordshire, lead_body=council, title="Secret library hours"
    )
    agreement = AgreementFactory(
        compact=herefordshire, funder=council, recipient=charity, title="Secret advice grant"
    )
    notice = FundingNotice.objects.create(
        agreement=agreement,
        kind="end",
        issued_on=today,
        effective_on=today + datetime.timedelta(days=100),
        reasons="Secret reasons",
    )
    renewal = RenewalDecision.objects.create(
        agreement=agreement, decision="renew", notified_on=today, reasons="Secret"
    )
    officer_user = UserFactory(is_staff=True, full_name="Secret Officer Person")
    return {
        "auth.group": (Group.objects.create(name="Secret group"), "Secret group"),
        "axes.accessattempt": (
            AccessAttempt.objects.create(
                user_agent="Secret agent",
                username="secret@example.org",
                http_accept="*/*",
                path_info="/admin/login/",
                get_data="",
                post_data="",
                failures_since_start=1,
            ),
            "secret@example.org",
        ),
        "axes.accesslog": (
            AccessLog.objects.create(
                user_agent="Secret agent", username="secret@example.org", path_info="/"
            ),
            "secret@example.org",
        ),
        "axes.accessfailurelog": (
            AccessFailureLog.objects.create(
                user_agent="Secret agent", username="secret@example.org", path_info="/"
            ),
            "secret@example.org",
        ),
        "accounts.user": (officer_user, "Secret Officer Person"),
        "signatories.compact": (herefordshire, herefordshire.contact_email),
        "signatories.compactofficer": (
            CompactOfficerFactory(compact=herefordshire, user=officer_user),
            "Secret Officer Person",
        ),
        "signatories.commitment": (
            Commitment.objects.create(
                compact=herefordshire,
                clause="SECRET-1",
                heading="Secret commitment heading",
                text="Secret commitment text",
                undertaken_by="both",
                theme="funding",
            ),
            "Secret commitment heading",
        ),
        "signatories.organisation": (charity, charity.name),
        "signatories.referencegroupmember": (
            ReferenceGroupMemberFactory(compact=herefordshire, name="Secret Member"),
            "Secret Member",
        ),
        "signatories.signature": (signature, charity.name),
        "signatories.compactreview": (
            CompactReview.objects.create(
                compact=herefordshire, reviewed_on=today, summary="Secret review"
            ),
            "Secret review",
        ),
        "signatories.signatoryimport": (
            SignatoryImport.objects.create(
                compact=herefordshire,
                file_name="Secret list.csv",
                headers=["Organisation name"],
                rows=[["Secret Larder of Ledbury"]],
            ),
            "Secret list.csv",
        ),
        "signatories.organisationchangerequest": (
            OrganisationChangeRequest.objects.create(
                organisation=charity, changes={"name": "Secret Renamed Larder"}
            ),
            "Secret Renamed Larder",
        ),
        "consultations.consultation": (consultation, consultation.title),
        "consultations.response": (
            Response.objects.create(
                consultation=consultation,
                reference="R-SECRET1",
                respondent_type="individual",
                name=SECRET,
                body="Secret views",
                received_on=today,
            ),
            "R-SECRET1",
        ),
        "funding.fundingagreement": (agreement, agreement.title),
        "funding.fundingnotice": (notice, agreement.title),
        "funding.renewaldecision": (renewal, agreement.title),
        "disputes.case": (
            CaseFactory(compact=herefordshire, complainant=charity, respondent=council),
            SECRET,
        ),
        "disputes.steeringgroup": (
            SteeringGroup.objects.create(
                compact=herefordshire, name="Secret Steering Group", email="sg@secret.example"
            ),
            "Secret Steering Group",
        ),
        "reminders.reminder": (
            Reminder.objects.create(
                kind="secret_kind",
                content_type=ContentType.objects.get_for_model(agreement),
                object_id=agreement.pk,
                object_label="Secret reminder",
                compact=herefordshire,
                deadline=today,
                offset_days=0,
                due_on=today,
                recipient="secret@example.org",
                about="Secret",
            ),
            "secret@example.org",
        ),
        "core.outboundemail": (
            OutboundEmail.objects.create(
                recipient="secret@example.org",
                subject="Secret subject",
                body_text="Secret",
                message_id="<secret@example.org>",
                compact_id=herefordshire.pk,
            ),
            "secret@example.org",
        ),
        "reminders.reminderoptout": (
            ReminderOptOut.objects.create(email="secret@example.org", kind="secret_kind"),
            "secret@example.org",
        ),
        "partnership.collaborativeproject": (
            CollaborativeProject.objects.create(
                compact=herefordshire,
                title="Secret project",
                started_on=today,
                description="Secret",
            ),
            "Secret project",
        ),
        "partnership.survey": (
            Survey.objects.create(
                compact=herefordshire,
                title="Secret survey",
                questions=["Q?"],
                opens_on=today,
                closes_on=today + datetime.timedelta(days=10),
            ),
            "Secret survey",
        ),
    }


@pytest.fixture
def world(roles, herefordshire, hertfordshire, drawn_afresh):
    rows = _world_rows(herefordshire, hertfordshire)
    people = {
        "anonymous": None,
        "non_staff": roles["contact"],
        "officer": roles["compact_officer"],
        "other_officer": roles["other_compact_officer"],
        "superuser": roles["superuser"],
    }
    return {"rows": rows, "people": people}


def registered_labels() -> list[str]:
    return sorted(model._meta.label_lower for model in admin.site._registry)


def test_every_registered_admin_has_a_row_to_try(roles, herefordshire, hertfordshire):
    assert sorted(_world_rows(herefordshire, hertfordshire)) == registered_labels()


def _admin_for(label):
    model = next(m for m in admin.site._registry if m._meta.label_lower == label)
    return model, admin.site._registry[model]


def _url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _has_history(model) -> bool:
    return hasattr(model._meta, "simple_history_manager_attribute")


def _snapshot(model, pk):
    """The row as stored, and how many rows (and versions) the table holds."""
    versions = model.history.count() if _has_history(model) else None
    return (
        list(model._default_manager.filter(pk=pk).values()),
        model._default_manager.count(),
        versions,
    )


def _body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def _version_urls(model, obj):
    """The history list, and the oldest version of the row (a made-up one if none is kept)."""
    history = _url(model, "history", obj.pk)
    if not isinstance(admin.site._registry[model], SimpleHistoryAdmin):
        return history, None
    version = 1
    if _has_history(model) and obj.history.exists():
        version = obj.history.order_by("history_id").first().history_id
    return history, _url(model, "simple_history", obj.pk, version)


def _edit_a_text_field(model, obj) -> str | None:
    """Change one plain text field so the row has an older version to revert to.

    Any field will do: the version view saves the whole old row, read-only fields included.
    """
    for field in model._meta.concrete_fields:
        edited = f"{getattr(obj, field.name)} (edited)".strip()
        if (
            isinstance(field, models.CharField | models.TextField)
            and not isinstance(field, models.EmailField)
            and not field.unique
            and not field.choices
            and len(edited) <= (field.max_length or len(edited))
        ):
            setattr(obj, field.name, edited)
            obj.save()
            return field.name
    return None


def _post_data(form) -> dict:
    """What a browser would send back for this form, as it stands."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None:
            continue
        if isinstance(field.widget, MultiWidget):
            for index, part in enumerate(field.widget.decompress(value)):
                if part is not None:
                    data[f"{name}_{index}"] = part
        else:
            data[name] = value
    return data


def _revert_data(model, model_admin, obj, superuser):
    """The form of the row's oldest version, filled in as the version page shows it."""
    oldest = obj.history.order_by("history_id").first()
    request = RequestFactory().get("/")
    request.user = superuser
    form_class = model_admin.get_form(request, oldest.instance)
    return oldest.history_id, _post_data(form_class(instance=oldest.instance))


def _client(person):
    client = Client(raise_request_exception=False)
    if person is not None:
        client.force_login(person)
    return client


def _gets(model, model_admin, obj):
    content_type = ContentType.objects.get_for_model(model)
    history, version = _version_urls(model, obj)
    return {
        "changelist": _url(model, "changelist"),
        "add": _url(model, "add"),
        "change": _url(model, "change", obj.pk),
        "delete": _url(model, "delete", obj.pk),
        "history": history,
        "version": version,
        "shortcut": f"/admin/r/{content_type.pk}/{obj.pk}/",
    }


@pytest.mark.parametrize("label", registered_labels())
@pytest.mark.parametrize("role", ["anonymous", "non_staff"])
def test_strangers_are_sent_to_sign_in_and_write_nothing(world, role, label):
    model, model_admin = _admin_for(label)
    obj, _marker = world["rows"][label]
    client = _client(world["people"][role])
    before = _snapshot(model, obj.pk)
    wrong = []
    urls = _gets(model, model_admin, obj)
    for view, url in urls.items():
        if url is None:
            continue
        for method in (client.get, client.post):
            response = method(url, {"post": "yes"} if view == "delete" else {})
            if response.status_code != 302 or not response["Location"].startswith(LOGIN):
                wrong.append(f"{method.__name__.upper()} {view} {url}: {response.status_code}")
    for action in ["delete_selected", *(model_admin.actions or [])]:
        response = client.post(
            urls["changelist"], {"action": action, ACTION_CHECKBOX_NAME: [obj.pk], "post": "yes"}
        )
        if response.status_code != 302 or not response["Location"].startswith(LOGIN):
            wrong.append(f"action {action}: {response.status_code}")
    assert wrong == []
    assert _snapshot(model, obj.pk) == before


@pytest.mark.parametrize("label", registered_labels())
def test_an_officer_of_another_compact_neither_sees_nor_writes_the_row(world, label):
    model, model_admin = _admin_for(label)
    obj, marker = world["rows"][label]
    superuser = world["people"]["superuser"]
    client = _client(world["people"]["other_officer"])
    wrong = []
    for view, url in _gets(model, model_admin, obj).items():
        if url is None:
            continue
        response = client.get(url)
        status = response.status_code
        if status == 200 and (marker in _body(response) or _links_to(response, model, obj)):
            wrong.append(f"GET {view} {url}: shows {marker!r}")
        elif view == "shortcut" and status not in {403, 404}:
            wrong.append(f"GET {view} {url}: {status} {response.get('Location')}")
        elif status == 302 and str(obj.pk) in response["Location"]:
            wrong.append(f"GET {view} {url}: redirects to {response['Location']}")
        elif status not in {200, 302, 403, 404} or (
            status == 200 and view not in {"changelist", "add"}
        ):
            wrong.append(f"GET {view} {url}: {status}")

    before = _snapshot(model, obj.pk)
    urls = _gets(model, model_admin, obj)
    client.post(urls["change"], {})
    client.post(urls["delete"], {"post": "yes"})
    if _has_history(model) and obj.history.exists():
        version, data = _revert_data(model, model_admin, obj, superuser)
        history_url = _url(model, "simple_history", obj.pk, version)
        response = client.post(history_url, data)
        if response.status_code not in {302, 403, 404, 405}:
            wrong.append(f"POST version {history_url}: {response.status_code}")
    for action in ["delete_selected", *(model_admin.actions or [])]:
        response = client.post(
            urls["changelist"], {"action": action, ACTION_CHECKBOX_NAME: [obj.pk], "post": "yes"}
        )
        if marker in _body(response):
            wrong.append(f"action {action}: shows {marker!r}")
    assert wrong == []
    assert _snapshot(model, obj.pk) == before


@pytest.mark.parametrize("label", registered_labels())
def test_an_officer_of_the_rows_compact_sees_it_but_deletes_nothing(world, label):
    model, model_admin = _admin_for(label)
    obj, marker = world["rows"][label]
    client = _client(world["people"]["officer"])
    urls = _gets(model, model_admin, obj)
    answers = {view: client.get(url) for view, url in urls.items() if url is not None}
    statuses = {view: response.status_code for view, response in answers.items()}
    if statuses["changelist"] == 403:  # the superusers' own: people, groups, sign-in logs
        assert set(statuses.values()) <= {403, 404}, statuses
        return
    assert statuses["changelist"] == 200 and _links_to(answers["changelist"], model, obj)
    assert statuses["change"] == 200 and marker in _body(answers["change"])
    assert statuses["history"] == 200
    assert statuses["version"] == (200 if _has_history(model) else 404)
    assert statuses["delete"] == 403
    assert statuses["add"] in {200, 403}
    before = _snapshot(model, obj.pk)
    assert client.post(urls["delete"], {"post": "yes"}).status_code == 403
    response = client.post(
        urls["changelist"],
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: [obj.pk], "post": "yes"},
    )
    assert response.status_code in {200, 302}
    assert _snapshot(model, obj.pk) == before


def _links_to(response, model, obj) -> bool:
    """Whether the page links to the row's change page (a list shows its rows so)."""
    return f'href="{_url(model, "change", obj.pk)}' in _body(response)


def _request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def _versioned_labels() -> list[str]:
    """The admins whose models keep versions and have a plain text field to edit and revert."""
    return [
        label
        for label in registered_labels()
        if _has_history(_admin_for(label)[0])
        and any(
            isinstance(field, models.CharField | models.TextField)
            and not isinstance(field, models.EmailField)
            and not field.unique
            and not field.choices
            for field in _admin_for(label)[0]._meta.concrete_fields
        )
    ]


@pytest.mark.parametrize("label", _versioned_labels())
@pytest.mark.parametrize("role", ["officer", "superuser"])
def test_nobody_reverts_a_row_to_an_old_version(world, role, label):
    model, model_admin = _admin_for(label)
    obj, _marker = world["rows"][label]
    superuser = world["people"]["superuser"]
    assert _edit_a_text_field(model, obj) is not None
    version, data = _revert_data(model, model_admin, obj, superuser)
    before = _snapshot(model, obj.pk)
    client = _client(world["people"][role])
    url = _url(model, "simple_history", obj.pk, version)
    response = client.post(url, {**data, "_save": "Save"})
    assert response.status_code in {403, 404, 405}
    assert _snapshot(model, obj.pk) == before
    if role == "superuser":
        page = client.get(url)
        assert page.status_code == 200
        assert 'name="_save"' not in page.content.decode()


@pytest.mark.parametrize("label", registered_labels())
def test_a_superuser_reaches_every_page(world, label):
    model, model_admin = _admin_for(label)
    obj, marker = world["rows"][label]
    superuser = world["people"]["superuser"]
    client = _client(superuser)
    urls = _gets(model, model_admin, obj)
    statuses = {view: client.get(url).status_code for view, url in urls.items() if url}
    expected = {
        "changelist": 200,
        "change": 200,
        "delete": 200 if model_admin.has_delete_permission(_request(superuser), obj) else 403,
        "history": 200,
        "shortcut": 302 if hasattr(model, "get_absolute_url") else 404,
    }
    if urls["version"]:
        expected["version"] = 200 if _has_history(model) else 404
    assert {view: statuses[view] for view in expected} == expected
    assert statuses["add"] in {200, 403}


# Writes that would widen an officer's scope: appointing, and pointing a row elsewhere.


def _change_data(model_admin, obj, user, **changes) -> dict:
    """The row's change form as this person's browser would post it, with some changes."""
    form_class = model_admin.get_form(_request(user), obj, change=True)
    data = _post_data(form_class(instance=obj))
    for name, value in changes.items():
        data[name] = value
    return data


@pytest.mark.parametrize(
    "label", ["signatories.compactofficer", "signatories.referencegroupmember"]
)
def test_an_officer_cannot_appoint_officers_or_reference_group_members(world, label):
    model, _model_admin = _admin_for(label)
    obj, _marker = world["rows"][label]
    officer = world["people"]["officer"]
    client = _client(officer)
    count = model.objects.count()
    before = _snapshot(model, obj.pk)
    appoint = {
        "user": officer.pk,
        "compact": obj.compact_id,
        "name": "Appointed",
        "organisation": obj.organisation_id if hasattr(obj, "organisation_id") else "",
        "role": "Member",
        "active": "on",
    }
    assert client.post(_url(model, "add"), appoint).status_code == 403
    assert client.post(_url(model, "change", obj.pk), appoint).status_code == 403
    assert model.objects.count() == count
    assert _snapshot(model, obj.pk) == before


def test_an_officer_cannot_point_a_signature_at_another_compacts_organisation(world, hertfordshire):
    from signatories.tests.factories import SignatureFactory

    signature, _marker = world["rows"]["signatories.signature"]
    outsider = SignatureFactory(compact=hertfordshire).organisation
    officer = world["people"]["officer"]
    model_admin = admin.site._registry[type(signature)]
    data = _change_data(model_admin, signature, officer, organisation=outsider.pk)
    response = _client(officer).post(_url(type(signature), "change", signature.pk), data)
    assert response.status_code in (200, 302)  # the form with the error, or the field read-only
    signature.refresh_from_db()
    assert signature.organisation_id != outsider.pk


@pytest.mark.parametrize(
    ("label", "field"),
    [
        ("consultations.consultation", "compact"),
        ("consultations.consultation", "lead_body"),
        ("signatories.compactreview", "compact"),
    ],
)
def test_an_officer_cannot_move_a_row_into_another_compact(world, hertfordshire, label, field):
    from signatories.tests.factories import SignatureFactory

    model, model_admin = _admin_for(label)
    obj, _marker = world["rows"][label]
    officer = world["people"]["officer"]
    elsewhere = {
        "compact": hertfordshire,
        "lead_body": SignatureFactory(compact=hertfordshire).organisation,
    }[field]
    may_change = model_admin.has_change_permission(_request(officer), obj)
    url = _url(model, "change", obj.pk) if may_change else _url(model, "add")
    data = _change_data(model_admin, obj, officer, **{field: elsewhere.pk})
    count = model.objects.filter(**{field: elsewhere}).count()
    response = _client(officer).post(url, data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert model.objects.filter(**{field: elsewhere}).count() == count


def test_an_officer_cannot_add_another_compacts_organisation_as_a_partner(world, hertfordshire):
    from signatories.tests.factories import SignatureFactory

    project, _marker = world["rows"]["partnership.collaborativeproject"]
    outsider = SignatureFactory(compact=hertfordshire).organisation
    officer = world["people"]["officer"]
    model_admin = admin.site._registry[type(project)]
    data = _change_data(model_admin, project, officer, partners=[outsider.pk])
    response = _client(officer).post(_url(type(project), "change", project.pk), data)
    assert response.status_code == 200
    assert not project.partners.filter(pk=outsider.pk).exists()


# Each admin's own views (a case's step, panel and meeting pages), found from its get_urls.
STANDARD_VIEWS = ("_changelist", "_add", "_history", "_delete", "_change")


def _custom_views():
    found = []
    for model, model_admin in admin.site._registry.items():
        standard = {f"{model._meta.app_label}_{model._meta.model_name}{s}" for s in STANDARD_VIEWS}
        for pattern in model_admin.get_urls():
            name = getattr(pattern, "name", None)
            if name and name not in standard and "pk" in pattern.pattern.regex.groupindex:
                found.append((model._meta.label_lower, name))
    return found


def test_the_custom_views_are_found():
    assert ("disputes.case", "disputes_case_step") in _custom_views()


@pytest.mark.parametrize("label, name", _custom_views())
@pytest.mark.parametrize(
    "role, allowed",
    [
        ("anonymous", {302}),
        ("non_staff", {302}),
        ("other_officer", {403, 404}),
        ("officer", {200}),
        ("superuser", {200}),
    ],
)
def test_each_custom_admin_view_is_for_the_rows_own_officers(world, label, name, role, allowed):
    obj, marker = world["rows"][label]
    url = reverse(f"admin:{name}", kwargs={"pk": obj.pk})
    client = _client(world["people"][role])
    before = _snapshot(type(obj), obj.pk)
    response = client.get(url)
    assert response.status_code in allowed, (url, response.status_code)
    if role != "officer" and role != "superuser":
        assert marker not in _body(response)
        client.post(url, {"reason": "x", "outcome": "x"})
        assert _snapshot(type(obj), obj.pk) == before
