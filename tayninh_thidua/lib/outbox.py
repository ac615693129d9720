"""The outbox: every e-mail of the portal is a row here, written in the transaction of the change that causes it.

- `queue_mail(...)` writes one message (or returns the one already queued under its `key`) and queues the send
  task after commit; `add_mails_from(queryset)` writes one per row of a queryset at once (the reminder
  planner) and queues nothing.
- `deliver(mail_id)` is what the send task (`sitelib.send_mail`, tasks.py) does: lock the row, send, stamp
  `sent_at` in the same transaction. Mail-server errors roll back, are kept in `last_error` and retried with
  bounded exponential backoff (OUTBOX_RETRY_BACKOFF … OUTBOX_RETRY_BACKOFF_MAX, given up after
  OUTBOX_MAX_ATTEMPTS tries); a row with no recipient waits and says why.
- `requeue_stale()` is the sweep (`sitelib.sweep_outbox`, every minute by beat): rows still unsent
  OUTBOX_SWEEP_AFTER seconds after they were due are queued again (a lost broker message, a killed worker, a
  broker that was down when the change committed: `publish()` never fails or holds up the request).
- Recipients and bodies may be decided when the message is sent: the lib cannot import the apps above it, so
  they register named audiences (`register_audience`) and renderers (`register_renderer`) in their
  AppConfig.ready().
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import logging
import smtplib
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Required, TypedDict, Unpack

import redis
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.db.models import DateTimeField, Expression, F, QuerySet, Value
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from kombu.exceptions import KombuError

from .breaker import CircuitBreaker
from .models import OutgoingMail

logger = logging.getLogger(__name__)

# Mail-server trouble worth another try (refused or dropped connections, timeouts, SMTP replies).
MAIL_ERRORS: tuple[type[BaseException], ...] = (smtplib.SMTPException, ConnectionError, OSError)
# A dropped or broken database connection: close it and try again, never drop the message.
DATABASE_ERRORS: tuple[type[BaseException], ...] = (OperationalError, InterfaceError)
SWEEP_LIMIT = 5000
# A broker that refuses, drops or times out: kombu wraps most of these in OperationalError (a KombuError).
BROKER_ERRORS: tuple[type[BaseException], ...] = (KombuError, redis.RedisError, OSError)
broker_breaker = CircuitBreaker("Celery broker", retry_after=10)


# ---------------------------------------------------------------------------
# Hooks: audiences and renderers registered by the apps above
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Audience:
    resolve: Callable[..., Iterable]
    label: str


_AUDIENCES: dict[str, Audience] = {}
_RENDERERS: dict[str, Callable[[OutgoingMail], str]] = {}


def register_audience(name: str, resolve: Callable[..., Iterable], *, label: str = "") -> None:
    """Name a group of recipients resolved when a message is sent.

    `resolve(**audience_args)` returns addresses, or tuples whose first item is the address.
    """
    _AUDIENCES[name] = Audience(resolve=resolve, label=label or name)


def register_renderer(name: str, render: Callable[[OutgoingMail], str]) -> None:
    """Name a function that writes a message's body when it is sent (the body is not stored)."""
    _RENDERERS[name] = render


def audience_label(name: str) -> str:
    audience = _AUDIENCES.get(name)
    return str(audience.label) if audience else name


# ---------------------------------------------------------------------------
# Queueing
# ---------------------------------------------------------------------------
def _clean_addresses(found: Iterable) -> list[str]:
    """Addresses once each (case-insensitively), in order, without blanks."""
    seen: dict[str, str] = {}
    for item in found:
        address = item[0] if isinstance(item, (tuple, list)) else item
        address = (address or "").strip()
        if address:
            seen.setdefault(address.lower(), address)
    return list(seen.values())


def one_line(subject: str) -> str:
    """A subject on one line: CR, LF and every other line or paragraph break become one space (a header that
    spans lines is refused by Django and by mail servers, and could smuggle headers)."""
    return " ".join(subject.split())[:300]


class MailFields(TypedDict, total=False):
    """What a message is made of: a subject, and recipients `to` or an `audience` (with `audience_args`), a
    `body` or a registered `renderer` (with `context`), a unique `key` and a `kind` for the admin's filter."""

    subject: Required[str]
    body: str
    to: Iterable[str]
    audience: str
    audience_args: dict
    key: str
    kind: str
    renderer: str
    context: dict


