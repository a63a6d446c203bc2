"""Benchmark harness: seeds national scale, serves with gunicorn, drives each page with wrk.

Every page's p95 is compared with the trivial view measured just before it in the same run.
Targets: within 3× the trivial view at p95, the reminder sweep under 10 s, exports streamed
(flat memory).
"""

from __future__ import annotations

import json
import os
import platform
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DB = os.environ.get("BENCH_DATABASE", "compact_portal_bench")
PORT = int(os.environ.get("BENCH_PORT", "8799"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "8"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
ENV = {
    **os.environ,
    "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB}",
    "PORTAL_ENV": "production",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "false",
    "CACHE_URL": "redis://127.0.0.1:6379/3",
    "PUBLIC_FORM_RATE": "100000/m",
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "DJANGO_SETTINGS_MODULE": "compact_portal.settings",
}


def say(text: str) -> None:
    print(text, flush=True)


def manage(*args: str, capture: bool = False) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=ENV,
        check=True,
        text=True,
        capture_output=capture,
    )
    return result.stdout if capture else ""


def prepare_database() -> None:
    import psycopg

    with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DB,)).fetchone()
        if exists and os.environ.get("BENCH_RESEED"):
            conn.execute(f'DROP DATABASE "{DB}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{DB}"')
    manage("migrate", "--no-input", "-v0")
    counts = manage(
        "shell",
        "-c",
        "from signatories.models import Compact; print(Compact.objects.count())",
        capture=True,
    )
    if int(counts.strip().splitlines()[-1]) < 300:
        say("Seeding national scale (seed_demo --national)…")
        manage("seed_demo", "--national")
    manage("collectstatic", "--no-input", "-v0")


SETUP = """
from django.test import Client
from accounts.models import User
from signatories.models import Compact, Organisation
from consultations.models import Consultation
officer = User.objects.get(email="officer@herefordshire.demo")
admin = User.objects.get(email="admin@compact-portal.demo")
officer_client, admin_client = Client(), Client()  # one each: a new login ends the old session
officer_client.force_login(officer)
officer_cookie = officer_client.cookies["sessionid"].value
admin_client.force_login(admin)
admin_cookie = admin_client.cookies["sessionid"].value
middle = Compact.objects.order_by("pk")[150]
org = Organisation.objects.filter(signatures__compact=middle).order_by("pk").first()
consultation = Consultation.objects.filter(compact=middle, status="open").first()
print(officer_cookie, admin_cookie, middle.slug, middle.pk, org.pk, consultation.pk)
"""


def targets():
    out = manage("shell", "-c", SETUP, capture=True).strip().splitlines()[-1].split()
    officer, admin, slug, compact_pk, org, consultation = out
    return (
        [
            ("trivial view (accessibility statement)", "/accessibility", None),
            ("home page", "/", None),
            (
                "published list, search and filters",
                f"/signatories/?q=Community&compact={slug}&sector=voluntary_community",
                None,
            ),
            ("a signatory's page", f"/signatories/{org}/", None),
            ("consultations list", f"/consultations/?compact={slug}", None),
            ("a consultation's page", f"/consultations/{consultation}/", None),
            ("signatories.csv (one Compact, streamed)", f"/signatories.csv?compact={slug}", None),
            ("signatories.json (one Compact, streamed)", f"/signatories.json?compact={slug}", None),
            ("dashboard (Herefordshire, this year)", "/dashboard/herefordshire/", officer),
            (
                "metrics.json (Herefordshire)",
                "/dashboard/metrics.json?compact=herefordshire",
                officer,
            ),
            (
                "admin case changelist, filtered",
                f"/admin/disputes/case/?compact__id__exact={compact_pk}&state__exact=open",
                admin,
            ),
        ],
        officer,
        admin,
    )


def wrk(path: str, cookie: str | None) -> dict:
    command = [
        "wrk",
        "-t2",
        f"-c{CONNECTIONS}",
        f"-d{SECONDS}s",
        "--timeout",
        "30s",
        "-s",
        str(ROOT / "bench/report.lua"),
        f"http://127.0.0.1:{PORT}{path}",
    ]
    if cookie:
        command[1:1] = ["-H", f"Cookie: sessionid={cookie}"]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("RESULT"))
    _, requests, p50, p95, duration, errors = line.split()
    return {
        "requests": int(requests),
        "p50": float(p50),
        "p95": float(p95),
        "rps": int(requests) / (int(duration) / 1e6),
        "errors": int(errors),
    }


def rss_kb(pid: int) -> int:
    total = 0
    for child in [
        pid,
        *map(
            int,
            subprocess.run(
                ["pgrep", "-P", str(pid)], capture_output=True, text=True
            ).stdout.split(),
        ),
    ]:
        with open(f"/proc/{child}/status") as status:
            for line in status:
                if line.startswith("VmRSS"):
                    total = max(total, int(line.split()[1]))
    return total


