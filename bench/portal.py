#!/usr/bin/env python3
"""`make bench`: throughput and latency of the public pages, as served in production.

Builds a PostgreSQL database (BENCH_DATABASE_URL, default thidua_bench4) with 10,000 exemplars,
30,000 honours, 300 agencies and 50 movements through `generate_demo_data`, collects static files,
starts gunicorn (2 workers, DEBUG off, Redis cache when BENCH_REDIS_URL answers) on 127.0.0.1 and
measures each page at 16 concurrent connections with wrk (or a bounded Python load generator when
wrk is missing). Prints req/s, p50, p95 and the ratio to the floor (/bench/floor) of the same run.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
HOST, PORT = "127.0.0.1", int(os.environ.get("BENCH_PORT", "8499"))
DB_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/thidua_bench4")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/4")
CONNECTIONS, DURATION = 16, int(os.environ.get("BENCH_SECONDS", "4"))
# The machine is shared: pages are measured in several rounds, in turn, and each figure is the median.
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
SIZES = ["--exemplars", "10000", "--honours", "30000", "--agencies", "300", "--movements", "50", "--events", "6"]

WRK_LUA = """
done = function(summary, latency, requests)
  io.write(string.format("JSON {\\"requests\\": %d, \\"seconds\\": %f, \\"p50\\": %f, \\"p95\\": %f, \\"errors\\": %d}\\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""


def run(args: list[str], env: dict) -> None:
    subprocess.run(args, cwd=ROOT, env=env, check=True)


def build_database(env: dict) -> None:
    parts = urlsplit(DB_URL)
    name, pg = parts.path.lstrip("/"), ["-h", parts.hostname or HOST, "-U", parts.username or "postgres"]
    print(f"== database {name}: 10,000 exemplars, 30,000 honours, 300 agencies, 50 movements", flush=True)
    run(["dropdb", *pg, "--if-exists", name], env)
    run(["createdb", *pg, name], env)
    run([PY, "manage.py", "migrate", "--noinput", "-v0"], env)
    run([PY, "manage.py", "generate_demo_data", *SIZES], env)
    run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], env)


def wait_until_up(timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection(HOST, PORT, timeout=2)
            conn.request("GET", "/bench/floor")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not start")


def pick_urls() -> dict[str, str]:
    conn = http.client.HTTPConnection(HOST, PORT, timeout=10)
    conn.request("GET", "/api/exemplars/?page=37")
    slug = json.loads(conn.getresponse().read())["results"][0]["slug"]
    return {
        "floor (/bench/floor)": "/bench/floor",
        "home": "/",
        "directory p1": "/dien-hinh/",
        "directory p200": "/dien-hinh/?trang=200",
        "search": "/dien-hinh/?q=nguyen+van",
        "exemplar": f"/dien-hinh/{slug}/",
        "API list": "/api/exemplars/",
    }


def measure_wrk(path: str) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_LUA)
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}s", "-s", script.name, f"http://{HOST}:{PORT}{path}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    os.unlink(script.name)
    data = json.loads(out.split("JSON ", 1)[1])
    return {"rps": data["requests"] / data["seconds"], "p50": data["p50"], "p95": data["p95"], "errors": data["errors"]}


def measure_python(path: str) -> dict:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + DURATION

    def client() -> None:
        conn = http.client.HTTPConnection(HOST, PORT, timeout=10)
        local = []
        while time.monotonic() < stop:
            start = time.perf_counter()
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            local.append((time.perf_counter() - start) * 1000)
            if response.status != 200:
                errors[0] += 1
        with lock:
            latencies.extend(local)

    threads = [threading.Thread(target=client) for _ in range(CONNECTIONS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    cuts = statistics.quantiles(latencies, n=100)
    return {"rps": len(latencies) / DURATION, "p50": cuts[49], "p95": cuts[94], "errors": errors[0]}


def main() -> None:
    static_root = tempfile.mkdtemp(prefix="thidua-bench-static-")
    # Media (demo photos, thumbnails) lives beside the database so that BENCH_REUSE_DB=1 finds it.
    media_root = os.environ.get("BENCH_MEDIA_ROOT", "/tmp/thidua-bench4-media")
    env = {
        **os.environ,
        "DATABASE_URL": DB_URL,
        "REDIS_URL": REDIS_URL,
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789",
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "0",
        "BENCH_FLOOR_VIEW": "1",
        "STATIC_ROOT": static_root,
        "MEDIA_ROOT": media_root,
        "LOG_LEVEL": "WARNING",
        "CACHE_KEY_PREFIX": "thidua-bench",
        # BENCH_PAGE_CACHE=0 measures the pages rendered on every request (the page cache off).
        "PUBLIC_PAGE_CACHE": os.environ.get("BENCH_PAGE_CACHE", "1"),
    }
    if os.environ.get("BENCH_REUSE_DB") == "1":  # re-measure without rebuilding the data
        run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    else:
        shutil.rmtree(media_root, ignore_errors=True)
        build_database(env)
    subprocess.run(["redis-cli", "-u", REDIS_URL, "flushdb"], capture_output=True)
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "tayninh_thidua.wsgi",
            "--workers",
            "2",
            "--bind",
            f"{HOST}:{PORT}",
            "--no-control-socket",
            "--access-logfile",
            "/dev/null",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_until_up()
        measure = measure_wrk if shutil.which("wrk") else measure_python
        urls = pick_urls()
        for path in urls.values():
            conn = http.client.HTTPConnection(HOST, PORT, timeout=30)
            conn.request("GET", path)  # warm: first hit fills the page cache and thumbnails
            assert conn.getresponse().status == 200, path
            conn.close()
        rounds: dict[str, list[dict]] = {name: [] for name in urls}
        names = list(urls)
        for n in range(ROUNDS):
            # The order turns each round so that a load spike from elsewhere does not always hit the same page.
            for name in names[n % len(names) :] + names[: n % len(names)]:
                rounds[name].append(measure(urls[name]))
            print(f"   round {n + 1}/{ROUNDS} done", flush=True)
        floors = [r["rps"] for r in rounds["floor (/bench/floor)"]]
        results = {
            name: {
                **{key: statistics.median(r[key] for r in runs) for key in ("rps", "p50", "p95", "errors")},
                # the ratio to the floor of the same round, then the median over rounds
                "ratio": statistics.median(r["rps"] / f for r, f in zip(runs, floors, strict=True)),
            }
            for name, runs in rounds.items()
        }
        tool = "wrk" if shutil.which("wrk") else "python"
        print(
            f"\n{CONNECTIONS} connections, {ROUNDS} rounds x {DURATION} s per page (medians), gunicorn 2 workers, {tool}"
        )
        print(f"page cache {'on' if env['PUBLIC_PAGE_CACHE'] == '1' else 'OFF'}")
        print(f"{'page':<24}{'req/s':>10}{'p50 ms':>10}{'p95 ms':>10}{'vs floor':>10}{'errors':>8}")
        for name, r in results.items():
            print(f"{name:<24}{r['rps']:>10.0f}{r['p50']:>10.1f}{r['p95']:>10.1f}{r['ratio']:>10.2f}{r['errors']:>8}")
    finally:
        server.terminate()
        server.wait(timeout=20)
        shutil.rmtree(static_root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
