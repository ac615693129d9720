"""The production shape on one machine, without Docker: `make prod`, `make prod-stop`, `make smoke`.

    .venv/bin/python deploy/prod.py start     # nginx -> gunicorn, Celery worker and beat, PostgreSQL, two Redis
    .venv/bin/python deploy/prod.py status
    .venv/bin/python deploy/prod.py stop
    .venv/bin/python deploy/prod.py render-nginx   # print deploy/nginx.conf as rendered for this shape

Everything this shape writes lives in one run directory (PROD_DIR, default `.prod/`): the collected static files,
media and private media, the two Redis data directories, the rendered nginx.conf, pid files, logs and a generated
secret key. Debian's nginx runs with its own prefix there (never the system service). Settings (environment):

    DATABASE_URL            postgres://postgres@127.0.0.1:5432/thidua_prod (created if missing)
    PROD_PORT               8080   nginx, the only port a browser uses: http://127.0.0.1:PROD_PORT/
    PROD_APP_PORT           8081   gunicorn, on 127.0.0.1 behind nginx
    PROD_REDIS_CACHE_PORT   6380   the cache: maxmemory PROD_REDIS_CACHE_MAXMEMORY (256mb), allkeys-lru, no persistence
    PROD_REDIS_BROKER_PORT  6381   the Celery broker and results: noeviction, append-only file under PROD_DIR
    PROD_WEB_WORKERS        3      gunicorn workers

The site is served over plain HTTP on 127.0.0.1, so nginx forwards X-Forwarded-Proto: http (the truth) and this
script switches off what only makes sense over HTTPS: SECURE_SSL_REDIRECT, secure cookies and HSTS. Everything else
is production: DEBUG=0, the manifest static storage, X-Accel-Redirect for private files, TRUSTED_PROXY_COUNT=1.
"""

from __future__ import annotations

import argparse
import dataclasses
import getpass
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "deploy" / "nginx.conf"
BIN = Path(sys.executable).parent  # the project's virtualenv: gunicorn and celery live beside its python
PLACEHOLDER = re.compile(r"\$\{(PROXY_[A-Z_]+)\}")
# Start order.
SERVICES = ("redis-cache", "redis-broker", "web", "worker", "beat", "proxy")
# What each service's command line contains, so a stale pid file never makes us signal someone else's process.
PROGRAMS = {
    "redis-cache": "redis-server",
    "redis-broker": "redis-server",
    "web": "gunicorn",
    "worker": "celery",
    "beat": "celery",
    "proxy": "nginx",
}


