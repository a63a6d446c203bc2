"""Benchmark harness: seeds national scale, serves with gunicorn, drives each page with wrk.

Every page is driven over many distinct URLs (bench/pages.py) as the role that sees it, twice:
drawn afresh (the page cache, the only one, off) and with the production settings; each page's
p95 is compared with the trivial view measured just before it in the same pass. Queries and
rows come from drawing each page afresh in one process (bench/probe.py).
Targets: within 3× the trivial view at p95, query counts flat with data (tests), exports
streamed (flat memory), the reminder sweep under 10 s (BENCH_SWEEP=1).

Environment: BENCH_DATABASE (a database of your own), BENCH_PORT, BENCH_REDIS (a Redis
database of your own: it is emptied before each pass), BENCH_SECONDS, BENCH_TRIVIAL_SECONDS,
BENCH_CONNECTIONS, BENCH_WORKERS, BENCH_RESEED=1, BENCH_ONLY (pages whose label contains it).
"""

from __future__ import annotations

import http.client
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
SECONDS = int(os.environ.get("BENCH_SECONDS", "4"))
TRIVIAL_SECONDS = int(os.environ.get("BENCH_TRIVIAL_SECONDS", "3"))
TARGET = 3.0
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
ENV = {
    **os.environ,
    "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB}",
    "PORTAL_ENV": "production",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "false",
    "CACHE_URL": os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/3"),
    "PUBLIC_FORM_RATE": "100000/m",
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "DJANGO_SETTINGS_MODULE": "compact_portal.settings",
    # the built exports of this database, apart from the demo's (core/built_files.py)
    "EXPORTS_ROOT": str(ROOT / "bench" / "results" / f"exports-{DB}"),
    # as in production, where a broker runs the beat that rebuilds stale files: a request serves
    # the file there is and never builds one that exists (BUILD_CALENDARS builds them first)
    "EXPORTS_REBUILT_ON_REQUEST": "false",
}

BUILD_360GIVING = (
    "from core import built_files; from funding import opendata; "
    "built_files.write_atomically(opendata.FILE, opendata.package())"
)

# Every calendar file (the all-Compacts one and each Compact's), built as the beat's
# rebuild_calendars keeps them in production, so a request reads a file and builds nothing.
BUILD_CALENDARS = """
from core import built_files
from consultations import ical
from signatories.models import Compact
for pk in [None, *Compact.objects.values_list("pk", flat=True)]:
    built_files.write_atomically(ical.file_name(pk), [ical.calendar(pk)])
"""


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
    # Planner statistics and visibility maps, as autovacuum keeps them in production: the
    # PostgreSQL the bench runs on may have autovacuum off, and a freshly seeded table has no
    # statistics (the planner then guesses a few rows and picks plans a thousand times slower).
    with psycopg.connect(f"host=127.0.0.1 user=postgres dbname={DB}", autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE)")
    say("Building the calendar files, as the beat keeps them…")
    manage("shell", "-c", BUILD_CALENDARS)


COOKIES = """
import json
from django.test import Client
from accounts.models import User
cookies = {}
for role, email in json.loads(input()).items():
    client = Client()  # one each: a new login ends the old session
    client.force_login(User.objects.get(email=email))
    cookies[role] = client.cookies["sessionid"].value
print(json.dumps(cookies))
"""


def pages_to_drive() -> dict:
    """bench/pages.py's pages (each with up to 1,500 distinct URLs) and roles."""
    out = manage("shell", "-c", (ROOT / "bench/pages.py").read_text(), capture=True)
    return json.loads(out.strip().splitlines()[-1])


def sessions(users: dict[str, str]) -> dict[str, str]:
    """A session cookie per role, made after the probe (whose logins would end them)."""
    result = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", COOKIES],
        cwd=ROOT,
        env=ENV,
        input=json.dumps(users) + "\n",
        check=True,
        text=True,
        capture_output=True,
    )
    return {"": "", **json.loads(result.stdout.strip().splitlines()[-1])}


CACHES_OFF = {"PAGE_CACHE_SECONDS": "0"}


def probe(asked: dict) -> dict:
    """Queries, rows shown and statuses of each page drawn afresh (bench/probe.py)."""
    result = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", (ROOT / "bench/probe.py").read_text()],
        cwd=ROOT,
        env={**ENV, **CACHES_OFF, "ALLOWED_HOSTS": "127.0.0.1,testserver"},
        input=json.dumps(asked),
        check=True,
        text=True,
        capture_output=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def wrk(urls: list[str], cookie: str, seconds: int) -> dict:
    """wrk over the given URLs in turn (bench/urls.lua), as the role whose cookie is given."""
    listing = ROOT / "bench/.urls"
    listing.write_text("\n".join(urls) + "\n")
    command = [
        "wrk",
        "-t2",
        f"-c{CONNECTIONS}",
        f"-d{seconds}s",
        "--timeout",
        "30s",
        "-s",
        str(ROOT / "bench/urls.lua"),
        f"http://127.0.0.1:{PORT}",
    ]
    env = {**os.environ, "BENCH_URLS": str(listing)}
    env["BENCH_COOKIE"] = f"sessionid={cookie}" if cookie else ""
    output = subprocess.run(command, check=True, capture_output=True, text=True, env=env).stdout
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


