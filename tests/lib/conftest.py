"""Fixtures for outbox delivery under failure: a Redis server of the test's own (restarted or stopped at will,
never the shared one), real `celery worker` processes against it, and a local SMTP sink counting deliveries."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import require_service

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(predicate, timeout: float = 30.0, message: str = "timed out") -> float:
    """Poll until `predicate()` is true; returns the seconds it took."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if predicate():
            return time.monotonic() - start
        time.sleep(0.1)
    raise AssertionError(message)


class OwnRedis:
    """redis-server on a free port, without persistence: a restart loses every queued message."""

    def __init__(self, workdir: Path):
        self.port = free_port()
        self.workdir = workdir
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self):
        import redis

        return redis.Redis(host="127.0.0.1", port=self.port, socket_connect_timeout=2)

    def start(self) -> OwnRedis:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(
            [*command, "--dir", str(self.workdir)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        wait_until(self._answers, 15, "own redis-server did not start")
        return self

    def _answers(self) -> bool:
        import redis

        try:
            return bool(self.client().ping())
        except redis.RedisError:
            return False

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)

    def restart(self) -> None:
        self.stop()
        self.start()


class WorkerProcess:
    """`celery worker` (prefork, 2 processes) in its own session, on the test database and the test's Redis."""

    def __init__(self, env: dict, log: Path, name: str):
        self.env, self.log, self.name = env, log, name
        self.process: subprocess.Popen | None = None

    def start(self, *extra: str) -> WorkerProcess:
        command = [sys.executable, "-m", "celery", "-A", "tayninh_thidua", "worker", "-P", "prefork", "-c", "2"]
        command += ["--without-mingle", "--without-gossip", "--without-heartbeat", "-l", "warning"]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [*command, "-n", f"{self.name}@%h", *extra],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: SIGKILL reaches the pool processes too
            )
        return self

    def kill(self) -> None:
        """SIGKILL the worker and its pool processes at once, as a crashed container would be."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()

    def log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""


@pytest.fixture
def own_redis(tmp_path):
    require_service(shutil.which("redis-server") is not None, "redis-server is not installed")
    server = OwnRedis(tmp_path).start()
    yield server
    server.stop()


@pytest.fixture
def smtp_sink():
    from bench.smtp_sink import SmtpSink

    sink = SmtpSink(delay=0.0, keep_subjects=True).start()
    yield sink
    sink.shutdown()
    sink.server_close()


@pytest.fixture
def producer(own_redis):
    """A Celery client publishing to the test's own Redis (the suite's app publishes to the shared one)."""
    from celery import Celery

    app = Celery("outbox-tests", broker=own_redis.url, set_as_current=False)
    app.conf.update(task_serializer="json", accept_content=["json"], broker_connection_retry_on_startup=True)
    yield app
    app.close()


@pytest.fixture
def worker_env(postgres, own_redis, smtp_sink) -> dict:
    """The environment of a production-shaped worker, with the sweep and retries made short for the test."""
    db = postgres.settings_dict
    auth = f"{db['USER']}:{db['PASSWORD']}@" if db["PASSWORD"] else f"{db['USER']}@"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tayninh_thidua.settings",
        "DEBUG": "0",
        "SECRET_KEY": "outbox-tests-only-0123456789-0123456789-0123456789",
        "DATABASE_URL": f"postgres://{auth}{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "REDIS_URL": own_redis.url,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_sink.port),
        "OUTBOX_SWEEP_AFTER": "2",
        "OUTBOX_RETRY_BACKOFF": "1",
        "OUTBOX_RETRY_BACKOFF_MAX": "2",
        "CELERY_TASK_TIME_LIMIT": "20",
        "LOG_LEVEL": "WARNING",
    }


@pytest.fixture
def worker_factory(worker_env, tmp_path):
    started: list[WorkerProcess] = []

    def start(name: str, *extra: str) -> WorkerProcess:
        worker = WorkerProcess(worker_env, tmp_path / f"{name}.log", name).start(*extra)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()
