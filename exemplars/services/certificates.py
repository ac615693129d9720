"""Honour certificates: a code for each honour's public status page at once (in the decision's transaction), the
PDF rendered once after commit (task exemplars.issue_honour_certificates) and stored privately."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from tayninh_thidua.lib.pdf import html_to_pdf, nfc
from tayninh_thidua.lib.qr import qr_png_data_uri

from ..models import Honour, HonourCertificate

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def new_certificate_code() -> str:
    """128 random bits, URL-safe (22 characters): a status page cannot be found by trying codes."""
    return secrets.token_urlsafe(16)


def status_url(code: str) -> str:
    return settings.SITE_URL + reverse("verification:status", args=[code])


def prepare_certificates(honours: list[Honour]) -> list[HonourCertificate]:
    """Give each honour its certificate code now (the status page answers at once) and render the PDFs after
    commit. Side effects: HonourCertificate rows; the task queued on commit."""
    have = set(HonourCertificate.objects.filter(honour__in=honours).values_list("honour_id", flat=True))
    made = HonourCertificate.objects.bulk_create(
        HonourCertificate(honour=h, code=new_certificate_code()) for h in honours if h.pk not in have
    )
    from ..tasks import issue_honour_certificates

    ids = [c.pk for c in HonourCertificate.objects.filter(honour__in=honours)]
    transaction.on_commit(lambda: issue_honour_certificates.delay(certificate_ids=ids))
    return made


def certificate_context(certificate: HonourCertificate) -> dict:
    honour = certificate.honour
    recipient = getattr(honour, "decision_recipient", None)
    decision = recipient.decision if recipient is not None else None
    nomination = honour.nomination
    achievement = nomination.achievements if nomination is not None else honour.exemplar.summary
    url = status_url(certificate.code)
    return {
        "nation": NATION,
        "motto": MOTTO,
        "issuer": nfc(
            (f"{decision.signer_position} {decision.issuing_body}" if decision else honour.issuing_authority).upper()
        ),
        "award": nfc(honour.award_type.name.upper()),
        "recipient": nfc(honour.exemplar.name),
        "agency": nfc(honour.exemplar.agency.name),
        "achievement": nfc(achievement[:600]),
        "decision_number": honour.decision_number,
        "decision_date": honour.decision_date,
        "signer_position": nfc(decision.signer_position.upper() if decision else ""),
        "signer_name": nfc(decision.signer_name if decision else ""),
        "status_url": url,
        "qr": qr_png_data_uri(url),
        "code": certificate.code,
    }


@transaction.atomic
def issue_honour_certificate(certificate: HonourCertificate) -> HonourCertificate:
    """Render and store the certificate's PDF unless it is stored already (then nothing is rendered)."""
    locked = (
        HonourCertificate.objects.select_for_update(of=("self",))
        .select_related("honour__exemplar__agency", "honour__award_type", "honour__nomination")
        .get(pk=certificate.pk)
    )
    if locked.file:
        return locked
    pdf = html_to_pdf(render_to_string("exemplars/honour_certificate.html", certificate_context(locked)))
    locked.file.save(f"bang-khen-{locked.honour_id}.pdf", ContentFile(pdf), save=False)
    locked.rendered_at = timezone.now()
    locked.save(update_fields=["file", "rendered_at"])
    return locked
