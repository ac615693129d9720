"""Prize certificates: rendered once, after publication, stored privately and served as a file.

Rendering takes about half a second of CPU (WeasyPrint), so a public URL must never render on each request:
publish_results queues issue_certificates (contests.issue_certificates task) and the certificate view issues
a missing one on first request, under a row lock, so that each is rendered once. Staff may preview a
certificate before publication: that preview is rendered and not stored.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from contests import certificates
from contests.models import ContestLog, Edition, Entry
from exemplars.services.certificates import new_certificate_code

from ._common import log_change

# Fields printed on the certificate: correcting one after publication withdraws the stored certificate.
ENTRY_FIELDS = frozenset({"author_name", "title"})
EDITION_FIELDS = frozenset({"title", "number", "year", "organiser", "signer_title", "signer_name"})


@transaction.atomic
def issue_certificate(entry: Entry) -> Entry:
    """Render the winner's certificate and store it, unless it is stored already (then nothing is rendered).

    Refused (ValidationError) for an entry without a prize or before the results are published. Writes:
    Entry.certificate (a PDF in private storage); logs ContestLog.Action.CERTIFICATE_ISSUED.
    """
    locked = Entry.objects.select_for_update(of=("self",))  # prize is a nullable (outer) join
    entry = locked.select_related("edition__organiser", "prize").get(pk=entry.pk)
    if entry.certificate:
        return entry
    if entry.prize is None or entry.edition.results_published_at is None:
        raise ValidationError(_("Giấy chứng nhận chỉ cấp cho bài đoạt giải, sau khi công bố kết quả."))
    entry.certificate_code = entry.certificate_code or new_certificate_code()
    pdf = certificates.certificate_pdf(entry)
    entry.certificate.save(f"{entry.code}.pdf", ContentFile(pdf), save=False)
    entry.save(update_fields=["certificate", "certificate_code"])
    log_change(entry.edition, ContestLog.Action.CERTIFICATE_ISSUED, entry=entry, to_value=entry.prize.rank)
    return entry


def issue_certificates(edition: Edition) -> int:
    """Issue every winner's certificate not yet stored (after publication; the task runs it). Returns how many
    were rendered. Safe to run twice."""
    missing = Entry.objects.filter(edition=edition, prize__isnull=False, certificate="")
    if edition.results_published_at is None:
        return 0
    count = 0
    for entry in missing:
        issue_certificate(entry)
        count += 1
    return count


@transaction.atomic
def withdraw_certificates(entries, *, actor=None, reason: str = "") -> int:
    """Delete the stored certificates of `entries` (their printed details were corrected): the next request,
    or the next run of issue_certificates, renders them again. Writes: Entry.certificate (cleared), deletes the
    files after commit; logs ContestLog.Action.CERTIFICATE_WITHDRAWN per entry. Returns how many."""
    count = 0
    for entry in (
        Entry.objects.select_for_update().select_related("edition").filter(pk__in=[e.pk for e in entries])
    ).exclude(certificate=""):
        name, storage = entry.certificate.name, entry.certificate.storage
        entry.certificate = ""
        entry.save(update_fields=["certificate"])
        transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))
        log_change(entry.edition, ContestLog.Action.CERTIFICATE_WITHDRAWN, entry=entry, actor=actor, comment=reason)
        count += 1
    return count