def full_export_memory(pid: int, cookie: str) -> tuple[int, int, int]:
    """The largest worker's memory before and after downloading the whole published list."""
    before = rss_kb(pid)
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}/signatories.csv")
    size = 0
    with urllib.request.urlopen(request, timeout=300) as response:  # noqa: S310 - loopback only
        while chunk := response.read(1 << 16):
            size += len(chunk)
    return before, rss_kb(pid), size


AFRESH = """
import json, statistics, sys, time
from django.test import Client
from accounts.models import User
clients = {"": Client()}
for who, email in (("officer", "officer@herefordshire.demo"), ("admin", "admin@compact-portal.demo")):
    clients[who] = Client()
    clients[who].force_login(User.objects.get(email=email))
result = {}
for path, who in json.loads(sys.stdin.read()):
    def get():
        started = time.perf_counter()
        response = clients[who].get(path, HTTP_HOST="127.0.0.1")
        assert response.status_code == 200, (path, response.status_code)
        b"".join(response.streaming_content) if response.streaming else response.content
        return (time.perf_counter() - started) * 1000
    get()
    result[path] = statistics.median(get() for _ in range(15))
print(json.dumps(result))
"""


def drawn_afresh(pages, officer: str, admin: str) -> dict[str, float]:
    """Each page's median time to draw, one request at a time with the whole-page cache off:
    what a visitor pays on a cache miss, and what a signed-in person pays every time."""
    who = {officer: "officer", admin: "admin", None: ""}
    asked = json.dumps([(path, who[cookie]) for _, path, cookie in pages])
    result = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", AFRESH],
        cwd=ROOT,
        env={**ENV, "PAGE_CACHE_SECONDS": "0", "ALLOWED_HOSTS": "127.0.0.1,testserver"},
        input=asked,
        check=True,
        text=True,
        capture_output=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


THROUGH_CELERY = """
import time
from reminders.models import Reminder
from reminders.tasks import sweep_reminders
started = time.monotonic()
sweep_reminders()
while Reminder.objects.filter(sent_at=None, status__in=["pending", "failed"]).exists():
    time.sleep(0.05)
print(f"{time.monotonic() - started:.2f} {Reminder.objects.exclude(sent_at=None).count()}")
"""


def sweep_through_celery() -> tuple[float, int]:
    """The sweep as production runs it: the beat task records what is due and queues batches,
    a Celery worker with a process per core sends them. Seconds from the sweep's start until
    the last reminder is sent, and how many were sent."""
    import redis

    broker = "redis://127.0.0.1:6379/4"
    redis.Redis.from_url(broker).flushdb()
    env = {**ENV, "CELERY_BROKER_URL": broker}
    worker = subprocess.Popen(
        [PYTHON, "-m", "celery", "-A", "compact_portal", "worker", "--loglevel", "info"]
        + ["--concurrency", str(os.cpu_count() or 2), "--without-heartbeat", "--without-gossip"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    ready = threading.Event()

    def read_log():  # all of it, so the worker never blocks on a full pipe
        for line in worker.stderr:
            if "ready." in line:
                ready.set()

    threading.Thread(target=read_log, daemon=True).start()
    try:
        if not ready.wait(120):
            raise RuntimeError("The Celery worker did not start within 2 minutes.")
        manage(
            "shell",
            "-c",
            "from reminders.models import Reminder; Reminder.objects.all().delete()",
        )
        result = subprocess.run(
            [PYTHON, "manage.py", "shell", "-c", THROUGH_CELERY],
            cwd=ROOT,
            env=env,
            check=True,
            text=True,
            capture_output=True,
            timeout=600,
        )
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(60)
    seconds, sent = result.stdout.strip().splitlines()[-1].split()
    return float(seconds), int(sent)


def timed(*args: str) -> float:
    started = time.monotonic()
    manage(*args, capture=True)
    return time.monotonic() - started


def main() -> None:
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")
    prepare_database()
    pages, officer_cookie, admin_cookie = targets()
    say(f"Starting gunicorn with {WORKERS} workers on 127.0.0.1:{PORT}…")
    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "compact_portal.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(WORKERS),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=ENV,
    )
    try:
        for _ in range(60):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=2)  # noqa: S310
                break
            except OSError:
                time.sleep(0.5)
        # The machine's speed drifts over a run (by up to 2x here), so each page is compared
        # with the trivial view measured just before it, not with one measured minutes apart.
        rows = []
        trivial_path = pages[0][1]
        for label, path, cookie in pages:
            wrk(path, cookie)  # warm up caches and connections, not counted
            reference = wrk(trivial_path, None)
            result = reference if path == trivial_path else wrk(path, cookie)
            rows.append((label, path, result, reference))
            say(
                f"  {label:<45} p50 {result['p50']:7.1f} ms  p95 {result['p95']:7.1f} ms  "
                f"{result['rps']:7.1f}/s  (trivial just before: p95 {reference['p95']:.1f} ms)"
            )
        memory = full_export_memory(server.pid, admin_cookie)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)
    say("Timing each page drawn afresh, one request at a time…")
    afresh = drawn_afresh(pages, officer_cookie, admin_cookie)
    # An empty log, so that the real sweep records and sends everything due today.
    manage("shell", "-c", "from reminders.models import Reminder; Reminder.objects.all().delete()")
    sweep_dry = timed("send_reminders", "--dry-run")
    sweep_real = timed("send_reminders")
    say("The sweep again, through Celery as in production…")
    celery = sweep_through_celery()
    write_results(rows, afresh, memory, sweep_dry, sweep_real, celery)


