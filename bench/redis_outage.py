#!/usr/bin/env python3
"""What the home page costs while the cache Redis is up, stopped, then frozen (issue #10; not a timed test).

Starts its own redis-server in the cache role on a free port (never the shared one), builds a SQLite database
with the demo data and collects static files in a temporary directory, starts gunicorn (2 sync workers, DEBUG
off) with REDIS_URL pointing at that Redis (the cache and the broker), and sends BENCH_REQUESTS sequential
requests to `/` in each phase: Redis up (warm cache), stopped, frozen (SIGSTOP). Each request may take at most
BENCH_CLIENT_TIMEOUT seconds, each phase at most BENCH_PHASE_SECONDS. Prints, per phase, the answers by status,
the total and per-request times, and what /healthz said.

    .venv/bin/python bench/redis_outage.py             # this tree
    .venv/bin/python bench/redis_outage.py /path/tree  # another checkout of the project (e.g. the code before)
"""

from __future__ import annotations

import collections
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
ROOT = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else HERE
PY = str(HERE / ".venv" / "bin" / "python")
GUNICORN = str(HERE / ".venv" / "bin" / "gunicorn")
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "200"))
CLIENT_TIMEOUT = float(os.environ.get("BENCH_CLIENT_TIMEOUT", "10"))
PHASE_SECONDS = float(os.environ.get("BENCH_PHASE_SECONDS", "60"))
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def redis_server(port: int, workdir: Path) -> subprocess.Popen:
    command = ["redis-server", "--port", str(port), "--bind", HOST, "--dir", str(workdir), "--save", ""]
    command += ["--appendonly", "no", "--maxmemory", "64mb", "--maxmemory-policy", "allkeys-lru"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        if subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True).stdout.strip() == b"PONG":
            return process
        time.sleep(0.05)
    raise SystemExit("redis-server did not start")


def get(port: int, path: str) -> tuple[str, float]:
    start = time.perf_counter()
    try:
        conn = http.client.HTTPConnection(HOST, port, timeout=CLIENT_TIMEOUT)
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        outcome = str(response.status)
        conn.close()
    except TimeoutError:
        outcome = "timeout"
    except OSError as exc:
        outcome = type(exc).__name__
    return outcome, time.perf_counter() - start


def healthz(port: int) -> str:
    try:
        conn = http.client.HTTPConnection(HOST, port, timeout=CLIENT_TIMEOUT)
        conn.request("GET", "/healthz")
        response = conn.getresponse()
        body = json.loads(response.read())
        return f"{response.status} {body.get('status')} {body.get('checks')}"
    except (OSError, ValueError) as exc:
        return f"no answer ({type(exc).__name__})"


def phase(name: str, port: int) -> None:
    outcomes: collections.Counter[str] = collections.Counter()
    times: list[float] = []
    deadline = time.monotonic() + PHASE_SECONDS
    start = time.perf_counter()
    while len(times) < REQUESTS and time.monotonic() < deadline:
        outcome, took = get(port, "/")
        outcomes[outcome] += 1
        times.append(took)
    total = time.perf_counter() - start
    print(
        f"{name:<16} {len(times):>4} requests in {total:6.2f} s   answers {dict(outcomes)}   "
        f"per request: median {statistics.median(times) * 1000:7.1f} ms, max {max(times) * 1000:7.1f} ms",
        flush=True,
    )
    print(f"{'':<16} /healthz: {healthz(port)}", flush=True)


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="thidua-redis-outage-"))
    redis_port, web_port = free_port(), free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "PYTHONDONTWRITEBYTECODE": "1",
        "DJANGO_SETTINGS_MODULE": "tayninh_thidua.settings",
        "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": str(work / "static"),
        "MEDIA_ROOT": str(work / "media"),
        "PRIVATE_MEDIA_ROOT": str(work / "private-media"),
        "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789",
        "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
        "REDIS_URL": f"redis://{HOST}:{redis_port}/0",
        "ALLOWED_HOSTS": HOST,
        "LOG_LEVEL": "ERROR",
    }
    redis = redis_server(redis_port, work)
    web = None
    try:
        print(f"== {ROOT}: demo data on SQLite in {work}", flush=True)
        subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
        subprocess.run([PY, "manage.py", "generate_demo_data", "-v0"], cwd=ROOT, env=env, check=True)
        subprocess.run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
        gunicorn = [GUNICORN, "tayninh_thidua.wsgi", "--workers", "2", "--bind", f"{HOST}:{web_port}"]
        gunicorn += ["--no-control-socket", "--access-logfile", "/dev/null", "--log-level", "critical"]
        web = subprocess.Popen(gunicorn, cwd=ROOT, env=env)
        for _ in range(100):
            if get(web_port, "/healthz")[0] == "200":
                break
            time.sleep(0.2)
        get(web_port, "/")  # fills the page cache
        print(f"== gunicorn, 2 workers; {REQUESTS} sequential GET / per phase", flush=True)
        phase("cache up", web_port)
        redis.terminate()
        redis.wait(10)
        phase("cache stopped", web_port)
        redis = redis_server(redis_port, work)
        time.sleep(6)  # past the breaker's pause, where there is one
        phase("cache restarted", web_port)
        os.kill(redis.pid, signal.SIGSTOP)
        phase("cache frozen", web_port)
        os.kill(redis.pid, signal.SIGCONT)
    finally:
        if web is not None:
            web.terminate()
            web.wait(30)
        if redis.poll() is None:
            os.kill(redis.pid, signal.SIGCONT)
            redis.kill()
            redis.wait(10)


if __name__ == "__main__":
    main()
