"""Judging: who judges which entry in which round, declared conflicts, and scores."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .edition import Round
from .entry import Entry

# The criteria judges score, each 0–10: (field name, label).
CRITERIA = (
    ("content", _("Nội dung")),
    ("exemplary_value", _("Giá trị nêu gương")),
    ("writing", _("Bút pháp")),
)
MAX_POINTS = 10


class AssignmentQuerySet(models.QuerySet):
    def for_judge(self, user) -> AssignmentQuerySet:
        return (
            self.filter(judge=user).select_related("round__edition", "entry").order_by("-round__order", "entry__number")
        )

    def unscored(self) -> AssignmentQuerySet:
        return self.filter(score__isnull=True)


class Assignment(models.Model):
    round = models.ForeignKey(Round, verbose_name=_("vòng chấm"), on_delete=models.CASCADE, related_name="assignments")
    entry = models.ForeignKey(Entry, verbose_name=_("bài dự thi"), on_delete=models.CASCADE, related_name="assignments")
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("giám khảo"),
        on_delete=models.PROTECT,
        related_name="contest_assignments",
    )
    assigned_at = models.DateTimeField(_("phân công lúc"), auto_now_add=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("phân công chấm")
        verbose_name_plural = _("phân công chấm")
        constraints = [models.UniqueConstraint(fields=["round", "entry", "judge"], name="assignment_unique")]

    def __str__(self) -> str:
        return f"{self.round} · {self.entry.code} · {self.judge}"


class Conflict(models.Model):
    """A judge's declared conflict of interest with an entry: never assigned it, in any round."""

    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("giám khảo"),
        on_delete=models.CASCADE,
        related_name="contest_conflicts",
    )
    entry = models.ForeignKey(Entry, verbose_name=_("bài dự thi"), on_delete=models.CASCADE, related_name="conflicts")
    reason = models.CharField(_("lý do"), max_length=255, blank=True)
    declared_at = models.DateTimeField(_("khai báo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("xung đột lợi ích")
        verbose_name_plural = _("xung đột lợi ích")
        constraints = [models.UniqueConstraint(fields=["judge", "entry"], name="conflict_unique")]

    def __str__(self) -> str:
        return f"{self.judge} ≠ {self.entry.code}"


class Score(models.Model):
    """A judge's score for one assignment. Saved invisibly: only staff rankings read it."""

    assignment = models.OneToOneField(Assignment, on_delete=models.CASCADE, related_name="score")
    content = models.PositiveSmallIntegerField(_("nội dung"), validators=[MaxValueValidator(MAX_POINTS)])
    exemplary_value = models.PositiveSmallIntegerField(
        _("giá trị nêu gương"), validators=[MaxValueValidator(MAX_POINTS)]
    )
    writing = models.PositiveSmallIntegerField(_("bút pháp"), validators=[MaxValueValidator(MAX_POINTS)])
    comment = models.TextField(_("nhận xét"), blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("điểm chấm")
        verbose_name_plural = _("điểm chấm")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(content__lte=MAX_POINTS)
                & models.Q(exemplary_value__lte=MAX_POINTS)
                & models.Q(writing__lte=MAX_POINTS),
                name="score_within_scale",
            )
        ]

    def __str__(self) -> str:
        return f"{self.assignment}: {self.total}"

    @property
    def total(self) -> int:
        return self.content + self.exemplary_value + self.writing