@dataclasses.dataclass(frozen=True)
class Shape:
    run_dir: Path
    port: int
    app_port: int
    cache_port: int
    broker_port: int
    database_url: str
    web_workers: int = 3
    cache_maxmemory: str = "256mb"

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Shape:
        env = os.environ if env is None else env
        return cls(
            run_dir=Path(env.get("PROD_DIR") or ROOT / ".prod").resolve(),
            port=int(env.get("PROD_PORT", "8080")),
            app_port=int(env.get("PROD_APP_PORT", "8081")),
            cache_port=int(env.get("PROD_REDIS_CACHE_PORT", "6380")),
            broker_port=int(env.get("PROD_REDIS_BROKER_PORT", "6381")),
            database_url=env.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/thidua_prod",
            web_workers=int(env.get("PROD_WEB_WORKERS", "3")),
            cache_maxmemory=env.get("PROD_REDIS_CACHE_MAXMEMORY", "256mb"),
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def path(self, *parts: str) -> Path:
        return self.run_dir.joinpath(*parts)


# ---------------------------------------------------------------------------
# deploy/nginx.conf: the one proxy configuration, rendered like envsubst with the PROXY_* names only
# ---------------------------------------------------------------------------
def placeholders(text: str | None = None) -> set[str]:
    return set(PLACEHOLDER.findall(TEMPLATE.read_text(encoding="utf-8") if text is None else text))


def render_nginx(values: dict[str, str], text: str | None = None) -> str:
    text = TEMPLATE.read_text(encoding="utf-8") if text is None else text
    missing = placeholders(text) - set(values)
    if missing:
        raise KeyError(f"no value for {', '.join(sorted(missing))}")
    return PLACEHOLDER.sub(lambda m: values[m.group(1)], text)


def nginx_worker_user() -> str:
    """As root: Debian's www-data (it only needs to read the run directory); otherwise nginx cannot switch users."""
    if os.geteuid() != 0:
        return getpass.getuser()
    for name in ("www-data", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    return "root"


def nginx_values(shape: Shape) -> dict[str, str]:
    return {
        "PROXY_LISTEN": f"127.0.0.1:{shape.port}",
        "PROXY_UPSTREAM": f"127.0.0.1:{shape.app_port}",
        "PROXY_STATIC_ROOT": str(shape.path("static")),
        "PROXY_MEDIA_ROOT": str(shape.path("media")),
        "PROXY_PRIVATE_ROOT": str(shape.path("private-media")),
        "PROXY_RUN_DIR": str(shape.path("nginx")),
        "PROXY_LOG_DIR": str(shape.path("logs", "nginx")),
        "PROXY_USER": nginx_worker_user(),
        "PROXY_EXTRA_DIR": str(shape.path("nginx", "extra")),
    }


def nginx_command(shape: Shape, *extra: str) -> list[str]:
    conf = shape.path("nginx", "nginx.conf")
    errors = shape.path("logs", "nginx", "error.log")
    return [nginx_binary(), "-p", f"{shape.path('nginx')}/", "-c", str(conf), "-e", str(errors), *extra]


def nginx_binary() -> str:
    return shutil.which("nginx") or "/usr/sbin/nginx"


# ---------------------------------------------------------------------------
# The environment of every Django process of this shape
# ---------------------------------------------------------------------------
def redis_url(port: int) -> str:
    return f"redis://127.0.0.1:{port}/0"


def django_env(shape: Shape) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "tayninh_thidua.settings",
            "PYTHONUNBUFFERED": "1",
            "DEBUG": "0",
            "SECRET_KEY_FILE": str(shape.path("secret-key")),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SITE_URL": shape.url.rstrip("/"),
            "DATABASE_URL": shape.database_url,
            "REDIS_URL": redis_url(shape.broker_port),
            "CACHE_REDIS_URL": redis_url(shape.cache_port),
            "CELERY_BROKER_URL": redis_url(shape.broker_port),
            "STATIC_ROOT": str(shape.path("static")),
            "MEDIA_ROOT": str(shape.path("media")),
            "PRIVATE_MEDIA_ROOT": str(shape.path("private-media")),
            "BACKUP_DIR": str(shape.path("backups")),
            "PRIVATE_FILES_ACCEL_PREFIX": "/_private/",
            "TRUSTED_PROXY_COUNT": "1",
            "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
            # Plain HTTP on 127.0.0.1 (see the module docstring); the docker shape keeps all of these on.
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "SECURE_HSTS_SECONDS": "0",
            "SECURE_HSTS_INCLUDE_SUBDOMAINS": "0",
            "SECURE_HSTS_PRELOAD": "0",
        }
    )
    env.pop("SECRET_KEY", None)  # the generated key file, not a key from the caller's environment
    return env


def commands(shape: Shape) -> dict[str, list[str]]:
    logs = shape.path("logs")
    return {
        "redis-cache": [
            "redis-server", "--bind", "127.0.0.1", "--port", str(shape.cache_port),
            "--dir", str(shape.path("redis-cache")), "--save", "", "--appendonly", "no",
            "--maxmemory", shape.cache_maxmemory, "--maxmemory-policy", "allkeys-lru",
        ],
        "redis-broker": [
            "redis-server", "--bind", "127.0.0.1", "--port", str(shape.broker_port),
            "--dir", str(shape.path("redis-broker")), "--save", "", "--appendonly", "yes",
            "--appendfsync", "everysec", "--maxmemory-policy", "noeviction",
        ],
        "web": [
            str(BIN / "gunicorn"), "tayninh_thidua.wsgi:application",
            "--bind", f"127.0.0.1:{shape.app_port}", "--workers", str(shape.web_workers), "--timeout", "30",
            "--access-logfile", str(logs / "gunicorn-access.log"), "--no-control-socket",
        ],
        "worker": [str(BIN / "celery"), "-A", "tayninh_thidua", "worker", "--loglevel=INFO", "--concurrency=2"],
        "beat": [
            str(BIN / "celery"), "-A", "tayninh_thidua", "beat", "--loglevel=INFO",
            "--scheduler", "django_celery_beat.schedulers:DatabaseScheduler",
            "--pidfile", str(shape.path("run", "celerybeat.pid")),
        ],
        "proxy": nginx_command(shape, "-g", "daemon off;"),
    }  # fmt: skip


