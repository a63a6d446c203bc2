"""Every main journey, end to end in Chromium, as a person uses the portal."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from .conftest import axe_check, link_from, shoot, sign_in

pytestmark = pytest.mark.browser


def fill_date(page, name, day):
    page.fill(f"[name={name}_0]", str(day.day))
    page.fill(f"[name={name}_1]", str(day.month))
    page.fill(f"[name={name}_2]", str(day.year))


def sign_out(page):
    page.goto("/account/sign-out/")
    page.get_by_role("button", name="Sign out").click()


def test_an_organisation_signs_up_is_approved_and_is_published(page):
    from signatories.models import Signature

    page.goto("/account/register/")
    page.get_by_role("button", name="Create account").click()
    page.get_by_text("There is a problem").first.wait_for()
    axe_check(page, "register-errors")
    page.fill("#id_full_name", "Sam Volunteer")
    page.fill("#id_email", "sam@kington-larder.example.org")
    page.get_by_role("button", name="Create account").click()
    page.get_by_text("Check your email").first.wait_for()
    page.goto(link_from(mail.outbox[-1].body, "/account/confirm/"))
    page.fill("#id_new_password1", "a-long-new-password-1")
    page.fill("#id_new_password2", "a-long-new-password-1")
    page.get_by_role("button", name="Open my account").click()
    page.get_by_text("Your account is open").first.wait_for()
    sign_in(page, "sam@kington-larder.example.org", "a-long-new-password-1")
    page.goto("/sign-up/")
    axe_check(page, "sign-up-start")
    page.get_by_role("button", name="Start now").click()
    page.get_by_role("button", name="Continue").click()
    page.get_by_text("There is a problem").first.wait_for()
    axe_check(page, "sign-up-organisation-errors")
    page.fill("#id_name", "Kington Larder")
    page.get_by_label("Voluntary and community sector").check()
    page.get_by_label("Community group").check()
    page.fill("#id_address", "1 Bridge Street, Kington")
    page.fill("#id_postcode", "hr5 3dj")
    page.fill("#id_area", "Kington")
    page.get_by_role("button", name="Continue").click()
    page.fill("#id_contact_role", "Coordinator")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Herefordshire Compact").check()
    page.get_by_role("button", name="Continue").click()
    axe_check(page, "sign-up-commitment")
    page.get_by_label("I confirm my organisation commits").check()
    page.get_by_role("button", name="Continue").click()
    axe_check(page, "sign-up-check-answers")
    page.get_by_role("button", name="Accept and send").click()
    page.get_by_text("Sign-up sent").wait_for()
    axe_check(page, "sign-up-confirmation")
    signature = Signature.objects.get(organisation__name="Kington Larder")
    assert signature.reference in page.content()
    assert any(signature.reference in m.body for m in mail.outbox)
    sign_out(page)

    sign_in(page, "officer@herefordshire.demo")
    page.goto("/admin/signatories/signature/?state__exact=pending&q=Kington+Larder")
    page.check(f"input[name=_selected_action][value='{signature.pk}']")
    page.select_option("select[name=action]", "approve")
    page.click("button[name=index]")
    page.get_by_text("1 sign-ups approved").wait_for()
    sign_out(page)

    page.goto("/signatories/?q=Kington+Larder")
    assert "Kington Larder" in page.content()
    axe_check(page, "published-list")
    csv_text = page.request.get("/signatories.csv?q=Kington").text()
    assert "Kington Larder" in csv_text


def test_a_consultation_from_draft_to_feedback_with_responses(page, live_server):
    from consultations import services
    from consultations.models import Consultation

    today = timezone.localdate()
    sign_in(page, "public@herefordshire.demo")
    page.goto("/consultations/new/")
    page.get_by_role("button", name="Save draft").click()
    page.get_by_text("There is a problem").first.wait_for()
    axe_check(page, "consultation-form-errors")
    page.select_option("#id_compact", label="Herefordshire Compact")
    page.select_option("#id_lead_body", index=1)
    page.fill("#id_title", "Bus routes review")
    page.fill("#id_summary", "Which bus routes matter most to you?")
    page.fill("#id_body", "We must cut two routes.")
    page.get_by_label("Consulting: the decision is open").check()
    page.fill("#id_audience", "Bus users and community transport groups")
    fill_date(page, "opens_on", today)
    fill_date(page, "closes_on", today + timedelta(days=28))
    earliest = (today + timedelta(weeks=12)).strftime("%-d %B %Y")
    page.wait_for_function(  # the hint follows the dates as the officer types them
        "(t) => { const h = document.querySelector('#rule-hint').textContent;"
        " return h.includes(t) && h.includes('give the reason below'); }",
        arg=earliest,
    )
    page.get_by_label("A legal or statutory deadline").check()
    page.fill("#id_shorter_reason", "The operator's contract ends in eight weeks.")
    page.fill("#id_contact_email", "buses@example.org")
    page.get_by_role("button", name="Save draft").click()
    consultation = Consultation.objects.get(title="Bus routes review")
    page.goto(f"/consultations/{consultation.pk}/publish/")
    axe_check(page, "consultation-publish")
    page.get_by_label("I have read the Compact's consultation commitments").check()
    page.get_by_role("button", name="Publish consultation").click()
    page.get_by_text("days left").first.wait_for()
    assert "The operator" in page.content()
    axe_check(page, "consultation-open")
    sign_out(page)

    page.goto(f"/consultations/{consultation.pk}/respond/")
    page.get_by_role("button", name="Send response").click()
    page.get_by_text("There is a problem").first.wait_for()
    axe_check(page, "respond-errors")
    page.get_by_label("Anonymously").check()
    page.fill("#id_email", "anon@example.org")
    page.fill("#id_body", "Keep the route to the hospital.")
    page.get_by_role("button", name="Send response").click()
    page.get_by_text("Response sent").wait_for()
    axe_check(page, "respond-done")
    ack = [m for m in mail.outbox if m.to == ["anon@example.org"]]
    assert ack and "R-" in ack[0].body

    sign_in(page, "contact@herefordshire.demo")
    page.goto(f"/consultations/{consultation.pk}/respond/")
    page.get_by_label("On behalf of an organisation").check()
    page.select_option("#id_organisation", index=1)
    # Who they are comes from the account: nothing to retype.
    assert page.input_value("#id_email") == "contact@herefordshire.demo"
    page.get_by_label("Small: £10,000 to £100,000 a year").check()
    page.fill("#id_represents", "Our 200 members")
    page.fill("#id_body", "Keep the rural routes.")
    page.get_by_role("button", name="Send response").click()
    page.get_by_text("Response sent").wait_for()
    page.goto(f"/consultations/{consultation.pk}/respond/")
    page.get_by_label("On behalf of an organisation").check()
    page.select_option("#id_organisation", index=1)
    page.get_by_label("Small: £10,000 to £100,000 a year").check()
    page.fill("#id_represents", "Our 200 members")
    page.fill("#id_body", "Keep the rural routes, and the school bus.")
    page.get_by_role("button", name="Send response").click()
    page.get_by_text("choose whether to update that response").first.wait_for()
    axe_check(page, "respond-again-for-an-organisation")
    page.get_by_label("Update our earlier response").check()
    page.get_by_role("button", name="Send response").click()
    page.get_by_text("Response sent").wait_for()
    sign_out(page)

    services.close_due(consultation.closes_on + timedelta(days=1))  # the nightly task
    sign_in(page, "public@herefordshire.demo")
    page.goto(f"/consultations/{consultation.pk}/responses/summary/")
    page.get_by_text("Voluntary and community sector: small").first.wait_for()
    axe_check(page, "consultation-response-summary")
    page.goto(f"/consultations/{consultation.pk}/feedback/")
    page.get_by_text("What respondents said").wait_for()
    assert "school bus" in page.content()
    axe_check(page, "consultation-feedback-with-summary")
    page.fill(
        "#id_feedback",
        "We kept the hospital route because of your responses; rural routes will change.",
    )
    page.get_by_role("button", name="Publish feedback").click()
    page.get_by_text("Feedback: what was decided").wait_for()
    told = sorted(m.to[0] for m in mail.outbox if "Feedback on" in m.subject)
    assert told == ["anon@example.org", "contact@herefordshire.demo"]


def test_an_informing_consultation_and_an_overdue_feedback_as_the_public_sees_them(page):
    from accounts.models import User
    from consultations.models import Consultation
    from signatories.models import Compact

    today = timezone.localdate()
    compact = Compact.objects.get(slug="herefordshire")
    officer = User.objects.get(email="public@herefordshire.demo")
    lead = officer.organisation_links.first().organisation
    common = {
        "compact": compact,
        "lead_body": lead,
        "summary": "A decision",
        "body": "We have decided.",
        "audience": "Everyone",
        "contact_email": "q@example.org",
    }
    informing = Consultation.objects.create(
        title="New library opening times",
        level=Consultation.Level.INFORMING,
        status=Consultation.Status.OPEN,
        opens_on=today - timedelta(days=3),
        closes_on=today + timedelta(days=30),
        **common,
    )
    late = Consultation.objects.create(
        title="Park cafe lease",
        status=Consultation.Status.CLOSED,
        opens_on=today - timedelta(weeks=40),
        closes_on=today - timedelta(weeks=28),
        **common,
    )
    page.goto(informing.get_absolute_url())
    page.get_by_text("it does not seek responses").wait_for()
    assert page.get_by_role("button", name="Respond to this consultation").count() == 0
    assert page.get_by_text("Respond to this consultation").count() == 0
    axe_check(page, "consultation-informing")
    page.goto(late.get_absolute_url())
    page.get_by_text("Feedback overdue").first.wait_for()
    axe_check(page, "consultation-feedback-overdue")
    sign_in(page, "public@herefordshire.demo")
    page.goto("/consultations/yours/")
    page.get_by_text("Overdue").first.wait_for()
    axe_check(page, "your-consultations-feedback-column")


def test_a_funder_records_an_agreement_and_issues_notices(page):
    today = timezone.localdate()
    sign_in(page, "public@hertfordshire.demo")
    page.goto("/funding/new/")
    page.get_by_role("button", name="Save agreement").click()
    page.get_by_text("There is a problem").first.wait_for()
    axe_check(page, "agreement-form-errors")
    page.select_option("#id_compact", label="Hertfordshire Compact")
    page.select_option("#id_funder", index=1)
    page.select_option("#id_recipient", index=2)
    page.get_by_label("Grant").check()
    page.fill("#id_title", "Advice line")
    page.fill("#id_purpose", "Free advice by phone.")
    page.fill("#id_amount", "30000")
    fill_date(page, "awarded_on", today)
    fill_date(page, "start_date", today)
    fill_date(page, "end_date", today + timedelta(days=400))
    page.wait_for_function(
        "() => document.querySelector('#rule-hint').textContent.includes('last day to give notice')"
    )
    page.get_by_role("button", name="Save agreement").click()
    page.get_by_text("Issue a notice").first.wait_for()
    assert "Shorter, no reason" in page.content()
    axe_check(page, "agreement-detail")
    agreement_url = page.url
    for effective, exceptional, verdict in [
        (today + timedelta(days=20), False, "Notice too short"),
        (today + timedelta(days=120), False, "Meets the Compact"),
        (today + timedelta(days=20), True, "Exceptional circumstances"),
    ]:
        page.goto(agreement_url + "notices/new/")
        page.get_by_label("Ending the funding").check()
        fill_date(page, "issued_on", today)
        fill_date(page, "effective_on", effective)
        page.fill("#id_reasons", "The budget was cut.")
        if exceptional:
            page.check("#id_exceptional")
            page.fill("#id_exceptional_justification", "The service was found unsafe.")
        page.locator("input[name=equality_impact_assessment][value=not_done]").check()
        page.locator("input[name=impact_assessment][value=not_relevant]").check()
        page.locator("input[name=improvement_plan][value=not_relevant]").check()
        page.get_by_role("button", name="Issue notice").click()
        if verdict == "Notice too short":  # a notice breaking the Compact is confirmed first
            page.get_by_text("This notice breaks the Hertfordshire Compact").first.wait_for()
            assert "clause 4.4</a>)" in page.content()  # the clause, linked to its text
            axe_check(page, "notice-confirm-breach")
            page.get_by_label(
                "I confirm this notice is issued although it breaks Hertfordshire Compact"
            ).check()
            page.get_by_role("button", name="Issue notice").click()
        page.get_by_text(verdict).first.wait_for()
        assert "Equality Impact Assessment" in page.content()
    axe_check(page, "notice-detail")


def test_a_recipient_replies_to_a_notice_and_can_raise_a_concern_from_it(page):
    from funding import services
    from funding.models import FundingAgreement, FundingNotice
    from signatories.models import Organisation

    today = timezone.localdate()
    charity = Organisation.objects.get(contacts__user__email="contact@hertfordshire.demo")
    agreement = FundingAgreement.objects.filter(
        compact__slug="hertfordshire", recipient=charity
    ).first()
    assert agreement is not None, "the demo funds the Hertfordshire charity"
    funder = agreement.funder.contacts.first().user
    notice = services.issue_notice(
        agreement=agreement,
        by=funder,
        kind=FundingNotice.Kind.REDUCE,
        issued_on=today,
        effective_on=today + timedelta(days=200),
        reasons="The grant is reduced by a fifth.",
        equality_impact_assessment=FundingNotice.Check.NOT_RELEVANT,
        impact_assessment=FundingNotice.Check.DONE,
        impact_assessment_on=today,
        improvement_plan=FundingNotice.Check.NOT_RELEVANT,
    )
    sign_in(page, "contact@hertfordshire.demo")
    page.goto(agreement.get_absolute_url())
    page.get_by_role("link", name="Reply to the notice issued").first.wait_for()
    page.get_by_role("link", name="Reducing the funding").first.click()
    axe_check(page, "notice-detail-recipient")
    assert page.get_by_role("link", name="Raise a concern about this notice").is_visible()
    page.get_by_role("button", name="Reply to this notice").click()
    page.get_by_role("button", name="Send reply").click()
    page.get_by_text("Enter your reply").first.wait_for()
    page.get_by_text("There is a problem").first.wait_for()
    axe_check(page, "notice-reply-errors")
    page.fill("#id_text", "We were not told before the <b>cut</b>; please meet us.")
    page.get_by_role("button", name="Send reply").click()
    page.get_by_text("Reply sent.").first.wait_for()
    assert "We were not told before the &lt;b&gt;cut&lt;/b&gt;; please meet us." in page.content()
    page.get_by_role("link", name="Raise a concern about this notice").click()
    page.get_by_role("heading", name="Raise a concern about Compact working").wait_for()
    assert "compact=" in page.url and "organisation=" in page.url
    sign_out(page)
    sign_in(page, funder.email)
    page.goto(notice.get_absolute_url())
    page.get_by_text("please meet us.").first.wait_for()
    assert not page.get_by_role("button", name="Reply to this notice").count()


def test_a_reference_group_member_drills_from_a_figure_to_its_list(page):
    sign_in(page, "reference@herefordshire.demo")
    page.goto("/dashboard/")
    page.get_by_role("heading", name="Is the Herefordshire Compact being kept?").wait_for()
    axe_check(page, "dashboard")
    page.get_by_role("link", name="Shorter, no reason").first.click()
    page.wait_for_url("**/consultations/?compact=herefordshire&compliance=shorter_no_reason")
    assert "Shorter, no reason" in page.content()
    axe_check(page, "consultations-drilled-down")


def test_sign_in_wrong_password_reset_by_email_and_sign_out(page):
    sign_in(page, "contact@chelmsford.demo", "wrong-password")
    page.get_by_text("Enter a correct email address and password").first.wait_for()
    page.get_by_text("There is a problem").first.wait_for()
    axe_check(page, "sign-in-errors")
    page.goto("/account/password/reset/")
    page.fill("#id_email", "contact@chelmsford.demo")
    page.get_by_role("button", name="Send reset link").click()
    page.goto(link_from(mail.outbox[-1].body, "/account/password/reset/"))
    page.fill("#id_new_password1", "brand-new-password-77")
    page.fill("#id_new_password2", "brand-new-password-77")
    page.get_by_role("button", name="Save new password").click()
    page.get_by_text("Your password has been reset").wait_for()
    sign_in(page, "contact@chelmsford.demo", "brand-new-password-77")
    page.get_by_role("heading", name="Your home").wait_for()  # signing in ends at home
    axe_check(page, "your-home")
    sign_out(page)
    assert "Sign in" in page.content()


PUBLIC_PAGES = [
    "/",
    "/compacts/",
    "/compacts/herefordshire/",
    "/signatories/",
    "/consultations/",
    "/cases/lessons/",
    "/dashboard/herefordshire/summary/",
    # the public annual review pack of the last full financial year (issue 25)
    f"/dashboard/herefordshire/summary/pack/{timezone.localdate().year - 1}/",
    "/accessibility",
    "/account/sign-in/",
]


def test_public_pages_pass_axe_and_fit_320_px_and_200_percent_zoom(page):
    for path in PUBLIC_PAGES:
        page.goto(path)
        axe_check(page, f"public{path}")
        for width in (320, 640):  # 640 CSS pixels is a 1280-pixel window at 200 % zoom
            page.set_viewport_size({"width": width, "height": 800})
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 1, f"{path} scrolls sideways at {width}px by {overflow}px"
        page.set_viewport_size({"width": 1280, "height": 900})


def test_signed_in_page_types_pass_axe(page):
    from consultations.models import Consultation
    from signatories.models import Organisation

    sign_in(page, "public@herefordshire.demo")
    organisation = Organisation.objects.get(contacts__user__email="public@herefordshire.demo")
    consultation = Consultation.objects.filter(status="open", compact__slug="herefordshire").first()
    for path in [
        "/account/",
        f"/signatories/{organisation.pk}/manage/",
        "/funding/",
        "/funding/renewals/",
        "/consultations/yours/",
        consultation.get_absolute_url(),
        "/cases/",
    ]:
        page.goto(path)
        axe_check(page, f"signed-in{path}")


def tab_to(page, selector, limit=150):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            "(s) => document.activeElement && document.activeElement.matches(s)", selector
        ):
            return
    raise AssertionError(f"Tab never reached {selector}")


def submit_by_keyboard(page):
    tab_to(page, "form [type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def choose_radio(page, name, value):
    """Tab into a radio group, then arrow keys to the option (arrows select, as in any browser)."""
    tab_to(page, f"input[name={name}]")
    for _ in range(20):
        if page.evaluate("() => document.activeElement.value") == value:
            page.keyboard.press("Space")
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"No option {value} in {name}")


def test_responding_with_the_keyboard_only(page):
    from consultations.models import Consultation, Response

    consultation = Consultation.objects.filter(
        status="open", compact__slug="hertfordshire", level="consulting"
    ).first()
    page.goto(f"/consultations/{consultation.pk}/respond/")
    choose_radio(page, "respondent_type", "anonymous")
    tab_to(page, "#id_body")
    page.keyboard.type("Typed with the keyboard alone.")
    submit_by_keyboard(page)
    page.get_by_text("Response sent").wait_for()
    assert Response.objects.filter(body="Typed with the keyboard alone.").exists()


def test_signing_up_with_the_keyboard_only(page):
    from signatories.models import Signature

    sign_in(page, "contact@chelmsford.demo")
    page.goto("/sign-up/organisation/")
    choose_radio(page, "organisation", "new")
    submit_by_keyboard(page)
    tab_to(page, "#id_name")
    page.keyboard.type("Writtle Keyboard Club")
    choose_radio(page, "sector", "voluntary_community")
    choose_radio(page, "organisation_type", "community_group")
    tab_to(page, "#id_area")
    page.keyboard.type("Writtle")
    submit_by_keyboard(page)
    tab_to(page, "#id_contact_role")
    page.keyboard.type("Chair")
    submit_by_keyboard(page)
    from signatories.models import Compact

    choose_radio(page, "compact", str(Compact.objects.get(slug="chelmsford").pk))
    submit_by_keyboard(page)
    tab_to(page, "#id_confirm")
    page.keyboard.press("Space")
    submit_by_keyboard(page)
    submit_by_keyboard(page)
    page.get_by_text("Sign-up sent").wait_for()
    assert Signature.objects.filter(organisation__name="Writtle Keyboard Club").exists()


def test_forms_work_with_javascript_turned_off(browser, live_server, demo):
    from consultations.models import Consultation, Response

    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    # An informing consultation seeks no responses: respond to one that asks.
    consultation = Consultation.objects.filter(status="open", level="consulting").first()
    page.goto(f"/consultations/{consultation.pk}/respond/")
    page.get_by_label("Anonymously").check()
    page.fill("#id_body", "No JavaScript here.")
    page.get_by_role("button", name="Send response").click()
    page.get_by_text("Response sent").wait_for()
    assert Response.objects.filter(body="No JavaScript here.").exists()
    shoot(page, "no-javascript-response")
    context.close()
