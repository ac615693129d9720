"""`make smoke`: start the production shape on a throwaway database and ports, check it from outside over HTTP
through nginx, stop it (always, even on failure or Ctrl-C). One line per check; exit 1 if any failed.

    .venv/bin/python deploy/smoke.py

The shape is deploy/prod.py's, in SMOKE_DIR (default `.smoke/`, removed afterwards unless SMOKE_KEEP=1), on
SMOKE_DATABASE_URL (default: the server of DATABASE_URL, or 127.0.0.1, database thidua_smoke_<pid>, dropped
afterwards), nginx on SMOKE_PORT (18480), gunicorn on SMOKE_APP_PORT (18481), Redis on SMOKE_REDIS_CACHE_PORT and
SMOKE_REDIS_BROKER_PORT (16481, 16482). Its known data come from `manage.py smoke_data --throwaway-database`.
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import gzip
import hashlib
import hmac
import http.cookiejar
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import struct
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
import prod  # noqa: E402 - deploy/prod.py, beside this file

IMAGE_TYPES = ("image/jpeg", "image/png", "image/webp")
LONG_CACHE = "max-age=2592000"  # /media/ in deploy/nginx.conf
IMMUTABLE = "max-age=31536000, immutable"  # hashed /static/ names


# ---------------------------------------------------------------------------
# A small HTTP client: its own cookies, no redirects followed, raw bodies (gzip is checked, then undone)
# ---------------------------------------------------------------------------
@dataclasses.dataclass
class Response:
    status: int
    headers: dict[str, str]  # lower-cased names; repeated headers joined with ", "
    raw: bytes

    @property
    def body(self) -> bytes:
        return gzip.decompress(self.raw) if self.headers.get("content-encoding") == "gzip" else self.raw

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def header(self, name: str) -> str:
        return self.headers.get(name.lower(), "")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Client:
    def __init__(self, base: str) -> None:
        self.base = base.rstrip("/")
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect)

    def request(self, method: str, path: str, data: bytes | None = None, headers: dict | None = None) -> Response:
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=headers or {})
        request.add_header("User-Agent", "thidua-smoke")
        try:
            with self.opener.open(request, timeout=30) as response:
                return Response(response.status, _headers(response.headers), response.read())
        except urllib.error.HTTPError as error:
            return Response(error.code, _headers(error.headers), error.read())

    def get(self, path: str, **headers: str) -> Response:
        return self.request("GET", path, headers={k.replace("_", "-"): v for k, v in headers.items()})

    def post(self, path: str, form: dict, **headers: str) -> Response:
        head = {k.replace("_", "-"): v for k, v in headers.items()}
        head["Content-Type"] = "application/x-www-form-urlencoded"
        return self.request("POST", path, urlencode(form).encode(), head)

    def cookie(self, name: str) -> str:
        return next((c.value for c in self.cookies if c.name == name), "")


def _headers(message) -> dict[str, str]:
    joined: dict[str, str] = {}
    for name, value in message.items():
        key = name.lower()
        joined[key] = f"{joined[key]}, {value}" if key in joined else value
    return joined


def csrf_token(html: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    return found.group(1) if found else ""


def totp(key: str, at: float | None = None) -> str:
    """The authenticator app's six-digit code for a base32 key now (RFC 6238: SHA-1, 30-second steps)."""
    key = key.replace(" ", "").upper()  # shown in groups of four for people typing it
    secret = base64.b32decode(key + "=" * (-len(key) % 8))
    counter = struct.pack(">Q", int((time.time() if at is None else at) // 30))
    digest = hmac.new(secret, counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def login(client: Client, account: dict, forwarded_for: str = "") -> bool:
    """Sign in through the portal's login form (/dang-nhap/, with its CSRF token) and, when asked, its code step
    (/dang-nhap/xac-thuc/); True when signed in. The account's first sign-in answers with the authenticator code
    (a code works once), later ones with its backup codes, each used once."""
    extra = {"X_Forwarded_For": forwarded_for} if forwarded_for else {}
    page = client.get("/dang-nhap/", **extra)
    form = {
        "username": account["username"],
        "password": account["password"],
        "csrfmiddlewaretoken": csrf_token(page.text),
    }
    answer = client.post("/dang-nhap/", form, **extra)
    if answer.status == 302 and "/dang-nhap/xac-thuc/" in answer.header("location"):
        step = client.get(answer.header("location"), **extra)
        if account.get("totp_key") and not account.get("totp_used"):
            account["totp_used"], code = True, totp(account["totp_key"])
        else:
            code = account["backup_codes"].pop()
        answer = client.post(
            answer.header("location"), {"otp_token": code, "csrfmiddlewaretoken": csrf_token(step.text)}, **extra
        )
    return answer.status == 302 and "/dang-nhap/" not in answer.header("location") and bool(client.cookie("sessionid"))


# ---------------------------------------------------------------------------
# Checks: each returns a short detail and raises AssertionError when it fails
# ---------------------------------------------------------------------------
class Smoke:
    def __init__(self, shape: prod.Shape, data: dict) -> None:
        self.shape = shape
        self.data = data
        self.base = shape.url
        self.results: list[tuple[str, bool, str]] = []

    def check(self, name: str, run: Callable[[], str]) -> None:
        started = time.monotonic()
        try:
            detail, ok = run(), True
        except AssertionError as exc:
            detail, ok = str(exc) or "assertion failed", False
        except Exception as exc:  # noqa: BLE001 - a crash is a failed check, the others still run
            detail, ok = f"{type(exc).__name__}: {exc}", False
        self.results.append((name, ok, detail))
        print(f"{'ok  ' if ok else 'FAIL'} {name} — {detail} ({time.monotonic() - started:.1f} s)", flush=True)

    def client(self) -> Client:
        return Client(self.base)

    def gunicorn_log(self) -> str:
        return self.shape.path("logs", "gunicorn-access.log").read_text(encoding="utf-8", errors="replace")

    # --- public pages and files -----------------------------------------------------------------
    def healthz(self) -> str:
        response = self.client().get("/healthz")
        assert response.status == 200, f"/healthz {response.status}: {response.text[:200]}"
        status = json.loads(response.text)["status"]
        assert status == "ok", f"/healthz says {status}: {response.text[:200]}"
        return f"200 {response.text.strip()[:120]}"

    def home(self) -> str:
        response = self.client().get("/", Accept_Encoding="gzip")
        assert response.status == 200, f"/ answered {response.status}"
        assert response.header("content-type").startswith("text/html"), response.header("content-type")
        assert response.header("content-encoding") == "gzip", "HTML not gzip-compressed"
        assert "accept-encoding" in response.header("vary").lower(), "no Vary: Accept-Encoding"
        assert "<html" in response.text, "not an HTML page"
        return f"200 text/html, gzip {len(response.raw)} of {len(response.body)} bytes"

    def static(self) -> str:
        # The stylesheets are written into the pages (lib/stylesheets.py): the script is the static file they name.
        home = self.client().get("/")
        script = re.search(r'src="(/static/[^"]+\.[0-9a-f]{12}\.js)"', home.text)
        assert script, "no hashed script on the home page"
        response = self.client().get(script.group(1), Accept_Encoding="gzip")
        assert response.status == 200 and "javascript" in response.header("content-type"), response.status
        assert IMMUTABLE in response.header("cache-control"), f"Cache-Control: {response.header('cache-control')}"
        assert response.header("content-encoding") == "gzip", "script not gzip-compressed"
        self._not_from_gunicorn(script.group(1))
        return f"{script.group(1)} 200, gzip, Cache-Control: {response.header('cache-control')}"

    def exemplar(self) -> str:
        page = self.client().get(self.data["exemplar_url"])
        assert page.status == 200, f"{self.data['exemplar_url']} answered {page.status}"
        assert self.data["thumbnail_url"] in page.text, "the page does not show the portrait's thumbnail"
        thumbnail, portrait = (self._public_image(self.data[key]) for key in ("thumbnail_url", "portrait_url"))
        return f"{self.data['exemplar_url']} 200; thumbnail {thumbnail}; portrait {portrait}"

    def gallery(self) -> str:
        page = self.client().get("/thu-vien-anh/")
        assert page.status == 200, f"/thu-vien-anh/ answered {page.status}"
        images = re.findall(r'<img[^>]+src="(/media/[^"]+)"', page.text)
        assert images, "no picture in the gallery"
        return f"200, {len(images)} pictures; first: {self._public_image(images[0])}"

    def _public_image(self, path: str) -> str:
        response = self.client().get(path)
        kind = response.header("content-type")
        assert response.status == 200 and kind in IMAGE_TYPES, f"{path}: {response.status} {kind}"
        assert LONG_CACHE in response.header("cache-control"), (
            f"{path}: Cache-Control {response.header('cache-control')}"
        )
        assert response.header("x-content-type-options") == "nosniff", f"{path}: no nosniff"
        # Django adds X-Frame-Options to everything it answers; nginx's /media/ does not.
        assert not response.header("x-frame-options"), f"{path} came from Django"
        self._not_from_gunicorn(path)
        return f"{kind} {len(response.body)} bytes, {response.header('cache-control')}"

    def _not_from_gunicorn(self, path: str) -> None:
        assert f" {path} " not in self.gunicorn_log(), f"{path} reached gunicorn"

    def no_listing(self) -> str:
        answers = {path: self.client().get(path).status for path in ("/media/", "/media/thumbs/", "/static/")}
        assert all(code in (403, 404) for code in answers.values()), answers
        return ", ".join(f"{path} {code}" for path, code in answers.items())

    # --- private files ----------------------------------------------------------------------------
    def private_download(self, who: str) -> str:
        client = self.client()
        account = self.data[who]
        assert login(client, account), f"{who} cannot sign in"
        response = client.get(self.data["attachment_url"])
        assert response.status == 200, f"{who}: {self.data['attachment_url']} answered {response.status}"
        assert hashlib.sha256(response.body).hexdigest() == self.data["attachment_sha256"], "not the dossier's bytes"
        assert not response.header("x-accel-redirect"), "X-Accel-Redirect leaked to the client"
        assert response.header("content-type") == "application/pdf", response.header("content-type")
        disposition = response.header("content-disposition")
        assert disposition.startswith("attachment;"), disposition
        assert f"filename*=utf-8''{quote(self.data['attachment_filename'])}" in disposition, disposition
        assert response.header("cache-control") == "private, no-store", response.header("cache-control")
        assert response.header("x-content-type-options") == "nosniff", "no nosniff"
        if who == "head_a":
            portrait = client.get(self.data["nomination_portrait_url"])
            kind = portrait.header("content-type")
            assert portrait.status == 200 and kind == "image/jpeg", f"dossier portrait: {portrait.status} {kind}"
        return f"200, {len(response.body)} bytes, sha256 matches, {disposition[:40]}…"

    def private_refused(self) -> str:
        other = self.client()
        account = self.data["head_b"]
        assert login(other, account), "head_b cannot sign in"
        other_answer = other.get(self.data["attachment_url"])
        anonymous = self.client().get(self.data["attachment_url"])
        assert other_answer.status in (403, 404), f"another agency's head got {other_answer.status}"
        assert anonymous.status in (302, 403, 404), f"anonymous got {anonymous.status}"
        if anonymous.status == 302:
            assert "/dang-nhap/" in anonymous.header("location"), anonymous.header("location")
        for response in (other_answer, anonymous):
            assert b"%PDF" not in response.body, "the file's bytes were sent"
        return f"other agency {other_answer.status}, anonymous {anonymous.status} → {anonymous.header('location')}"

    def private_not_guessable(self) -> str:
        name = self.data["attachment_name"]
        paths = [
            f"/media/{name}",
            f"/_private/{name}",
            f"/private-media/{name}",
            f"/media/../private-media/{name}",
            f"/media/..%2fprivate-media/{name}",
            f"/static/../private-media/{name}",
        ]
        answers = {}
        for path in paths:
            response = self.client().get(path)
            answers[path] = response.status
            assert response.status in (400, 403, 404), f"{path} answered {response.status}"
            assert b"%PDF" not in response.body, f"{path} sent the file"
        return ", ".join(f"{path.split(name)[0]}… {code}" for path, code in answers.items())

    def accel_redirect(self) -> str:
        """gunicorn answered the permitted download with an empty body: nginx sent the file."""
        url = self.data["attachment_url"]
        lines = [line for line in self.gunicorn_log().splitlines() if f'"GET {url} ' in line and '" 200 ' in line]
        assert lines, f"no 200 for {url} in gunicorn's access log"
        sizes = {line.split('" 200 ', 1)[1].split()[0] for line in lines}
        assert sizes <= {"0", "-"}, f"gunicorn sent bodies of {sizes} bytes"
        return f"{len(lines)} downloads, gunicorn body sizes {sorted(sizes)}"

    # --- request bodies ---------------------------------------------------------------------------
    def body_limit(self) -> str:
        status = _raw_request(self.shape.port, "POST", "/dang-nhap/", {"Content-Length": str(26 * 1024 * 1024)})
        assert status == 413, f"a 26 MB body answered {status}"
        return "26 MB to /dang-nhap/ → 413 before any byte reached gunicorn"

    def stalled_uploads(self) -> str:
        """More stalled uploads than gunicorn has workers: nginx holds them, the site still answers."""
        # With a CSRF cookie, so that Django would read the body (without one it refuses before reading).
        visitor = self.client()
        visitor.get("/phan-hoi/")
        cookie = f"csrftoken={visitor.cookie('csrftoken')}"
        stalled = []
        try:
            for _ in range(self.shape.web_workers + 2):
                sock = socket.create_connection(("127.0.0.1", self.shape.port), timeout=5)
                head = (
                    f"POST /phan-hoi/ HTTP/1.1\r\nHost: 127.0.0.1:{self.shape.port}\r\nCookie: {cookie}\r\n"
                    "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 2000000\r\n\r\n"
                )
                sock.sendall(head.encode() + b"a=" + b"x" * 4000)
                stalled.append(sock)
            time.sleep(1)
            started = time.monotonic()
            response = self.client().get("/healthz")
            took = time.monotonic() - started
        finally:
            for sock in stalled:
                sock.close()
        assert response.status == 200 and took < 3, f"/healthz {response.status} after {took:.1f} s"
        return (
            f"{len(stalled)} stalled uploads (gunicorn has {self.shape.web_workers} workers); /healthz in {took:.2f} s"
        )

    # --- rate limits cannot be escaped by rotating X-Forwarded-For ----------------------------------
    def entry_rate_limit(self) -> str:
        assert self.data["entry_url"], "no contest edition accepts entries"
        client = self.client()
        limit, statuses, run = self.data["entry_limit"], [], secrets.token_hex(4)
        for i in range(limit + 1):
            forwarded = f"203.0.113.{10 + i}"
            form_page = client.get(self.data["entry_url"], X_Forwarded_For=forwarded)
            form = _entry_form(f"{run}-{i}", self.data["entry_min_words"], csrf_token(form_page.text))
            statuses.append(client.post(self.data["entry_url"], form, X_Forwarded_For=forwarded).status)
        assert statuses[:limit] == [302] * limit, f"the first {limit} entries were not all accepted: {statuses}"
        assert statuses[limit] == 429, f"entry {limit + 1} from a new X-Forwarded-For answered {statuses[limit]}"
        return f"{limit} accepted, entry {limit + 1} refused (429) despite {limit + 1} different X-Forwarded-For"

    def login_rate_limit(self) -> str:
        """Wrong passwords for many accounts, each with another X-Forwarded-For; then a right one is still refused.

        Behaviour, not implementation: whether the throttle counts per address (the portal's own) or per account and
        per address (django-axes), the address is ours, so it must be locked; different accounts rule out a lock
        of one account hiding an address the rotation escaped.
        """
        attempts = self.data["login_failure_limit"] + 2
        for i in range(attempts):
            wrong = {"username": f"smoke-khong-co-{i}", "password": "sai-mat-khau"}
            login(self.client(), wrong, forwarded_for=f"198.51.100.{10 + i}")
        account = self.data["head_b"]
        signed_in = login(self.client(), account, forwarded_for="198.51.100.250")
        assert not signed_in, f"signed in after {attempts} failures from rotated X-Forwarded-For"
        return f"{attempts} failures from {attempts} addresses in X-Forwarded-For; the right password then refused"

    def processes(self) -> str:
        pids = prod.status(self.shape)
        stopped = [name for name, pid in pids.items() if not pid]
        assert not stopped, f"stopped: {', '.join(stopped)}"
        return ", ".join(pids)


def _raw_request(port: int, method: str, path: str, headers: dict[str, str]) -> int:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Connection: close"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        first = sock.recv(200).decode(errors="replace")
    return int(first.split()[1]) if first.startswith("HTTP/") else 0


ENTRY_WORDS = (
    "cô giáo dạy học ở vùng sâu xã biên giới mỗi sáng chèo đò qua sông đưa học trò đến lớp mùa mưa lũ "
    "bà con góp công góp của dựng lại mái trường em nhỏ đọc thơ thầy hiệu trưởng kể chuyện ruộng lúa cây cao su "
    "đường làng ánh đèn bếp lửa niềm vui bài học tấm gương người tốt việc tốt"
).split()


def _entry_form(i: str, min_words: int, token: str) -> dict:
    # Each entry its own text: the contest refuses near-duplicates of earlier entries (five-word runs compared).
    draw = random.Random(i)
    text = " ".join(draw.choice(ENTRY_WORDS) for _ in range(min_words + 40)) + f" mã-kiểm-thử-{i}"
    return {
        "csrfmiddlewaretoken": token,
        "author_name": f"Tác giả kiểm thử {i}",
        "author_email": f"smoke-{i}@example.invalid",
        "author_phone": "0912345678",
        "author_address": "Phường Tân Ninh, Tây Ninh",
        "author_workplace": "",
        "genre": "ky-su",
        "title": f"Bài kiểm thử số {i}",
        "text": text,
        "subject_kind": "individual",
        "subject_name": "Cô Nguyễn Thị Hạnh",
        "subject_locality": "Xã Tân Hòa",
        "subject_activity": "Mở lớp học tình thương.",
        "declaration": "on",
        "consent_publish": "on",
        "website": "",
    }


# ---------------------------------------------------------------------------
# The run: start, set up data, check, stop and clean up whatever happens
# ---------------------------------------------------------------------------
def smoke_shape() -> prod.Shape:
    env = os.environ
    url = env.get("SMOKE_DATABASE_URL")
    if not url:
        base = urlsplit(env.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/postgres")
        if base.scheme not in {"postgres", "postgresql", "pgsql"}:
            base = urlsplit("postgres://postgres@127.0.0.1:5432/postgres")
        url = urlunsplit(base._replace(path=f"/thidua_smoke_{os.getpid()}"))
    return prod.Shape(
        run_dir=Path(env.get("SMOKE_DIR") or prod.ROOT / ".smoke").resolve(),
        port=int(env.get("SMOKE_PORT", "18480")),
        app_port=int(env.get("SMOKE_APP_PORT", "18481")),
        cache_port=int(env.get("SMOKE_REDIS_CACHE_PORT", "16481")),
        broker_port=int(env.get("SMOKE_REDIS_BROKER_PORT", "16482")),
        database_url=url,
        web_workers=2,
        cache_maxmemory="64mb",
    )


def smoke_data(shape: prod.Shape) -> dict:
    output = prod.manage(shape, "smoke_data --throwaway-database")
    return json.loads(next(line for line in reversed(output.splitlines()) if line.startswith("{")))


def _stop_on_sigterm(signum, frame) -> None:
    raise SystemExit(f"signal {signum}")


def main() -> int:
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    shape = smoke_shape()
    started = time.monotonic()
    if shape.run_dir.exists():
        prod.stop(shape)  # a previous smoke killed before it could clean up
        shutil.rmtree(shape.run_dir)
    print(f"smoke: {shape.url} on {shape.database_url.rsplit('/', 1)[-1]}, run dir {shape.run_dir}", flush=True)
    failed = True
    try:
        prod.start(shape)
        print(f"smoke: started in {time.monotonic() - started:.0f} s", flush=True)
        smoke = Smoke(shape, smoke_data(shape))
        for name in [
            "healthz",
            "home",
            "static",
            "exemplar",
            "gallery",
            "no_listing",
            "private_download:head_a",
            "private_download:staff",
            "private_refused",
            "private_not_guessable",
            "accel_redirect",
            "body_limit",
            "stalled_uploads",
            "entry_rate_limit",
            "login_rate_limit",
            "processes",
        ]:
            method, _, who = name.partition(":")
            run = getattr(smoke, method)
            smoke.check(name, (lambda run=run, who=who: run(who)) if who else run)
        failed = not all(ok for _, ok, _ in smoke.results)
        count = len(smoke.results)
        bad = sum(not ok for _, ok, _ in smoke.results)
        print(f"smoke: {count - bad} of {count} checks passed in {time.monotonic() - started:.0f} s", flush=True)
    except SystemExit as exc:
        print(f"smoke: could not run: {exc}", file=sys.stderr)
    finally:
        if failed:
            for log in ("nginx/error.log", "web.log", "worker.log", "beat.log"):
                print(f"--- {log}\n{prod.tail(shape.path('logs', log), 15)}", file=sys.stderr)
        prod.stop(shape)
        if not os.environ.get("SMOKE_KEEP"):
            with contextlib.suppress(Exception):
                prod.drop_database(shape.database_url)
            shutil.rmtree(shape.run_dir, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
