from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from movements.models import Agency

from .models import Entry, PrizeTier, Score
from .models.judging import MAX_POINTS


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if not data:
            return []
        if not isinstance(data, list | tuple):
            data = [data]
        return [super(MultiplePhotoField, self).clean(d, initial) for d in data]


class EntryForm(forms.ModelForm):
    photos = MultiplePhotoField(
        label=_("Ảnh kèm theo"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    # Honeypot: hidden from people by CSS (.hp-field), filled in by bots.
    website = forms.CharField(label=_("Trang web (để trống)"), required=False)

    class Meta:
        model = Entry
        fields = [
            "author_name",
            "author_email",
            "author_phone",
            "author_address",
            "author_workplace",
            "genre",
            "title",
            "text",
            "subject_kind",
            "subject_name",
            "subject_locality",
            "subject_activity",
            "declaration",
            "consent_publish",
        ]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 18}),
            "subject_activity": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.edition = edition
        self.fields["declaration"].required = True
        self.fields["text"].help_text = _("Từ %(min)s đến %(max)s chữ.") % {
            "min": edition.min_words,
            "max": edition.max_words,
        }
        self.fields["photos"].help_text = _(
            "Tối đa %(n)s ảnh JPEG, PNG hoặc WebP. Nếu bài bị trả lại để sửa, trình duyệt không giữ được ảnh đã chọn: "
            "bạn cần chọn lại ảnh."
        ) % {"n": edition.max_photos}
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                _("Tác giả (chỉ Ban Tổ chức được xem)"),
                "author_name",
                "author_email",
                "author_phone",
                "author_address",
                "author_workplace",
            ),
            Fieldset(_("Bài dự thi"), "genre", "title", "text", "photos"),
            Fieldset(
                _("Nhân vật được viết về"), "subject_kind", "subject_name", "subject_locality", "subject_activity"
            ),
            Fieldset(_("Cam đoan"), "declaration", "consent_publish"),
        )


class ScoreForm(forms.ModelForm):
    class Meta:
        model = Score
        fields = ["content", "exemplary_value", "writing", "comment"]
        widgets = {"comment": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("content", "exemplary_value", "writing"):
            self.fields[name] = forms.IntegerField(
                label=self.fields[name].label, min_value=0, max_value=MAX_POINTS, help_text=_("Từ 0 đến 10 điểm.")
            )
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Lưu điểm")))


class ConflictForm(forms.Form):
    reason = forms.CharField(label=_("Lý do (ví dụ: quen biết tác giả hoặc nhân vật)"), max_length=255, required=False)


class VoteForm(forms.Form):
    entry = forms.IntegerField(widget=forms.HiddenInput)
    email = forms.EmailField(label=_("Thư điện tử của bạn"))


class VerificationForm(forms.Form):
    confirmed = forms.TypedChoiceField(
        label=_("Kết quả xác minh"),
        choices=[("1", _("Xác nhận đúng sự thật")), ("0", _("Không xác nhận"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class VerificationLinkForm(VerificationForm):
    """The locality's answer through its link: it says who answers, as the contest log records it."""

    responder = forms.CharField(
        label=_("Người xác minh (họ tên, chức vụ)"),
        max_length=150,
        error_messages={"required": _("Vui lòng ghi họ tên và chức vụ của người xác minh.")},
    )


class PrizeForm(forms.Form):
    tier = forms.ModelChoiceField(
        queryset=PrizeTier.objects.none(), required=False, empty_label=_("— Không trao giải —")
    )

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tier"].queryset = edition.prize_tiers.all()
        self.fields["tier"].label = _("Giải")


def _whole_number(label, *, minimum: int, maximum: int) -> forms.IntegerField:
    """A whole number between bounds, refused in Vietnamese (staff forms: nothing typed may answer 500)."""
    return forms.IntegerField(
        label=label,
        min_value=minimum,
        max_value=maximum,
        error_messages={
            "required": _("Vui lòng nhập một số."),
            "invalid": _("Phải là một số nguyên."),
            "min_value": _("Phải ít nhất %(limit_value)s."),
            "max_value": _("Giá trị tối đa là %(limit_value)s."),
        },
    )


class AssignJudgesForm(forms.Form):
    per_entry = _whole_number(_("Số giám khảo mỗi bài"), minimum=2, maximum=9)


class AdvanceForm(forms.Form):
    count = _whole_number(_("Số bài vào vòng sau"), minimum=1, maximum=10_000)


class ReopenRoundForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do hoàn tác"),
        max_length=255,
        error_messages={"required": _("Vui lòng ghi rõ lý do.")},
    )


class VerificationRequestForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=_("Gửi xác minh tới"),
        queryset=Agency.objects.none(),
        error_messages={
            "required": _("Vui lòng chọn địa phương, cơ quan xác minh."),
            "invalid_choice": _("Vui lòng chọn địa phương, cơ quan xác minh trong danh sách."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.active_on()


class PublishForm(forms.Form):
    """The confirmation asked before results are published (they cannot be withdrawn)."""

    confirm = forms.BooleanField(required=True)
