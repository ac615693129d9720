#!/usr/bin/env python3
"""`make bench`: throughput and latency of the public pages, as served in production, with and without the page cache.

Builds a PostgreSQL database (BENCH_DATABASE_URL, default thidua_bench4) with BENCH_EXEMPLARS exemplars (default
10,000), three honours each, 300 agencies and 50 movements through `generate_demo_data`, analyses it (as autovacuum
would in production), collects static files, and serves it twice with gunicorn (2 workers, DEBUG off, the Redis cache
BENCH_REDIS_URL): once with the whole-page cache on, once with it off (pages rendered on every request; the small
per-publication fragments such as the directory's filter choices stay cached). Each page is measured at 16
concurrent connections with wrk (or a bounded Python load generator when wrk is missing), in rounds, against a
floor view (/bench/floor) of the same server and round. The table puts the two side by side: req/s, p50, p95 and
the ratio to the floor (goals of issue #12: uncached >= 0.10, cached >= 0.60 of the floor).

Then the search alone at BENCH_SEARCH_EXEMPLARS exemplars (default 100,000; 0 skips it), in a database of its own
(the name gets `_<size>`), so the table reports the search at both sizes.

The search row uses the one-box search /tim-kiem/?q= when the site answers it, else the directory's ?q=.
BENCH_REUSE_DB=1 keeps the databases already built; BENCH_SECONDS and BENCH_ROUNDS set the length of a measure.
BENCH_PAGE_CACHE=1 or 0 measures one column only.
"""

from __future__ import annotations

import contextlib
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
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
HOST, PORT = "127.0.0.1", int(os.environ.get("BENCH_PORT", "8499"))
DB_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/thidua_bench4")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/4")
CONNECTIONS, DURATION = 16, int(os.environ.get("BENCH_SECONDS", "4"))
# The machine is shared: pages are measured in several rounds, in turn, and each figure is the median.
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
EXEMPLARS = int(os.environ.get("BENCH_EXEMPLARS", "10000"))
SEARCH_EXEMPLARS = int(os.environ.get("BENCH_SEARCH_EXEMPLARS", "100000"))
DEFAULT_SIZE = 10_000  # the size whose database keeps the plain name
MODES = {"1": ["cached"], "0": ["uncached"]}.get(os.environ.get("BENCH_PAGE_CACHE", ""), ["cached", "uncached"])
GOALS = {"cached": 0.60, "uncached": 0.10}
FLOOR = "floor (/bench/floor)"
QUERY = "nguyen+van"

WRK_LUA = """
done = function(summary, latency, requests)
  io.write(string.format("JSON {\\"requests\\": %d, \\"seconds\\": %f, \\"p50\\": %f, \\"p95\\": %f, \\"errors\\": %d}\\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""


def run(args: list[str], env: dict) -> None:
    subprocess.run(args, cwd=ROOT, env=env, check=True)


def database_url(size: int) -> str:
    if size == DEFAULT_SIZE:
        return DB_URL
    parts = urlsplit(DB_URL)
    return urlunsplit(parts._replace(path=f"{parts.path}_{size}"))


def site_env(size: int, static_root: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": database_url(size),
        "REDIS_URL": REDIS_URL,
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789",
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "0",
        "BENCH_FLOOR_VIEW": "1",
        "STATIC_ROOT": static_root,
        # Media (demo photos, thumbnails) lives beside the database so that BENCH_REUSE_DB=1 finds it.
        "MEDIA_ROOT": os.environ.get("BENCH_MEDIA_ROOT", "/tmp/thidua-bench4-media")
        + ("" if size == DEFAULT_SIZE else f"-{size}"),
        "LOG_LEVEL": "WARNING",
        "CACHE_KEY_PREFIX": "thidua-bench",
    }


def build_database(size: int, env: dict) -> None:
    parts = urlsplit(env["DATABASE_URL"])
    name, pg = parts.path.lstrip("/"), ["-h", parts.hostname or HOST, "-U", parts.username or "postgres"]
    sizes = ["--exemplars", str(size), "--honours", str(3 * size), "--agencies", "300", "--movements", "50"]
    print(f"== database {name}: {size:,} exemplars, {3 * size:,} honours, 300 agencies, 50 movements", flush=True)
    shutil.rmtree(env["MEDIA_ROOT"], ignore_errors=True)
    run(["dropdb", *pg, "--if-exists", name], env)
    run(["createdb", *pg, name], env)
    run([PY, "manage.py", "migrate", "--noinput", "-v0"], env)
    run([PY, "manage.py", "generate_demo_data", *sizes, "--events", "6"], env)
    vacuum(env)


def vacuum(env: dict) -> None:
    """VACUUM ANALYZE, as autovacuum does in production after a bulk load (this machine's PostgreSQL runs without it).

    Without it the tables have no planner statistics, no visibility map (no index-only scan) and the trigram GIN
    index keeps its bulk-loaded rows in its pending list (fastupdate), which every search then reads row by row:
    1,778 rows in 445 pages at 10,000 exemplars. Cheap when there is nothing to do, so run before every measure.
    """
    parts = urlsplit(env["DATABASE_URL"])
    pg = ["-h", parts.hostname or HOST, "-U", parts.username or "postgres", "-d", parts.path.lstrip("/")]
    run(["psql", *pg, "-q", "-c", "VACUUM (ANALYZE)"], env)


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


def get(path: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(HOST, PORT, timeout=30)
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, body


def search_url() -> tuple[str, str]:
    """The one-box search when the site has it, else the directory's text search."""
    if get(f"/tim-kiem/?q={QUERY}")[0] == 200:
        return "search /tim-kiem/", f"/tim-kiem/?q={QUERY}"
    return "search /dien-hinh/?q=", f"/dien-hinh/?q={QUERY}"


def pick_urls() -> dict[str, str]:
    exemplar = json.loads(get("/api/exemplars/?page=37")[1])["results"][0]
    movements = json.loads(get("/api/movements/")[1])
    movement = (movements["results"] if isinstance(movements, dict) else movements)[0]
    search_name, search_path = search_url()
    return {
        FLOOR: "/bench/floor",
        "home": "/",
        "directory p1": "/dien-hinh/",
        "directory p200": "/dien-hinh/?trang=200",
        search_name: search_path,
        "directory filtered": f"/dien-hinh/?movement={movement['slug']}&kind=individual&sort=ten",
        "exemplar": f"/dien-hinh/{exemplar['slug']}/",
        "movement": f"/phong-trao/{movement['slug']}/",
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


@contextlib.contextmanager
def gunicorn(env: dict, cached: bool) -> Iterator[None]:
    subprocess.run(["redis-cli", "-u", REDIS_URL, "flushdb"], capture_output=True)
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "tayninh_thidua.wsgi",
            *("--workers", "2", "--bind", f"{HOST}:{PORT}", "--no-control-socket"),
            *("--access-logfile", "/dev/null", "--log-level", "warning"),
        ],
        cwd=ROOT,
        env={**env, "PUBLIC_PAGE_CACHE": "1" if cached else "0"},
    )
    try:
        wait_until_up()
        yield
    finally:
        server.terminate()
        server.wait(timeout=20)