def download(pid: int, path: str) -> tuple[int, int, int, float]:
    """The largest worker's memory before and after one download, its size and seconds."""
    before = rss_kb(pid)
    started = time.monotonic()
    size = 0
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}")
    try:
        with urllib.request.urlopen(request, timeout=300) as response:  # noqa: S310 - loopback
            while chunk := response.read(1 << 16):
                size += len(chunk)
    except (OSError, http.client.HTTPException):
        # gunicorn's worker timeout (30 s) ends a download that holds a worker longer: record
        # that it failed (size -1) rather than lose the run's results.
        size = -1
    return before, rss_kb(pid), size, time.monotonic() - started


class Server:
    """gunicorn with production settings and the given overrides, for one pass."""

    def __init__(self, overrides: dict[str, str]):
        self.overrides = overrides

    def __enter__(self):
        self.process = subprocess.Popen(
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
            env={**ENV, **self.overrides},
        )
        for _ in range(60):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=2)  # noqa: S310
                break
            except OSError:
                time.sleep(0.5)
        return self.process

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(30)


def drive(pages: list[dict], cookies: dict[str, str], label: str) -> list[dict]:
    """Each page over its URLs, the trivial view measured just before it (same settings)."""
    trivial = pages[0]
    rows = []
    for page in pages:
        reference = wrk(trivial["urls"], "", TRIVIAL_SECONDS)
        result = reference if page is trivial else wrk(page["urls"], cookies[page["role"]], SECONDS)
        ratio = result["p95"] / (reference["p95"] or 0.01)
        rows.append({**result, "trivial_p95": reference["p95"], "ratio": ratio})
        say(
            f"  [{label}] {page['label']:<52} p50 {result['p50']:7.1f}  p95 {result['p95']:7.1f} "
            f"ms  ({ratio:4.1f}x trivial {reference['p95']:.1f} ms, {len(page['urls'])} URLs, "
            f"{result['errors']} errors)"
        )
    return rows


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
    say("Choosing the pages and their URLs (bench/pages.py)…")
    asked = pages_to_drive()
    if only := os.environ.get("BENCH_ONLY"):
        asked["pages"] = [asked["pages"][0]] + [
            page for page in asked["pages"][1:] if only in page["label"]
        ]
    pages = asked["pages"]
    say("Drawing each page afresh in one process: queries, rows, statuses (bench/probe.py)…")
    probed = probe(asked)
    cookies = sessions(asked["users"])
    passes = {}
    for name, overrides in (("afresh", CACHES_OFF), ("production", {})):
        say(f"Starting gunicorn ({name}: {overrides or 'production settings'})…")
        import redis

        redis.Redis.from_url(ENV["CACHE_URL"]).flushdb()  # each pass starts with nothing kept
        with Server(overrides) as server:
            passes[name] = drive(pages, cookies, name)
            if name == "production":
                export = download(server.pid, "/signatories.csv")
                # built by its task as in production, then downloaded as a file
                manage("shell", "-c", BUILD_360GIVING)
                giving = download(server.pid, "/funding/360giving.json")
    sweep = None
    if os.environ.get("BENCH_SWEEP"):
        manage(
            "shell",
            "-c",
            "from reminders.models import Reminder; Reminder.objects.all().delete()",
        )
        sweep = (timed("send_reminders", "--dry-run"), timed("send_reminders"))
        say("The sweep again, through Celery as in production…")
        sweep = (*sweep, *sweep_through_celery())
    write_results(pages, probed, passes, export, giving, sweep)


