"""The emulation and commendation council (Hội đồng Thi đua – Khen thưởng), its members, its sessions and the
secret ballot.

Secrecy by construction: `BallotReceipt` says that a member voted (member, session, written or in person) and
`Ballot` with its `BallotChoice` rows says what one anonymous ballot chose. No column, foreign key, timestamp or
ordered key joins the two: their primary keys are random UUIDs (an auto-increment id would line a receipt up with
its ballot by insertion order) and neither table has a time. See README, “The council's secret ballot”.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tayninh_thidua.lib.storage import private_storage
from tayninh_thidua.lib.uploads import CheckedFileField, random_upload_to

from .nomination import Nomination


class Council(models.Model):
    name = models.CharField(_("tên hội đồng"), max_length=255)
    term_start = models.DateField(_("nhiệm kỳ từ"))
    term_end = models.DateField(_("nhiệm kỳ đến"), null=True, blank=True)

    class Meta:
        verbose_name = _("hội đồng thi đua – khen thưởng")
        verbose_name_plural = _("hội đồng thi đua – khen thưởng")
        ordering = ["-term_start"]

    def __str__(self) -> str:
        return self.name


class CouncilMemberQuerySet(models.QuerySet):
    def serving_on(self, day) -> CouncilMemberQuerySet:
        return self.filter(term_start__lte=day).filter(Q(term_end__isnull=True) | Q(term_end__gte=day))


class CouncilMember(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("Chủ tịch Hội đồng")
        VICE_CHAIR = "vice-chair", _("Phó Chủ tịch Hội đồng")
        STANDING = "standing", _("Ủy viên thường trực")
        MEMBER = "member", _("Ủy viên")

    council = models.ForeignKey(Council, verbose_name=_("hội đồng"), on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        on_delete=models.PROTECT,
        related_name="council_memberships",
        help_text=_("Thành viên bỏ phiếu bằng tài khoản của mình."),
    )
    name = models.CharField(_("họ và tên"), max_length=200)
    position = models.CharField(_("chức vụ"), max_length=255, blank=True)
    role = models.CharField(_("vai trò"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    term_start = models.DateField(_("từ ngày"))
    term_end = models.DateField(_("đến ngày"), null=True, blank=True)

    objects = CouncilMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("thành viên hội đồng")
        verbose_name_plural = _("thành viên hội đồng")
        ordering = ["council", "role", "name"]
        constraints = [models.UniqueConstraint(fields=["council", "user"], name="council_member_once")]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


class SessionState(models.TextChoices):
    PREPARING = "preparing", _("Chuẩn bị")
    VOTING = "voting", _("Đang bỏ phiếu")
    CLOSED = "closed", _("Đã kết thúc")


class CouncilSession(models.Model):
    State = SessionState

    council = models.ForeignKey(Council, verbose_name=_("hội đồng"), on_delete=models.PROTECT, related_name="sessions")
    title = models.CharField(_("tên phiên họp"), max_length=255)
    date = models.DateField(_("ngày họp"))
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    agenda = models.ManyToManyField(
        Nomination, verbose_name=_("hồ sơ đưa ra xét"), related_name="council_sessions", blank=True, editable=False
    )
    present = models.ManyToManyField(
        CouncilMember, verbose_name=_("thành viên có mặt"), related_name="sessions_attended", blank=True, editable=False
    )
    state = models.CharField(
        _("trạng thái"), max_length=16, choices=SessionState.choices, default=SessionState.PREPARING, editable=False
    )
    # Fixed when voting opens: the threshold is computed on the whole membership, present or not.
    members_total = models.PositiveSmallIntegerField(_("tổng số thành viên"), null=True, editable=False)
    written_votes_allowed = models.BooleanField(_("cho phép phiếu bằng văn bản"), default=False, editable=False)
    minutes_docx = CheckedFileField(
        _("biên bản (DOCX)"),
        allow_images=False,
        upload_to=random_upload_to("council/minutes"),
        storage=private_storage,
        blank=True,
        editable=False,
    )
    minutes_pdf = CheckedFileField(
        _("biên bản (PDF)"),
        allow_images=False,
        upload_to=random_upload_to("council/minutes"),
        storage=private_storage,
        blank=True,
        editable=False,
    )

    class Meta:
        verbose_name = _("phiên họp hội đồng")
        verbose_name_plural = _("phiên họp hội đồng")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d/%m/%Y})"

    @property
    def is_voting(self) -> bool:
        """Ballots are taken now (templates ask this, never compare state strings)."""
        return self.state == SessionState.VOTING


class BallotReceipt(models.Model):
    """That a member voted in a session: nothing about what. No time, a random key (see the module's note)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="receipts")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="ballot_receipts")
    written = models.BooleanField(_("phiếu bằng văn bản"), default=False)

    class Meta:
        verbose_name = _("thành viên đã bỏ phiếu")
        verbose_name_plural = _("thành viên đã bỏ phiếu")
        constraints = [models.UniqueConstraint(fields=["session", "member"], name="one_ballot_per_member")]

    def __str__(self) -> str:
        return str(self.member)


class Ballot(models.Model):
    """One anonymous ballot of a session: no member, no time, a random key."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="ballots")
    valid = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("phiếu bầu")
        verbose_name_plural = _("phiếu bầu")

    def __str__(self) -> str:
        return str(_("Phiếu bầu"))


class BallotChoice(models.Model):
    class Choice(models.TextChoices):
        AGREE = "agree", _("Đồng ý")
        DISAGREE = "disagree", _("Không đồng ý")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choices")
    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(max_length=16, choices=Choice.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ballot", "nomination"], name="one_choice_per_nominee")]

    def __str__(self) -> str:
        return self.get_choice_display()


class SessionResult(models.Model):
    """The tally of one nominee in a closed session, and whether it reached the threshold."""

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="results")
    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="council_results")
    agree = models.PositiveSmallIntegerField(_("đồng ý"))
    disagree = models.PositiveSmallIntegerField(_("không đồng ý"))
    members_total = models.PositiveSmallIntegerField(_("tổng số thành viên"))
    required_share = models.DecimalField(_("tỷ lệ yêu cầu (%)"), max_digits=5, decimal_places=2)
    strictly_more = models.BooleanField(_("phải vượt tỷ lệ"), default=False)
    share = models.DecimalField(_("tỷ lệ đạt (%)"), max_digits=5, decimal_places=2)
    passed = models.BooleanField(_("đạt"))

    class Meta:
        verbose_name = _("kết quả bỏ phiếu")
        verbose_name_plural = _("kết quả bỏ phiếu")
        ordering = ["session", "nomination_id"]
        constraints = [models.UniqueConstraint(fields=["session", "nomination"], name="one_result_per_nominee")]

    def __str__(self) -> str:
        return f"{self.nomination.nominee_name}: {self.agree}/{self.members_total}"
