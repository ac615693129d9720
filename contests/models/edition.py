"""Editions of "Gương người tốt quanh ta": dates, rounds, prizes and limits."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from movements.models import Agency

# Editions are biennial: a new one needs at least this many years after the previous one.
EDITION_INTERVAL_YEARS = 2


class EditionQuerySet(models.QuerySet):
    def with_related(self) -> EditionQuerySet:
        return self.select_related("organiser").prefetch_related("co_organisers", "rounds", "prize_tiers")

    def published_results(self) -> EditionQuerySet:
        return self.filter(results_published_at__isnull=False)

    def archived(self) -> EditionQuerySet:
        """Past editions whose results are public, newest first (the archive page)."""
        return self.published_results().order_by("-year")

    def current(self) -> Edition | None:
        """The edition the home page should show: the newest one still running or announced,
        otherwise the newest one (with its published results). None when there is none."""
        running_first = Case(When(results_published_at__isnull=True, then=Value(0)), default=Value(1))
        return self.order_by(running_first, "-year").first()  # one query, whichever it finds

    def check_biennial(self, year: int, *, exclude_pk: int | None = None) -> None:
        """Raise ValidationError when another edition is less than two years from `year`."""
        others = self.filter(year__gt=year - EDITION_INTERVAL_YEARS, year__lt=year + EDITION_INTERVAL_YEARS)
        if exclude_pk:
            others = others.exclude(pk=exclude_pk)
        clash = others.order_by("-year").first()
        if clash is not None:
            raise ValidationError(
                _(
                    "Cuộc thi được tổ chức hai năm một lần: đã có kỳ năm %(other)s, nên không thể mở kỳ năm %(year)s. "
                    "Kỳ gần nhất có thể tổ chức là năm %(next)s."
                )
                % {"other": clash.year, "year": year, "next": clash.year + EDITION_INTERVAL_YEARS},
                code="biennial",
            )


class Edition(models.Model):
    class State(models.TextChoices):
        ANNOUNCED = "announced", _("Đã công bố thể lệ")
        OPEN = "open", _("Đang nhận bài dự thi")
        JUDGING = "judging", _("Đang chấm")
        VOTING = "voting", _("Đang bình chọn")
        AWAITING_RESULTS = "awaiting-results", _("Chờ công bố kết quả")
        PUBLISHED = "published", _("Đã công bố kết quả")

    year = models.PositiveSmallIntegerField(_("năm tổ chức"), unique=True)
    number = models.PositiveSmallIntegerField(_("lần thứ"))
    title = models.CharField(_("tên cuộc thi"), max_length=255, default="Gương người tốt quanh ta")
    organiser = models.ForeignKey(
        Agency, verbose_name=_("cơ quan tổ chức"), on_delete=models.PROTECT, related_name="organised_editions"
    )
    co_organisers = models.ManyToManyField(
        Agency, verbose_name=_("cơ quan phối hợp"), blank=True, related_name="co_organised_editions"
    )
    rules = models.TextField(_("thể lệ"), blank=True)
    submission_opens = models.DateField(_("bắt đầu nhận bài"))
    submission_closes = models.DateField(_("hạn cuối nhận bài"))
    min_words = models.PositiveIntegerField(_("số chữ tối thiểu"), default=1000)
    max_words = models.PositiveIntegerField(_("số chữ tối đa"), default=2500)
    max_photos = models.PositiveSmallIntegerField(_("số ảnh tối đa"), default=5)
    public_vote_enabled = models.BooleanField(_("có bình chọn trực tuyến"), default=False)
    vote_opens = models.DateField(_("bắt đầu bình chọn"), null=True, blank=True)
    vote_closes = models.DateField(_("kết thúc bình chọn"), null=True, blank=True)
    public_vote_weight = models.DecimalField(
        _("trọng số bình chọn"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.10"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("0.5"))],
        help_text=_("Phần của điểm chung kết đến từ bình chọn trực tuyến, từ 0 đến 0,5 (ví dụ 0,10 = 10%)."),
    )
    # Who signs the prize certificates for the organising committee (data: staff enter it for each edition).
    signer_title = models.CharField(_("chức vụ người ký giấy chứng nhận"), max_length=150, default="Trưởng Ban Tổ chức")
    signer_name = models.CharField(
        _("người ký giấy chứng nhận"),
        max_length=150,
        blank=True,
        help_text=_("Họ và tên người ký giấy chứng nhận thay mặt Ban Tổ chức; cần có trước khi công bố kết quả."),
    )
    results_published_at = models.DateTimeField(_("công bố kết quả lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    objects = EditionQuerySet.as_manager()

    class Meta:
        verbose_name = _("kỳ cuộc thi")
        verbose_name_plural = _("kỳ cuộc thi")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(submission_closes__gte=models.F("submission_opens")),
                name="edition_window_ordered",
                violation_error_message=_("Hạn cuối nhận bài phải sau ngày bắt đầu nhận bài."),
            ),
            models.CheckConstraint(
                condition=Q(max_words__gte=models.F("min_words")),
                name="edition_word_limits_ordered",
                violation_error_message=_("Số chữ tối đa phải lớn hơn số chữ tối thiểu."),
            ),
        ]

    def __str__(self) -> str:
        return _("%(title)s lần %(number)s (%(year)s)") % {
            "title": self.title,
            "number": self.number,
            "year": self.year,
        }

    def get_absolute_url(self) -> str:
        return reverse("contests:edition.detail", kwargs={"year": self.year})

    def clean(self) -> None:
        errors = {}
        if self.submission_opens and self.submission_closes and self.submission_closes < self.submission_opens:
            errors["submission_closes"] = _("Hạn cuối nhận bài phải sau ngày bắt đầu nhận bài.")
        if self.min_words and self.max_words and self.max_words < self.min_words:
            errors["max_words"] = _("Số chữ tối đa phải lớn hơn số chữ tối thiểu.")
        if self.year:
            try:
                Edition.objects.check_biennial(self.year, exclude_pk=self.pk)
            except ValidationError as exc:
                errors["year"] = exc.messages
        if errors:
            raise ValidationError(errors)

    def accepts_entries(self, day: dt.date | None = None) -> bool:
        day = day or timezone.localdate()
        return self.submission_opens <= day <= self.submission_closes and not self.results_published_at

    def vote_is_open(self, day: dt.date | None = None) -> bool:
        day = day or timezone.localdate()
        return bool(
            self.public_vote_enabled
            and self.vote_opens
            and self.vote_closes
            and self.vote_opens <= day <= self.vote_closes
            and not self.results_published_at
        )

    def state(self, day: dt.date | None = None) -> str:
        """Derived from the dates, never stored: see State."""
        day = day or timezone.localdate()
        if self.results_published_at:
            return self.State.PUBLISHED
        if day < self.submission_opens:
            return self.State.ANNOUNCED
        if day <= self.submission_closes:
            return self.State.OPEN
        if self.vote_is_open(day):
            return self.State.VOTING
        last = max((r.ends_on for r in self.rounds.all()), default=None)
        if last is None or day <= last:
            return self.State.JUDGING
        return self.State.AWAITING_RESULTS

    @property
    def state_label(self) -> str:
        return self.State(self.state()).label

    @property
    def public_vote_percent(self) -> int:
        return round(self.public_vote_weight * 100)

    @property
    def final_round(self) -> Round | None:
        return max(self.rounds.all(), key=lambda r: r.order, default=None)


class Round(models.Model):
    class Kind(models.TextChoices):
        PRELIMINARY = "so-khao", _("Sơ khảo")
        SEMIFINAL = "chung-khao", _("Chung khảo")
        FINAL = "chung-ket", _("Chung kết")

    ORDER = {Kind.PRELIMINARY: 1, Kind.SEMIFINAL: 2, Kind.FINAL: 3}

    edition = models.ForeignKey(Edition, verbose_name=_("kỳ cuộc thi"), on_delete=models.CASCADE, related_name="rounds")
    kind = models.CharField(_("vòng"), max_length=16, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(_("thứ tự"), editable=False, default=1)
    starts_on = models.DateField(_("bắt đầu chấm"))
    ends_on = models.DateField(_("kết thúc chấm"))
    advance_count = models.PositiveSmallIntegerField(
        _("số bài vào vòng sau"), default=20, help_text=_("Số bài điểm cao nhất được chọn vào vòng tiếp theo.")
    )
    judges_per_entry = models.PositiveSmallIntegerField(
        _("số giám khảo mỗi bài"),
        default=2,
        validators=[MinValueValidator(2), MaxValueValidator(9)],
        help_text=_("Mỗi bài được bao nhiêu giám khảo chấm; bài có ít điểm hơn được cảnh báo khi xếp hạng."),
    )
    advanced_at = models.DateTimeField(_("đã chọn bài vào vòng sau lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("vòng chấm")
        verbose_name_plural = _("vòng chấm")
        ordering = ["edition", "order"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "kind"], name="round_unique_kind_per_edition"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="round_dates_ordered",
                violation_error_message=_("Ngày kết thúc vòng chấm phải sau ngày bắt đầu."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.edition.year}"

    def save(self, *args, **kwargs) -> None:
        self.order = self.ORDER[self.Kind(self.kind)]
        super().save(*args, **kwargs)

    def is_open_for_scoring(self, day: dt.date | None = None) -> bool:
        """Judges may score until the round's entries have been advanced (or results published)."""
        return self.advanced_at is None and self.edition.results_published_at is None

    @property
    def is_final(self) -> bool:
        return self.kind == self.Kind.FINAL

    def next_round(self) -> Round | None:
        return self.edition.rounds.filter(order__gt=self.order).order_by("order").first()