def new_mail(**fields: Unpack[MailFields]) -> OutgoingMail:
    """An unsaved message with its fields normalised (no key: a random one, so it is queued each time)."""
    kind = fields.get("kind", "")
    return OutgoingMail(
        key=fields.get("key") or f"{kind or 'mail'}:{uuid.uuid4().hex}",
        kind=kind,
        to=", ".join(_clean_addresses(fields.get("to", ()))),
        audience=fields.get("audience", ""),
        audience_args=fields.get("audience_args") or None,
        subject=one_line(fields["subject"]),
        body=fields.get("body", ""),
        renderer=fields.get("renderer", ""),
        context=fields.get("context") or None,
    )


def queue_mail(**fields: Unpack[MailFields]) -> OutgoingMail:
    """Write one message to the outbox in the caller's transaction and send it after commit.

    Side effects: inserts one OutgoingMail row, unless a row with the same `key` exists (then that row is
    returned and nothing more is queued); after commit, queues `sitelib.send_mail` for it (run at once when
    tasks are eager; left for the sweep when the broker is down).
    """
    mail = new_mail(**fields)
    values = {f.attname: getattr(mail, f.attname) for f in OutgoingMail._meta.concrete_fields if not f.primary_key}
    row, created = OutgoingMail.objects.get_or_create(key=values.pop("key"), defaults=values)
    if created:
        _send_after_commit([row.pk])
    return row


