"""Celery tasks of the movements app: thin wrappers around its services."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone

from .services.reports import sync_review_reports


def _day(value: str | None) -> dt.date:
    return dt.date.fromisoformat(value) if value else timezone.localdate()


@shared_task(name="movements.sync_review_reports", acks_late=True)
def sync_review_reports_task() -> int:
    return sync_review_reports()
