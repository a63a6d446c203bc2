"""The officers' front door: the admin's own sign-in page, for someone not yet signed in."""

import pytest

from signatories.tests.factories import PASSWORD, CompactOfficerFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_admin_sign_in_page_serves_its_form_to_a_visitor(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="username"' in page and 'name="password"' in page


def test_an_admin_page_sends_a_visitor_to_the_sign_in_page(client):
    response = client.get("/admin/disputes/case/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert client.get(response["Location"]).status_code == 200


def test_an_officer_signs_in_through_the_admin_and_sees_their_compact_only(
    client, herefordshire, hertfordshire
):
    officer = CompactOfficerFactory(compact=herefordshire).user
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": officer.email, "password": PASSWORD, "next": "/admin/"},
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"
    index = client.get("/admin/")
    assert index.status_code == 200 and index.wsgi_request.user == officer
    compacts = client.get("/admin/signatories/compact/").content.decode()
    assert herefordshire.name in compacts and hertfordshire.name not in compacts


def test_a_signed_in_person_who_runs_nothing_is_not_let_into_the_admin(client):
    person = UserFactory()
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": person.email, "password": PASSWORD, "next": "/admin/"},
    )
    assert response.status_code == 200  # the form again, with Django's message
    assert client.get("/admin/").status_code == 302
