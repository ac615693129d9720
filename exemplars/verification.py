"""Certificate status pages (/xac-thuc/<code>/): which certificate a code names, and what its page shows.

The honours' certificates are looked up here; an app above (contests, for its prize certificates) registers its
own lookup in its AppConfig.ready(), so one public address verifies every certificate the portal prints.
A lookup returns (template, context) for a code it knows, else None. Pages show only public facts.
"""

from __future__ import annotations

from collections.abc import Callable

Lookup = Callable[[str], tuple[str, dict] | None]
_LOOKUPS: list[Lookup] = []


def register(lookup: Lookup) -> None:
    if lookup not in _LOOKUPS:
        _LOOKUPS.append(lookup)


def _honour(code: str) -> tuple[str, dict] | None:
    from .models import HonourCertificate

    certificate = (
        HonourCertificate.objects.select_related("honour__exemplar__agency", "honour__award_type")
        .filter(code=code)
        .first()
    )
    if certificate is None:
        return None
    honour = certificate.honour
    recipient = getattr(honour, "decision_recipient", None)
    context = {"honour": honour, "decision": recipient.decision if recipient is not None else None}
    return "exemplars/verification_honour.html", context


def find(code: str) -> tuple[str, dict] | None:
    for lookup in (_honour, *_LOOKUPS):
        found = lookup(code)
        if found is not None:
            return found
    return None
