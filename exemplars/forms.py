"""Forms for the agency pages (crispy, Bootstrap 5) and the admin's intermediate pages."""

from __future__ import annotations

import datetime as dt

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxLengthValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from movements.models import Agency, Movement
from tayninh_thidua.lib.uploads import clean_document, clean_image

from .models import AwardType, Exemplar, Initiative, Nomination, Proposal

ACCEPT_DOCUMENTS = ".pdf,.docx,.jpg,.jpeg,.png,.webp,application/pdf,image/*"


class ShowsModelErrors:
    """A model form whose model's clean() may judge fields the form does not show (read-only in the admin, or
    not in an inline): those errors become form-wide messages instead of Django's ValueError (a 500)."""

    def add_error(self, field, error):
        if field is None and isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            shown: dict[str, list] = {}
            for name, errors in error.error_dict.items():
                shown.setdefault(name if name in self.fields else NON_FIELD_ERRORS, []).extend(errors)
            error = ValidationError(shown)
        super().add_error(field, error)


class NominationAdminForm(ShowsModelErrors, forms.ModelForm):
    pass  # No Meta: the ModelAdmin supplies the model and the fields.


class HonourAdminForm(ShowsModelErrors, forms.ModelForm):
    pass  # No Meta: the ModelAdmin or the inline supplies the model and the fields.


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
        # Options read "name — hiệu lực … (Nghị định …)": versions of one award are told apart (AwardType.__str__).
        self.fields["award_type"].queryset = AwardType.objects.order_by("position", "name", "valid_from")
        if not self.instance.pk:
            self.fields["year"].initial = timezone.localdate().year
        self.fields["document"].label = _("Tệp đính kèm (có thể bổ sung sau)")
        self.fields["document_type"].required = False
        self.fields["nominee_name"].required = False
        self.fields["nominee_name"].help_text = _("Để trống nếu đã chọn điển hình đã có.")
        if self.instance.submitted_at:
            # Sent once already (a returned dossier): what decides eligibility stays as submitted.
            for name in Nomination.ELIGIBILITY_FIELDS:
                self.fields[name].disabled = True
                self.fields[name].help_text = _(
                    "Hồ sơ đã gửi: chỉ cán bộ thẩm định điều chỉnh được thông tin này (có ghi lý do)."
                )
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
        # The award's recipient kind, its version for the year, the phase and the year: Nomination.clean,
        # which the form runs after this.
        return data


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
    authority = forms.CharField(
        label=_("Cơ quan, người ký"),
        max_length=255,
        required=False,
        help_text=_(
            "Để trống: theo thẩm quyền của danh hiệu (Chủ tịch UBND tỉnh cho khen thưởng cấp tỉnh; "
            "thủ trưởng đơn vị cho khen thưởng cấp cơ sở)."
        ),
    )
    publish = forms.BooleanField(label=_("Công khai điển hình ngay"), required=False, initial=True)
    comment = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 3, "cols": 80}))


