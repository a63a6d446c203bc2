"""What each role can and cannot open: one grid of page × role → status."""

import pytest

from signatories.tests.factories import SignatureFactory

ROLES = [
    "anonymous",
    "contact",
    "public_body_officer",
    "compact_officer",
    "other_compact_officer",
    "reference_group_member",
    "superuser",
]

# 200: may open; 302: sent to sign in (or, in the admin, back to its login).
GRID = {
    "/": dict.fromkeys(ROLES, 200),
    "/compacts/herefordshire/": dict.fromkeys(ROLES, 200),
    "/compacts/herefordshire/text/": dict.fromkeys(ROLES, 200),
    "/signatories/": dict.fromkeys(ROLES, 200),
    "/account/": {**dict.fromkeys(ROLES, 200), "anonymous": 302},
    "/admin/": {
        **dict.fromkeys(ROLES, 302),
        "compact_officer": 200,
        "other_compact_officer": 200,
        "superuser": 200,
    },
    "/admin/signatories/signature/": {
        **dict.fromkeys(ROLES, 302),
        "compact_officer": 200,
        "other_compact_officer": 200,
        "superuser": 200,
    },
    "/signatories.csv": dict.fromkeys(ROLES, 200),
    "/signatories.json": dict.fromkeys(ROLES, 200),
    "/sign-up/": dict.fromkeys(ROLES, 200),
    "/sign-up/contact/": {**dict.fromkeys(ROLES, 200), "anonymous": 302},
    "/reference-group/": {
        **dict.fromkeys(ROLES, 403),
        "anonymous": 302,
        "reference_group_member": 200,
    },
    "/admin/signatories/compactreview/": {
        **dict.fromkeys(ROLES, 302),
        "compact_officer": 200,
        "other_compact_officer": 200,
        "superuser": 200,
    },
    "/funding/": {**dict.fromkeys(ROLES, 200), "anonymous": 302},
    "/funding/new/": {
        **dict.fromkeys(ROLES, 200),
        "anonymous": 302,
        "contact": 403,
        "reference_group_member": 403,
    },
    "/funding/renewals/": {**dict.fromkeys(ROLES, 200), "anonymous": 302},
    "/funding/360giving.json": dict.fromkeys(ROLES, 200),
    "/admin/funding/fundingagreement/": {
        **dict.fromkeys(ROLES, 302),
        "compact_officer": 200,
        "other_compact_officer": 200,
        "superuser": 200,
    },
    "/admin/funding/fundingnotice/": {
        **dict.fromkeys(ROLES, 302),
        "compact_officer": 200,
        "other_compact_officer": 200,
        "superuser": 200,
    },
    "/consultations/": dict.fromkeys(ROLES, 200),
    "/consultations/feed.atom": dict.fromkeys(ROLES, 200),
    "/consultations/calendar.ics": dict.fromkeys(ROLES, 200),
    "/consultations/yours/": {**dict.fromkeys(ROLES, 200), "anonymous": 302},
    "/consultations/new/": {
        **dict.fromkeys(ROLES, 200),
        "anonymous": 302,
        "contact": 403,
        "reference_group_member": 403,
    },
    "/admin/consultations/consultation/": {
        **dict.fromkeys(ROLES, 302),
        "compact_officer": 200,
        "other_compact_officer": 200,
        "superuser": 200,
    },
    "/admin/reminders/reminder/": {
        **dict.fromkeys(ROLES, 302),
        "compact_officer": 200,
        "other_compact_officer": 200,
        "superuser": 200,
    },
    "/cases/": {**dict.fromkeys(ROLES, 200), "anonymous": 302},
    "/cases/lessons/": dict.fromkeys(ROLES, 200),
    "/cases/raise/": {
        **dict.fromkeys(ROLES, 403),
        "anonymous": 302,
        "contact": 200,
        "public_body_officer": 200,
    },
    "/admin/disputes/case/": {
        **dict.fromkeys(ROLES, 302),
        "compact_officer": 200,
        "other_compact_officer": 200,
        "superuser": 200,
    },
    "/dashboard/": {
        **dict.fromkeys(ROLES, 200),
        "anonymous": 302,
        "compact_officer": 302,
        "reference_group_member": 302,
        "other_compact_officer": 302,
        "public_body_officer": 302,  # to their Compact's dashboard (issue 23)
    },
    "/dashboard/herefordshire/": {
        **dict.fromkeys(ROLES, 403),
        "anonymous": 302,
        "compact_officer": 200,
        "reference_group_member": 200,
        "superuser": 200,
        "public_body_officer": 200,
    },
    "/dashboard/herefordshire/summary/": dict.fromkeys(ROLES, 200),
    "/dashboard/metrics.json?compact=herefordshire": {
        **dict.fromkeys(ROLES, 403),
        "anonymous": 401,
        "compact_officer": 200,
        "reference_group_member": 200,
        "superuser": 200,
        "public_body_officer": 200,
    },
    # contacts, the reference group and officers record projects (issue 23); someone with no
    # role is refused (tests/test_reference_group_and_surveys.py)
    "/projects/new/": {**dict.fromkeys(ROLES, 200), "anonymous": 302},
    "/admin/accounts/user/": {
        **dict.fromkeys(ROLES, 302),
        "compact_officer": 403,
        "other_compact_officer": 403,
        "superuser": 200,
    },
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", GRID)
def test_who_can_open_what(client, roles, url, role):
    if roles[role] is not None:
        client.force_login(roles[role])
    response = client.get(url)
    assert response.status_code == GRID[url][role]


def test_an_officer_sees_only_their_own_compacts_signatures_in_the_admin(
    client, roles, herefordshire, hertfordshire
):
    ours = SignatureFactory(compact=herefordshire)
    theirs = SignatureFactory(compact=hertfordshire)
    client.force_login(roles["compact_officer"])
    page = client.get("/admin/signatories/signature/").content.decode()
    assert ours.organisation.name in page
    assert theirs.organisation.name not in page
    response = client.get(f"/admin/signatories/signature/{theirs.pk}/change/")
    assert response.status_code == 302  # the admin says it does not exist


def test_the_account_page_tells_each_role_what_it_is(client, roles):
    client.force_login(roles["compact_officer"])
    assert "Compacts you run" in client.get("/account/").content.decode()
    client.force_login(roles["reference_group_member"])
    assert "Reference groups you sit on" in client.get("/account/").content.decode()
    client.force_login(roles["public_body_officer"])
    assert "Herefordshire Council" in client.get("/account/").content.decode()


def test_role_helpers(roles, herefordshire, hertfordshire):
    assert roles["compact_officer"].is_compact_officer_for(herefordshire)
    assert not roles["compact_officer"].is_compact_officer_for(hertfordshire)
    assert roles["superuser"].is_compact_officer_for(hertfordshire)
    assert roles["public_body_officer"].is_public_body_officer
    assert not roles["contact"].is_public_body_officer
    assert roles["contact"].is_organisation_contact
    assert roles["reference_group_member"].is_reference_group_member
    assert not roles["contact"].is_compact_officer


def test_roles_are_looked_up_once_per_user_object(roles, hertfordshire, django_assert_num_queries):
    from signatories.tests.factories import CompactOfficerFactory

    officer = roles["compact_officer"]
    with django_assert_num_queries(1):
        for _ in range(3):
            officer.officer_compact_ids()
            officer.is_compact_officer_for(hertfordshire)
    CompactOfficerFactory(compact=hertfordshire, user=officer)
    assert not officer.is_compact_officer_for(hertfordshire)  # this object answered already
    officer.refresh_from_db()
    assert officer.is_compact_officer_for(hertfordshire)
