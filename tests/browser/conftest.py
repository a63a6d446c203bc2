"""Browser fixtures: Debian's Chromium through Playwright, against a live server with demo data.

Playwright cannot download its own browser here: it drives /usr/bin/chromium. Without it the
tests skip on a developer's machine and fail in CI (CI=true).
"""

from __future__ import annotations

import os
import re
import shutil
from io import StringIO
from pathlib import Path

import pytest

from conftest import require_service

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = (
    Path(os.environ.get("ARTIFACTS_DIR", Path(__file__).resolve().parents[2] / "artifacts"))
    / "screenshots"
)
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 320, "height": 640}
PASSWORD = "compact-demo-2026"


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        require_service("Chromium", f"{CHROMIUM} is not installed (apt-get install chromium)")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = (
        "true"  # Playwright's loop runs beside the ORM in tests
    )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def demo(transactional_db, settings):
    """The demo data, as `seed_demo` loads it, behind a live server."""
    from django.core.management import call_command

    from conftest import ensure_seeded

    ensure_seeded()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", stdout=StringIO())


@pytest.fixture
def page(browser, live_server, demo):
    context = browser.new_context(viewport=DESKTOP, base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def sign_in(page, email, password=PASSWORD):
    page.goto("/account/sign-in/")
    page.fill("#id_username", email)
    page.fill("#id_password", password)
    page.click("form [type=submit]")


def axe_check(page, name: str):
    """No serious or critical accessibility violation on the page; a screenshot for reviewers."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v.get("impact") in {"serious", "critical"}]
    shoot(page, name)
    assert not bad, f"{name}: " + "; ".join(
        f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in bad
    )


def shoot(page, name: str):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^a-z0-9-]+", "-", name.lower())
    page.screenshot(path=str(ARTIFACTS / f"{safe}-desktop.png"), full_page=True)
    size = page.viewport_size
    page.set_viewport_size(MOBILE)
    page.screenshot(path=str(ARTIFACTS / f"{safe}-mobile.png"), full_page=True)
    page.set_viewport_size(size)


def link_from(message_body: str, path_start: str) -> str:
    match = re.search(r"https?://[^/\s]+(" + re.escape(path_start) + r"\S*)", message_body)
    assert match, message_body
    return match.group(1)