def write_results(pages, probed, passes, export, giving, sweep) -> None:
    counts = manage(
        "shell",
        "-c",
        (
            "from signatories.models import *; from consultations.models import *; "
            "from funding.models import *; from disputes.models import *;"
            "print(Compact.objects.count(), Organisation.objects.count(), "
            "Consultation.objects.count(), Response.objects.count(), "
            "FundingAgreement.objects.count(), Case.objects.count())"
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
    load = os.getloadavg()
    within = {
        name: sum(1 for row in rows[1:] if row["ratio"] <= TARGET) for name, rows in passes.items()
    }
    lines = [
        "# Benchmark results",
        "",
        f"Run on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by `bash bench/run.sh`: {os.cpu_count()} "
        f"cores ({cpu}), shared with other work (load average {load[0]:.1f} at the end), "
        f"Python {platform.python_version()}, PostgreSQL on loopback, gunicorn with {WORKERS} "
        f"workers and production settings, wrk with {CONNECTIONS} connections, {SECONDS} s per "
        f"page and {TRIVIAL_SECONDS} s of the trivial view just before each page.",
        "",
        f"Data: {compacts} Compacts, {orgs} organisations, {consultations} consultations with "
        f"{responses} responses, {agreements} funding agreements, {cases} dispute cases.",
        "",
        "Every page is driven over its own list of distinct URLs (up to 1,500: searches made of "
        "words in real names, every filter, sorts, pages up to the last one offered, ids from "
        "the whole country, any Compact and period; bench/pages.py), in turn, as the role named. "
        f"Target: p95 within {TARGET:g}× the trivial view's p95 measured just before it.",
        "",
        "Columns:",
        "",
        "- **afresh p50 / p95**: ms, with `PAGE_CACHE_SECONDS=0` "
        "(the page cache, the only one, off: every request draws the page); **× trivial**: that p95 over "
        "the trivial view's p95 in the same pass.",
        "- **production p50 / p95, × trivial**: the same URLs with the production settings "
        "(caches on, Redis): what the caches give when visitors ask for many different things.",
        "- **queries**: the most SQL queries one draw made, over up to 30 of the page's URLs "
        "drawn afresh in one process (bench/probe.py); **rows**: the table rows (or CSV lines, "
        "calendar events, feed entries) it showed, median / largest; **URLs**: how many "
        "distinct addresses were driven; **errors**: non-2xx/3xx answers and timeouts in the "
        "two passes; statuses other than 200 seen by the probe are listed after the label.",
        "",
        f"Within {TARGET:g}×: {within['afresh']} of {len(pages) - 1} pages drawn afresh, "
        f"{within['production']} of {len(pages) - 1} with the production settings.",
        "",
        "| page | role | URLs | afresh p50 | afresh p95 | × trivial | production p50 | "
        "production p95 | × trivial | queries | rows | errors |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for index, page in enumerate(pages):
        a, b = passes["afresh"][index], passes["production"][index]
        p = probed[page["label"]]
        odd = {k: v for k, v in p["statuses"].items() if k != "200"}
        label = page["label"] + (f" (statuses {odd})" if odd else "")
        mark = lambda r: f"{r['ratio']:.1f}" + ("" if r["ratio"] <= TARGET else " **over**")  # noqa: E731
        lines.append(
            f"| {label} | {page['role'] or 'anonymous'} | {len(page['urls'])} | "
            f"{a['p50']:.1f} | {a['p95']:.1f} | {mark(a)} | {b['p50']:.1f} | {b['p95']:.1f} | "
            f"{mark(b)} | {p['queries']} | {p['rows']} / {p['max_rows']} | "
            f"{a['errors'] + b['errors']} |"
        )

    def downloaded(what: str, result) -> str:
        before, after, size, seconds = result
        if size < 0:
            return (
                f"{what}: the download FAILED after {seconds:.1f} s (the worker was ended by "
                f"gunicorn's timeout); largest worker's memory {before / 1024:.0f} MB before."
            )
        return (
            f"{what} ({size / 1e6:.1f} MB, streamed by a web worker): {seconds:.1f} s for one "
            f"download; largest worker's memory {before / 1024:.0f} MB before, "
            f"{after / 1024:.0f} MB after."
        )

    lines += [
        "",
        downloaded("Whole published list as CSV (`/signatories.csv`)", export),
        "",
        downloaded("The 360Giving package (`/funding/360giving.json`)", giving)
        + " It is not yet a static file.",
        "",
    ]
    if sweep:
        dry, real, celery_seconds, sent = sweep
        lines += [
            f"Reminder sweep over the whole data: {dry:.1f} s to find what is due "
            f"(`send_reminders --dry-run`), {real:.1f} s to record and send it in one process; "
            f"through Celery ({os.cpu_count()} processes, broker Redis) {celery_seconds:.1f} s "
            f"until the last of {sent} reminders was sent. Target: under 10 s.",
            "",
        ]
    else:
        lines += ["The reminder sweep was not run this time (`BENCH_SWEEP=1` runs it).", ""]
    text = "\n".join(lines)
    out = ROOT / "bench/results"
    out.mkdir(exist_ok=True)
    (out / f"{datetime.now(UTC):%Y%m%dT%H%M%S}.md").write_text(text)
    (ROOT / "bench/RESULTS.md").write_text(text)
    say("\n" + text)


if __name__ == "__main__":
    main()
