#!/usr/bin/env python3
"""`make first-paint`: first contentful paint of the home, directory and exemplar pages on a simulated phone.

Builds a throwaway SQLite site (DEBUG off, collected and compressed static files, demo data), starts gunicorn behind
the production proxy configuration (deploy/nginx.conf, rendered by deploy/prod.py: gzip for HTML, static files from
disk with their .gz copies) on 127.0.0.1 and opens each page in Chromium with Lighthouse's mobile settings applied through the DevTools protocol
(Lighthouse is not installed here): a 412×823 screen at 1.75 dppx, the CPU slowed 4×, and its "slow 4G" throttling
as DevTools applies it (562.5 ms request latency, 1,474.56 kbit/s down, 675 kbit/s up). Every load starts with an
empty browser cache. Prints the median and the worst of FIRST_PAINT_RUNS loads per page (default 5), and the bytes
transferred. FIRST_PAINT_PROXY=0 measures gunicorn alone (WhiteNoise; HTML not compressed).
"""

from __future__ import annotations

import getpass
import http.client
import importlib.util
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
APP_PORT = PORT + 1
PROXY = os.environ.get("FIRST_PAINT_PROXY", "1") == "1"
RUNS = int(os.environ.get("FIRST_PAINT_RUNS", "5"))
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
# Lighthouse's mobile preset (constants.throttling.mobileSlow4G with its DevTools adjustments, screenEmulation).
NETWORK = {
    "offline": False,
    "latency": 562.5,
    "downloadThroughput": 1474.56 * 1024 / 8,
    "uploadThroughput": 675 * 1024 / 8,
}
CPU_SLOWDOWN = float(os.environ.get("FIRST_PAINT_CPU", "4"))  # 1: the network alone, steadier on a busy machine
PHONE = {"viewport": {"width": 412, "height": 823}, "device_scale_factor": 1.75, "is_mobile": True, "has_touch": True}
# FIRST_PAINT_DETAIL=1 prints, for each load, when the page and each file arrived (ms from the start).
DETAIL = os.environ.get("FIRST_PAINT_DETAIL") == "1"
TIMELINE = """[performance.getEntriesByType('navigation')[0], ...performance.getEntriesByType('resource')]
  .map(e => `${e.name.split('/').pop() || 'page'} ${e.startTime | 0}-${e.responseEnd | 0} (${e.transferSize} B)`).join(', ')"""
SIZES = ["--exemplars", "300", "--honours", "600", "--agencies", "30", "--movements", "12", "--events", "4"]


def build_site(env: dict) -> None:
    for args in (
        ["migrate", "--noinput", "-v0"],
        ["generate_demo_data", *SIZES],
        ["collectstatic", "--noinput", "-v0"],
    ):
        subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def wait_until_up(timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection(HOST, PORT, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
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
    if DETAIL:
        print(f"  {url}: FCP {fcp:.0f} ms; " + page.evaluate(TIMELINE))
    context.close()
    return fcp, sum(received)


def measure(paths: dict[str, str]) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        first_paint(browser, f"http://{HOST}:{PORT}/")  # warm the server's own caches, not the browser's
        print(
            f"{'page':<12} {'FCP median':>11} {'FCP worst':>10} {'bytes':>9}   ({RUNS} cold loads each, CPU {CPU_SLOWDOWN:g}x slower)"
        )
        for name, path in paths.items():
            loads = [first_paint(browser, f"http://{HOST}:{PORT}{path}") for _ in range(RUNS)]
            times = [fcp for fcp, _ in loads]
            print(f"{name:<12} {statistics.median(times):>8.0f} ms {max(times):>7.0f} ms {loads[-1][1]:>9,}")
        browser.close()


def load_prod():
    spec = importlib.util.spec_from_file_location("deploy_prod", ROOT / "deploy" / "prod.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def start_proxy(work: Path) -> subprocess.Popen:
    """deploy/nginx.conf in front of gunicorn, as `make prod` renders it, with this run's directories."""
    prod = load_prod()
    shape = prod.Shape.from_env({"PROD_DIR": str(work), "PROD_PORT": str(PORT), "PROD_APP_PORT": str(APP_PORT)})
    for part in ("nginx/extra", "logs/nginx", "private-media"):
        (work / part).mkdir(parents=True, exist_ok=True)
    values = {**prod.nginx_values(shape), "PROXY_USER": getpass.getuser() if os.geteuid() else "root"}
    shape.path("nginx", "nginx.conf").write_text(prod.render_nginx(values), encoding="utf-8")
    return subprocess.Popen(prod.nginx_command(shape, "-g", "daemon off;"))


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="thidua-first-paint-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
        "DEBUG": "0",
        "SECRET_KEY": "first-paint-only-secret-key-not-for-production-0123456789",
        "ALLOWED_HOSTS": HOST,
        "TRUSTED_PROXY_COUNT": "1" if PROXY else "0",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": str(work / "static"),
        "MEDIA_ROOT": str(work / "media"),
        "LOG_LEVEL": "WARNING",
        "REDIS_URL": "",
        "CACHE_REDIS_URL": "",
        "CELERY_BROKER_URL": "",
    }
    build_site(env)
    proxy = start_proxy(work) if PROXY else None
    bind = f"{HOST}:{APP_PORT if PROXY else PORT}"
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "tayninh_thidua.wsgi", "--workers", "2", "--bind", bind]
        + ["--no-control-socket", "--access-logfile", "/dev/null", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_until_up()
        measure({"home": "/", "directory": "/dien-hinh/", "exemplar": exemplar_path()})
    finally:
        for process in (server, proxy):
            if process:
                process.terminate()
                process.wait(timeout=10)
    print(f"({'nginx (deploy/nginx.conf) -> ' if PROXY else ''}gunicorn; site built in {work})", file=sys.stderr)


if __name__ == "__main__":
    main()
