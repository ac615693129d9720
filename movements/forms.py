from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Agency, Movement, PlanPhase, ReviewReport


class ReviewReportForm(forms.ModelForm):
    class Meta:
        model = ReviewReport
        fields = ["summary", "exemplars_found", "models_found", "models_replicated", "exemplar_notes"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 6}), "exemplar_notes": forms.Textarea(attrs={"rows": 4})}


class AttachmentForm(forms.Form):
    title = forms.CharField(label=_("Tên tài liệu"), max_length=255, required=False)
    file = forms.FileField(label=_("Tệp (PDF hoặc .docx, tối đa 10 MB)"))


class BoardFilterForm(forms.Form):
    movement = forms.ModelChoiceField(
        label=_("Phong trào"), queryset=Movement.objects.order_by("name"), required=False, empty_label=_("Tất cả")
    )
    phase = forms.ModelChoiceField(
        label=_("Giai đoạn"), queryset=PlanPhase.objects.order_by("start_date"), required=False, empty_label=_("Tất cả")
    )
    kind = forms.ChoiceField(
        label=_("Loại báo cáo"), choices=[("", _("Tất cả")), *ReviewReport.Kind.choices], required=False
    )


class ScoreSheetForm(forms.Form):
    """One score sheet: the member scored (itself for the self-score), then points (and evidence) per criterion."""

    scored = forms.ModelChoiceField(label=_("Đơn vị được chấm"), queryset=Agency.objects.none())

    def __init__(self, *args, criteria, members, self_score: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        self.fields["scored"].queryset = Agency.objects.filter(pk__in=[m.pk for m in members]).order_by("name")
        if self_score:
            self.fields["scored"].widget = forms.HiddenInput()
        for criterion in self.criteria:
            self.fields[f"diem_{criterion.pk}"] = forms.DecimalField(
                label=_("%(text)s (tối đa %(max)s điểm)") % {"text": criterion.text, "max": criterion.max_points},
                min_value=0,
                max_value=criterion.max_points,
                max_digits=6,
                decimal_places=2,
            )
            if self_score:
                self.fields[f"minh_chung_{criterion.pk}"] = forms.CharField(
                    label=_("Minh chứng"),
                    required=criterion.evidence_required,
                    max_length=5000,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )

    def points(self) -> dict:
        return {c.pk: self.cleaned_data[f"diem_{c.pk}"] for c in self.criteria}

    def evidence(self) -> dict:
        return {c.pk: self.cleaned_data.get(f"minh_chung_{c.pk}", "") for c in self.criteria}
