from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Movement, PlanPhase, ReviewReport


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
