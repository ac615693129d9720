"""Forms of the road from dossier to decision: the public's comment, the council member's ballot and the
admin's intermediate pages (kept apart from forms.py, which the dossier pages use)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ConsultationComment


class CommentForm(forms.Form):
    nomination = forms.TypedChoiceField(label=_("Góp ý cho"), coerce=int)
    name = forms.CharField(label=_("Họ và tên"), max_length=200)
    email = forms.EmailField(label=_("Thư điện tử"), help_text=_("Chúng tôi gửi một đường dẫn để bạn xác nhận ý kiến."))
    phone = forms.CharField(label=_("Điện thoại (không bắt buộc)"), max_length=30, required=False)
    comment = forms.CharField(label=_("Nội dung góp ý"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000)
    # Left empty by people; bots fill every field (as on the feedback form).
    website = forms.CharField(label=_("Để trống ô này"), required=False)

    def __init__(self, *args, nominations=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nomination"].choices = [("", "—")] + [
            (n.pk, f"{n.nominee_name} – {n.award_type.name}") for n in nominations
        ]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"
        self.fields["nomination"].widget.attrs["class"] = "form-select"
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})


class HandlingForm(forms.Form):
    handling = forms.ChoiceField(
        label=_("Cách xử lý"),
        choices=[c for c in ConsultationComment.Handling.choices if c[0] != ConsultationComment.Handling.PENDING],
    )
    note = forms.CharField(label=_("Kết quả xử lý"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class ConsultationOpenForm(forms.Form):
    title = forms.CharField(label=_("Tiêu đề đợt lấy ý kiến"), max_length=255)
    opens_on = forms.DateField(label=_("Mở từ ngày"), initial=timezone.localdate)
    working_days = forms.IntegerField(
        label=_("Số ngày làm việc"), min_value=1, max_value=60, required=False, help_text=_("Để trống: theo quy tắc.")
    )


class BallotForm(forms.Form):
    """One radio group per nominee on the agenda: agree or disagree. Every nominee must be marked."""

    def __init__(self, *args, nominations=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from .models import BallotChoice

        for nomination in nominations:
            self.fields[f"n{nomination.pk}"] = forms.ChoiceField(
                label=f"{nomination.nominee_name} – {nomination.award_type.name}",
                choices=BallotChoice.Choice.choices,
                widget=forms.RadioSelect,
            )

    def choices(self) -> dict[int, str]:
        return {int(name[1:]): value for name, value in self.cleaned_data.items()}


class SessionPickForm(forms.Form):
    session = forms.ModelChoiceField(label=_("Phiên họp"), queryset=None)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from .models import CouncilSession

        self.fields["session"].queryset = CouncilSession.objects.filter(state=CouncilSession.State.PREPARING)


class AttendanceForm(forms.Form):
    members = forms.ModelMultipleChoiceField(
        label=_("Thành viên có mặt"), queryset=None, widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, session=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from .models import CouncilMember

        members = CouncilMember.objects.none()
        if session is not None:
            members = session.council.members.serving_on(session.date)
        self.fields["members"].queryset = members
