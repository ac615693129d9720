"""Thin Celery tasks: ids in, one service call."""

from __future__ import annotations

from smtplib import SMTPException

from celery import shared_task

from .services import notices


@shared_task(
    name="exemplars.send_nomination_notice",
    autoretry_for=(SMTPException, ConnectionError),
    retry_backoff=30,
    retry_backoff_max=600,
    max_retries=5,
    acks_late=True,
)
def send_nomination_notice(*, event_id: int) -> int:
    """E-mail the people a nomination's transition concerns (safe to run twice: the event is claimed)."""
    return notices.send_event_notice(event_id)
