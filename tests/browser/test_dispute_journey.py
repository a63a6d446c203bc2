"""A concern through the resolution procedure, as each person in it takes part (issue #21):
the charity raises it, the council is told and replies, the officer proposes a panel, the
members confirm, a meeting is arranged, the case is resolved and both parties see the outcome."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from .conftest import PASSWORD, axe_check, link_from, shoot, sign_in

pytestmark = pytest.mark.browser


def fill_date(page, name, day):
    page.fill(f"[name={name}_0]", str(day.day))
    page.fill(f"[name={name}_1]", str(day.month))
    page.fill(f"[name={name}_2]", str(day.year))


def sign_out(page):
    page.goto("/account/sign-out/")
    page.get_by_role("button", name="Sign out").click()


def emails_to(address: str) -> list:
    return [m for m in mail.outbox if address in m.to]


def panel_with_accounts(case):
    """Three members of three sectors with no link to either party, each able to sign in."""
    from django.contrib.auth.hashers import make_password

    from accounts.models import User
    from signatories.models import ReferenceGroupMember

    free = (
        ReferenceGroupMember.objects.filter(compact=case.compact, active=True)
        .exclude(organisation__in=[case.complainant, case.respondent])
        .exclude(declared_links__organisation__in=[case.complainant, case.respondent])
        .select_related("organisation", "user")
    )
    chosen = []
    for sector in ("public", "voluntary_community", "private"):
        member = free.filter(organisation__sector=sector).order_by("-user", "pk").first()
        if member.user is None:
            member.user = User.objects.create(
                email=f"panel-{sector}@herefordshire.demo",
                full_name=member.name,
                password=make_password(PASSWORD),
            )
            member.save(update_fields=["user"])
        chosen.append(member)
    return chosen


def test_a_concern_from_raising_to_resolution_with_everyone_taking_part(page):
    from disputes.models import Case
    from signatories.models import Organisation

    council = Organisation.objects.get(contacts__user__email="public@herefordshire.demo")

    # The charity raises it: the Compact first, then that Compact's organisations only.
    sign_in(page, "contact@herefordshire.demo")
    page.goto("/cases/raise/")
    axe_check(page, "dispute-1-raise-choose-compact")
    page.get_by_label("Herefordshire Compact").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Send concern").click()
    axe_check(page, "dispute-2-raise-errors")
    page.fill("#id_respondent", council.name[:10])
    page.locator("#id_respondent__listbox li", has_text=council.name).first.click()
    page.select_option("#id_commitment", label="FP-5: Three months' notice in writing")
    page.fill("#id_what_happened", "Our grant ended with two weeks' notice.")
    page.fill("#id_outcome_sought", "A meeting and proper notice.")
    fill_date(page, "first_raised_on", timezone.localdate() - timedelta(days=10))
    page.fill("#id_first_raised_how", "Letter to the director")
    axe_check(page, "dispute-3-raise-filled")
    page.get_by_role("button", name="Send concern").click()
    page.get_by_text("Concern logged").first.wait_for()
    axe_check(page, "dispute-4-concern-logged")
    case = Case.objects.latest("pk")
    assert case.respondent == council
    sign_out(page)

    # The council's contact is told, reads the concern and replies in writing.
    told = emails_to("public@herefordshire.demo")
    assert len(told) == 1 and "Our grant ended with two weeks' notice." in told[0].body
    sign_in(page, "public@herefordshire.demo")
    page.goto(link_from(told[0].body, "/cases/"))
    page.get_by_text("Our grant ended with two weeks' notice.").wait_for()
    axe_check(page, "dispute-5-council-reads-the-concern")
    page.get_by_label("Both organisations, the officers and the panel").check()
    page.fill("#id_body", "We accept we should have talked to you first. Let us meet.")
    page.get_by_role("button", name="Send message").click()
    page.get_by_text("Message sent").first.wait_for()
    axe_check(page, "dispute-6-council-replied")
    sign_out(page)

    # The officer proposes a panel: each candidate's sector and links are shown first.
    members = panel_with_accounts(case)
    sign_in(page, "officer@herefordshire.demo")
    page.goto(f"/admin/disputes/case/{case.pk}/change/")
    page.get_by_text("We accept we should have talked to you first.").first.wait_for()
    shoot(page, "dispute-7-officer-case-page")
    page.get_by_role("link", name="Propose a panel").click()
    assert "⚠ is from" in page.content()  # the council's own member, flagged before choosing
    for member in members:
        page.check(f"input[name=members][value='{member.pk}']")
    shoot(page, "dispute-8-officer-picks-the-panel")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Panel proposed").first.wait_for()
    sign_out(page)

    # Each member is invited, and confirms they have no conflict.
    for number, member in enumerate(members, start=1):
        invitation = emails_to(member.user.email)
        assert len(invitation) == 1 and "declare one" in invitation[0].body
        sign_in(page, member.user.email)
        page.goto(link_from(invitation[0].body, "/cases/"))
        if number == 1:
            axe_check(page, "dispute-9-member-invited")
        page.get_by_role("button", name="I confirm I have no conflict of interest").click()
        page.get_by_text("you have confirmed you have no conflict").first.wait_for()
        sign_out(page)
    assert len(emails_to("public@herefordshire.demo")) >= 3  # told, proposed, confirmed

    # The officer moves the case to the formal stage, arranges a meeting and resolves it.
    sign_in(page, "officer@herefordshire.demo")
    page.goto(f"/admin/disputes/case/{case.pk}/step/")
    page.check("input[name=action][value=next]")
    page.fill("textarea[name=reason]", "Informal talks did not settle it")
    page.get_by_role("button", name="Save").click()
    page.goto(f"/admin/disputes/case/{case.pk}/meeting/")
    meeting_day = timezone.localdate() + timedelta(days=7)
    page.fill("input[name=held_on]", meeting_day.isoformat())
    page.fill("input[name=starts_at]", "10:30")
    page.fill("input[name=place]", "The Shire Hall, Hereford")
    page.fill("textarea[name=attendees]", "Both parties and the panel")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Meeting arranged").first.wait_for()
    page.goto(f"/admin/disputes/case/{case.pk}/step/")
    page.check("input[name=action][value=resolve]")
    page.fill("textarea[name=outcome]", "Three months' notice restored and a meeting held")
    page.fill("textarea[name=lesson]", "Talk before ending a grant")
    page.get_by_role("button", name="Save").click()
    page.goto(f"/admin/disputes/case/{case.pk}/change/")
    shoot(page, "dispute-10-officer-sees-the-resolved-case")
    sign_out(page)
    meeting_mail = [m for m in emails_to("contact@herefordshire.demo") if "meeting" in m.subject]
    assert len(meeting_mail) == 1 and "The Shire Hall, Hereford" in meeting_mail[0].body

    # Both parties see the outcome, the panel and the meeting; not each other's people.
    for number, (who, name) in enumerate(
        [("contact@herefordshire.demo", "charity"), ("public@herefordshire.demo", "council")],
        start=11,
    ):
        resolved = [m for m in emails_to(who) if "has been resolved" in m.subject]
        assert len(resolved) == 1
        sign_in(page, who)
        page.goto(case.get_absolute_url())
        page.get_by_text("Three months' notice restored and a meeting held").first.wait_for()
        content = page.content()
        assert "The Shire Hall, Hereford" in content and members[0].name in content
        assert "Moved to the formal (panel) stage" in content
        if name == "council":
            assert case.contact_email not in content and case.contact_name not in content
        axe_check(page, f"dispute-{number}-{name}-sees-the-outcome")
        sign_out(page)


def test_raising_a_concern_works_with_javascript_turned_off(browser, live_server, demo):
    from disputes.models import Case

    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    sign_in(page, "contact@herefordshire.demo")
    page.goto("/cases/raise/?compact=herefordshire")
    page.select_option("#id_respondent", index=1)
    page.select_option("#id_commitment", index=1)
    page.fill("#id_what_happened", "Typed without JavaScript.")
    page.fill("#id_outcome_sought", "A meeting.")
    fill_date(page, "first_raised_on", timezone.localdate() - timedelta(days=3))
    page.fill("#id_first_raised_how", "Phone call")
    page.get_by_role("button", name="Send concern").click()
    page.get_by_text("Concern logged").first.wait_for()
    assert Case.objects.filter(what_happened="Typed without JavaScript.").exists()
    shoot(page, "dispute-no-javascript-raise")
    context.close()
