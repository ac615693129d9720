"""The site library's Celery tasks: the outbox's sender and its sweep (see outbox.py), the nightly backup."""

from __future__ import annotations

import logging

from celery import shared_task

from . import backups, outbox

logger = logging.getLogger(__name__)


@shared_task(name="sitelib.send_mail", bind=True, acks_late=True, max_retries=None)
def send_outgoing_mail(self, *, mail_id: int) -> bool:
    """Send one outbox message at most once; returns True if this run sent it.

    Mail-server errors are retried after the row's backoff until OUTBOX_MAX_ATTEMPTS; a broken database
    connection is closed and the task retried (1 s, 2 s, 4 s … bounded). Eager and direct runs (no Redis)
    do not retry: the row keeps its error and waits for `send_outbox` or the sweep.
    """
    in_process = self.request.is_eager or self.request.called_directly
    try:
        delivery = outbox.deliver(mail_id)
    except outbox.DATABASE_ERRORS as exc:
        outbox.drop_connection()
        if in_process:
            raise
        raise self.retry(exc=exc, countdown=outbox.backoff(self.request.retries, base=1)) from exc
    if delivery.retry_in is not None and not in_process:
        raise self.retry(countdown=delivery.retry_in)
    return delivery.sent


@shared_task(name="sitelib.sweep_outbox", acks_late=True)
def sweep_outbox() -> int:
    """Queue again the messages left unsent (beat, every minute). Safe to run twice."""
    return outbox.requeue_stale()


# Acknowledged on receipt, not late: a backup killed midway leaves only a hidden partial folder, and the next night
# runs again; redelivering a long backup after the visibility timeout would run it twice at once. Its own time limit:
# the default five minutes is too short for the media trees.
@shared_task(name="sitelib.backup_site", acks_late=False, time_limit=4 * 3600, soft_time_limit=4 * 3600 - 300)
def backup_site() -> dict:
    """Write one backup set and prune old ones (beat, 02:30). Failures are logged and raised, so Celery records
    the task as failed (and error tracking sees it)."""
    try:
        backup = backups.create_backup()
        removed = backups.apply_retention()
    except Exception:
        logger.exception("nightly backup failed")
        raise
    return {
        "name": backup.name,
        "rows": backup.rows,
        "files": backup.file_count,
        "bytes": backup.size,
        "removed": removed,
    }
