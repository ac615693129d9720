"""Celery tasks of the exemplars app: thin wrappers around its services. Its e-mails (nomination notices, decision
notices) are rows of the site library's outbox, sent by `sitelib.send_mail` (tayninh_thidua/lib/tasks.py)."""

from __future__ import annotations

from celery import shared_task

from .models import HonourCertificate


@shared_task(name="exemplars.issue_honour_certificates", acks_late=True)
def issue_honour_certificates(*, certificate_ids: list[int]) -> int:
    """Render and store the honour certificates not yet stored. Safe to run twice."""
    from .services.certificates import issue_honour_certificate

    count = 0
    for certificate in HonourCertificate.objects.filter(pk__in=certificate_ids, file=""):
        issue_honour_certificate(certificate)
        count += 1
    return count