def measure_pages(urls: dict[str, str]) -> dict[str, dict]:
    """Each page in ROUNDS rounds; medians, and the median ratio to the floor of the same round."""
    measure = measure_wrk if shutil.which("wrk") else measure_python
    for path in urls.values():
        status, _body = get(path)  # warm: the first hit fills the caches and makes the thumbnails
        assert status == 200, path
    rounds: dict[str, list[dict]] = {name: [] for name in urls}
    names = list(urls)
    for n in range(ROUNDS):
        # The order turns each round so that a load spike from elsewhere does not always hit the same page.
        for name in names[n % len(names) :] + names[: n % len(names)]:
            rounds[name].append(measure(urls[name]))
        print(f"   round {n + 1}/{ROUNDS} done", flush=True)
    floors = [r["rps"] for r in rounds[FLOOR]]
    return {
        name: {
            **{key: statistics.median(r[key] for r in runs) for key in ("rps", "p50", "p95", "errors")},
            "ratio": statistics.median(r["rps"] / f for r, f in zip(runs, floors, strict=True)),
        }
        for name, runs in rounds.items()
    }


def measure_size(size: int, urls_for) -> tuple[dict[str, str], dict[str, dict]]:
    static_root = tempfile.mkdtemp(prefix="thidua-bench-static-")
    env = site_env(size, static_root)
    try:
        if os.environ.get("BENCH_REUSE_DB") == "1":  # re-measure without rebuilding the data
            print(f"== reusing {urlsplit(env['DATABASE_URL']).path.lstrip('/')}", flush=True)
            run([PY, "manage.py", "migrate", "--noinput", "-v0"], env)  # the code may have moved on since
            vacuum(env)
        else:
            build_database(size, env)
        run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], env)
        results, urls = {}, {}
        for mode in MODES:
            print(f"== {size:,} exemplars, page cache {'on' if mode == 'cached' else 'OFF'}", flush=True)
            with gunicorn(env, cached=mode == "cached"):
                urls = urls or urls_for()
                results[mode] = measure_pages(urls)
        return urls, results
    finally:
        shutil.rmtree(static_root, ignore_errors=True)


def cell(r: dict | None, mode: str) -> str:
    if r is None:
        return f"{'–':>8}{'':>8}{'':>8}{'':>8}"
    mark = " " if r["ratio"] >= GOALS[mode] else "!"
    errors = f" ({r['errors']:.0f} errors)" if r["errors"] else ""
    return f"{r['rps']:>8.0f}{r['p50']:>8.1f}{r['p95']:>8.1f}{r['ratio']:>7.2f}{mark}{errors}"


def print_table(title: str, urls: dict[str, str], results: dict[str, dict]) -> None:
    tool = "wrk" if shutil.which("wrk") else "python"
    print(
        f"\n{title}: {CONNECTIONS} connections, {ROUNDS} rounds x {DURATION} s per page (medians), gunicorn 2 workers, {tool}"
    )
    head = f"{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'×floor':>8}"
    print(f"{'':<26}{'page cache on':<32}{'page cache OFF':<32}")
    print(f"{'page':<26}{head}{head}")
    for name in urls:
        print(
            f"{name:<26}{cell(results.get('cached', {}).get(name), 'cached')}{cell(results.get('uncached', {}).get(name), 'uncached')}"
        )
    print(f"(! below the goal: x{GOALS['cached']:.2f} of the floor cached, x{GOALS['uncached']:.2f} uncached)")


def main() -> None:
    urls, results = measure_size(EXEMPLARS, pick_urls)
    print_table(f"{EXEMPLARS:,} exemplars", urls, results)
    if SEARCH_EXEMPLARS and SEARCH_EXEMPLARS != EXEMPLARS:
        large_urls, large = measure_size(SEARCH_EXEMPLARS, lambda: {FLOOR: "/bench/floor", **dict([search_url()])})
        print_table(f"{EXEMPLARS:,} exemplars", urls, results)
        print_table(f"search at {SEARCH_EXEMPLARS:,} exemplars", large_urls, large)


if __name__ == "__main__":
    sys.exit(main())
