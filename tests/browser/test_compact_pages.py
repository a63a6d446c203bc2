"""Each Compact's hub and its text pass axe at desktop and at 320 px, fit 320 px without
sideways scrolling, and a citation's link lands on its clause."""

from __future__ import annotations

import pytest

from .conftest import MOBILE, axe_check

SLUGS = ["herefordshire", "hertfordshire", "chelmsford"]


@pytest.mark.parametrize("slug", SLUGS)
def test_a_compacts_hub_and_text_pass_axe_at_desktop_and_320_px(page, slug):
    for path, name in ((f"/compacts/{slug}/", "hub"), (f"/compacts/{slug}/text/", "text")):
        page.goto(path)
        axe_check(page, f"compact-{name}-{slug}")
        page.set_viewport_size(MOBILE)
        axe_check(page, f"compact-{name}-{slug}-320")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 1, f"{path} scrolls sideways at 320px by {overflow}px"
        page.set_viewport_size({"width": 1280, "height": 900})


def test_the_hub_leads_to_the_text_and_a_citation_to_its_clause(page):
    page.goto("/")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Compacts").click()
    page.click("text=Hertfordshire Compact")
    page.click("text=Read the Compact in full")
    assert page.url.endswith("/compacts/hertfordshire/text/")
    page.goto("/compacts/hertfordshire/")
    page.click("a[href='/compacts/hertfordshire/text/#clause-4-4']")
    clause = page.locator("#clause-4-4")
    assert "three months" in clause.inner_text()
    assert clause.is_visible()
