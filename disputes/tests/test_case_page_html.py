"""The case page is valid HTML for every role: no <form> opened inside another (a browser drops
the inner one, so its fields would post with the outer form), and the message form posts, as
multipart, to the message URL."""

from html.parser import HTMLParser

import pytest

from disputes import services
from disputes.tests.factories import CaseFactory, panel_members
from signatories.models import Signature
from signatories.tests.factories import (
    CompactOfficerFactory,
    OrganisationContactFactory,
    SignatureFactory,
)

pytestmark = pytest.mark.django_db


class Forms(HTMLParser):
    """Each <form> with its attributes, and any opened while another was open."""

    def __init__(self):
        super().__init__()
        self.open, self.forms, self.nested = 0, [], []

    def handle_starttag(self, tag, attrs):
        if tag == "form":
            if self.open:
                self.nested.append(dict(attrs))
            self.open += 1
            self.forms.append(dict(attrs))

    def handle_endtag(self, tag):
        if tag == "form":
            self.open -= 1


def forms_on(page: str) -> Forms:
    parser = Forms()
    parser.feed(page)
    parser.close()
    return parser


@pytest.fixture
def case(herefordshire):
    case = CaseFactory(compact=herefordshire)
    officer = CompactOfficerFactory(compact=herefordshire).user
    members = panel_members(herefordshire)
    services.propose_panel(case, by=officer, members=members)
    services.confirm_no_conflict(case.panel.get(member=members[0]), by=members[0].user)
    pending = OrganisationContactFactory(organisation=case.respondent).user
    people = {
        "officer": officer,
        "panel": members[0].user,
        "invited": members[1].user,
        "complainant": OrganisationContactFactory(organisation=case.complainant).user,
        "respondent": OrganisationContactFactory(organisation=case.respondent).user,
    }
    case.people = people
    case.pending = pending
    return case


@pytest.mark.parametrize(
    "role", ["officer", "panel", "invited", "complainant", "respondent", "pending"]
)
def test_no_form_is_opened_inside_another_on_the_case_page(client, case, role):
    if role == "pending":
        Signature.objects.filter(organisation=case.respondent).update(state=Signature.State.LAPSED)
        SignatureFactory(organisation=case.respondent, compact=case.compact)
        user = case.pending
    else:
        user = case.people[role]
    client.force_login(user)
    response = client.get(case.get_absolute_url())
    assert response.status_code == 200
    forms = forms_on(response.content.decode())
    assert forms.nested == [], forms.forms
    assert forms.open == 0
    message_forms = [
        f for f in forms.forms if f.get("action") == f"/cases/{case.reference}/messages/"
    ]
    if role in {"invited", "pending"}:
        assert message_forms == []
    else:
        assert len(message_forms) == 1
        assert message_forms[0].get("method") == "post"
        assert message_forms[0].get("enctype") == "multipart/form-data"
