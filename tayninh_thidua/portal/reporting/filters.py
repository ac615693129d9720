"""The statistics filters (plan or phase, movement, year), with choices from the labels already loaded: no query of
their own. An invalid value is dropped alone, with a Vietnamese message; the other filters stay applied."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from movements.models import Movement, Plan, PlanPhase, ReviewReport

from .context import Subject, default_kind
from .figures import Labels, Scope

FIRST_YEAR = 2015


class StatisticsFilterForm(forms.Form):
    plan = forms.TypedChoiceField(label=_("Kế hoạch"), required=False, coerce=int, empty_value=None)
    phase = forms.TypedChoiceField(label=_("Giai đoạn"), required=False, coerce=int, empty_value=None)
    movement = forms.TypedChoiceField(label=_("Phong trào"), required=False, coerce=int, empty_value=None)
    year = forms.TypedChoiceField(label=_("Năm"), required=False, coerce=int, empty_value=None)

    # Vietnamese query parameters, as the rest of the site's public filters
    PARAMS = {"plan": "ke-hoach", "phase": "giai-doan", "movement": "phong-trao", "year": "nam"}

    def __init__(self, data=None, *, labels: Labels) -> None:
        super().__init__(data)  # field names are the Vietnamese parameters (add_prefix)
        plans = {p.plan_id: p.plan for p in labels.phases}
        everything = [("", _("Tất cả"))]
        self.fields["plan"].choices = everything + [(pk, plan.title) for pk, plan in plans.items()]
        self.fields["phase"].choices = everything + [(p.pk, p.name) for p in labels.phases]
        self.fields["movement"].choices = everything + [(m.pk, m.name) for m in labels.movements]
        this_year = timezone.localdate().year
        self.fields["year"].choices = everything + [(y, str(y)) for y in range(this_year, FIRST_YEAR - 1, -1)]
        for field in self.fields.values():
            field.widget.attrs.update({"class": "form-select form-select-sm"})
            field.error_messages["invalid_choice"] = _("Giá trị “%(value)s” không có trong danh sách, đã bỏ qua.")

    def add_prefix(self, field_name: str) -> str:
        return self.PARAMS.get(field_name, field_name)

    def valid_values(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        return {
            name: value for name, value in self.cleaned_data.items() if value is not None and name not in self.errors
        }

    def scope(self, **kwargs) -> Scope:
        values = self.valid_values()
        return Scope(
            plan_id=values.get("plan"),
            phase_id=values.get("phase"),
            movement_id=values.get("movement"),
            year=values.get("year"),
            **kwargs,
        )

    def query_string(self) -> str:
        """The valid filters as a query string, for the download links."""
        return urlencode({self.PARAMS[name]: value for name, value in self.valid_values().items()})


class ReportForm(forms.Form):
    """What a staff report covers: a plan, optionally one phase and one movement; sơ kết or tổng kết; the signer."""

    plan = forms.ModelChoiceField(label=_("Kế hoạch"), queryset=Plan.objects.select_related("issuer__parent"))
    phase = forms.ModelChoiceField(
        label=_("Giai đoạn"), queryset=PlanPhase.objects.all(), required=False, empty_label=_("Toàn kế hoạch")
    )
    movement = forms.ModelChoiceField(
        label=_("Phong trào"),
        queryset=Movement.objects.select_related("lead_agency__parent"),
        required=False,
        empty_label=_("Tất cả phong trào"),
    )
    kind = forms.ChoiceField(label=_("Loại báo cáo"), choices=ReviewReport.Kind.choices, required=False)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=120, required=False)
    signer_name = forms.CharField(label=_("Họ tên người ký"), max_length=120, required=False)

    def clean(self):
        data = super().clean()
        plan, phase = data.get("plan"), data.get("phase")
        if plan and phase and phase.plan_id != plan.pk:
            self.add_error("phase", _("Giai đoạn “%(phase)s” không thuộc kế hoạch đã chọn.") % {"phase": phase.name})
        return data

    def subject(self, agency=None) -> Subject:
        data = self.cleaned_data
        phase = data.get("phase")
        return Subject(data["plan"], phase, data.get("movement"), agency, data.get("kind") or default_kind(phase))
