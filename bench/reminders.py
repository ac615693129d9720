"""make bench-reminders: daily planning and delivery at the scale of the whole province.

2,000 agencies × 50 movements × 2 phases = 200,000 review reports in PostgreSQL (database thidua_bench6),
every one of them owing a reminder on the bench day (one phase due in 7 days, the other 8 days overdue).
Measures the planning's time and peak Python memory at two sizes (500 and 2,000 agencies) to show memory
does not grow with the number of reports, then delivers the batch through a real Celery worker
(subprocess, Redis) to a local SMTP sink and reports the throughput. Planning writes each reminder with its
outbox row; delivery is the outbox's send task.
"""

from __future__ import annotations

import datetime as dt
import os
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tayninh_thidua.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from bench.smtp_sink import SmtpSink  # noqa: E402
from movements.models import Agency, Movement, Plan, PlanPhase, ReviewReport  # noqa: E402
from movements.reminders import MAIL_KIND, ensure_default_rules  # noqa: E402
from tayninh_thidua.lib import outbox  # noqa: E402
from tayninh_thidua.lib.models import OutgoingMail  # noqa: E402
from tayninh_thidua.portal import reminders  # noqa: E402

DAY = dt.date(2026, 6, 1)
AGENCIES, MOVEMENTS = 2000, 50


def build(agencies: int) -> None:
    """Fresh data: `agencies` agencies, MOVEMENTS movements, 2 phases, one report each."""
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE movements_reminderlog, sitelib_outgoingmail, movements_reviewreportevent, movements_reviewreportattachment, "
            "movements_reviewreport, movements_movement_phases, movements_movement_coordinating_agencies, "
            "movements_movementparticipant, movements_movement, movements_planphase, movements_plan, "
            "exemplars_agencymembership, movements_agency RESTART IDENTITY CASCADE"
        )
    Agency.objects.bulk_create(
        [
            Agency(name=f"Đơn vị thử tải {i}", slug=f"don-vi-thu-tai-{i}", email=f"donvi{i}@bench.invalid")
            for i in range(agencies)
        ],
        batch_size=1000,
    )
    plan = Plan.objects.create(code="bench", issuer=Agency.objects.first(), issued_on=DAY, title="Kế hoạch thử tải")
    PlanPhase.objects.bulk_create(
        [
            PlanPhase(plan=plan, name="Giai đoạn 1", start_date=dt.date(2025, 1, 1), end_date=dt.date(2026, 5, 30)),
            PlanPhase(plan=plan, name="Giai đoạn 2", start_date=dt.date(2026, 6, 1), end_date=dt.date(2027, 12, 31)),
        ]
    )
    Movement.objects.bulk_create(
        [Movement(name=f"Phong trào thử tải {i}", slug=f"phong-trao-thu-tai-{i}") for i in range(MOVEMENTS)]
    )
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO movements_reviewreport (movement_id, agency_id, phase_id, kind, due_date, state, summary,
                exemplars_found, models_found, models_replicated, exemplar_notes, review_comment, created_at, updated_at)
            SELECT m.id, a.id, p.id,
                   CASE WHEN p.name = 'Giai đoạn 1' THEN 'final' ELSE 'preliminary' END,
                   CASE WHEN p.name = 'Giai đoạn 1' THEN %s::date ELSE %s::date END,
                   'pending', '', 0, 0, 0, '', '', now(), now()
            FROM movements_movement m CROSS JOIN movements_agency a CROSS JOIN movements_planphase p
            """,
            [DAY - dt.timedelta(days=8), DAY + dt.timedelta(days=7)],
        )
        cursor.execute("ANALYZE movements_reviewreport")


def forget_reminders() -> None:
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE movements_reminderlog, sitelib_outgoingmail")


def measure_planning() -> dict:
    forget_reminders()
    start = time.perf_counter()
    planned = reminders.plan_reminders(DAY)
    seconds = time.perf_counter() - start
    forget_reminders()
    tracemalloc.start()
    reminders.plan_reminders(DAY)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "reports": ReviewReport.objects.count(),
        "reminders": planned,
        "seconds": seconds,
        "peak_mib": peak / 2**20,
        "maxrss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def deliver(concurrency: int = 2) -> dict:
    sink = SmtpSink().start()
    env = {
        **os.environ,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(sink.port),
        "LOG_LEVEL": "WARNING",
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "tayninh_thidua",
            "worker",
            "-P",
            "prefork",
            "-c",
            str(concurrency),
            "--without-mingle",
            "--without-gossip",
            "--without-heartbeat",
            "-l",
            "warning",
            "-n",
            "bench6@%h",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        unsent = OutgoingMail.objects.filter(kind=MAIL_KIND, sent_at__isnull=True)
        total = unsent.count()
        start = time.perf_counter()
        queued = outbox.queue_due(kind=MAIL_KIND)
        queue_seconds = time.perf_counter() - start
        deadline = start + 600
        while unsent.exists():
            if time.perf_counter() > deadline or worker.poll() is not None:
                raise SystemExit("delivery did not finish (worker gone or over 10 minutes)")
            time.sleep(0.5)
        seconds = time.perf_counter() - start
    finally:
        worker.terminate()
        worker.wait(30)
        sink.shutdown()
    return {
        "total": total,
        "queued": queued,
        "queue_seconds": queue_seconds,
        "seconds": seconds,
        "received": sink.received,
        "per_second": total / seconds if seconds else 0,
    }


def ensure_database(db: dict) -> None:
    import psycopg2

    params = {
        k: v
        for k, v in {"host": db["HOST"], "port": db["PORT"], "user": db["USER"], "password": db["PASSWORD"]}.items()
        if v
    }
    conn = psycopg2.connect(dbname="postgres", **params)
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{db["NAME"]}"')
    conn.close()


def main() -> None:
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql" or not db["NAME"].endswith("bench6"):
        raise SystemExit("Run through `make bench-reminders` (PostgreSQL database thidua_bench6).")
    if not settings.REDIS_URL:
        raise SystemExit("REDIS_URL is needed for the delivery half of the benchmark.")
    ensure_database(db)
    call_command("migrate", verbosity=0)
    ensure_default_rules()
    print(f"Ngày lập nhắc việc: {DAY:%d/%m/%Y}")
    for agencies in (500, AGENCIES):
        build(agencies)
        r = measure_planning()
        print(
            f"Lập kế hoạch – {agencies} đơn vị, {r['reports']:,} báo cáo: {r['reminders']:,} thư nhắc trong "
            f"{r['seconds']:.2f} s; bộ nhớ Python đỉnh {r['peak_mib']:.1f} MiB (tracemalloc), "
            f"RSS tối đa {r['maxrss_mib']:.0f} MiB"
        )
    d = deliver()
    print(
        f"Gửi qua Redis + worker Celery (prefork, 2 tiến trình) tới SMTP sink: {d['total']:,} thư trong "
        f"{d['seconds']:.1f} s ({d['per_second']:.0f} thư/s; xếp hàng {d['queue_seconds']:.1f} s); "
        f"sink nhận {d['received']:,}"
    )
    if d["received"] != d["total"]:
        raise SystemExit("the sink did not receive exactly one message per reminder")


if __name__ == "__main__":
    main()
