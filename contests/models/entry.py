"""Entries from the public, their photos, public votes and the contest's log."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from movements.models import Agency
from tayninh_thidua.lib.storage import private_storage
from tayninh_thidua.lib.uploads import CheckedFileField, CheckedImageField, random_upload_to
from tayninh_thidua.lib.workflow import StateLog

from .edition import Edition, PrizeTier

# Fields that identify the author. Judges never see them (blind judging); see templates/contests/judges/.
AUTHOR_PRIVATE_FIELDS = ("author_name", "author_email", "author_phone", "author_address", "author_workplace")


class EntryQuerySet(models.QuerySet):
    def eligible(self) -> EntryQuerySet:
        return self.filter(disqualified=False)

    def in_round(self, round_) -> EntryQuerySet:
        """Entries competing in `round_`: every eligible entry of the edition that reached its stage."""
        return self.eligible().filter(edition_id=round_.edition_id, stage__gte=round_.order)

    def winners(self) -> EntryQuerySet:
        return self.filter(prize__isnull=False).select_related("prize").order_by("prize__order", "number")


class Entry(models.Model):
    class Genre(models.TextChoices):
        ARTICLE = "bai-viet", _("Bài viết")
        MEMOIR = "ky-su", _("Ký sự, bút ký")
        REPORTAGE = "phong-su", _("Phóng sự")
        PORTRAIT = "ky-chan-dung", _("Ký chân dung")
        NOTES = "ghi-chep", _("Ghi chép")
        PHOTO_STORY = "bai-kem-anh", _("Bài viết kèm ảnh")

    class SubjectKind(models.TextChoices):
        INDIVIDUAL = "individual", _("Cá nhân")
        COLLECTIVE = "collective", _("Tập thể")

    class Verification(models.TextChoices):
        PENDING = "pending", _("Chưa xác minh")
        REQUESTED = "requested", _("Đã gửi đề nghị xác minh")
        CONFIRMED = "confirmed", _("Địa phương xác nhận đúng")
        NOT_CONFIRMED = "not-confirmed", _("Địa phương không xác nhận")

    edition = models.ForeignKey(
        Edition, verbose_name=_("kỳ cuộc thi"), on_delete=models.PROTECT, related_name="entries"
    )
    number = models.PositiveIntegerField(_("số thứ tự"))
    code = models.CharField(_("mã bài dự thi"), max_length=20, unique=True)
    # Private: staff only (blind judging).
    author_name = models.CharField(_("họ và tên tác giả"), max_length=150)
    author_email = models.EmailField(_("thư điện tử"))
    author_phone = models.CharField(_("điện thoại"), max_length=30)
    author_address = models.CharField(_("địa chỉ liên hệ"), max_length=255)
    author_workplace = models.CharField(_("nơi công tác, học tập"), max_length=255, blank=True)
    # The work.
    genre = models.CharField(_("thể loại"), max_length=16, choices=Genre.choices, default=Genre.ARTICLE)
    title = models.CharField(_("tên bài dự thi"), max_length=255)
    text = models.TextField(_("nội dung bài dự thi"))
    word_count = models.PositiveIntegerField(_("số chữ"), default=0)
    text_hash = models.CharField(max_length=64, editable=False)
    # The smallest hashes of the text's five-word runs, to find near-duplicates cheaply (services/similarity.py).
    text_sketch = models.JSONField(default=list, blank=True, editable=False)
    # The person or collective written about.
    subject_kind = models.CharField(
        _("nhân vật là"), max_length=16, choices=SubjectKind.choices, default=SubjectKind.INDIVIDUAL
    )
    subject_name = models.CharField(_("tên nhân vật, tập thể"), max_length=255)
    subject_locality = models.CharField(_("nơi nhân vật sinh sống, làm việc"), max_length=255)
    subject_activity = models.TextField(_("việc tốt của nhân vật"))
    declaration = models.BooleanField(_("cam đoan là tác phẩm của mình, chưa đăng ở đâu"), default=False)
    # Finalists' texts are shown to voters during the public vote, winners' after the results.
    consent_publish = models.BooleanField(
        _("đồng ý công bố toàn văn khi bài vào chung kết (để bạn đọc bình chọn) và nếu đoạt giải"), default=True
    )
    submitted_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)
    # Judging progress: the order of the furthest round reached (1 = sơ khảo).
    stage = models.PositiveSmallIntegerField(_("vòng đã vào"), default=1)
    disqualified = models.BooleanField(_("bị loại"), default=False)
    disqualified_reason = models.CharField(_("lý do loại"), max_length=255, blank=True)
    # Locality verification of the story (finalists).
    verification_agency = models.ForeignKey(
        Agency,
        verbose_name=_("địa phương, cơ quan xác minh"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contest_verifications",
    )
    verification = models.CharField(
        _("xác minh"), max_length=16, choices=Verification.choices, default=Verification.PENDING
    )
    verification_note = models.TextField(_("ghi chú xác minh"), blank=True)
    verified_at = models.DateTimeField(_("xác minh lúc"), null=True, blank=True)
    # The open verification link's nonce: a new request replaces it, an answer clears it (the link is single use).
    verification_nonce = models.CharField(max_length=32, blank=True, editable=False)
    # Prize: saved invisibly, shown once the edition's results are published.
    prize = models.ForeignKey(
        PrizeTier, verbose_name=_("giải"), on_delete=models.PROTECT, null=True, blank=True, related_name="entries"
    )
    # The prize certificate, rendered once after publication (services/certificates.py) and served as a file.
    # The code of the certificate's public status page (/xac-thuc/<code>/), printed as a QR code: random, unguessable.
    certificate_code = models.CharField(max_length=40, unique=True, null=True, blank=True, editable=False)
    certificate = CheckedFileField(
        _("giấy chứng nhận"),
        allow_images=False,
        upload_to=random_upload_to("contests/certificates"),
        storage=private_storage,
        blank=True,
        editable=False,
    )
    exemplar = models.ForeignKey(
        "exemplars.Exemplar",
        verbose_name=_("điển hình"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contest_entries",
    )

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("bài dự thi")
        verbose_name_plural = _("bài dự thi")
        ordering = ["edition", "number"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "number"], name="entry_unique_number"),
            models.UniqueConstraint(fields=["edition", "text_hash"], name="entry_unique_text"),
        ]
        indexes = [models.Index(fields=["edition", "stage"], name="entry_edition_stage")]

    def __str__(self) -> str:
        return f"{self.code} – {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("contests:entry.detail", kwargs={"year": self.edition.year, "code": self.code})


class EntryPhoto(models.Model):
    entry = models.ForeignKey(Entry, verbose_name=_("bài dự thi"), on_delete=models.CASCADE, related_name="photos")
    # Private until the entry wins in published results: served by contests:entry.photo, which checks.
    image = CheckedImageField(_("ảnh"), upload_to=random_upload_to("contests"), storage=private_storage)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("ảnh kèm bài")
        verbose_name_plural = _("ảnh kèm bài")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.entry.code} #{self.position}"

    def get_absolute_url(self) -> str:
        return reverse(
            "contests:entry.photo", kwargs={"year": self.entry.edition.year, "code": self.entry.code, "pk": self.pk}
        )


class Vote(models.Model):
    """A public vote: one per mailbox per edition, counted once confirmed by the link sent."""

    edition = models.ForeignKey(Edition, verbose_name=_("kỳ cuộc thi"), on_delete=models.CASCADE, related_name="votes")
    entry = models.ForeignKey(
        Entry, verbose_name=_("bài được bình chọn"), on_delete=models.CASCADE, related_name="votes"
    )
    email = models.EmailField(_("thư điện tử"))
    # The mailbox the address delivers to (contests.services.votes.mailbox_key): the one-vote rule's key, so that
    # "voter+1@gmail.com" and "v.o.t.e.r@googlemail.com" are the same voter as "voter@gmail.com".
    mailbox = models.CharField(_("hộp thư"), max_length=254, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lượt bình chọn")
        verbose_name_plural = _("lượt bình chọn")
        constraints = [models.UniqueConstraint(fields=["edition", "mailbox"], name="vote_one_per_mailbox")]

    def __str__(self) -> str:
        return f"{self.entry.code} ← {self.email}"


class ContestLog(StateLog):
    """What happened to an edition or an entry, by whom: one row per change, its action one of a fixed list."""

    class Action(models.TextChoices):
        EDITION_CREATED = "edition.created", _("Mở kỳ thi")
        ENTRY_SUBMITTED = "entry.submitted", _("Nhận bài dự thi")
        ROUND_ASSIGNED = "round.assigned", _("Phân công giám khảo")
        JUDGE_CONFLICT = "judge.conflict", _("Giám khảo báo xung đột lợi ích")
        JUDGE_REPLACED = "judge.replaced", _("Giao bài cho giám khảo thay thế")
        JUDGE_NEEDED = "judge.needed", _("Bài cần thêm giám khảo")
        ROUND_ADVANCED = "round.advanced", _("Chọn bài vào vòng sau")
        ROUND_REOPENED = "round.reopened", _("Hoàn tác chọn bài vào vòng sau")
        ENTRY_VERIFICATION = "entry.verification", _("Xác minh nhân vật")
        ENTRY_DISQUALIFIED = "entry.disqualified", _("Loại bài")
        ENTRY_REINSTATED = "entry.reinstated", _("Khôi phục bài bị loại")
        ENTRY_PRIZE = "entry.prize", _("Trao giải")
        CERTIFICATE_ISSUED = "entry.certificate", _("Cấp giấy chứng nhận")
        CERTIFICATE_WITHDRAWN = "entry.certificate-withdrawn", _("Huỷ giấy chứng nhận để cấp lại")
        RESULTS_PUBLISHED = "edition.published", _("Công bố kết quả")
        ENTRY_EXEMPLAR = "entry.exemplar", _("Tạo điển hình từ bài dự thi")

    edition = models.ForeignKey(Edition, verbose_name=_("kỳ thi"), on_delete=models.CASCADE, related_name="log")
    entry = models.ForeignKey(
        Entry, verbose_name=_("bài dự thi"), on_delete=models.CASCADE, null=True, blank=True, related_name="log"
    )
    action = models.CharField(_("việc"), max_length=40, choices=Action.choices)
    # Who acted without an account: the agency answering through its verification link, and the person who did.
    actor_label = models.CharField(_("người thực hiện (không có tài khoản)"), max_length=255, blank=True)

    class Meta(StateLog.Meta):
        verbose_name = _("nhật ký cuộc thi")
        verbose_name_plural = _("nhật ký cuộc thi")
        ordering = ["-at"]
        indexes = [models.Index(fields=["edition", "-at"], name="contestlog_edition_at")]
        constraints = [models.CheckConstraint(condition=~Q(action=""), name="contestlog_action_set")]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.get_action_display()}"
