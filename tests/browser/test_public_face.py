"""Issue 23's pages in Chromium: a contact's and an officer's home, the dashboard's period and
figures, the status, feedback and 404 pages, the header and the reference group's picker; axe
at 320 px and at a 1280 px desktop, with screenshots."""

from __future__ import annotations

import pytest

from .conftest import DESKTOP, MOBILE, axe_check, sign_in

pytestmark = pytest.mark.browser


def axe_at_both_widths(page, name):
    """axe clean on a phone and a desktop, and nothing scrolls sideways on the phone."""
    page.set_viewport_size(MOBILE)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1, f"{name} scrolls sideways at 320 px by {overflow}px"
    axe_check(page, f"{name}-320")
    page.set_viewport_size(DESKTOP)
    axe_check(page, name)


def test_a_contacts_home_lists_their_organisations_items(page):
    sign_in(page, "contact@herefordshire.demo")
    page.get_by_role("heading", name="Your home").wait_for()
    assert page.locator(".govuk-task-list").count() >= 1
    assert page.get_by_role("heading", name="What to do next").count() >= 1
    axe_at_both_widths(page, "home-contact")


def test_a_public_body_officers_home_and_their_compacts_dashboard(page):
    sign_in(page, "public@herefordshire.demo")
    page.get_by_role("heading", name="Your home").wait_for()
    assert page.get_by_role("heading", name="Consultations awaiting feedback").count() >= 1
    axe_at_both_widths(page, "home-public-body")
    page.goto("/dashboard/herefordshire/")
    page.get_by_role("heading", name="Is the Herefordshire Compact being kept?").wait_for()
    axe_at_both_widths(page, "dashboard-public-body")


def test_the_dashboard_period_is_chosen_with_date_inputs(page):
    sign_in(page, "reference@herefordshire.demo")
    page.goto("/dashboard/herefordshire/")
    for name, value in [
        ("from-day", "1"),
        ("from-month", "1"),
        ("from-year", "2026"),
        ("to-day", "31"),
        ("to-month", "3"),
        ("to-year", "2026"),
    ]:
        page.fill(f"[name={name}]", value)
    page.get_by_role("button", name="Show this period").click()
    page.get_by_text("1 Jan 2026 to 31 Mar 2026").first.wait_for()
    assert page.input_value("[name=from-year]") == "2026"
    assert "%)" in page.content()  # each figure with its share
    axe_at_both_widths(page, "dashboard-period")
    page.get_by_role("link", name="Record a collaborative project").click()
    page.get_by_role("heading", name="Record a collaborative project").wait_for()
    axe_at_both_widths(page, "project-from-dashboard")


def test_the_public_summary_status_feedback_and_404_pages(page):
    for path, heading in [
        ("/dashboard/herefordshire/summary/", "How the Herefordshire Compact is kept"),
        ("/status", "Service status"),
        ("/feedback", "Tell us what you think"),
        ("/no-such-page/", "Page not found"),
    ]:
        page.goto(path)
        page.get_by_role("heading", name=heading).wait_for()
        axe_at_both_widths(page, f"page{path}")
    page.goto("/")
    page.locator(".govuk-phase-banner").get_by_role("link", name="feedback").click()
    page.get_by_role("heading", name="Tell us what you think").wait_for()


def _resize(page, width, height=900):
    """Resize, then wait two frames: the menus fold on the media query's change event."""
    page.set_viewport_size({"width": width, "height": height})
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def _on_one_line_or_behind_its_button(page, items, button, width):
    """The items shown share one line; if none is shown, they are behind their button."""
    tops = page.eval_on_selector_all(
        items,
        "items => items.filter(i => i.getClientRects().length)"
        ".map(i => Math.round(i.getBoundingClientRect().top))",
    )
    if not tops:
        assert page.get_by_role("button", name=button).is_visible(), f"{items} lost at {width}px"
    assert len(set(tops)) <= 1, f"{items} wrap at {width}px: {tops}"
    return tops


@pytest.mark.parametrize("email", ["contact@herefordshire.demo", "officer@herefordshire.demo"])
def test_the_signed_in_header_fits_on_one_line_from_320_to_1280_px(page, email):
    sign_in(page, email)
    page.get_by_role("heading", name="Your home").wait_for()
    who = email.split("@")[0]
    for width in (1280, 1024, 900, 850, 768, 641):
        _resize(page, width)
        sections = _on_one_line_or_behind_its_button(
            page, ".govuk-service-navigation__item", "Menu", width
        )
        if width >= 900:  # a desktop shows every section without a Menu button
            assert len(sections) >= 4, f"sections folded at {width}px"
        _on_one_line_or_behind_its_button(page, ".govuk-header__navigation-item", "Account", width)
        header = page.locator(".govuk-header__container").bounding_box()
        assert header["height"] < 80, f"the header takes two lines at {width}px"
        if width in (1024, 850, 768, 641):
            axe_check(page, f"header-{who}-{width}")
    for width in (320, 768):  # below the desktop width the account links fold into a button
        _resize(page, width, 640)
        page.get_by_role("button", name="Account").wait_for()
        assert not page.get_by_role("link", name="Sign out").is_visible()
    _resize(page, 768, 640)  # the Menu opens between the two
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Consultations").wait_for()
    page.get_by_role("button", name="Menu").click()
    page.set_viewport_size(MOBILE)
    page.get_by_role("button", name="Account").click()
    page.get_by_role("link", name="Sign out").wait_for()
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Consultations").wait_for()
    axe_check(page, f"header-menus-320-{who}")


def test_a_reference_group_member_finds_an_organisation_by_typing_its_name(page):
    from signatories.models import DeclaredLink, Organisation

    target = Organisation.objects.filter(signatures__state="approved").order_by("name").first()
    sign_in(page, "reference@herefordshire.demo")
    page.goto("/reference-group/")
    box = page.locator("input.autocomplete__input")
    box.wait_for()
    box.fill(target.name[:6])
    page.locator(".autocomplete__option", has_text=target.name).first.click()
    page.fill("#id_description", "Trustee")
    page.get_by_role("button", name="Declare link").click()
    page.get_by_text("Link declared").first.wait_for()
    assert DeclaredLink.objects.filter(organisation=target, description="Trustee").exists()
    axe_at_both_widths(page, "reference-group-picker")
