"""Every URL pattern × every role → the expected answer. A new URL without an entry fails."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "contact",
    "public_body_officer",
    "compact_officer",
    "other_compact_officer",
    "reference_group_member",
    "panel_member",
]


def every(status, **overrides):
    return {**dict.fromkeys(ROLES, status), **overrides}


def signed_in(status=200, **overrides):
    return every(status, anonymous=302, **overrides)


PUBLIC = every(200)
MANAGERS = signed_in(
    403, public_body_officer=200, compact_officer=200
)  # lead body / funder, officers
FUNDING_MANAGERS = signed_in(404, public_body_officer=200, compact_officer=200, contact=403)
FUNDING_READERS = signed_in(404, public_body_officer=200, compact_officer=200, contact=200)
LOGGED_IN_POST_ONLY = signed_in(405)

# name: (how to build its URL from the world, expected status per role)
MATRIX = {
    "home": (None, PUBLIC),
    "healthz": (None, PUBLIC),
    "status": (None, PUBLIC),
    "feedback": (None, PUBLIC),
    "accessibility": (None, PUBLIC),
    "reminders:opt_out": (lambda w: {"token": "not-a-token"}, every(400)),
    "accounts:home": (None, signed_in()),
    "accounts:login": (None, every(302, anonymous=200)),
    "accounts:logout_confirm": (None, signed_in()),
    "accounts:register": (None, every(302, anonymous=200)),
    "accounts:activate": (lambda w: {"uidb64": "MQ", "token": "bad"}, every(400)),
    "accounts:password_change": (None, signed_in()),
    "accounts:password_reset": (None, PUBLIC),
    "accounts:password_reset_done": (None, PUBLIC),
    "accounts:password_reset_confirm": (lambda w: {"uidb64": "MQ", "token": "bad"}, PUBLIC),
    "accounts:password_reset_complete": (None, PUBLIC),
    # a public body's officers see their Compact's dashboard (issue 23); a charity's do not
    "dashboard:index": (None, signed_in(302, contact=200)),
    "dashboard:metrics": (
        "?compact=herefordshire",
        every(
            403,
            anonymous=401,
            compact_officer=200,
            reference_group_member=200,
            panel_member=200,
            public_body_officer=200,
        ),
    ),
    "dashboard:compact": (
        lambda w: {"slug": "herefordshire"},
        signed_in(
            403,
            compact_officer=200,
            reference_group_member=200,
            panel_member=200,
            public_body_officer=200,
        ),
    ),
    "dashboard:public": (lambda w: {"slug": "herefordshire"}, PUBLIC),
    "dashboard:body_report": (
        lambda w: {"slug": "herefordshire", "pk": w["council"].pk},
        signed_in(
            403,
            compact_officer=200,
            reference_group_member=200,
            panel_member=200,
            public_body_officer=200,
        ),
    ),
    # the annual review pack (issue 25): the dashboard's viewers; its public version for all
    "dashboard:pack": (
        lambda w: {"slug": "herefordshire", "year": 2026},
        signed_in(
            403,
            compact_officer=200,
            reference_group_member=200,
            panel_member=200,
            public_body_officer=200,
        ),
    ),
    "dashboard:public_pack": (lambda w: {"slug": "herefordshire", "year": 2026}, PUBLIC),
    # contacts, the reference group and Compact officers record projects (issue 23)
    "partnership:project_new": (None, signed_in(200)),
    "partnership:survey_answer": (
        lambda w: {"pk": w["survey"].pk},
        signed_in(403, contact=200, public_body_officer=200),
    ),
    "signatories:compact_list": (None, PUBLIC),
    "signatories:compact_detail": (lambda w: {"slug": "herefordshire"}, PUBLIC),
    "signatories:compact_text": (lambda w: {"slug": "herefordshire"}, PUBLIC),
    "signatories:signatory_list": (None, PUBLIC),
    "signatories:signatories_csv": (None, PUBLIC),
    "signatories:signatories_json": (None, PUBLIC),
    "signatories:organisation_detail": (lambda w: {"pk": w["charity"].pk}, PUBLIC),
    "signatories:manage": (lambda w: {"pk": w["charity"].pk}, signed_in(403, contact=200)),
    "signatories:edit_organisation": (
        lambda w: {"pk": w["charity"].pk},
        signed_in(403, contact=200),
    ),
    "signatories:add_contact": (lambda w: {"pk": w["charity"].pk}, LOGGED_IN_POST_ONLY),
    "signatories:withdraw_invitation": (
        lambda w: {"pk": w["charity"].pk, "invitation_pk": w["invitation"].pk},
        LOGGED_IN_POST_ONLY,
    ),
    "signatories:invitation": (lambda w: {"token": "forged"}, every(400)),
    "signatories:remove_contact": (
        lambda w: {"pk": w["charity"].pk, "contact_pk": w["contact_link"].pk},
        LOGGED_IN_POST_ONLY,
    ),
    "signatories:withdraw": (
        lambda w: {"pk": w["charity"].pk, "signature_pk": w["signature"].pk},
        signed_in(403, contact=200),
    ),
    "signatories:recommit": (
        lambda w: {"pk": w["charity"].pk, "signature_pk": w["signature"].pk},
        LOGGED_IN_POST_ONLY,
    ),
    # A link that is not an invitation's: the real link's who-may is in signatories' test_import
    "signatories:signup_start": (None, PUBLIC),
    "signatories:signup_which": (None, signed_in(302, contact=200, public_body_officer=200)),
    "signatories:signup_organisation": (None, signed_in()),
    "signatories:signup_contact": (None, signed_in()),
    "signatories:signup_compact": (None, signed_in()),
    "signatories:signup_commitment": (None, signed_in(302)),
    "signatories:signup_check": (None, signed_in(302)),
    "signatories:signup_done": (None, signed_in(404)),
    "signatories:reference_group": (
        None,
        signed_in(403, reference_group_member=200, panel_member=200),
    ),
    "funding:agreement_list": (None, signed_in()),
    "funding:agreement_new": (
        None,
        signed_in(403, public_body_officer=200, compact_officer=200, other_compact_officer=200),
    ),
    "funding:renewal_list": (None, signed_in()),
    "funding:rule_check": (None, every(400)),
    "funding:giving_360": (None, PUBLIC),
    "funding:agreement_detail": (lambda w: {"pk": w["agreement"].pk}, FUNDING_READERS),
    "funding:agreement_edit": (lambda w: {"pk": w["agreement"].pk}, FUNDING_MANAGERS),
    "funding:notice_new": (lambda w: {"pk": w["agreement"].pk}, FUNDING_MANAGERS),
    "funding:renewal_new": (lambda w: {"pk": w["agreement"].pk}, FUNDING_MANAGERS),
    "funding:notice_detail": (lambda w: {"pk": w["notice"].pk}, FUNDING_READERS),
    # Only the recipient's contacts answer a notice; the funder and the officers read replies.
    "funding:notice_reply": (
        lambda w: {"pk": w["notice"].pk},
        signed_in(404, public_body_officer=403, compact_officer=403, contact=200),
    ),
    "consultations:list": (None, PUBLIC),
    "consultations:manage_list": (None, signed_in()),
    "consultations:new": (
        None,
        signed_in(403, public_body_officer=200, compact_officer=200, other_compact_officer=200),
    ),
    "consultations:feed": (None, PUBLIC),
    "consultations:calendar": (None, PUBLIC),
    "consultations:period_check": (None, every(400)),
    "consultations:detail": (lambda w: {"pk": w["consultation"].pk}, PUBLIC),
    "consultations:edit": (lambda w: {"pk": w["consultation"].pk}, MANAGERS),
    "consultations:document_new": (lambda w: {"pk": w["consultation"].pk}, MANAGERS),
    "consultations:publish": (lambda w: {"pk": w["consultation"].pk}, MANAGERS),
    "consultations:extend": (lambda w: {"pk": w["consultation"].pk}, MANAGERS),
    "consultations:feedback": (lambda w: {"pk": w["consultation"].pk}, MANAGERS),
    "consultations:record_response": (lambda w: {"pk": w["consultation"].pk}, MANAGERS),
    "consultations:responses_csv": (lambda w: {"pk": w["consultation"].pk}, MANAGERS),
    "consultations:withdraw": (lambda w: {"pk": w["consultation"].pk}, MANAGERS),
    "consultations:close_early": (lambda w: {"pk": w["consultation"].pk}, MANAGERS),
    "consultations:response_summary": (lambda w: {"pk": w["consultation"].pk}, MANAGERS),
    "consultations:response_summary_csv": (lambda w: {"pk": w["consultation"].pk}, MANAGERS),
    "consultations:alerts": (None, signed_in(403, contact=200, public_body_officer=200)),
    "consultations:alert_stop": (lambda w: {"token": "forged"}, every(400)),
    "consultations:respond": (lambda w: {"pk": w["consultation"].pk}, PUBLIC),
    "consultations:response_done": (lambda w: {"pk": w["consultation"].pk}, every(404)),
    "consultations:follow": (lambda w: {"pk": w["consultation"].pk}, every(405)),
    "consultations:follow_confirm": (lambda w: {"token": "forged"}, every(400)),
    "consultations:unfollow": (lambda w: {"token": "forged"}, every(400)),
    "consultations:document": (
        lambda w: {"pk": w["consultation"].pk, "document_pk": w["document"].pk},
        PUBLIC,
    ),
    "disputes:case_list": (None, signed_in()),
    "disputes:raise": (None, signed_in(403, contact=200, public_body_officer=200)),
    "disputes:lessons": (None, PUBLIC),
    "disputes:case_detail": (
        lambda w: {"reference": w["case"].reference},
        signed_in(404, contact=200, public_body_officer=200, compact_officer=200, panel_member=200),
    ),
    "disputes:message_new": (lambda w: {"reference": w["case"].reference}, LOGGED_IN_POST_ONLY),
    "disputes:withdraw": (
        lambda w: {"reference": w["case"].reference},
        signed_in(404, contact=200, public_body_officer=200, compact_officer=403, panel_member=403),
    ),
    "disputes:confirm": (lambda w: {"reference": w["case"].reference}, LOGGED_IN_POST_ONLY),
    "disputes:declare_conflict": (
        lambda w: {"reference": w["case"].reference},
        signed_in(404, panel_member=200),
    ),
    "disputes:meeting_calendar": (
        lambda w: {"reference": w["case"].reference, "meeting_pk": w["meeting"].pk},
        signed_in(404, contact=200, public_body_officer=200, compact_officer=200, panel_member=200),
    ),
    "disputes:attachment": (
        lambda w: {"reference": w["case"].reference, "message_pk": w["letter"].pk},
        signed_in(404, contact=200, compact_officer=200, panel_member=200),
    ),
}


def url_names():
    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                yield from walk(
                    pattern.url_patterns,
                    namespace + (f"{pattern.namespace}:" if pattern.namespace else ""),
                )
            else:
                yield namespace + (pattern.name or str(pattern.pattern))

    return set(walk(get_resolver().url_patterns))


def test_every_url_pattern_has_an_entry_in_the_matrix():
    assert url_names() == set(MATRIX)


@pytest.fixture
def world(herefordshire, hertfordshire, settings, tmp_path):
    from consultations.models import Document
    from consultations.tests.factories import ConsultationFactory
    from disputes.models import Message, PanelMeeting, PanelMember
    from disputes.tests.factories import CaseFactory
    from funding.models import FundingNotice
    from funding.tests.factories import AgreementFactory
    from partnership.models import Survey
    from signatories import services
    from signatories.tests.factories import (
        CompactOfficerFactory,
        OrganisationContactFactory,
        OrganisationFactory,
        ReferenceGroupMemberFactory,
        SignatureFactory,
    )

    settings.MEDIA_ROOT = tmp_path
    today = timezone.localdate()
    council = OrganisationFactory(public=True)
    charity = OrganisationFactory()
    SignatureFactory(organisation=council, compact=herefordshire, approved=True)
    signature = SignatureFactory(organisation=charity, compact=herefordshire, approved=True)
    contact_link = OrganisationContactFactory(organisation=charity)
    invitation = services.invite_contact(charity, "invited@example.org")
    consultation = ConsultationFactory(
        compact=herefordshire,
        lead_body=council,
        opens_on=today - timedelta(days=5),
        closes_on=today + timedelta(days=80),
    )
    document = Document.objects.create(
        consultation=consultation, title="Plan", size=3, file=SimpleUploadedFile("plan.pdf", b"pdf")
    )
    agreement = AgreementFactory(
        compact=herefordshire, funder=council, recipient=charity, renewal_date=date(2029, 4, 1)
    )
    notice = FundingNotice.objects.create(
        agreement=agreement,
        kind="end",
        issued_on=today,
        effective_on=today + timedelta(days=100),
        reasons="x",
        equality_impact_assessment="done",
        impact_assessment="done",
        improvement_plan="done",
    )
    case = CaseFactory(compact=herefordshire, complainant=charity, respondent=council)
    seat = ReferenceGroupMemberFactory(
        compact=herefordshire, organisation=OrganisationFactory(private=True)
    )
    # On the panel: confirmed no conflict (an invited member sees only the invitation).
    PanelMember.objects.create(case=case, member=seat, confirmed_no_conflict_at=timezone.now())
    letter = Message.objects.create(
        case=case,
        author_role="officer",
        to="complainant",
        body="x",
        sent_on=today,
        attachment=SimpleUploadedFile("letter.pdf", b"pdf"),
    )
    meeting = PanelMeeting.objects.create(
        case=case, held_on=today + timedelta(days=7), place="Shire Hall", attendees="All"
    )
    survey = Survey.objects.create(
        compact=herefordshire,
        title="Survey",
        questions=["Q?"],
        opens_on=today - timedelta(days=1),
        closes_on=today + timedelta(days=10),
    )
    people = {
        "anonymous": None,
        "contact": contact_link.user,
        "public_body_officer": OrganisationContactFactory(organisation=council).user,
        "compact_officer": CompactOfficerFactory(compact=herefordshire).user,
        "other_compact_officer": CompactOfficerFactory(compact=hertfordshire).user,
        "reference_group_member": ReferenceGroupMemberFactory(compact=herefordshire).user,
        "panel_member": seat.user,
    }
    return {
        "council": council,
        "charity": charity,
        "signature": signature,
        "contact_link": contact_link,
        "invitation": invitation,
        "consultation": consultation,
        "document": document,
        "agreement": agreement,
        "notice": notice,
        "case": case,
        "letter": letter,
        "meeting": meeting,
        "survey": survey,
        "people": people,
    }


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_expected_answer_from_every_url(client, world, role):
    person = world["people"][role]
    if person is not None:
        client.force_login(person)
    wrong = []
    for name, (build, expected) in MATRIX.items():
        if isinstance(build, str):
            url = reverse(name) + build
        else:
            url = reverse(name, kwargs=build(world) if build else None)
        status = client.get(url).status_code
        if status != expected[role]:
            wrong.append(f"{name} {url}: {status}, expected {expected[role]}")
    assert wrong == [], "\n".join(wrong)


# Superusers only: people, groups, opt-outs and the sign-in logs.
ADMIN_CLOSED = {
    "accounts.user",
    "auth.group",
    "reminders.reminderoptout",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
}


@pytest.mark.parametrize("role", ROLES)
def test_every_admin_changelist_is_for_officers_only(client, world, role):
    person = world["people"][role]
    if person is not None:
        client.force_login(person)
    wrong = []
    for model in admin.site._registry:
        label = model._meta.label_lower
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        if role in {"compact_officer", "other_compact_officer"}:
            expected = 403 if label in ADMIN_CLOSED else 200
        else:
            expected = 302
        status = client.get(url).status_code
        if status != expected:
            wrong.append(f"{label}: {status}, expected {expected}")
    assert wrong == [], "\n".join(wrong)