class PrizeTier(models.Model):
    class Rank(models.TextChoices):
        FIRST = "nhat", _("Giải Nhất")
        SECOND = "nhi", _("Giải Nhì")
        THIRD = "ba", _("Giải Ba")
        CONSOLATION = "khuyen-khich", _("Giải Khuyến khích")

    ORDER = {Rank.FIRST: 1, Rank.SECOND: 2, Rank.THIRD: 3, Rank.CONSOLATION: 4}

    edition = models.ForeignKey(
        Edition, verbose_name=_("kỳ cuộc thi"), on_delete=models.CASCADE, related_name="prize_tiers"
    )
    rank = models.CharField(_("giải"), max_length=16, choices=Rank.choices)
    order = models.PositiveSmallIntegerField(editable=False, default=1)
    count = models.PositiveSmallIntegerField(_("số giải"), default=1)
    amount = models.PositiveIntegerField(_("giá trị mỗi giải (đồng)"), default=0)

    class Meta:
        verbose_name = _("cơ cấu giải")
        verbose_name_plural = _("cơ cấu giải")
        ordering = ["edition", "order"]
        constraints = [models.UniqueConstraint(fields=["edition", "rank"], name="prize_unique_rank_per_edition")]

    def __str__(self) -> str:
        return self.get_rank_display()

    def save(self, *args, **kwargs) -> None:
        self.order = self.ORDER[self.Rank(self.rank)]
        super().save(*args, **kwargs)