class NominationCorrectionForm(forms.ModelForm):
    """A reviewer's correction of what decides eligibility, with the reason (services.correct_nomination)."""

    reason = forms.CharField(
        label=_("Lý do điều chỉnh"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        help_text=_("Ví dụ: đối chiếu biên bản họp xét ngày …; ghi vào nhật ký hồ sơ."),
    )

    class Meta:
        model = Nomination
        fields = list(Nomination.ELIGIBILITY_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["award_type"].queryset = AwardType.objects.order_by("position", "name", "valid_from")
        self.fields["exemplar"].queryset = Exemplar.objects.for_agency(self.instance.agency).order_by("name")


# --- the exemplar's life: proposals, verification, nurturing, replication ---------------------------
class ProposalForm(forms.ModelForm):
    """The public form "Giới thiệu gương người tốt, việc tốt" (and the agencies' own)."""

    # Honeypot: hidden from people by CSS (.hp-field), filled in by bots.
    website = forms.CharField(label=_("Trang web (để trống)"), required=False)

    class Meta:
        model = Proposal
        fields = ["kind", "name", "locality", "story", "photo", "proposer_name", "proposer_email", "proposer_phone"]
        fields += ["consent"]
        widgets = {"story": forms.Textarea(attrs={"rows": 8})}
        help_texts = {
            "story": _("Kể ngắn gọn việc làm tốt, thời gian, kết quả và ảnh hưởng (tối đa 5.000 ký tự)."),
            "photo": _("Không bắt buộc. Ảnh JPEG, PNG hoặc WebP, tối đa 10 MB."),
            "proposer_email": _("Thư xác nhận và kết quả xem xét được gửi về địa chỉ này; không được công khai."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["story"].max_length = 5000
        self.fields["story"].validators.append(MaxLengthValidator(5000))
        self.fields["consent"].required = True
        self.fields["consent"].label = _(
            "Tôi cam đoan thông tin là đúng sự thật và đồng ý để cơ quan thi đua – khen thưởng liên hệ, xác minh và "
            "sử dụng thông tin này. Thông tin liên hệ của tôi không được công khai."
        )
        self.fields["consent"].error_messages["required"] = _("Vui lòng xác nhận cam đoan và đồng ý để gửi.")
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})


class AgencyProposalForm(ProposalForm):
    class Meta(ProposalForm.Meta):
        fields = ["kind", "name", "locality", "story", "photo", "proposer_name", "proposer_email", "proposer_phone"]
        fields += ["consent"]


class VerificationAnswerForm(forms.Form):
    confirmed = forms.TypedChoiceField(
        label=_("Kết quả xác minh"),
        choices=[("1", _("Xác nhận đúng sự thật")), ("0", _("Không xác nhận"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Ghi chú (bắt buộc khi không xác nhận; người giới thiệu được xem)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


class VerificationLinkAnswerForm(VerificationAnswerForm):
    responder = forms.CharField(
        label=_("Người xác minh (họ tên, chức vụ)"),
        max_length=150,
        error_messages={"required": _("Vui lòng ghi họ tên và chức vụ của người xác minh.")},
    )


class NurturingPlanForm(forms.Form):
    goals = forms.CharField(label=_("Mục tiêu, nội dung bồi dưỡng"), widget=forms.Textarea(attrs={"rows": 4}))
    support = forms.CharField(
        label=_("Hình thức hỗ trợ dự kiến"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000
    )


class FollowUpForm(forms.Form):
    date = forms.DateField(label=_("Ngày theo dõi (dd/mm/yyyy)"))
    support_given = forms.CharField(label=_("Hỗ trợ đã thực hiện"), widget=forms.Textarea(attrs={"rows": 3}))
    results = forms.CharField(label=_("Kết quả"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    next_review = forms.DateField(label=_("Lần theo dõi tiếp theo (dd/mm/yyyy)"), required=False)


class ReplicationForm(forms.Form):
    exemplar = forms.ModelChoiceField(label=_("Điển hình, mô hình đã học tập"), queryset=Exemplar.objects.none())
    date = forms.DateField(label=_("Ngày áp dụng (dd/mm/yyyy)"))
    what = forms.CharField(label=_("Nội dung học tập, nhân rộng"), widget=forms.Textarea(attrs={"rows": 3}))
    results = forms.CharField(label=_("Kết quả"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    evidence_link = forms.URLField(label=_("Liên kết minh chứng"), required=False, assume_scheme="https")
    evidence = forms.FileField(
        label=_("Tệp minh chứng"),
        required=False,
        help_text=_("PDF, Word (DOCX) hoặc ảnh; tối đa 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_DOCUMENTS}),
    )

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["exemplar"].queryset = Exemplar.objects.published().exclude(agency=agency).order_by("name")

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        if not upload:
            return None
        self.evidence_name = upload.name
        return clean_document(upload)[0]


class ProposalTriageForm(forms.Form):
    """The admin's intermediate page for sending to verification (an agency) or marking a duplicate."""

    agency = forms.ModelChoiceField(label=_("Đơn vị xác minh"), queryset=Agency.objects.order_by("name"))


class DuplicateForm(forms.Form):
    exemplar = forms.ModelChoiceField(label=_("Điển hình đã có"), queryset=Exemplar.objects.order_by("name"))
    comment = forms.CharField(label=_("Ghi chú cho người giới thiệu"), required=False, max_length=1000)


# --- the initiative register (agency pages) ------------------------------------------------------
class InitiativeForm(NoFormTagMixin, forms.ModelForm):
    class Meta:
        model = Initiative
        fields = [
            "title",
            "authors",
            "summary",
            "field",
            "recognition_level",
            "recognised_on",
            "decision_number",
            "decided_by",
            "benefit",
            "application_scope",
            "internal_notes",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "benefit": forms.Textarea(attrs={"rows": 3}),
            "application_scope": forms.Textarea(attrs={"rows": 3}),
            "internal_notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.instance.agency = agency
        self.fields["recognised_on"].help_text = _("Ngày/tháng/năm, ví dụ 15/03/2025.")
        self.fields["internal_notes"].help_text = _("Không công khai.")
        self.helper = self._helper()


class InitiativeFileForm(NoFormTagMixin, forms.Form):
    document = forms.FileField(
        label=_("Tệp đính kèm"),
        help_text=_("PDF, Word (DOCX) hoặc ảnh; tối đa 10 MB. Tệp chỉ đơn vị và cán bộ thẩm định xem được."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_DOCUMENTS}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = self._helper()

    def clean_document(self):
        upload = self.cleaned_data["document"]
        cleaned, content_type = clean_document(upload)
        self.document_info = {"original_name": upload.name, "content_type": content_type}
        return cleaned


class NominationInitiativesForm(NoFormTagMixin, forms.Form):
    initiatives = forms.ModelMultipleChoiceField(
        label=_("Sáng kiến làm căn cứ"),
        queryset=Initiative.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiatives"].queryset = Initiative.objects.for_agency(agency).order_by("title")
        self.helper = self._helper()


# --- annual registration (agency pages) ------------------------------------------------------------
class RegistrationEntryForm(NoFormTagMixin, forms.Form):
    award_type = forms.ModelChoiceField(label=_("Danh hiệu thi đua"), queryset=AwardType.objects.none())
    nominee_kind = forms.ChoiceField(label=_("Loại"), choices=Exemplar.Kind.choices, initial=Exemplar.Kind.INDIVIDUAL)
    nominee_name = forms.CharField(label=_("Tên cá nhân, tập thể"), max_length=255)
    nominee_position = forms.CharField(label=_("Chức vụ"), max_length=255, required=False)

    def __init__(self, *args, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        self.fields["award_type"].queryset = (
            AwardType.objects.filter(kind=AwardType.Kind.TITLE)
            .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=last))
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=first))
            .order_by("position", "name")
        )
        self.helper = self._helper()