def add_mails_from(
    rows: QuerySet, *, key: Expression, to: Expression, subject: Expression, kind: str, renderer: str
) -> None:
    """Insert one message per row of `rows`, its key, recipient and subject read from the row, in one
    INSERT … SELECT (skipping keys already queued), for a body written by `renderer` when it is sent.

    For the reminder planner's thousands of rows a day: the database copies them, no Python object per row.
    Queues nothing: the caller queues them with queue_due().
    """
    now = Value(timezone.now(), output_field=DateTimeField())
    columns = {
        "key": key,
        "kind": Value(kind),
        "to": to,
        "audience": Value(""),
        "subject": subject,
        "body": Value(""),
        "renderer": Value(renderer),
        "created_at": now,
        "next_attempt_at": now,
        "attempts": Value(0),
        "last_error": Value(""),
    }
    select = rows.order_by().annotate(**{f"outbox_{name}": value for name, value in columns.items()})
    select = select.values_list(*(f"outbox_{name}" for name in columns))
    sql, params = select.query.sql_with_params()
    quote = connection.ops.quote_name
    table, names = quote(OutgoingMail._meta.db_table), ", ".join(quote(name) for name in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({names}) {sql} ON CONFLICT ({quote('key')}) DO NOTHING", params)


def publish(ids: list[int]) -> int:
    """Queue the send task of each message now; returns how many were queued.

    A broker that refuses, drops or does not answer within its short timeouts (CELERY_BROKER_* settings) is
    logged and stops the loop: the rows stay unsent and the sweep queues them once the broker is back. After
    such an error the broker is not tried again for OUTBOX_BROKER_RETRY_AFTER seconds in this process, so a
    frozen broker costs a request at most one short timeout.
    """
    from .tasks import send_outgoing_mail  # tasks.py imports this module

    broker_breaker.retry_after = settings.OUTBOX_BROKER_RETRY_AFTER
    if broker_breaker.is_open:
        logger.info("Broker unavailable: %d outgoing mail(s) left for the sweep", len(ids))
        return 0
    for queued, pk in enumerate(ids):
        try:
            # No result is read: the row is the record, so the result backend is not subscribed to.
            send_outgoing_mail.apply_async(kwargs={"mail_id": pk}, ignore_result=True)
        except BROKER_ERRORS as exc:
            broker_breaker.failure(exc)
            logger.warning("Broker unavailable: %d outgoing mail(s) left for the sweep", len(ids) - queued)
            return queued
    broker_breaker.success()
    return len(ids)


def _send_after_commit(ids: list[int]) -> None:
    if not ids:
        return
    # After commit: the change and its rows are saved whatever the broker does. robust: anything else
    # raised while queueing is logged too, never turned into a 500 after the commit.
    transaction.on_commit(functools.partial(publish, ids), robust=True)


def queue_due(*, kind: str = "") -> int:
    """Queue a send task, after commit, for every unsent message that is due now (of `kind`, if given)."""
    rows = OutgoingMail.objects.due()
    if kind:
        rows = rows.filter(kind=kind)
    ids = list(rows.order_by("pk").values_list("pk", flat=True))
    _send_after_commit(ids)
    return len(ids)


# ---------------------------------------------------------------------------
# Sending
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Delivery:
    """What one call of deliver() did: sent the message, or left it (sent already, being sent, no
    recipient); `retry_in` seconds when the mail server refused it and another try is due."""

    sent: bool = False
    retry_in: int | None = None


def backoff(retries: int, *, base: int | None = None) -> int:
    """Bounded exponential backoff: base, 2×base, 4×base … at most OUTBOX_RETRY_BACKOFF_MAX seconds."""
    base = settings.OUTBOX_RETRY_BACKOFF if base is None else base
    return int(min(settings.OUTBOX_RETRY_BACKOFF_MAX, base * 2 ** min(retries, 30)))


def recipients_of(mail: OutgoingMail) -> list[str]:
    """The message's addresses: its own, or its audience's as they are now. May be empty."""
    if mail.to:
        return mail.recipients
    audience = _AUDIENCES.get(mail.audience)
    if audience is None:
        return []
    return _clean_addresses(audience.resolve(**(mail.audience_args or {})))


def _body(mail: OutgoingMail) -> str:
    if not mail.renderer:
        return mail.body
    with translation.override(settings.LANGUAGE_CODE):
        return _RENDERERS[mail.renderer](mail)


def _wait_for_recipient(mail: OutgoingMail) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        if mail.audience:
            reason = _("Chưa có người nhận (%(audience)s): thư chờ, sẽ tự gửi khi có địa chỉ nhận.") % {
                "audience": audience_label(mail.audience)
            }
        else:
            reason = _("Thư chưa có địa chỉ người nhận.")
    OutgoingMail.objects.filter(pk=mail.pk).update(last_error=reason, next_attempt_at=timezone.now())


def _stamp(mail_id: int, recipients: list[str], subject: str) -> int:
    """Mark the message sent, with the recipients and subject it went out with."""
    return OutgoingMail.objects.filter(pk=mail_id, sent_at__isnull=True).update(
        sent_at=timezone.now(), to=", ".join(recipients), subject=subject, attempts=F("attempts") + 1, last_error=""
    )


def drop_connection() -> None:
    """Close a broken database connection so that the next query opens a fresh one."""
    with contextlib.suppress(DatabaseError):
        connection.close()


def _stamp_after_reconnect(mail_id: int, recipients: list[str], subject: str, tries: int = 5) -> None:
    """The message went out but the connection broke before the stamp committed: stamp it on a new one,
    rather than let a retry send it twice."""
    for attempt in range(tries):
        drop_connection()
        try:
            _stamp(mail_id, recipients, subject)
            return
        except DATABASE_ERRORS:
            if attempt == tries - 1:
                raise
            time.sleep(0.5 * 2**attempt)


def _record_failure(mail_id: int, exc: BaseException) -> int | None:
    """Count a failed try and keep its error; returns seconds until the next try, None once given up."""
    before = OutgoingMail.objects.filter(pk=mail_id, sent_at__isnull=True).values_list("attempts", flat=True).first()
    if before is None:
        return None
    attempts = before + 1
    delay = backoff(attempts - 1)
    OutgoingMail.objects.filter(pk=mail_id, sent_at__isnull=True).update(
        attempts=attempts,
        last_error=f"{type(exc).__name__}: {exc}"[:1000],
        next_attempt_at=timezone.now() + dt.timedelta(seconds=delay),
    )
    return delay if attempts < settings.OUTBOX_MAX_ATTEMPTS else None


def deliver(mail_id: int) -> Delivery:
    """Send one message unless it is sent already or being sent by another worker.

    Side effects: locks the row (skipping it if locked), resolves its recipients and body, sends one
    e-mail and stamps sent_at, the recipients and the attempt in the same transaction. With no recipient,
    records why in last_error and sends nothing (the sweep tries again). On a mail-server error the
    transaction rolls back and the attempt, error and next try are recorded (Delivery.retry_in); any other
    error is recorded the same way and raised. If the database connection breaks after the message went
    out, the stamp is written on a new connection instead of sending it again.
    """
    sent = False
    recipients: list[str] = []
    subject = ""
    try:
        with transaction.atomic():
            mail = OutgoingMail.objects.select_for_update(skip_locked=True).filter(pk=mail_id, sent_at__isnull=True)
            mail = mail.first()
            if mail is None:
                return Delivery()
            recipients = recipients_of(mail)
            if not recipients:
                _wait_for_recipient(mail)
                return Delivery()
            # Cleaned here too: add_mails_from() copies subjects in SQL, past new_mail().
            subject = one_line(mail.subject)
            EmailMessage(subject=subject, body=_body(mail), to=recipients).send(fail_silently=False)
            sent = True
            _stamp(mail.pk, recipients, subject)
    except DATABASE_ERRORS:
        if not sent:
            raise
        _stamp_after_reconnect(mail_id, recipients, subject)
    except Exception as exc:
        if sent:
            raise
        retry_in = _record_failure(mail_id, exc)
        if not isinstance(exc, MAIL_ERRORS):
            raise
        logger.warning("Outgoing mail %s not sent (%s); next try in %s s", mail_id, exc, retry_in)
        return Delivery(retry_in=retry_in)
    return Delivery(sent=True)


# ---------------------------------------------------------------------------
# The sweep, staff's resend and the synchronous drain
# ---------------------------------------------------------------------------
def requeue_stale(*, limit: int = SWEEP_LIMIT) -> int:
    """Queue again the unsent messages still waiting OUTBOX_SWEEP_AFTER seconds after they were due.

    Catches lost broker messages and messages of killed workers; rows being sent (locked) are skipped.
    Side effects: sets next_attempt_at of the rows it picks to now, so the next sweeps leave them alone for
    another OUTBOX_SWEEP_AFTER seconds, and queues one send task per row after commit. Returns how many.
    """
    now = timezone.now()
    cutoff = now - dt.timedelta(seconds=settings.OUTBOX_SWEEP_AFTER)
    with transaction.atomic():
        stale = OutgoingMail.objects.due(before=cutoff).select_for_update(skip_locked=True).order_by("next_attempt_at")
        ids = list(stale.values_list("pk", flat=True)[:limit])
        OutgoingMail.objects.filter(pk__in=ids).update(next_attempt_at=now)
        _send_after_commit(ids)
    if ids:
        logger.info("Outbox sweep queued %d unsent messages again", len(ids))
    return len(ids)


def resend(mail_ids: Iterable[int]) -> int:
    """Give unsent messages (failed or waiting) a fresh round of tries, starting now.

    Side effects: resets attempts and next_attempt_at of the unsent rows among `mail_ids` (sent ones are left
    alone; last_error stays until one is sent) and queues their sending after commit. Returns how many.
    """
    with transaction.atomic():
        rows = OutgoingMail.objects.unsent().filter(pk__in=list(mail_ids)).select_for_update(skip_locked=True)
        ids = list(rows.values_list("pk", flat=True))
        OutgoingMail.objects.filter(pk__in=ids).update(attempts=0, next_attempt_at=timezone.now())
        _send_after_commit(ids)
    return len(ids)


def drain(*, kind: str = "") -> tuple[int, int]:
    """Send every unsent message not given up, here and now, one by one (`send_outbox`, `send_reminders`).

    Returns (sent, still unsent). Safe beside running workers: each row is locked while it is sent.
    """
    rows = OutgoingMail.objects.unsent().filter(attempts__lt=settings.OUTBOX_MAX_ATTEMPTS)
    if kind:
        rows = rows.filter(kind=kind)
    ids = list(rows.order_by("pk").values_list("pk", flat=True))
    sent = 0
    for pk in ids:
        try:
            sent += deliver(pk).sent
        except DATABASE_ERRORS:
            raise
        except Exception:  # recorded on the row by deliver(); the others still go out
            logger.exception("Outgoing mail %s not sent", pk)
    left = OutgoingMail.objects.unsent().filter(pk__in=ids).count()
    return sent, left
