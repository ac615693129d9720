"""The contest's prize certificates on the portal's one status page (/xac-thuc/<code>/, exemplars.verification):
a code printed on a winner's certificate, once results are published and the entry is on public view."""

from __future__ import annotations

from .models import Entry


def lookup(code: str) -> tuple[str, dict] | None:
    entry = (
        Entry.objects.select_related("edition", "prize")
        .filter(certificate_code=code, prize__isnull=False, edition__results_published_at__isnull=False)
        .first()
    )
    if entry is None:
        return None
    from . import services

    if not services.on_public_view(entry):
        return None
    return "contests/verification.html", {"entry": entry}
