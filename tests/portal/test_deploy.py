"""The production shape: compose parses and passes what settings read; check --deploy is clean."""

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
APP_SERVICES = ("web", "worker", "beat")


def _settings_variables() -> set[str]:
    source = (ROOT / "tayninh_thidua" / "settings.py").read_text(encoding="utf-8")
    return set(re.findall(r'env(?:_bool|_int|_float|_list)?\("([A-Z_]+)"', source))


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def test_compose_has_the_seven_services():
    services = _compose()["services"]
    assert set(services) == {"db", "redis-cache", "redis-broker", "web", "worker", "beat", "proxy"}
    assert "gunicorn tayninh_thidua.wsgi:application" in " ".join(services["web"]["command"].split())
    assert services["worker"]["command"][:4] == ["celery", "-A", "tayninh_thidua", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "tayninh_thidua", "beat"]
    for name in services:
        assert "healthcheck" in services[name], name
    assert services["web"]["depends_on"]["db"]["condition"] == "service_healthy"
    assert any(v.startswith("pgdata:") for v in services["db"]["volumes"])
    assert any(v.startswith("media:") for v in services["web"]["volumes"])


def test_compose_passes_only_variables_settings_read():
    read = _settings_variables()
    assert {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"} <= read
    services = _compose()["services"]
    for name in APP_SERVICES:
        passed = set(services[name]["environment"])
        assert passed <= read, f"{name} passes variables settings never read: {passed - read}"
        assert "${SECRET_KEY" in services[name]["environment"]["SECRET_KEY"]


def test_env_example_lists_only_known_variables():
    names = {
        line.split("=", 1)[0]
        for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    }
    # Besides what settings read: what docker-compose.yml itself interpolates (the database's own, the proxy's ports).
    compose_only = set(re.findall(r"\$\{([A-Z_]+)[:}]", (ROOT / "docker-compose.yml").read_text(encoding="utf-8")))
    assert compose_only - _settings_variables() == {
        "POSTGRES_DB",
        "POSTGRES_USER",
        "POSTGRES_PASSWORD",
        "PROXY_HTTP_PORT",
        "PROXY_HTTPS_PORT",
    }
    assert names - _settings_variables() <= compose_only


def test_check_deploy_is_clean_with_production_values(tmp_path):
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "tayninh_thidua.settings",
        "DEBUG": "0",
        "SECRET_KEY": "k3y-" + "x9Qz!" * 12,
        "ALLOWED_HOSTS": "thidua.tayninh.gov.vn",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_settings_refuse_to_start_without_secret_key_in_production(tmp_path):
    env = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "tayninh_thidua.settings", "DEBUG": "0"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