# ---------------------------------------------------------------------------
# Processes: each started in its own session, its pid kept in run/<name>.pid
# ---------------------------------------------------------------------------
def pid_file(shape: Shape, name: str) -> Path:
    return shape.path("run", f"{name}.pid")


def running_pid(shape: Shape, name: str) -> int | None:
    """The pid recorded for `name`, if that process is alive and is still the program we started."""
    try:
        pid = int(pid_file(shape, name).read_text())
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (FileNotFoundError, ValueError, ProcessLookupError):
        return None
    return pid if PROGRAMS[name].encode() in cmdline else None


def spawn(shape: Shape, name: str, argv: list[str], env: dict[str, str]) -> int:
    log = open(shape.path("logs", f"{name}.log"), "ab")  # the child writes to it; our copy is closed below
    process = subprocess.Popen(
        argv, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    log.close()
    pid_file(shape, name).write_text(str(process.pid))
    return process.pid


def terminate(shape: Shape, names: tuple[str, ...], timeout: float = 20) -> list[str]:
    """Stop services by their recorded pids, together (each its whole process group: gunicorn's and celery's
    children too); SIGTERM, then SIGKILL after `timeout` seconds. Returns the names that were running."""
    pids = {name: pid for name in names if (pid := running_pid(shape, name)) is not None}
    for pid in pids.values():
        _signal_group(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while any(_alive(pid) for pid in pids.values()) and time.monotonic() < deadline:
        time.sleep(0.2)
    for pid in pids.values():
        if _alive(pid):
            _signal_group(pid, signal.SIGKILL)
    for name in names:
        pid_file(shape, name).unlink(missing_ok=True)
    return list(pids)


def _signal_group(pid: int, sig: int) -> None:
    try:
        os.killpg(pid, sig)  # start_new_session: the group id is the pid we recorded
    except ProcessLookupError:
        pass


def _alive(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)  # reap it if it is our own child (the smoke starts in-process)
    except ChildProcessError:
        pass
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


def wait_for_port(port: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            sock.settimeout(1)
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.2)
    return False


def check_ports_free(shape: Shape) -> None:
    """Each port a service of ours is about to take must be free (never talk to someone else's Redis or nginx)."""
    ports = {"redis-cache": shape.cache_port, "redis-broker": shape.broker_port}
    ports |= {"web": shape.app_port, "proxy": shape.port}
    for name, port in ports.items():
        if running_pid(shape, name) is None and wait_for_port(port, 0.1):
            raise SystemExit(f"port {port} ({name}) is already in use by another program")


def healthz(shape: Shape, timeout: float = 5) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(f"{shape.url}healthz", timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(errors="replace")
    except OSError as exc:
        return 0, str(exc)


def wait_for_health(shape: Shape, timeout: float) -> tuple[int, str]:
    deadline = time.monotonic() + timeout
    status, body = healthz(shape)
    while status != 200 and time.monotonic() < deadline:
        time.sleep(0.5)
        status, body = healthz(shape)
    return status, body


# ---------------------------------------------------------------------------
# Set-up steps
# ---------------------------------------------------------------------------
def ensure_programs() -> None:
    """Debian's nginx, installed if missing (as root); redis-server must be there already."""
    if not Path(nginx_binary()).exists():
        if os.geteuid() != 0:
            raise SystemExit("nginx is missing: sudo apt-get install -y nginx")
        before = Path("/run/nginx.pid").exists()
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "nginx"], check=True, env=env, stdout=subprocess.DEVNULL)
        if not before and Path("/run/nginx.pid").exists():
            # The package starts the system service on port 80; this shape runs its own nginx instead.
            subprocess.run([nginx_binary(), "-s", "quit"], check=False)
    if not shutil.which("redis-server"):
        raise SystemExit("redis-server is missing: apt-get install -y redis-server")


def check_readable_by_workers(shape: Shape) -> None:
    """nginx's workers run as www-data when we are root: every directory above the run directory must let them
    through (a checkout under /root does not)."""
    if nginx_worker_user() == getpass.getuser():
        return
    for folder in [shape.run_dir, *shape.run_dir.parents]:
        if folder.exists() and not folder.stat().st_mode & 0o001:
            raise SystemExit(
                f"{folder} is closed to nginx's workers ({nginx_worker_user()}): "
                "set PROD_DIR to a directory they can reach, e.g. PROD_DIR=/srv/thidua-prod"
            )


def prepare_dirs(shape: Shape) -> None:
    for part in ("logs/nginx", "run", "static", "media", "private-media", "backups", "redis-cache", "redis-broker"):
        shape.path(*part.split("/")).mkdir(parents=True, exist_ok=True)
    shape.path("nginx", "extra").mkdir(parents=True, exist_ok=True)
    key = shape.path("secret-key")
    if not key.exists():
        key.touch(mode=0o600)
        key.write_text(secrets.token_urlsafe(64), encoding="utf-8")


def _database_parts(url: str) -> tuple[str, str]:
    """(the URL of the server's maintenance database, the database name)."""
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        raise SystemExit(f"DATABASE_URL must be PostgreSQL for the production shape: {url}")
    return urlunsplit(parts._replace(path="/postgres")), parts.path.lstrip("/")


def _maintenance(url: str, statement: str, name: str, *, fetch: bool = False):
    import psycopg2  # the project's driver (requirements.txt)
    from psycopg2 import sql

    server, _ = _database_parts(url)
    connection = psycopg2.connect(server)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            if fetch:
                cursor.execute(statement, [name])
                return cursor.fetchone()
            cursor.execute(sql.SQL(statement).format(sql.Identifier(name)))
    finally:
        connection.close()


def create_database(url: str) -> bool:
    _, name = _database_parts(url)
    if _maintenance(url, "SELECT 1 FROM pg_database WHERE datname = %s", name, fetch=True):
        return False
    _maintenance(url, "CREATE DATABASE {}", name)
    return True


def drop_database(url: str) -> None:
    _, name = _database_parts(url)
    _maintenance(url, "DROP DATABASE IF EXISTS {} WITH (FORCE)", name)


# One Python process for a list of manage.py commands: Django's start-up costs seconds on these machines.
_RUN_COMMANDS = """
import sys, time, django
django.setup()
from django.core.management import call_command
for line in sys.argv[1:]:
    started = time.monotonic()
    print("$ manage.py", line, flush=True)
    call_command(*line.split())
    print(f"  ({time.monotonic() - started:.1f} s)", flush=True)
"""


def manage(shape: Shape, *commands: str, env: dict[str, str] | None = None) -> str:
    """Run manage.py commands (each a string of words) in one process; output goes to logs/prepare.log too."""
    result = subprocess.run(
        [sys.executable, "-c", _RUN_COMMANDS, *commands],
        cwd=ROOT,
        env=env or django_env(shape),
        capture_output=True,
        text=True,
    )
    with open(shape.path("logs", "prepare.log"), "a", encoding="utf-8") as log:
        log.write(result.stdout + result.stderr)
    if result.returncode != 0:
        raise SystemExit(f"manage.py failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    return result.stdout


def prepare_django(shape: Shape) -> str:
    """collectstatic, migrate and the seed commands of `make run`. Returns create_demo_user's line."""
    manage(
        shape,
        "collectstatic --noinput --verbosity 0",
        "migrate --noinput --verbosity 0",
        "seed_plan",
        "seed_awards",
        "generate_demo_data --if-empty",
    )
    # create_demo_user refuses to run with DEBUG off, on purpose: this one command runs with DEBUG on, because this
    # shape is a demonstration on one machine. A real deployment creates its accounts in the admin.
    demo = manage(shape, "create_demo_user", env={**django_env(shape), "DEBUG": "1"})
    lines = [line for line in demo.splitlines() if "demo" in line and not line.startswith(("$", "  ("))]
    return lines[-1] if lines else ""


def render_nginx_file(shape: Shape) -> Path:
    conf = shape.path("nginx", "nginx.conf")
    conf.write_text(render_nginx(nginx_values(shape)), encoding="utf-8")
    result = subprocess.run(nginx_command(shape, "-t", "-q"), capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"nginx -t failed:\n{result.stdout}{result.stderr}")
    return conf


# ---------------------------------------------------------------------------
# start / stop / status
# ---------------------------------------------------------------------------
def start(shape: Shape) -> str:
    """Start everything (what already runs is left alone); returns create_demo_user's line. Raises SystemExit."""
    os.umask(0o022)  # nginx's workers (www-data) read what Django writes
    ensure_programs()
    prepare_dirs(shape)
    check_readable_by_workers(shape)
    check_ports_free(shape)
    create_database(shape.database_url)
    argv = commands(shape)
    for name in ("redis-cache", "redis-broker"):
        if running_pid(shape, name) is None:
            spawn(shape, name, argv[name], dict(os.environ))
        port = shape.cache_port if name == "redis-cache" else shape.broker_port
        if not wait_for_port(port, 15):
            raise SystemExit(f"{name} did not start on port {port}: see {shape.path('logs', name + '.log')}")
    demo = prepare_django(shape)
    render_nginx_file(shape)
    env = django_env(shape)
    for name in ("web", "worker", "beat", "proxy"):
        if running_pid(shape, name) is None:
            spawn(shape, name, argv[name], env)
        elif name == "proxy":  # already running: take the freshly rendered config
            subprocess.run(nginx_command(shape, "-s", "reload"), check=False)
    status, body = wait_for_health(shape, 60)
    if status != 200:
        raise SystemExit(f"{shape.url}healthz answered {status}: {body[:300]}")
    return demo


def stop(shape: Shape) -> list[str]:
    """The proxy first (no new requests), then the application, then Redis (the broker outlives the worker)."""
    stages = [("proxy",), ("web", "worker", "beat"), ("redis-cache", "redis-broker")]
    return [name for stage in stages for name in terminate(shape, stage)]


def status(shape: Shape) -> dict[str, int | None]:
    return {name: running_pid(shape, name) for name in SERVICES}


def tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=["start", "stop", "status", "render-nginx"])
    action = parser.parse_args(argv).action
    shape = Shape.from_env()
    if action == "render-nginx":
        sys.stdout.write(render_nginx(nginx_values(shape)))
        return 0
    if action == "stop":
        stopped = stop(shape)
        print(f"Đã dừng: {', '.join(stopped) or 'không có gì đang chạy'}.")
        return 0
    if action == "status":
        pids = status(shape)
        for name, pid in pids.items():
            print(f"{name:13} {'đang chạy, pid ' + str(pid) if pid else 'đã dừng'}")
        code, body = healthz(shape)
        print(f"{shape.url}healthz: {code} {body.strip()[:200]}")
        return 0 if all(pids.values()) and code == 200 else 3
    try:
        demo = start(shape)
    except SystemExit as exc:
        print(f"make prod: {exc}", file=sys.stderr)
        for name in ("proxy", "web", "worker"):
            print(f"--- {name}.log\n{tail(shape.path('logs', name + '.log'), 15)}", file=sys.stderr)
        stop(shape)
        return 1
    print(f"Cổng thông tin (production shape): {shape.url}  — quản trị: {shape.url}admin/")
    if demo:
        print(demo)
    print(f"Nhật ký: {shape.path('logs')}/   Trạng thái: make prod-status   Dừng: make prod-stop")
    return 0


if __name__ == "__main__":
    sys.exit(main())
