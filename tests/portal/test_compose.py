"""docker-compose.yml, the documented production shape, parsed: the proxy is the only door, every service is
checked, each Redis plays one role, and the files live in the volumes the proxy reads."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.conftest import require_service
from tests.portal.test_proxy import prod

ROOT = Path(__file__).resolve().parents[2]
APP_SERVICES = ("web", "worker", "beat")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def services(compose) -> dict:
    return compose["services"]


def _default(value: str) -> str:
    """`${NAME:-default}` → default (what the service gets when .env does not set NAME)."""
    found = re.fullmatch(r"\$\{[A-Z_]+:-(.*)\}", value)
    return found.group(1) if found else value


def _volumes(service: dict) -> dict[str, str]:
    """target → "source[:ro]" of a service's volumes."""
    mounts = {}
    for entry in service.get("volumes", []):
        source, target, *mode = entry.split(":")
        mounts[target] = source + (f":{mode[0]}" if mode else "")
    return mounts


def test_only_the_proxy_is_published(services):
    published = {name for name, service in services.items() if "ports" in service}
    assert published == {"proxy"}
    assert services["proxy"]["ports"] == ["${PROXY_HTTP_PORT:-80}:80", "${PROXY_HTTPS_PORT:-443}:443"]
    assert services["web"]["expose"] == ["8000"]


def test_every_long_running_service_has_a_health_check(services):
    for name, service in services.items():
        check = service.get("healthcheck", {})
        assert check.get("test"), f"{name} has no health check"
    assert services["proxy"]["depends_on"]["web"]["condition"] == "service_healthy"
    for role in ("db", "redis-cache", "redis-broker"):
        assert services["web"]["depends_on"][role]["condition"] == "service_healthy", role


def test_the_proxy_renders_the_repository_config_and_reads_the_files_read_only(services):
    proxy = services["proxy"]
    assert re.fullmatch(r"nginx:1\.\d+-bookworm", proxy["image"]), "pin the official Debian image's minor version"
    mounts = _volumes(proxy)
    assert mounts["/etc/nginx/templates/nginx.conf.template"] == "./deploy/nginx.conf:ro"
    env = proxy["environment"]
    assert env["NGINX_ENVSUBST_OUTPUT_DIR"] == "/etc/nginx"  # the template becomes /etc/nginx/nginx.conf
    assert mounts[env["PROXY_STATIC_ROOT"]] == "static:ro"
    assert mounts[env["PROXY_MEDIA_ROOT"]] == "media:ro"
    assert mounts[env["PROXY_PRIVATE_ROOT"]] == "private-media:ro"
    assert env["PROXY_UPSTREAM"] == "web:8000"


def test_the_proxy_fills_every_placeholder_and_nothing_else(services):
    template = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    placeholders = set(re.findall(r"\$\{(PROXY_[A-Z_]+)\}", template))
    env = services["proxy"]["environment"]
    given = {name for name in env if name.startswith("PROXY_")}
    assert given == placeholders
    assert all(re.match(env["NGINX_ENVSUBST_FILTER"], name) for name in placeholders)
    assert not re.match(env["NGINX_ENVSUBST_FILTER"], "NGINX_VERSION")


def test_static_files_reach_the_proxy_through_a_shared_volume(services):
    web = services["web"]
    static_root = web["environment"]["STATIC_ROOT"]
    assert _volumes(web)[static_root] == "static"
    command = " ".join(web["command"].split())
    assert command.index("collectstatic --noinput") < command.index("gunicorn")
    assert "gunicorn tayninh_thidua.wsgi:application --bind 0.0.0.0:8000" in command


def test_app_services_trust_exactly_one_proxy_and_hand_it_private_files(services):
    template = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    internal = re.search(r"location (/\S+/) \{\s*internal;\s*alias \$\{PROXY_PRIVATE_ROOT\}/;", template)
    assert internal, "deploy/nginx.conf has no internal location for private files"
    for name in APP_SERVICES:
        env = services[name]["environment"]
        assert env["TRUSTED_PROXY_COUNT"] == "1", name
        assert env["PRIVATE_FILES_ACCEL_PREFIX"] == internal.group(1), name
    assert "TRUSTED_PROXY_COUNT=1" in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()


def test_two_redis_roles(services):
    cache, broker = services["redis-cache"], services["redis-broker"]
    cache_command, broker_command = " ".join(cache["command"]), " ".join(broker["command"])
    assert "--maxmemory 256mb" in cache_command and "--maxmemory-policy allkeys-lru" in cache_command
    assert "--appendonly no" in cache_command and "volumes" not in cache
    assert "--maxmemory-policy noeviction" in broker_command and "--appendonly yes" in broker_command
    assert _volumes(broker)["/data"] == "redis-broker"
    for name in APP_SERVICES:
        env = services[name]["environment"]
        assert _default(env["CACHE_REDIS_URL"]) == "redis://redis-cache:6379/0", name
        assert _default(env["CELERY_BROKER_URL"]) == "redis://redis-broker:6379/0", name


def test_backups_volume_on_worker_and_beat(services):
    for name in ("worker", "beat"):
        assert _volumes(services[name])["/app/backups"] == "backups", name
        assert services[name]["environment"]["BACKUP_DIR"] == "/app/backups", name
    assert "/app/backups" not in _volumes(services["web"])


def test_named_volumes(compose, services):
    assert set(compose["volumes"]) == {"pgdata", "media", "private-media", "static", "redis-broker", "backups"}
    for name in APP_SERVICES:
        mounts = _volumes(services[name])
        assert mounts["/app/media"] == "media" and mounts["/app/private-media"] == "private-media", name


def test_the_image_renders_the_same_file_as_make_prod(services):
    """The official image runs `envsubst "${NAME} ..."` over the template with the names its filter keeps; with
    the proxy's environment from docker-compose.yml that gives what deploy/prod.py's renderer gives."""
    template = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    envsubst = shutil.which("envsubst")
    require_service(envsubst is not None, "envsubst not installed (gettext-base)")
    env = {k: str(v) for k, v in services["proxy"]["environment"].items()}
    names = " ".join(f"${{{name}}}" for name in env if re.search(env["NGINX_ENVSUBST_FILTER"], name))
    result = subprocess.run(
        [envsubst, names], input=template, capture_output=True, text=True, env={**env, "PATH": "/usr/bin:/bin"}
    )
    assert result.returncode == 0, result.stderr
    values = {name: value for name, value in env.items() if name.startswith("PROXY_")}
    assert result.stdout == prod.render_nginx(values, template)
    assert "listen 80;" in result.stdout and "server web:8000;" in result.stdout


def test_web_seeds_the_plan_and_the_award_types_before_serving(services):
    # Without seed_awards a fresh production site has no award type to nominate for (issue #11 item 9).
    command = " ".join(services["web"]["command"].split())
    assert command.index("migrate") < command.index("seed_plan") < command.index("gunicorn")
    assert command.index("migrate") < command.index("seed_awards") < command.index("gunicorn")