def write_results(rows, afresh, memory, sweep_dry, sweep_real, celery) -> None:
    counts = manage(
        "shell",
        "-c",
        (
            "from signatories.models import *; from consultations.models import *; from funding.models import *;"
            "from disputes.models import *;"
            "print(Compact.objects.count(), Organisation.objects.count(), Consultation.objects.count(),"
            " Response.objects.count(), FundingAgreement.objects.count(), Case.objects.count())"
        ),
        capture=True,
    )
    compacts, orgs, consultations, responses, agreements, cases = (
        counts.strip().splitlines()[-1].split()
    )
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in open("/proc/cpuinfo")
            if line.startswith("model name")
        ),
        "unknown",
    )
    lines = [
        "# Benchmark results",
        "",
        f"Run on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by `bash bench/run.sh`: {os.cpu_count()} cores ({cpu}), "
        f"Python {platform.python_version()}, PostgreSQL on loopback, gunicorn with {WORKERS} workers and production "
        f"settings, wrk with {CONNECTIONS} connections for {SECONDS} s per page after a warm-up run.",
        "",
        f"Data: {compacts} Compacts, {orgs} organisations, {consultations} consultations with {responses} responses, "
        f"{agreements} funding agreements, {cases} dispute cases.",
        "",
        "Each page's ratio is to the trivial view measured just before it (wrk, same settings): "
        "the machine's speed drifts over a run. "
        "Anonymous visitors are served public pages whole from the cache (`PAGE_CACHE_SECONDS`), "
        "and a signed-in viewer the dashboard and an officer the admin's list of cases they "
        "last drew, until a row it shows changes, as wrk's repeated requests are here. "
        "The last column is what a page costs to draw afresh (a cache miss, or the first visit "
        "after a change), one request at a time through Django's test client, median of 15.",
        "",
        "| page | p50 ms | p95 ms | requests/s | trivial p95 ms | p95 ÷ trivial | errors | within 3× | drawn afresh ms |",
        "|---|---:|---:|---:|---:|---:|---:|:---:|---:|",
    ]
    for label, path, r, reference in rows:
        ratio = r["p95"] / (reference["p95"] or 0.01)
        lines.append(
            f"| {label} (`{path.split('?')[0]}`) | {r['p50']:.1f} | {r['p95']:.1f} | {r['rps']:.1f} | "
            f"{reference['p95']:.1f} | {ratio:.2f} | {r['errors']} | {'yes' if ratio <= 3 else 'NO'} | "
            f"{afresh[path]:.1f} |"
        )
    before, after, size = memory
    lines += [
        "",
        f"Whole published list as CSV ({size / 1e6:.1f} MB, streamed): largest worker's memory {before / 1024:.0f} MB "
        f"before, {after / 1024:.0f} MB after.",
        "",
        f"Reminder sweep over the whole data: {sweep_dry:.1f} s to find what is due (`send_reminders --dry-run`), "
        f"{sweep_real:.1f} s to record and send it in one process (`send_reminders`). Both include "
        "Django's start-up (about 1 s).",
        "",
        f"As production runs it (the beat task `sweep_reminders` queues batches of "
        f"`REMINDER_BATCH_SIZE` to a Celery worker with {os.cpu_count()} processes, broker Redis): "
        f"{celery[0]:.1f} s from the sweep's start until the last of {celery[1]} reminders was sent. "
        "Target: under 10 s.",
        "",
    ]
    text = "\n".join(lines)
    out = ROOT / "bench/results"
    out.mkdir(exist_ok=True)
    (out / f"{datetime.now(UTC):%Y%m%dT%H%M%S}.md").write_text(text)
    (ROOT / "bench/RESULTS.md").write_text(text)
    say("\n" + text)


if __name__ == "__main__":
    main()
