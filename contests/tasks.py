"""Celery tasks of the contests app: thin wrappers around its services. Its e-mails (receipts, verification and
vote links, judges' notices) are rows of the site library's outbox, sent by `sitelib.send_mail`."""

from __future__ import annotations

from celery import shared_task

from .models import Edition
from .services.certificates import issue_certificates


@shared_task(name="contests.issue_certificates", acks_late=True)
def issue_certificates_task(*, edition_id: int) -> int:
    """Render and store the certificates of an edition's winners not yet stored. Safe to run twice."""
    edition = Edition.objects.filter(pk=edition_id).first()
    if edition is None:
        return 0
    return issue_certificates(edition)
