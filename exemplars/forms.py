"""Forms for the agency pages (crispy, Bootstrap 5) and the admin's intermediate pages."""

from __future__ import annotations

import datetime as dt

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from movements.models import Agency, Movement
from tayninh_thidua.lib.uploads import clean_document, clean_image

from .models import AwardType, Exemplar, Nomination

ACCEPT_DOCUMENTS = ".pdf,.docx,.jpg,.jpeg,.png,.webp,application/pdf,image/*"


class NoFormTagMixin:
    def _helper(self) -> FormHelper:
        helper = FormHelper()
        helper.form_tag = False
        return helper


class AttachmentFieldsMixin(forms.Form):
    document_type = forms.ChoiceField(
        label=_("Loại tài liệu"), choices=AwardType.Document.choices, initial=AwardType.Document.ACHIEVEMENT_REPORT
    )
    document = forms.FileField(
        label=_("Tệp đính kèm"),
        required=False,
        help_text=_("PDF, Word (DOCX) hoặc ảnh; tối đa 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_DOCUMENTS}),
    )

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        if not upload:
            return None
        cleaned, content_type = clean_document(upload)
        if not self.cleaned_data.get("document_type"):
            self.cleaned_data["document_type"] = AwardType.Document.OTHER
        self.document_info = {"original_name": upload.name, "content_type": content_type}
        return cleaned


class NominationForm(NoFormTagMixin, AttachmentFieldsMixin, forms.ModelForm):
    # A plain file field: clean_image alone judges the picture (Django's ImageField would reject
    # bombs with a vaguer message and let 1–2× MAX_IMAGE_PIXELS through with a warning).
    nominee_portrait = forms.FileField(
        label=_("Ảnh chân dung"),
        required=False,
        help_text=_("Ảnh JPEG, PNG hoặc WebP; tối đa 10 MB. Thông tin EXIF (kể cả vị trí GPS) sẽ bị xóa."),
        # FileInput, not ClearableFileInput: the stored portrait is private and has no URL to show.
        widget=forms.FileInput(attrs={"accept": "image/*"}),
    )

    class Meta:
        model = Nomination
        fields = [
            "exemplar",
            "nominee_kind",
            "nominee_name",
            "nominee_position",
            "nominee_locality",
            "nominee_field",
            "nominee_portrait",
            "movement",
            "phase",
            "award_type",
            "year",
            "achievements",
            "votes_for",
            "council_members",
        ]
        widgets = {
            "achievements": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "exemplar": _("Chọn nếu cá nhân, tập thể đã có trong danh sách điển hình của đơn vị."),
            "votes_for": _("Kết quả bỏ phiếu của Hội đồng Thi đua – Khen thưởng của đơn vị."),
        }

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.agency = agency
        self.fields["exemplar"].queryset = Exemplar.objects.for_agency(agency).order_by("name")
        self.fields["movement"].queryset = Movement.objects.published().order_by("name")
        self.fields["award_type"].queryset = AwardType.objects.order_by("position", "name", "valid_from")
        self.fields["award_type"].label_from_instance = _award_label
        if not self.instance.pk:
            self.fields["year"].initial = timezone.localdate().year
        self.fields["document"].label = _("Tệp đính kèm (có thể bổ sung sau)")
        self.fields["document_type"].required = False
        self.fields["nominee_name"].required = False
        self.fields["nominee_name"].help_text = _("Để trống nếu đã chọn điển hình đã có.")
        self.helper = self._helper()

    def clean_nominee_portrait(self):
        portrait = self.cleaned_data.get("nominee_portrait")
        if portrait and portrait is not self.initial.get("nominee_portrait") and hasattr(portrait, "content_type"):
            return clean_image(portrait, max_side=1600)
        return portrait

    def clean(self):
        data = super().clean()
        if not data.get("nominee_name"):
            exemplar = data.get("exemplar")
            if exemplar:
                data["nominee_name"] = self.instance.nominee_name = exemplar.name
                data["nominee_kind"] = exemplar.kind
            else:
                self.add_error("nominee_name", _("Vui lòng nhập tên hoặc chọn điển hình đã có."))
        award, year = data.get("award_type"), data.get("year")
        if award and year and not _in_force_during(award, year):
            self.add_error(
                "award_type",
                ValidationError(
                    _("“%(award)s” theo %(basis)s không áp dụng cho năm %(year)s; hãy chọn phiên bản đúng giai đoạn."),
                    params={"award": award.name, "basis": award.legal_basis or "—", "year": year},
                ),
            )
        return data


def _award_label(award: AwardType) -> str:
    start = award.valid_from.strftime("%d/%m/%Y") if award.valid_from else "…"
    end = award.valid_until.strftime("%d/%m/%Y") if award.valid_until else "nay"
    return f"{award.name} ({start} – {end})"


def _in_force_during(award: AwardType, year: int) -> bool:
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return (award.valid_from is None or award.valid_from <= last) and (
        award.valid_until is None or award.valid_until >= first
    )


class AttachmentForm(NoFormTagMixin, AttachmentFieldsMixin):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].required = True
        self.helper = self._helper()


class ResubmitForm(NoFormTagMixin, forms.Form):
    comment = forms.CharField(
        label=_("Giải trình nội dung đã bổ sung"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = self._helper()


# --- admin intermediate pages --------------------------------------------------------------
class DecisionForm(forms.Form):
    number = forms.CharField(label=_("Số quyết định"), max_length=80)
    date = forms.DateField(
        label=_("Ngày quyết định"), input_formats=["%d/%m/%Y", "%Y-%m-%d"], help_text=_("Định dạng dd/mm/yyyy.")
    )
    authority = forms.CharField(label=_("Cơ quan, người ký"), max_length=255, required=False)
    publish = forms.BooleanField(label=_("Công khai điển hình ngay"), required=False, initial=True)
    comment = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 3, "cols": 80}))
