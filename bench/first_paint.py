#!/usr/bin/env python3
"""`make first-paint`: first contentful paint of the home, directory and exemplar pages on a simulated phone.

Builds a throwaway SQLite site (DEBUG off, collected and compressed static files, demo data), starts gunicorn on
127.0.0.1 and opens each page in Chromium with Lighthouse's mobile settings applied through the DevTools protocol
(Lighthouse is not installed here): a 412×823 screen at 1.75 dppx, the CPU slowed 4×, and its "slow 4G" throttling
as DevTools applies it (562.5 ms request latency, 1,474.56 kbit/s down, 675 kbit/s up). Every load starts with an
empty browser cache. Prints the median and the worst of FIRST_PAINT_RUNS loads per page (default 5), and the bytes
transferred. HTML is sent uncompressed here (gunicorn); in production the proxy gzips it (deploy/nginx.conf).
"""

from __future__ import annotations

import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
HOST, PORT = "127.0.0.1", int(os.environ.get("FIRST_PAINT_PORT", "8497"))
RUNS = int(os.environ.get("FIRST_PAINT_RUNS", "5"))
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
# Lighthouse's mobile preset (constants.throttling.mobileSlow4G with its DevTools adjustments, screenEmulation).
NETWORK = {"offline": False, "latency": 562.5, "downloadThroughput": 1474.56 * 1024 / 8, "uploadThroughput": 675 * 1024 / 8}
CPU_SLOWDOWN = 4
PHONE = {"viewport": {"width": 412, "height": 823}, "device_scale_factor": 1.75, "is_mobile": True, "has_touch": True}
SIZES = ["--exemplars", "300", "--honours", "600", "--agencies", "30", "--movements", "12", "--events", "4"]


def build_site(env: dict) -> None:
    for args in (["migrate", "--noinput", "-v0"], ["generate_demo_data", *SIZES], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def wait_until_up(timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection(HOST, PORT, timeout=2)
            conn.request("GET", "/healthz")
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not start")


def exemplar_path() -> str:
    conn = http.client.HTTPConnection(HOST, PORT, timeout=10)
    conn.request("GET", "/api/exemplars/")
    return f"/dien-hinh/{json.loads(conn.getresponse().read())['results'][0]['slug']}/"


def first_paint(browser, url: str) -> tuple[float, int]:
    """One cold load: (first contentful paint in ms, bytes received)."""
    context = browser.new_context(locale="vi-VN", **PHONE)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", NETWORK)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    received = []
    cdp.on("Network.loadingFinished", lambda event: received.append(event["encodedDataLength"]))
    page.goto(url, wait_until="load", timeout=60_000)
    page.wait_for_function("performance.getEntriesByName('first-contentful-paint').length > 0", timeout=30_000)
    fcp = page.evaluate("performance.getEntriesByName('first-contentful-paint')[0].startTime")
    context.close()
    return fcp, sum(received)


def measure(paths: dict[str, str]) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        first_paint(browser, f"http://{HOST}:{PORT}/")  # warm the server's own caches, not the browser's
        print(f"{'page':<12} {'FCP median':>11} {'FCP worst':>10} {'bytes':>9}   ({RUNS} cold loads each)")
        for name, path in paths.items():
            loads = [first_paint(browser, f"http://{HOST}:{PORT}{path}") for _ in range(RUNS)]
            times = [fcp for fcp, _ in loads]
            print(f"{name:<12} {statistics.median(times):>8.0f} ms {max(times):>7.0f} ms {loads[-1][1]:>9,}")
        browser.close()


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="thidua-first-paint-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
        "DEBUG": "0",
        "SECRET_KEY": "first-paint-only-secret-key-not-for-production-0123456789",
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": str(work / "static"),
        "MEDIA_ROOT": str(work / "media"),
        "LOG_LEVEL": "WARNING",
        "REDIS_URL": "",
        "CACHE_REDIS_URL": "",
        "CELERY_BROKER_URL": "",
    }
    build_site(env)
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "tayninh_thidua.wsgi", "--workers", "2", "--bind", f"{HOST}:{PORT}"]
        + ["--no-control-socket", "--access-logfile", "/dev/null", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_until_up()
        measure({"home": "/", "directory": "/dien-hinh/", "exemplar": exemplar_path()})
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"(site built in {work}; remove it when done)", file=sys.stderr)


if __name__ == "__main__":
    main()
