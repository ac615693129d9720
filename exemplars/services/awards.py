"""Award types: the seed of DOMAIN.md's titles and forms, one version per legal regime."""

from collections import Counter
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from .. import seed
from ..models import AwardType, Nomination

State = Nomination.State


@transaction.atomic
def seed_awards() -> Counter:
    """Load the award types of DOMAIN.md, one version per legal regime (seed.py).

    Idempotent: a version is found by (name, valid_from) and created only when missing; rows
    staff edited are left as they are. Returns counts of created and kept rows.
    """
    counts: Counter = Counter()
    for position, (name, kind, recipient, level, criteria, decided_by, share, docs, prereq, notes) in enumerate(
        seed.AWARD_TYPES
    ):
        for basis, valid_from, valid_until in seed.REGIMES:
            award, created = AwardType.objects.get_or_create(
                name=name,
                valid_from=valid_from,
                defaults={
                    "kind": kind,
                    "recipient": recipient,
                    "level": level,
                    "criteria": criteria,
                    "decided_by": decided_by,
                    "vote_share": Decimal(share) if share else None,
                    "required_documents": list(docs),
                    "legal_basis": basis,
                    "valid_until": valid_until,
                    "notes": notes,
                    "position": position * 10,
                },
            )
            counts["created" if created else "kept"] += 1
            if created and prereq:
                required = AwardType.objects.filter(name=prereq[0], valid_from=valid_from).first()
                award.prerequisite, award.prerequisite_count = required, prereq[1]
                award.save(update_fields=["prerequisite", "prerequisite_count"])
    for offset, (name, recipient, decided_by) in enumerate(seed.CULTURAL_TITLES):
        _award, created = AwardType.objects.get_or_create(
            name=name,
            valid_from=None,
            defaults={
                "kind": AwardType.Kind.TITLE,
                "recipient": recipient,
                "level": AwardType.Level.BASE,
                "criteria": _("Tiêu chuẩn theo Nghị định 86/2023/NĐ-CP."),
                "decided_by": decided_by,
                "legal_basis": seed.CULTURAL_BASIS,
                "notes": "Ngày hiệu lực cần xác nhận.",
                "position": 100 + offset,
            },
        )
        counts["created" if created else "kept"] += 1
    return counts
