"""make bench-statistics: the statistics page and a plan-wide report at 10,000 exemplars / 30,000 honours.

PostgreSQL (STATS_DATABASE_URL, default thidua_benchstats), migrated and filled here with bulk inserts: 200 agencies
(20 merged into others), 2 phases, 30 movements, 12 fields, 8 award types, 10,000 exemplars (90 % published) with
three honours each (2 % revoked). Measures /thong-ke/ uncached (PUBLIC_PAGE_CACHE off, the median of 20 requests
through Django's test client, with the query count) and the plan-wide report: context, DOCX, PDF, xlsx annex.
Goals (issue #13): the page under 150 ms, the DOCX under 10 s.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tayninh_thidua.settings")
os.environ.setdefault("PUBLIC_PAGE_CACHE", "0")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

# No collectstatic for a bench: plain static names (the manifest would be missing).
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from exemplars.models import AwardType, Exemplar, Honour  # noqa: E402
from movements.models import Agency, Field, Movement, Plan, PlanPhase  # noqa: E402
from tayninh_thidua.portal.reporting.context import Subject, build_context  # noqa: E402
from tayninh_thidua.portal.reporting.documents import render_annex, render_docx, render_pdf  # noqa: E402

EXEMPLARS, HONOURS_EACH = 10_000, 3


def build() -> Plan:
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE exemplars_honour, exemplars_exemplar_movements, exemplars_historicalexemplar, exemplars_exemplar,"
            " exemplars_awardtype, movements_movement_phases, movements_movement, movements_field,"
            " movements_planphase, movements_plan, movements_agency RESTART IDENTITY CASCADE"
        )
    agencies = Agency.objects.bulk_create(
        [Agency(name=f"Đơn vị {i}", slug=f"don-vi-{i}", short_name=f"DV{i}") for i in range(200)]
    )
    for old in agencies[:20]:  # merged on 30/06/2025 into the next twenty
        old.active_until, old.successor = dt.date(2025, 6, 30), agencies[20 + old.pk % 20]
    Agency.objects.bulk_update(agencies[:20], ["active_until", "successor"])
    plan = Plan.objects.create(code="kh-bench", issuer=agencies[-1], issued_on=dt.date(2021, 1, 1), title="Kế hoạch")
    phases = [
        PlanPhase.objects.create(
            plan=plan, name="2021–2023", start_date=dt.date(2021, 1, 1), end_date=dt.date(2023, 6, 30)
        ),
        PlanPhase.objects.create(
            plan=plan, name="2023–2025", start_date=dt.date(2023, 7, 1), end_date=dt.date(2025, 12, 31)
        ),
    ]
    fields = Field.objects.bulk_create([Field(name=f"Lĩnh vực {i}", slug=f"linh-vuc-{i}") for i in range(12)])
    movements = Movement.objects.bulk_create(
        [Movement(name=f"Phong trào {i}", slug=f"phong-trao-{i}", is_published=i % 10 != 0) for i in range(30)]
    )
    for m in movements:
        m.phases.set(phases)
    awards = AwardType.objects.bulk_create(
        [
            AwardType(name=f"Danh hiệu {i}", slug=f"danh-hieu-{i}", kind="title", recipient="both", level=lvl)
            for i, lvl in enumerate(["base", "province"] * 4)
        ]
    )
    now = timezone.now()
    kinds = ["individual", "collective", "model"]
    exemplars = Exemplar.objects.bulk_create(
        [
            Exemplar(
                name=f"Điển hình {i}",
                slug=f"dien-hinh-{i}",
                kind=kinds[i % 3],
                agency=agencies[i % 200],
                field=fields[i % 12],
                phase=phases[i % 2],
                locality=f"Xã {i % 95}",
                is_published=i % 10 != 0,
                published_at=now if i % 10 else None,
            )
            for i in range(EXEMPLARS)
        ],
        batch_size=2000,
    )
    through = Exemplar.movements.through
    through.objects.bulk_create(
        [through(exemplar_id=e.pk, movement_id=movements[e.pk % 30].pk) for e in exemplars], batch_size=5000
    )
    Honour.objects.bulk_create(
        [
            Honour(
                exemplar=e,
                award_type=awards[(e.pk + k) % 8],
                year=2021 + (e.pk + k) % 5,
                decision_number=f"{e.pk}-{k}",
                decision_date=dt.date(2021 + (e.pk + k) % 5, 12, 1),
                phase=phases[(e.pk + k) % 2],
                movement=movements[e.pk % 30],
                revoked_at=now if (e.pk * 3 + k) % 50 == 0 else None,
            )
            for e in exemplars
            for k in range(HONOURS_EACH)
        ],
        batch_size=5000,
    )
    return plan


def main() -> None:
    call_command("migrate", verbosity=0)
    t = time.perf_counter()
    plan = build()
    print(
        f"data: {Exemplar.objects.count()} exemplars, {Honour.objects.count()} honours ({time.perf_counter() - t:.1f} s)"
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # what autovacuum does after a bulk load; without it the planner guesses 18 honours
    client = Client()
    phase = plan.phases.order_by("start_date").last()
    for label, url in (
        ("/thong-ke/", "/thong-ke/"),
        ("/thong-ke/ filtered by phase", f"/thong-ke/?giai-doan={phase.pk}"),
    ):
        client.get(url)  # warm up templates and connections
        timings = []
        for _ in range(20):
            t = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - t) * 1000)
            assert response.status_code == 200
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        print(
            f"{label} uncached: median {statistics.median(timings):.0f} ms, max {max(timings):.0f} ms, "
            f"{len(queries.captured_queries)} queries"
        )
    t = time.perf_counter()
    ctx = build_context(Subject(plan))
    print(f"plan-wide report context: {time.perf_counter() - t:.2f} s")
    for name, render in (("DOCX", render_docx), ("PDF", render_pdf), ("xlsx annex", render_annex)):
        t = time.perf_counter()
        size = len(render(ctx))
        print(f"plan-wide {name}: {time.perf_counter() - t:.2f} s, {size // 1024} KiB")


if __name__ == "__main__":
    main()
