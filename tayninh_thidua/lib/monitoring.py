"""Error tracking and structured logs for production.

`init_sentry` switches on sentry-sdk when SENTRY_DSN is set (Sentry, self-hosted Sentry or GlitchTip). We hold
citizens' dossiers, so nothing personal leaves the server: the SDK collects no user, cookies, client address,
request bodies, query strings or frame variables (`data_collection`, the 2.x form of send_default_pii=False), and
`scrub_event` removes whatever is left (form data, headers other than a short allow-list, user fields) before an
event is sent.
"""

from __future__ import annotations

import logging
from typing import Any

SAFE_HEADERS = frozenset({"Accept", "Accept-Language", "Content-Length", "Content-Type", "Host", "User-Agent"})
FILTERED = "[lọc bỏ]"


def scrub_event(event: dict[str, Any], hint: dict[str, Any] | None = None) -> dict[str, Any]:
    """Strip personal data from a Sentry event (before_send and before_send_transaction)."""
    request = event.get("request")
    if isinstance(request, dict):
        for key in ("data", "cookies", "query_string", "env"):
            if key in request:
                request[key] = FILTERED
        headers = request.get("headers")
        if isinstance(headers, dict):
            request["headers"] = {name: value for name, value in headers.items() if name in SAFE_HEADERS}
    if "user" in event:
        # Keep only the numeric id, so errors can be grouped by account without naming anyone.
        user = event["user"] if isinstance(event["user"], dict) else {}
        event["user"] = {"id": user["id"]} if "id" in user else {}
    return event


def init_sentry(
    dsn: str, *, environment: str = "production", release: str = "", traces_sample_rate: float = 0.0, **extra: Any
) -> None:
    """Start sentry-sdk with the Django, Celery and logging integrations and our privacy settings."""
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration
    from sentry_sdk.integrations.logging import LoggingIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        # sentry-sdk 2.x's successor of send_default_pii=False, stricter: no user, cookies, bodies, query
        # strings, SQL parameters or frame variables; of the headers only the allow-listed ones.
        data_collection={
            "user_info": False,
            "cookies": {"mode": "off"},
            "http_headers": {"request": {"mode": "allowlist", "terms": sorted(SAFE_HEADERS)}},
            "http_bodies": [],
            "url_query_params": {"mode": "off"},
            "database_query_data": False,
            "queues": False,
            "stack_frame_variables": False,
        },
        max_request_body_size="never",
        traces_sample_rate=traces_sample_rate,
        before_send=scrub_event,
        before_send_transaction=scrub_event,
        integrations=[
            DjangoIntegration(),
            CeleryIntegration(monitor_beat_tasks=False),
            LoggingIntegration(level=logging.INFO, event_level=logging.ERROR),
        ],
        **extra,
    )


def logging_config(*, level: str = "INFO", json: bool = False) -> dict[str, Any]:
    """The LOGGING setting: plain lines, or one JSON object per line (LOG_FORMAT=json) for log collectors."""
    formatter: dict[str, Any] = {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}
    if json:
        formatter = {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(process)d",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            "json_ensure_ascii": False,
        }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"default": formatter},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "default"}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {"django.db.backends": {"level": "WARNING"}},
    }
