"""The known data `make smoke` checks the production shape against (deploy/smoke.py), printed as one JSON line.

Accounts: a provincial reviewer and the heads of two agencies, each with a fresh random password, authenticator
key and backup codes on every run (they must sign in with two factors).
A dossier of the first agency with a private PDF (Vietnamese file name) and a portrait, taken through the
workflow's services (create, attach, submit, take into review, approve and publish), so the approval makes the
published exemplar whose portrait and thumbnails are public files. Run it on a throwaway database only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from PIL import Image, ImageDraw

from contests import services as contest_services
from contests.views.public import ENTRY_RATE
from exemplars import services
from exemplars.models import AwardType, Nomination, NominationAttachment
from movements.models import Agency, AgencyMembership, Movement
from movements.services.plan import ensure_staff_group
from tayninh_thidua.lib.thumbnails import thumbnail_url
from tayninh_thidua.lib.uploads import clean_document, clean_image
from tayninh_thidua.portal import twofactor

NOMINEE = "Nguyễn Thị Kiểm Thử"
DOSSIER_NAME = "Tờ trình đề nghị khen thưởng – kiểm thử.pdf"


class Command(BaseCommand):
    help = "Dữ liệu kiểm thử cho `make smoke` (tài khoản, hồ sơ có tệp riêng tư, điển hình có ảnh). Chỉ dùng trên CSDL tạm."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--throwaway-database",
            action="store_true",
            help="Xác nhận cơ sở dữ liệu này là bản tạm (make smoke): lệnh đặt lại mật khẩu các tài khoản kiểm thử.",
        )

    def handle(self, *args, throwaway_database: bool, **options) -> None:
        if not throwaway_database:
            raise CommandError("Chỉ chạy trên cơ sở dữ liệu tạm: thêm --throwaway-database.")
        with transaction.atomic():
            staff = _account("smoke-canbo", staff=True)
            agency_a, agency_b = _agency("A"), _agency("B")
            head_a = _account("smoke-thutruong-a", agency=agency_a)
            head_b = _account("smoke-thutruong-b", agency=agency_b)
            nomination = _approved_dossier(agency_a, _user(head_a), _user(staff))
        attachment = nomination.attachments.get(document_type=AwardType.Document.PROPOSAL)
        exemplar = nomination.exemplar
        edition = contest_services.current_edition()
        result = {
            "staff": staff,
            "head_a": head_a,
            "head_b": head_b,
            "exemplar_url": exemplar.get_absolute_url(),
            "portrait_url": exemplar.portrait.url,
            "thumbnail_url": thumbnail_url(exemplar.portrait, "480x360"),
            "attachment_url": reverse("agency:attachment.download", args=[attachment.pk]),
            "attachment_name": attachment.file.name,
            "attachment_filename": attachment.original_name,
            "attachment_sha256": _sha256(attachment),
            "nomination_portrait_url": reverse("agency:nomination.portrait", args=[nomination.pk]),
            "entry_url": (
                reverse("contests:entry.submit", args=[edition.year]) if edition and edition.accepts_entries() else ""
            ),
            "entry_min_words": edition.min_words if edition else 0,
            "entry_limit": ENTRY_RATE["limit"],
            # django-axes locks an address after this many failures on any accounts (per account: fewer).
            "login_failure_limit": settings.LOGIN_ADDRESS_FAILURE_LIMIT,
        }
        self.stdout.write(json.dumps(result, ensure_ascii=False))


def _user(account: dict):
    return get_user_model().objects.get(username=account["username"])


def _account(username: str, *, staff: bool = False, agency: Agency | None = None):
    """A sign-in for the smoke: password, an authenticator key (base32) and ten backup codes, all new each run."""
    password = secrets.token_urlsafe(16)
    user, _ = get_user_model().objects.get_or_create(
        username=username, defaults={"email": f"{username}@example.invalid", "first_name": "Kiểm thử"}
    )
    user.is_staff = staff
    user.is_superuser = False
    user.set_password(password)
    user.save()
    if staff:
        user.groups.add(ensure_staff_group())
    if agency is not None:
        AgencyMembership.objects.update_or_create(
            user=user, defaults={"agency": agency, "role": AgencyMembership.Role.HEAD}
        )
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(user=user, name=str(twofactor.APP_DEVICE_NAME), confirmed=True)
    return {
        "username": user.username,
        "password": password,
        "totp_key": twofactor.secret_for_manual_entry(device),
        "backup_codes": twofactor.new_backup_codes(user),
    }


def _agency(letter: str) -> Agency:
    agency, _ = Agency.objects.get_or_create(
        slug=f"kiem-thu-{letter.lower()}",
        defaults={"name": f"Đơn vị kiểm thử {letter}", "short_name": f"KT{letter}", "kind": Agency.Kind.OTHER},
    )
    return agency


def _approved_dossier(agency: Agency, head, staff) -> Nomination:
    """The dossier, through the same services the agency and the reviewer use (idempotent on a second run)."""
    existing = Nomination.objects.filter(agency=agency, nominee_name=NOMINEE).first()
    if existing is not None:
        return existing
    # A lawful dossier (approval judges every rule of the award version): the movement's latest phase, a year
    # within it, an individual commendation in force on the decision date with no prerequisite, every document.
    decided_on = timezone.localdate() - dt.timedelta(days=1)
    movement = Movement.objects.published().order_by("pk").first()
    phase = movement.phases.order_by("-start_date").first() if movement else None
    award = (
        AwardType.objects.in_force_on(decided_on)
        .filter(
            prerequisite__isnull=True,
            kind=AwardType.Kind.COMMENDATION,
            recipient__in=[AwardType.Recipient.INDIVIDUAL, AwardType.Recipient.BOTH],
        )
        .order_by("pk")
        .first()
    )
    if phase is None or award is None:
        raise CommandError("Cần dữ liệu nền: chạy seed_plan và seed_awards trước.")
    portrait = clean_image(SimpleUploadedFile("chan-dung.jpg", _picture(), content_type="image/jpeg"))
    nomination = services.create_nomination(
        Nomination(
            agency=agency,
            nominee_name=NOMINEE,
            nominee_position="Giáo viên",
            nominee_locality="Phường Tân Ninh",
            nominee_portrait=portrait,
            movement=movement,
            phase=phase,
            award_type=award,
            year=min(phase.end_date.year, decided_on.year),
            achievements="Hồ sơ kiểm thử của make smoke.",
            votes_for=10,
            council_members=10,
        ),
        actor=head,
    )
    document, content_type = clean_document(SimpleUploadedFile(DOSSIER_NAME, _pdf(), content_type="application/pdf"))
    services.add_attachment(
        nomination,
        actor=head,
        document_type=AwardType.Document.PROPOSAL,
        file=document,
        original_name=DOSSIER_NAME,
        content_type=content_type,
    )
    for code in set(award.required_documents or []) - {AwardType.Document.PROPOSAL}:
        other, kind = clean_document(SimpleUploadedFile(f"{code}.pdf", _pdf(), content_type="application/pdf"))
        services.add_attachment(
            nomination, actor=head, document_type=code, file=other, original_name=f"{code}.pdf", content_type=kind
        )
    services.submit_nomination(nomination, actor=head)
    services.take_into_review(nomination, actor=staff)
    decision = services.Decision(number="1/QĐ-KT", date=decided_on, publish=True)
    return services.approve_nomination(nomination, actor=staff, decision=decision)


def _picture() -> bytes:
    image = Image.new("RGB", (900, 700), (40, 110, 170))
    ImageDraw.Draw(image).ellipse((300, 150, 600, 450), fill=(250, 235, 210))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def _pdf() -> bytes:
    token = secrets.token_hex(16)
    return f"%PDF-1.4\n% make smoke {token}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".encode()


def _sha256(attachment: NominationAttachment) -> str:
    with attachment.file.open("rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()
