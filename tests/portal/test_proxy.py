"""deploy/nginx.conf, the one proxy configuration: what it promises, `nginx -t` on a rendered copy, and a real nginx
in front of a stand-in upstream (X-Accel-Redirect, the client address, compression, body limits).

Rendered by deploy/prod.py's renderer, the one `make prod` and `make smoke` use. Skipped without nginx; fails
instead under REQUIRE_SERVICES=1 (CI installs Debian's nginx)."""

import gzip
import http.client
import http.server
import importlib.util
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings

from contests.models import Edition
from tests.conftest import require_service

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
MB = 1024 * 1024


def _load_prod():
    spec = importlib.util.spec_from_file_location("deploy_prod", ROOT / "deploy" / "prod.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


prod = _load_prod()


def _size(value: str) -> int:
    return int(value[:-1]) * MB if value.endswith("m") else int(value)


def _location(path: str) -> str:
    """The body of `location <path> { ... }` (one level of nested braces)."""
    found = re.search(r"location " + re.escape(path) + r" \{((?:[^{}]|\{[^{}]*\})*)\}", TEMPLATE)
    assert found, f"no location {path}"
    return found.group(1)


# --- what the file promises ---------------------------------------------------------------------------------
def test_every_placeholder_is_documented_and_rendered(tmp_path):
    documented = set(re.findall(r"^#   (PROXY_[A-Z_]+) ", TEMPLATE, re.MULTILINE))
    assert prod.placeholders() == documented
    shape = prod.Shape.from_env({"PROD_DIR": str(tmp_path)})
    rendered = prod.render_nginx(prod.nginx_values(shape))
    assert not prod.placeholders(rendered) and str(tmp_path / "private-media") in rendered


def test_the_client_address_is_overwritten_never_appended():
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in TEMPLATE
    assert "proxy_add_x_forwarded_for" not in TEMPLATE
    assert "proxy_set_header X-Forwarded-Proto $forwarded_proto;" in TEMPLATE
    assert "proxy_set_header Host $http_host;" in TEMPLATE  # the port too: Django's CSRF origin check needs it
    # No location sets headers of its own (that would drop the server-level ones).
    server = TEMPLATE[TEMPLATE.index("    server {") :]
    assert server.count("proxy_set_header") == TEMPLATE.count("proxy_set_header")
    assert all("proxy_set_header" not in _location(path) for path in ("/", "/admin/", "/static/", "/media/"))


def test_request_bodies_are_buffered_and_limited_like_the_application():
    assert "proxy_request_buffering on;" in TEMPLATE
    assert int(re.search(r"client_body_timeout (\d+)s;", TEMPLATE).group(1)) <= 30
    server_limit = _size(re.search(r"^    client_max_body_size (\d+m);", TEMPLATE, re.MULTILINE).group(1))
    assert server_limit == settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    assert server_limit >= 2 * settings.MAX_UPLOAD_BYTES  # a dossier form: the portrait and one document
    entry = _location('~ "^/cuoc-thi/[0-9]+/du-thi/$"')
    entry_limit = _size(re.search(r"client_max_body_size (\d+m);", entry).group(1))
    photos = Edition._meta.get_field("max_photos").default
    assert entry_limit >= photos * settings.MAX_UPLOAD_BYTES + MB


def test_files_are_served_by_nginx_with_the_right_headers():
    static = _location("/static/")
    assert "alias ${PROXY_STATIC_ROOT}/;" in static and "gzip_static on;" in static
    assert 'Cache-Control "public, max-age=31536000, immutable"' in static
    media = _location("/media/")
    assert "alias ${PROXY_MEDIA_ROOT}/;" in media and "autoindex off;" in media
    assert 'Cache-Control "public, max-age=2592000"' in media and "X-Content-Type-Options nosniff" in media
    private = _location("/_private/")
    assert "internal;" in private and "alias ${PROXY_PRIVATE_ROOT}/;" in private
    assert TEMPLATE.count("${PROXY_PRIVATE_ROOT}") == 1  # that internal location is the only way in
    for kind in ("text/css", "application/javascript", "application/json", "image/svg+xml", "application/xml"):
        assert kind in re.search(r"gzip_types([^;]+);", TEMPLATE).group(1), kind
    for page in ("413.html", "50x.html"):
        assert (ROOT / "static" / "errors" / page).exists(), page


# --- nginx itself -------------------------------------------------------------------------------------------
def _nginx() -> str:
    binary = prod.nginx_binary()
    require_service(Path(binary).exists(), "nginx not installed (apt-get install -y nginx)")
    return binary


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _render(tmp_path: Path, **overrides: str) -> prod.Shape:
    shape = prod.Shape.from_env({"PROD_DIR": str(tmp_path), **overrides})
    for part in ("nginx/extra", "logs/nginx", "static/errors", "media", "private-media"):
        (tmp_path / part).mkdir(parents=True, exist_ok=True)
    values = prod.nginx_values(shape)
    # pytest's tmp_path is private to its owner: the workers run as that owner here.
    values["PROXY_USER"] = prod.getpass.getuser()
    (tmp_path / "nginx" / "nginx.conf").write_text(prod.render_nginx(values), encoding="utf-8")
    return shape


def test_nginx_accepts_the_rendered_config(tmp_path):
    _nginx()
    shape = _render(tmp_path)
    result = subprocess.run(prod.nginx_command(shape, "-t"), capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


class _Upstream(http.server.BaseHTTPRequestHandler):
    """Stands in for gunicorn: records what nginx forwards; answers like the views do."""

    seen: list[dict] = []

    def do_GET(self):
        _Upstream.seen.append({"path": self.path, **{k.lower(): v for k, v in self.headers.items()}})
        if self.path == "/tep/":
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            self.send_header("Content-Disposition", "attachment; filename*=utf-8''T%E1%BB%9D.pdf")
            self.send_header("Cache-Control", "private, no-store")
            self.send_header("X-Accel-Redirect", "/_private/dossiers/2026/abc.pdf")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = ("<!doctype html><html><body>" + "Thi đua yêu nước. " * 200 + "</body></html>").encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def proxy(tmp_path):
    _nginx()
    upstream = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Upstream)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    port = _free_port()
    shape = _render(tmp_path, PROD_PORT=str(port), PROD_APP_PORT=str(upstream.server_address[1]))
    (tmp_path / "private-media" / "dossiers" / "2026").mkdir(parents=True)
    (tmp_path / "private-media" / "dossiers" / "2026" / "abc.pdf").write_bytes("%PDF-1.4 riêng tư".encode())
    (tmp_path / "media" / "anh.jpg").write_bytes(b"\xff\xd8\xff\xe0 jpeg")
    shutil.copy(ROOT / "static" / "errors" / "413.html", tmp_path / "static" / "errors" / "413.html")
    nginx = subprocess.Popen(prod.nginx_command(shape, "-g", "daemon off;"), stderr=subprocess.PIPE)
    try:
        assert prod.wait_for_port(port, 10), nginx.stderr.read1().decode() if nginx.poll() is not None else "no port"
        _Upstream.seen = []
        yield port
    finally:
        nginx.terminate()
        nginx.wait(10)
        upstream.shutdown()


def _get(port: int, path: str, headers: dict | None = None, method: str = "GET"):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request(method, path, headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


def test_nginx_sends_the_private_file_django_names_and_hides_the_header(proxy):
    response, body = _get(proxy, "/tep/", {"X-Forwarded-For": "6.6.6.6"})
    assert response.status == 200 and body == "%PDF-1.4 riêng tư".encode()
    assert response.getheader("X-Accel-Redirect") is None
    assert response.getheader("Content-Type") == "application/pdf"
    assert response.getheader("Content-Disposition") == "attachment; filename*=utf-8''T%E1%BB%9D.pdf"
    assert response.getheader("Cache-Control") == "private, no-store"
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    forwarded = _Upstream.seen[-1]
    assert forwarded["x-forwarded-for"] == "127.0.0.1"  # the client's own claim is dropped
    assert forwarded["x-forwarded-proto"] == "http"
    assert forwarded["host"] == f"127.0.0.1:{proxy}"


def test_private_files_are_not_reachable_directly(proxy):
    assert _get(proxy, "/_private/dossiers/2026/abc.pdf")[0].status == 404
    # Normalised to /private-media/..., which nginx does not serve: it goes to the application (404 there).
    for path in ("/media/../private-media/dossiers/2026/abc.pdf", "/private-media/dossiers/2026/abc.pdf"):
        assert b"%PDF" not in _get(proxy, path)[1], path
    assert _get(proxy, "/media/")[0].status == 403


def test_public_media_and_compressed_pages(proxy):
    response, body = _get(proxy, "/media/anh.jpg")
    assert response.status == 200 and response.getheader("Content-Type") == "image/jpeg"
    assert response.getheader("Cache-Control") == "public, max-age=2592000"
    assert not any(seen["path"] == "/media/anh.jpg" for seen in _Upstream.seen)
    response, body = _get(proxy, "/", {"Accept-Encoding": "gzip"})
    assert response.getheader("Content-Encoding") == "gzip"
    assert "Thi đua yêu nước" in gzip.decompress(body).decode()


def test_oversized_bodies_are_refused_before_the_application(proxy):
    started = time.monotonic()
    response, body = _get(proxy, "/dang-nhap/", {"Content-Length": str(26 * MB)}, method="POST")
    assert response.status == 413 and "Tệp gửi lên quá lớn" in body.decode()
    assert time.monotonic() - started < 5 and not _Upstream.seen
