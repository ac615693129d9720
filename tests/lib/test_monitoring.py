"""Error tracking sends no personal data; JSON logs are one object per line."""

import io
import json
import logging
import urllib.error
import urllib.parse
import urllib.request
from logging.config import dictConfig

import pytest
import sentry_sdk
from django.conf import settings
from sentry_sdk.transport import Transport

from tayninh_thidua.lib.monitoring import init_sentry, logging_config, scrub_event


class CapturingTransport(Transport):
    """A real Sentry transport that keeps envelopes in memory instead of posting them."""

    def __init__(self, options=None):
        super().__init__(options)
        self.envelopes = []

    def capture_envelope(self, envelope):
        self.envelopes.append(envelope)

    def events(self):
        return [item.payload.json for envelope in self.envelopes for item in envelope.items if item.type == "event"]


@pytest.fixture
def sentry_events():
    transport = CapturingTransport()
    init_sentry("https://public@errors.example.invalid/1", environment="test", transport=transport)
    yield transport
    sentry_sdk.get_client().close()
    sentry_sdk.init()  # no DSN: off again for the rest of the suite


@pytest.mark.urls("tests.portal.urls_failing")
def test_a_failing_request_reaches_sentry_without_personal_data(live_server, client, sentry_events, staff_user):
    # Through a real WSGI server, as under gunicorn: the SDK's WSGI middleware adds the URL and headers.
    client.force_login(staff_user)
    request = urllib.request.Request(
        f"{live_server.url}/loi/?cccd=072099001234",
        data=urllib.parse.urlencode({"ho_ten": "Nguyễn Văn An", "password": "mật-khẩu-bí-mật"}).encode(),
        headers={
            "Authorization": "Bearer bi-mat",
            "Cookie": f"sessionid={client.cookies['sessionid'].value}",
            "X-Forwarded-For": "203.0.113.7",
            "User-Agent": "Firefox/140",
        },
    )
    with pytest.raises(urllib.error.HTTPError) as failure:
        urllib.request.urlopen(request, timeout=10)
    assert failure.value.code == 500
    sentry_sdk.flush()
    events = sentry_events.events()
    assert len(events) == 1
    event = events[0]
    assert event["exception"]["values"][-1]["type"] == "RuntimeError"
    assert event["environment"] == "test"
    assert event["request"]["url"].endswith("/loi/")
    assert event["request"]["headers"]["User-Agent"] == "Firefox/140"
    sent = json.dumps(event, ensure_ascii=False)
    secrets = (
        "Nguyễn Văn An",
        "mật-khẩu-bí-mật",
        "072099001234",
        "Bearer",
        "203.0.113.7",
        client.cookies["sessionid"].value,
    )
    for secret in (*secrets, staff_user.username, staff_user.email):
        assert secret not in sent, secret


def test_scrub_event_keeps_only_safe_headers_and_the_user_id():
    event = {
        "request": {
            "data": {"password": "x"},
            "cookies": {"sessionid": "abc"},
            "query_string": "email=a@b.vn",
            "headers": {"User-Agent": "Firefox", "Cookie": "sessionid=abc", "X-Forwarded-For": "203.0.113.7"},
        },
        "user": {"id": 7, "email": "a@b.vn", "ip_address": "203.0.113.7"},
    }
    scrubbed = scrub_event(event)
    assert scrubbed["request"]["headers"] == {"User-Agent": "Firefox"}
    assert "abc" not in json.dumps(scrubbed) and "a@b.vn" not in json.dumps(scrubbed)
    assert scrubbed["user"] == {"id": 7}


def test_json_logs_are_one_object_per_line_with_vietnamese_intact():
    buffer = io.StringIO()
    config = logging_config(json=True)
    config["handlers"]["console"]["stream"] = buffer
    try:
        dictConfig(config)
        logging.getLogger("thidua.test").warning("Đã gửi %d thư nhắc", 3)
    finally:
        dictConfig(settings.LOGGING)
    record = json.loads(buffer.getvalue().splitlines()[-1])
    assert record["message"] == "Đã gửi 3 thư nhắc"
    assert record["level"] == "WARNING" and record["logger"] == "thidua.test"
    assert "time" in record
