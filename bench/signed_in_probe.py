"""In-process timings of the signed-in lists and the admin, drawn afresh (no page cache).

Run: PAGE_CACHE_SECONDS=0 FIGURES_CACHE_SECONDS=0 DATABASE_URL=... \
     python manage.py shell -c "exec(open('bench/signed_in_probe.py').read())"
Optional env PROBE_ONLY=substring to run only matching labels, PROBE_REPS (default 2).
For each page: several distinct URLs, each drawn PROBE_REPS times; p50/p95 over all draws,
the most queries one draw made, and the trivial view measured just before it.
"""

import os
import random
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from consultations.models import Consultation
from disputes.models import Case
from signatories.models import Compact, Signature

rng = random.Random(24)
REPS = int(os.environ.get("PROBE_REPS", "2"))
ONLY = os.environ.get("PROBE_ONLY", "")
USERS = {
    "public body": "public@herefordshire.demo",
    "voluntary": "contact@herefordshire.demo",
    "officer": "officer@herefordshire.demo",
    "superuser": "admin@compact-portal.demo",
}
clients = {}
for role, email in USERS.items():
    c = Client(HTTP_HOST="localhost")
    c.force_login(User.objects.get(email=email))
    clients[role] = c
clients[""] = Client(HTTP_HOST="localhost")

words = ["Community", "Trust", "Hereford", "Youth", "Age", "Mind", "Leeds", "care", "Sport", "Art"]
here = Compact.objects.get(slug="herefordshire").pk
some_compacts = [here, *Compact.objects.order_by("?").values_list("pk", flat=True)[:4]]


def adm(model, **params):
    path = reverse(f"admin:{model}_changelist")
    params = {k: v for k, v in params.items() if v not in (None, "")}
    from urllib.parse import urlencode

    return f"{path}?{urlencode(params)}" if params else path


def admin_urls(model, role, filters):
    urls = [adm(model), adm(model, p=1), adm(model, p=99), adm(model, q=rng.choice(words))]
    for f in filters:
        urls.append(adm(model, **f))
    if role == "superuser":
        urls.append(adm(model, compact__id__exact=rng.choice(some_compacts)))
    return urls


PAGES = []


def page(label, role, urls):
    PAGES.append((label, role, urls))


for role in ["public body", "voluntary", "officer", "superuser"]:
    page(
        f"funding list ({role})",
        role,
        [
            "/funding/",
            "/funding/?page=2",
            "/funding/?page=10",
            "/funding/?page=40",
            "/funding/?page=9999",
        ],
    )
for role in ["public body", "officer", "superuser"]:
    page(
        f"renewals waiting ({role})",
        role,
        ["/funding/renewals/", "/funding/renewals/?page=2", "/funding/renewals/?page=9999"],
    )
for role in ["public body", "superuser"]:
    page(
        f"consultations you run ({role})",
        role,
        [
            "/consultations/yours/",
            "/consultations/yours/?page=2",
            "/consultations/yours/?page=9999",
        ],
    )
for role in ["officer", "superuser"]:
    page(f"cases ({role})", role, ["/cases/", "/cases/?page=2", "/cases/?page=9999"])

ADMIN = [
    (
        "consultations_consultation",
        [{"status__exact": "open"}, {"status__exact": "closed", "q": "Youth"}],
    ),
    ("consultations_response", [{"channel__exact": "online"}]),
    (
        "signatories_signature",
        [{"state__exact": "pending"}, {"state__exact": "approved", "q": "Trust"}],
    ),
    (
        "signatories_organisation",
        [{"sector__exact": "voluntary"}, {"q": "Community Trust"}, {"q": "12"}],
    ),
    ("funding_fundingagreement", [{"q": "Youth"}]),
    ("funding_fundingnotice", [{"kind__exact": "end"}]),
    ("funding_renewaldecision", [{}]),
    ("disputes_case", [{"state__exact": "open"}, {"q": "Trust"}]),
    ("core_outboundemail", [{"state__exact": "sent"}, {"q": "hereford"}]),
    ("reminders_reminder", [{"status__exact": "pending"}, {"q": "Trust"}]),
    ("accounts_user", [{"q": "demo"}]),
]
for role in ["officer", "superuser"]:
    for model, filters in ADMIN:
        page(f"admin {model} ({role})", role, admin_urls(model, role, filters))
    # history pages
    cons = Consultation.objects.filter(compact_id=here).order_by("pk").first()
    sig = Signature.objects.filter(compact_id=here).order_by("pk").first()
    case = Case.objects.filter(compact_id=here).order_by("pk").first()
    page(
        f"admin history pages ({role})",
        role,
        [
            reverse("admin:consultations_consultation_history", args=[cons.pk]),
            reverse("admin:signatories_signature_history", args=[sig.pk]),
            reverse("admin:disputes_case_history", args=[case.pk]),
            reverse("admin:signatories_organisation_history", args=[sig.organisation_id]),
        ],
    )


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def run(role, urls, reps=REPS):
    c = clients[role]
    times, most, statuses = [], 0, {}
    for _ in range(reps):
        for url in urls:
            with CaptureQueriesContext(connection) as ctx:
                t = time.perf_counter()
                r = c.get(url)
                if getattr(r, "streaming", False):
                    b"".join(r.streaming_content)
                times.append((time.perf_counter() - t) * 1000)
            most = max(most, len(ctx.captured_queries))
            statuses[r.status_code] = statuses.get(r.status_code, 0) + 1
    return pct(times, 50), pct(times, 95), most, statuses


for _ in range(2):  # warm up
    run("", ["/accessibility"], 5)
print(f"{'page':55} {'p50':>7} {'p95':>7} {'q':>3} triv95  statuses")
for label, role, urls in PAGES:
    if ONLY and ONLY not in label:
        continue
    run(role, urls[:1], 1)  # warm this role's session
    t50, t95, _, _ = run("", ["/accessibility"] * 10, 1)
    p50, p95, q, st = run(role, urls)
    flag = "OVER" if p95 > 3 * t95 else ""
    print(f"{label:55} {p50:7.1f} {p95:7.1f} {q:3d} {t95:6.1f} {st} {flag}", flush=True)
