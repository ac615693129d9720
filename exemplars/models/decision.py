"""The decision register (sổ quyết định khen thưởng): a decision with its number and symbol, date, issuing body,
signer, legal basis and recipients. Issuing it (services.decisions.issue_decision) approves every recipient's
dossier through the approval service, in one transaction, and creates their honours."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .exemplar import Honour
from .nomination import Nomination


class DecisionQuerySet(models.QuerySet):
    def issued(self) -> DecisionQuerySet:
        return self.filter(state=AwardDecision.State.ISSUED)


class AwardDecision(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        ISSUED = "issued", _("Đã ban hành")

    number = models.CharField(_("số"), max_length=20)
    symbol = models.CharField(_("ký hiệu"), max_length=40, default="QĐ-UBND")
    date = models.DateField(_("ngày ký"))
    title = models.CharField(_("trích yếu"), max_length=300, default="Về việc tặng Bằng khen của Chủ tịch UBND tỉnh")
    issuing_body = models.CharField(_("cơ quan ban hành"), max_length=255, default="UBND tỉnh Tây Ninh")
    signer_name = models.CharField(_("người ký"), max_length=200)
    signer_position = models.CharField(_("chức vụ người ký"), max_length=200, default="Chủ tịch")
    legal_basis = models.TextField(
        _("căn cứ pháp lý"),
        blank=True,
        help_text=_("Để trống: lấy căn cứ của phiên bản danh hiệu, hình thức khen thưởng."),
    )
    publish_exemplars = models.BooleanField(_("công khai điển hình khi ban hành"), default=True)
    state = models.CharField(_("trạng thái"), max_length=16, choices=State.choices, default=State.DRAFT, editable=False)
    issued_at = models.DateTimeField(_("ban hành lúc"), null=True, blank=True, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("quyết định khen thưởng")
        verbose_name_plural = _("quyết định khen thưởng")
        ordering = ["-date", "-pk"]
        constraints = [models.UniqueConstraint(fields=["number", "symbol", "date"], name="decision_number_once")]

    def __str__(self) -> str:
        return _("Quyết định số %(number)s ngày %(date)s") % {
            "number": self.full_number,
            "date": f"{self.date:%d/%m/%Y}",
        }

    @property
    def full_number(self) -> str:
        return f"{self.number}/{self.symbol}"

    @property
    def signer(self) -> str:
        return f"{self.signer_position} {self.issuing_body}: {self.signer_name}"


class DecisionRecipient(models.Model):
    decision = models.ForeignKey(
        AwardDecision, verbose_name=_("quyết định"), on_delete=models.CASCADE, related_name="recipients"
    )
    nomination = models.OneToOneField(
        Nomination, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="decision_recipient"
    )
    honour = models.OneToOneField(
        Honour,
        verbose_name=_("khen thưởng"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decision_recipient",
        editable=False,
    )

    class Meta:
        verbose_name = _("người, tập thể được khen thưởng")
        verbose_name_plural = _("danh sách khen thưởng")
        ordering = ["decision", "pk"]

    def __str__(self) -> str:
        return self.nomination.nominee_name
